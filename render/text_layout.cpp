// UTF-8 decoding and line layout; see text_layout.hpp.
#include "text_layout.hpp"

namespace zhenmap {

std::u32string decodeUtf8(std::string_view text) {
  constexpr char32_t kReplacement = 0xFFFD;
  std::u32string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    int extra = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      extra = 1;
      cp = b & 0x1F;
      minimum = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2;
      cp = b & 0x0F;
      minimum = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3;
      cp = b & 0x07;
      minimum = 0x10000;
    } else {  // a stray continuation byte or 0xF8..0xFF
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    for (; j < n && j <= i + static_cast<std::size_t>(extra); ++j) {
      if ((s[j] & 0xC0) != 0x80) break;
      cp = (cp << 6) | (s[j] & 0x3F);
    }
    if (j != i + 1 + static_cast<std::size_t>(extra)) {  // truncated: skip what was consumed
      out.push_back(kReplacement);
      i = j;
      continue;
    }
    const bool bad = cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF);
    out.push_back(bad ? kReplacement : cp);
    i = j;
  }
  return out;
}

TextLine layoutLine(const Font& font, std::string_view utf8, float sizePx) {
  TextLine line;
  line.sizePx = sizePx;
  for (char32_t cp : decodeUtf8(utf8)) {
    if (cp < 0x20 || cp == 0x7F) continue;
    line.codepoints.push_back(cp);
  }
  const FontVMetrics vm = font.vMetrics(sizePx);
  line.ascent = vm.ascent;
  line.descent = vm.descent;
  float x = 0;
  line.penX.reserve(line.codepoints.size());
  for (std::size_t i = 0; i < line.codepoints.size(); ++i) {
    line.penX.push_back(x);
    const char32_t next = i + 1 < line.codepoints.size() ? line.codepoints[i + 1] : 0;
    x += font.advance(line.codepoints[i], next, sizePx);
  }
  line.width = x;
  return line;
}

}  // namespace zhenmap
