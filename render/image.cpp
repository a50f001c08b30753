// PNG writing with libpng (zlib at a fast level: a 7680x4320 map in about a second, where
// stb_image_write takes eight). Reading: image_decode.cpp.
#include "image.hpp"

#include <png.h>
#include <zlib.h>

#include <cstdio>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace zhenmap {

namespace {
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
struct PngWriter {
  png_structp png = nullptr;
  png_infop info = nullptr;
  bool opaque = false;  // written as RGB (a member: locals do not survive libpng's longjmp)
  ~PngWriter() { png_destroy_write_struct(&png, &info); }
};
[[noreturn]] void pngError(png_structp png, png_const_charp message) {
  *static_cast<std::string*>(png_get_error_ptr(png)) = message;
  png_longjmp(png, 1);
}
void pngWarning(png_structp, png_const_charp) {}
}  // namespace

namespace {
bool isOpaque(const Image& img) {
  for (std::size_t i = 3; i < img.rgba.size(); i += 4) {
    if (img.rgba[i] != 255) return false;
  }
  return true;
}
}  // namespace

void writePng(const Image& img, const std::string& path) {
  if (img.width <= 0 || img.height <= 0) throw std::runtime_error("cannot write an empty image to " + path);
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  if (!file) throw std::runtime_error("cannot write PNG " + path + ": cannot create the file");
  std::string error;
  PngWriter w;
  // An opaque picture (every map with a background colour) is written as RGB: a quarter less to
  // compress.
  w.opaque = isOpaque(img);
  w.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, pngError, pngWarning);
  if (w.png) w.info = png_create_info_struct(w.png);
  if (!w.png || !w.info) throw std::runtime_error("cannot write PNG " + path + ": out of memory");
  std::vector<png_const_bytep> rows(static_cast<std::size_t>(img.height));
  for (int y = 0; y < img.height; ++y) rows[static_cast<std::size_t>(y)] = img.pixel(0, y);
  // libpng reports errors by longjmp: nothing with a destructor may be created below this point.
  if (setjmp(png_jmpbuf(w.png))) throw std::runtime_error("cannot write PNG " + path + ": " + error);
  png_init_io(w.png, file.get());
  // Maps are mostly flat colour: unfiltered rows at zlib level 3 gave the smallest files and the
  // fastest writes of the options tried (1920x1080 benchmark map: 39 ms and 830 KB as RGB, against
  // 65 ms and 1,190 KB with SUB|UP filters as RGBA; issue 24's one-shot render).
  png_set_compression_level(w.png, 3);
  png_set_filter(w.png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_IHDR(w.png, w.info, static_cast<png_uint_32>(img.width), static_cast<png_uint_32>(img.height), 8,
               w.opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(w.png, w.info);
  if (w.opaque) png_set_filler(w.png, 0, PNG_FILLER_AFTER);  // the rows stay RGBA; the 4th byte is dropped
  png_write_image(w.png, const_cast<png_bytepp>(rows.data()));
  png_write_end(w.png, nullptr);
}

}  // namespace zhenmap
