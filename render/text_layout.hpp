// UTF-8 decoding and single-line horizontal text layout (advances and kerning from the font).
// Pure CPU, safe on any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "font.hpp"

namespace zhenmap {

// Decodes UTF-8; malformed or overlong sequences, surrogates and values past U+10FFFF each
// become U+FFFD. Never throws.
std::u32string decodeUtf8(std::string_view text);

// One line of text laid out at sizePx: glyph pen positions from the start of the line.
struct TextLine {
  std::u32string codepoints;  // line breaks and other control characters removed
  std::vector<float> penX;    // pen x of each code point (pixels)
  float width = 0;            // advance of the whole line
  float ascent = 0;           // font ascent/descent at sizePx
  float descent = 0;
  float sizePx = 0;
};

TextLine layoutLine(const Font& font, std::string_view utf8, float sizePx);

}  // namespace zhenmap
