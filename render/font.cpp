// Font loading and glyph access through stb_truetype (implementation compiled into Debian's libstb);
// see font.hpp.
#include "font.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace zhenmap {

namespace {
constexpr const char* kDefaultFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
constexpr int kDefaultFontIndex = 2;  // Simplified Chinese face of the Noto CJK collection
}  // namespace

namespace {
// The whole file mapped read-only, or null where it cannot be. Mapped, only the pages that the
// glyphs in use touch are read: the CJK collection is ~20 MB, which a process that draws a few
// labels read whole from disk when the page cache had dropped it (issue 24's start-up stall).
std::shared_ptr<const unsigned char> mapFile(const std::string& path, std::size_t size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return nullptr;
  return std::shared_ptr<const unsigned char>(static_cast<const unsigned char*>(p),
                                              [size](const unsigned char* q) { ::munmap(const_cast<unsigned char*>(q), size); });
}
}  // namespace

Font::Font(const std::string& path, int index) : m_path(path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw FontError("cannot open font " + path);
  const std::streamoff size = in.tellg();
  // stb_truetype reads the table directory without bounds checks: a file shorter than it (or a
  // huge one) is refused before it gets there.
  if (size < 12) throw FontError("not a font (too short): " + path);
  if (size > (std::streamoff{512} << 20)) throw FontError("font file too large (over 512 MiB): " + path);
  m_mapped = mapFile(path, static_cast<std::size_t>(size));
  if (!m_mapped) {  // one read of the whole file (a character at a time took ~50 ms)
    m_data.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(m_data.data()), size)) throw FontError("cannot read font " + path);
  }
  const unsigned char* bytes = m_mapped ? m_mapped.get() : m_data.data();
  const int faces = stbtt_GetNumberOfFonts(bytes);
  if (index < 0 || (faces > 0 && index >= faces)) {
    throw FontError("font " + path + " has " + std::to_string(faces) + " faces, asked for index " +
                    std::to_string(index));
  }
  const int offset = stbtt_GetFontOffsetForIndex(bytes, index);
  if (offset < 0 || stbtt_InitFont(&m_info, bytes, offset) == 0) {
    throw FontError("not a font stb_truetype can read: " + path + " (face " + std::to_string(index) + ")");
  }
}

const Font& Font::defaultFont() {
  static const Font font = [] {
    const char* env = std::getenv("ZHENMAP_FONT");
    return Font(env && *env ? std::string(env) : std::string(kDefaultFontPath), env && *env ? 0 : kDefaultFontIndex);
  }();
  return font;
}

bool Font::hasGlyph(char32_t cp) const { return stbtt_FindGlyphIndex(&m_info, static_cast<int>(cp)) != 0; }

float Font::scaleForEm(float emPx) const { return stbtt_ScaleForMappingEmToPixels(&m_info, emPx); }

FontVMetrics Font::vMetrics(float emPx) const {
  // The OS/2 typographic metrics put CJK ideographs on exactly one em (0.88 + 0.12 in Noto CJK);
  // hhea's are much taller. Fall back to hhea for fonts without an OS/2 table.
  int ascent = 0, descent = 0, gap = 0;
  if (!stbtt_GetFontVMetricsOS2(&m_info, &ascent, &descent, &gap))
    stbtt_GetFontVMetrics(&m_info, &ascent, &descent, &gap);
  const float s = scaleForEm(emPx);
  return {ascent * s, -descent * s, gap * s};
}

float Font::advance(char32_t cp, char32_t next, float emPx) const {
  int adv = 0, lsb = 0;
  const int g = stbtt_FindGlyphIndex(&m_info, static_cast<int>(cp));
  stbtt_GetGlyphHMetrics(&m_info, g, &adv, &lsb);
  if (next != 0) adv += stbtt_GetGlyphKernAdvance(&m_info, g, stbtt_FindGlyphIndex(&m_info, static_cast<int>(next)));
  return adv * scaleForEm(emPx);
}

GlyphBitmap Font::rasterize(char32_t cp, float emPx, int pad) const {
  GlyphBitmap out;
  const int g = stbtt_FindGlyphIndex(&m_info, static_cast<int>(cp));
  const float s = scaleForEm(emPx);
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  if (!stbtt_IsGlyphEmpty(&m_info, g)) stbtt_GetGlyphBitmapBox(&m_info, g, s, s, &x0, &y0, &x1, &y1);
  const int w = x1 - x0, h = y1 - y0;
  if (w <= 0 || h <= 0) return out;  // blank glyph (space): metrics only
  out.width = w + 2 * pad;
  out.height = h + 2 * pad;
  out.x0 = x0 - pad;
  out.y0 = y0 - pad;
  out.coverage.assign(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height), 0);
  stbtt_MakeGlyphBitmap(&m_info, &out.coverage[static_cast<std::size_t>(pad) * out.width + pad], w, h, out.width, s, s,
                        g);
  return out;
}

}  // namespace zhenmap
