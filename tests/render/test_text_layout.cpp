// UTF-8 decoding (1- to 4-byte sequences, malformed input) and line layout.
#include <gtest/gtest.h>

#include "font.hpp"
#include "text_layout.hpp"

using namespace zhenmap;

TEST(Utf8, DecodesOneToFourByteSequences) {
  // "A", "é" (2 bytes), "镇" (3 bytes), "𬌗" U+2C317 (4 bytes, CJK extension E).
  const std::u32string got = decodeUtf8("A\xC3\xA9\xE9\x95\x87\xF0\xAC\x8C\x97");
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], U'A');
  EXPECT_EQ(got[1], char32_t{0xE9});
  EXPECT_EQ(got[2], char32_t{0x9547});
  EXPECT_EQ(got[3], char32_t{0x2C317});
}

TEST(Utf8, MalformedBytesBecomeReplacementCharacters) {
  // stray continuation, truncated 3-byte sequence followed by ASCII, overlong "/", a surrogate,
  // and a value past U+10FFFF.
  const std::u32string got = decodeUtf8(
      "\x80"
      "\xE9\x95"
      "x"
      "\xC0\xAF"
      "\xED\xA0\x80"
      "\xF4\x90\x80\x80");
  const std::u32string want = {0xFFFD, 0xFFFD, U'x', 0xFFFD, 0xFFFD, 0xFFFD};
  EXPECT_EQ(got, want);
}

TEST(Utf8, EmptyInput) { EXPECT_TRUE(decodeUtf8("").empty()); }

TEST(TextLayout, CjkCharactersAdvanceByOneEm) {
  // Noto Sans CJK draws ideographs on a full-width em: 3 of them at 20 px are 60 px wide.
  const TextLine line = layoutLine(Font::defaultFont(), "揭阳市", 20.0f);
  ASSERT_EQ(line.codepoints.size(), 3u);
  EXPECT_NEAR(line.width, 60.0f, 0.01f);
  EXPECT_NEAR(line.penX[1], 20.0f, 0.01f);
  EXPECT_NEAR(line.ascent + line.descent, 20.0f, 0.5f);
}

TEST(TextLayout, LatinIsNarrowerAndControlCharactersAreDropped) {
  const TextLine line = layoutLine(Font::defaultFont(), "Jie\nyang", 20.0f);
  EXPECT_EQ(line.codepoints, U"Jieyang");
  EXPECT_GT(line.width, 20.0f);
  EXPECT_LT(line.width, 7 * 20.0f * 0.75f);
}
