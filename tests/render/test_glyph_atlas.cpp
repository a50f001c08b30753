// Glyph atlas: exactly the characters asked for, rare CJK extension characters rendered, the
// distance field's encoding, and the build time for a realistic character set.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "glyph_atlas.hpp"
#include "text_layout.hpp"

using namespace zhenmap;

namespace {
int inkPixels(const GlyphAtlas& atlas, const AtlasGlyph& g) {
  int n = 0;
  for (int y = g.y; y < g.y + g.h; ++y)
    for (int x = g.x; x < g.x + g.w; ++x)
      n += atlas.pixels()[static_cast<std::size_t>(y) * atlas.width() + x] >= GlyphAtlas::kEdge;
  return n;
}
}  // namespace

TEST(GlyphAtlas, HoldsExactlyTheDistinctCharactersOfTheInput) {
  const std::u32string text = decodeUtf8("榕城区揭东区榕城 Rongcheng");
  const std::vector<char32_t> cps(text.begin(), text.end());
  const GlyphAtlas atlas(Font::defaultFont(), cps);
  // 榕 城 区 揭 东 + space + R o n g c h e = 13 distinct.
  EXPECT_EQ(atlas.glyphCount(), 13u);
  EXPECT_TRUE(atlas.containsAll(cps));
  EXPECT_EQ(atlas.find(U'镇'), nullptr);
  ASSERT_NE(atlas.find(U' '), nullptr);
  EXPECT_EQ(atlas.find(U' ')->w, 0);  // a space has metrics but no bitmap
}

TEST(GlyphAtlas, RareExtensionCharactersHaveInk) {
  // 㘵 U+3635 (extension A) and 𬌗 U+2C317 (extension E) are in Noto Sans CJK SC.
  const GlyphAtlas atlas(Font::defaultFont(), {char32_t{0x3635}, char32_t{0x2C317}});
  for (char32_t cp : {char32_t{0x3635}, char32_t{0x2C317}}) {
    const AtlasGlyph* g = atlas.find(cp);
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(g->inFont);
    EXPECT_GT(g->w, 2 * GlyphAtlas::kSpread + 10);
    EXPECT_GT(inkPixels(atlas, *g), 60) << "U+" << std::hex << static_cast<unsigned>(cp);
  }
}

TEST(GlyphAtlas, DistanceFieldOfASquare) {
  // A 20x20 fully covered square at x, y in [10, 30) of a 40x40 bitmap. Distances between pixel
  // centres: pixel 35 is 6 pixels from the nearest inside pixel (29); pixel 28 is 2 from the
  // nearest outside one (30). Encoding: 160 - d * 160 / 8.
  std::vector<unsigned char> cov(40 * 40, 0);
  for (int y = 10; y < 30; ++y)
    for (int x = 10; x < 30; ++x) cov[static_cast<std::size_t>(y) * 40 + x] = 255;
  const std::vector<std::uint8_t> sdf = coverageToSdf(cov, 40, 40);
  auto at = [&](int x, int y) { return static_cast<int>(sdf[static_cast<std::size_t>(y) * 40 + x]); };
  EXPECT_EQ(at(35, 20), 160 - 6 * 20);
  EXPECT_EQ(at(28, 20), 160 + 2 * 20);
  EXPECT_EQ(at(20, 20), 255);  // deep inside: clamped
  EXPECT_EQ(at(0, 0), 0);      // far outside: clamped
  // Diagonal from the corner pixel (29, 29) to (33, 33): sqrt(32) = 5.657 -> 160 - 113.1 = 47.
  EXPECT_EQ(at(33, 33), 47);
}

TEST(GlyphAtlas, TwoThousandCjkCharactersAllGetGlyphs) {
  std::vector<char32_t> cps;
  for (char32_t cp = 0x4E00; cp < 0x4E00 + 2000; ++cp) cps.push_back(cp);
  const Font& font = Font::defaultFont();
  const auto t0 = std::chrono::steady_clock::now();
  const GlyphAtlas atlas(font, cps);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("seconds", std::to_string(seconds));
  std::printf("atlas of %zu glyphs at %.0f px: %dx%d, %.3f s\n", atlas.glyphCount(), GlyphAtlas::kEmPx, atlas.width(),
              atlas.height(), seconds);
  EXPECT_EQ(atlas.glyphCount(), 2000u);
}
