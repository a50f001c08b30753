// The glyph atlas for labels and map decorations: one signed-distance-field bitmap per distinct
// character in use, packed into a single 8-bit image. Built on the CPU (any thread) from exactly
// the characters asked for; the GL side uploads pixels() as a one-channel texture.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "font.hpp"

namespace zhenmap {

struct AtlasGlyph {
  int x = 0, y = 0;  // top-left in the atlas image (pixels)
  int w = 0, h = 0;  // 0 x 0 for blank glyphs such as spaces
  // Offset of the bitmap's top-left corner from the pen position on the baseline, in atlas pixels
  // (y down). Multiply by sizePx / kEmPx for a label of sizePx.
  float left = 0, top = 0;
  bool inFont = false;  // false: the font has no glyph, the bitmap is its .notdef box
};

class GlyphAtlas {
 public:
  static constexpr float kEmPx = 32.0f;  // em size the distance fields are made at
  static constexpr int kSpread = 8;      // pixels of distance encoded outside the outline
  // Byte value on the outline; a byte v is the signed distance (kEdge - v) / kEdge * kSpread
  // atlas pixels from the outline, positive outside.
  static constexpr int kEdge = 160;

  GlyphAtlas() = default;
  // Distance fields for every distinct code point in `codepoints` (duplicates ignored).
  // Throws std::runtime_error if the glyphs cannot fit a 8192-pixel-high image.
  GlyphAtlas(const Font& font, const std::vector<char32_t>& codepoints);

  const AtlasGlyph* find(char32_t cp) const {
    auto it = m_glyphs.find(cp);
    return it == m_glyphs.end() ? nullptr : &it->second;
  }
  bool containsAll(const std::vector<char32_t>& codepoints) const;
  std::vector<char32_t> codepoints() const;  // sorted
  std::size_t glyphCount() const { return m_glyphs.size(); }
  int width() const { return m_width; }
  int height() const { return m_height; }
  const std::vector<std::uint8_t>& pixels() const { return m_pixels; }

 private:
  std::unordered_map<char32_t, AtlasGlyph> m_glyphs;
  int m_width = 0;
  int m_height = 0;
  std::vector<std::uint8_t> m_pixels;
};

// The signed distance field of a coverage bitmap (exact Euclidean distance transform over the
// pixel grid, with sub-pixel edges taken from partial coverage), encoded as described for
// GlyphAtlas::kEdge. Exposed for tests.
std::vector<std::uint8_t> coverageToSdf(const std::vector<unsigned char>& coverage, int width, int height);

}  // namespace zhenmap
