// Font faces for text in the PDFs cairo writes (export-slides), drawn from the glyph outlines of a
// system font as a cairo user font: the PDF embeds them as Type 3 fonts (outlines, with a ToUnicode
// map, so the text stays searchable) instead of cairo subsetting the font file. Why: the CJK font
// (Noto Sans CJK, a CID-keyed CFF font) goes through cairo 1.16's CFF subsetter, which leaks the
// index array of cairo_cff_font_read_cid_fontdict() (768 bytes per font per PDF; fixed upstream in
// cairo 1.17.6, Debian 12 ships 1.16.0). That leak failed every PDF export under LeakSanitizer.
#pragma once

#include <cairo.h>

#include <memory>
#include <string>

namespace zhenmap {

struct FontFaceDeleter {
  void operator()(cairo_font_face_t* f) const { cairo_font_face_destroy(f); }
};
using FontFacePtr = std::unique_ptr<cairo_font_face_t, FontFaceDeleter>;

// The family (fontconfig name) as an outline font face; set it with cairo_set_font_face.
FontFacePtr pdfOutlineFontFace(const std::string& family, cairo_font_weight_t weight);

}  // namespace zhenmap
