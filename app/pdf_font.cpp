// Outline font faces for PDF text; see pdf_font.hpp.
#include "pdf_font.hpp"

namespace zhenmap {

namespace {

cairo_user_data_key_t kOutlines;

// The system font at one unit per em, whose glyphs the user font draws.
cairo_scaled_font_t* outlines(cairo_scaled_font_t* font) {
  return static_cast<cairo_scaled_font_t*>(
      cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(font), &kOutlines));
}

cairo_status_t initFont(cairo_scaled_font_t* font, cairo_t*, cairo_font_extents_t* extents) {
  cairo_scaled_font_extents(outlines(font), extents);
  return cairo_scaled_font_status(outlines(font));
}

std::string utf8Of(unsigned long cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

cairo_status_t glyphOf(cairo_scaled_font_t* font, unsigned long unicode, unsigned long* glyph) {
  const std::string utf8 = utf8Of(unicode);
  cairo_glyph_t* glyphs = nullptr;
  int count = 0;
  const cairo_status_t status = cairo_scaled_font_text_to_glyphs(
      outlines(font), 0, 0, utf8.data(), static_cast<int>(utf8.size()), &glyphs, &count, nullptr, nullptr, nullptr);
  *glyph = status == CAIRO_STATUS_SUCCESS && count > 0 ? glyphs[0].index : 0;
  cairo_glyph_free(glyphs);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t drawGlyph(cairo_scaled_font_t* font, unsigned long index, cairo_t* cr, cairo_text_extents_t* extents) {
  const cairo_glyph_t glyph{index, 0.0, 0.0};
  cairo_scaled_font_glyph_extents(outlines(font), &glyph, 1, extents);
  cairo_set_scaled_font(cr, outlines(font));
  cairo_glyph_path(cr, &glyph, 1);
  cairo_fill(cr);
  return cairo_status(cr);
}

}  // namespace

FontFacePtr pdfOutlineFontFace(const std::string& family, cairo_font_weight_t weight) {
  FontFacePtr system(cairo_toy_font_face_create(family.c_str(), CAIRO_FONT_SLANT_NORMAL, weight));
  cairo_matrix_t unit, identity;
  cairo_matrix_init_identity(&unit);
  cairo_matrix_init_identity(&identity);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);  // outlines scale freely
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_scaled_font_t* scaled = cairo_scaled_font_create(system.get(), &unit, &identity, options);
  cairo_font_options_destroy(options);
  FontFacePtr face(cairo_user_font_face_create());
  cairo_user_font_face_set_init_func(face.get(), initFont);
  cairo_user_font_face_set_render_glyph_func(face.get(), drawGlyph);
  cairo_user_font_face_set_unicode_to_glyph_func(face.get(), glyphOf);
  // The face owns the scaled system font from here on.
  if (cairo_font_face_set_user_data(face.get(), &kOutlines, scaled,
                                    reinterpret_cast<cairo_destroy_func_t>(cairo_scaled_font_destroy)) !=
      CAIRO_STATUS_SUCCESS) {
    cairo_scaled_font_destroy(scaled);
  }
  return face;
}

}  // namespace zhenmap
