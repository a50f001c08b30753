// A TrueType/OpenType font read with stb_truetype: glyph lookup, horizontal metrics and glyph
// rasterisation. The default font is Noto Sans CJK SC (Debian's fonts-noto-cjk, collection index 2),
// loaded once per process. All member functions only read the font data, so one Font may be shared
// by worker threads and the GL thread.
#pragma once

#include <stb/stb_truetype.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace zhenmap {

// The font file is missing, unreadable, or not a font stb_truetype understands.
class FontError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FontVMetrics {
  float ascent = 0;   // above the baseline, positive, in pixels at the size asked for
  float descent = 0;  // below the baseline, positive
  float lineGap = 0;
};

// A glyph rasterised as an 8-bit coverage bitmap; x0/y0 are the offsets of its top-left corner
// from the pen position on the baseline (pixels, y down).
struct GlyphBitmap {
  int width = 0;
  int height = 0;
  int x0 = 0;
  int y0 = 0;
  std::vector<unsigned char> coverage;
};

class Font {
 public:
  // Maps the file (reads it whole where it cannot be mapped) and selects face `index` of a collection (0 for plain .ttf/.otf files).
  // Throws FontError naming the path.
  Font(const std::string& path, int index);
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;

  // Noto Sans CJK SC from /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc (or the path in
  // ZHENMAP_FONT), loaded on first use; thread-safe. Throws FontError if it cannot be loaded.
  static const Font& defaultFont();

  const std::string& path() const { return m_path; }
  bool hasGlyph(char32_t cp) const;
  // Scale factor from font units to pixels for an em of emPx pixels.
  float scaleForEm(float emPx) const;
  FontVMetrics vMetrics(float emPx) const;
  // Advance width of cp at emPx, plus kerning with the following character (0 for none).
  float advance(char32_t cp, char32_t next, float emPx) const;
  // Coverage bitmap of cp at emPx with `pad` empty pixels on each side.
  GlyphBitmap rasterize(char32_t cp, float emPx, int pad) const;

 private:
  std::string m_path;
  std::vector<unsigned char> m_data;  // the file's bytes where it could not be mapped
  std::shared_ptr<const unsigned char> m_mapped;  // the file mapped read-only (munmap on release)
  stbtt_fontinfo m_info{};
};

}  // namespace zhenmap
