// Decoding images with size limits; see image.hpp. PNG through libpng rather than stb_image:
// stb_image inflates a PNG's whole data stream into a buffer it grows without bound (a 1x1 image
// carrying a gigabyte of zeros costs a gigabyte), where libpng inflates row by row into the
// rows the header declares. JPEG through stb_image (Debian's libstb), once stbi_info has read
// the declared size.
#include <png.h>
#include <stb/stb_image.h>

#include <cstring>
#include <fstream>
#include <memory>

#include "image.hpp"

namespace zhenmap {

namespace {

constexpr std::size_t kMaxChunkBytes = std::size_t{8} << 20;  // text and other ancillary chunks

struct PngReader {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngReader() { png_destroy_read_struct(&png, &info, nullptr); }
};

struct MemorySource {
  std::string_view bytes;
  std::size_t at = 0;
};

struct PngFailure {
  std::string message;
};

[[noreturn]] void pngError(png_structp png, png_const_charp message) {
  static_cast<PngFailure*>(png_get_error_ptr(png))->message = message;
  png_longjmp(png, 1);
}
void pngWarning(png_structp, png_const_charp) {}

void pngRead(png_structp png, png_bytep out, png_size_t n) {
  auto* src = static_cast<MemorySource*>(png_get_io_ptr(png));
  if (src->bytes.size() - src->at < n) png_error(png, "the file ends early");
  std::memcpy(out, src->bytes.data() + src->at, n);
  src->at += n;
}

void checkSize(std::int64_t w, std::int64_t h, const ImageLimits& limits) {
  if (w <= 0 || h <= 0) throw ImageError("the image declares no pixels");
  if (w > limits.maxWidth || h > limits.maxHeight || w * h > limits.maxPixels) {
    throw ImageError("the image declares " + std::to_string(w) + "x" + std::to_string(h) + " pixels, more than the " +
                     std::to_string(limits.maxWidth) + "x" + std::to_string(limits.maxHeight) + " (" +
                     std::to_string(limits.maxPixels) + " pixels) allowed");
  }
}

std::uint32_t bigEndian32(std::string_view bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = at; i < at + 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

Image decodePng(std::string_view bytes, const ImageLimits& limits) {
  // The size the first chunk (IHDR) declares, checked here for a message that says it; libpng's
  // own limits below stay as the guard.
  if (bytes.size() >= 24 && bytes.substr(12, 4) == "IHDR")
    checkSize(bigEndian32(bytes, 16), bigEndian32(bytes, 20), limits);
  PngFailure failure;
  PngReader r;
  r.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &failure, pngError, pngWarning);
  if (r.png) r.info = png_create_info_struct(r.png);
  if (!r.png || !r.info) throw ImageError("out of memory");
  MemorySource source{bytes, 0};
  Image img;
  std::vector<png_bytep> rows;
  // libpng reports errors by longjmp: nothing with a destructor may be created below this point.
  if (setjmp(png_jmpbuf(r.png))) throw ImageError("corrupt PNG: " + failure.message);
  png_set_read_fn(r.png, &source, pngRead);
  png_set_user_limits(r.png, static_cast<png_uint_32>(limits.maxWidth), static_cast<png_uint_32>(limits.maxHeight));
  png_set_chunk_malloc_max(r.png, kMaxChunkBytes);
  png_read_info(r.png, r.info);
  const png_uint_32 w = png_get_image_width(r.png, r.info), h = png_get_image_height(r.png, r.info);
  checkSize(w, h, limits);
  // Whatever the file holds, 8-bit RGBA comes out (stb_image's choices: 16-bit keeps its high byte).
  png_set_expand(r.png);
  png_set_strip_16(r.png);
  png_set_gray_to_rgb(r.png);
  png_set_add_alpha(r.png, 0xff, PNG_FILLER_AFTER);
  png_set_interlace_handling(r.png);
  png_read_update_info(r.png, r.info);
  if (png_get_rowbytes(r.png, r.info) != std::size_t{w} * 4) png_error(r.png, "unexpected row layout");
  img.width = static_cast<int>(w);
  img.height = static_cast<int>(h);
  img.rgba.resize(std::size_t{w} * h * 4);
  rows.resize(h);
  for (png_uint_32 y = 0; y < h; ++y) rows[y] = img.rgba.data() + std::size_t{y} * w * 4;
  png_read_image(r.png, rows.data());
  // Chunks after the image data are not needed: not reading them skips any data appended to it.
  return img;
}

Image decodeJpeg(std::string_view bytes, const ImageLimits& limits) {
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, n = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &n)) {
    throw ImageError(std::string("corrupt JPEG: ") + stbi_failure_reason());
  }
  checkSize(w, h, limits);
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(data, len, &w, &h, &n, 4), stbi_image_free);
  if (!pixels) throw ImageError(std::string("corrupt JPEG: ") + stbi_failure_reason());
  checkSize(w, h, limits);
  Image img;
  img.width = w;
  img.height = h;
  img.rgba.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  return img;
}

}  // namespace

Image decodeImage(std::string_view bytes, const ImageLimits& limits) {
  if (bytes.size() >= 8 && png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) == 0) {
    return decodePng(bytes, limits);
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") {
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) throw ImageError("the JPEG file is too large");
    return decodeJpeg(bytes, limits);
  }
  throw ImageError("not a PNG or JPEG image");
}

Image readPng(const std::string& path, const ImageLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImageError("cannot read PNG " + path + ": cannot open the file");
  // Compressed data beyond a few bytes per pixel is no image we would accept.
  const std::size_t maxBytes = static_cast<std::size_t>(limits.maxPixels) * 8 + (std::size_t{1} << 20);
  std::string bytes;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > maxBytes) throw ImageError("cannot read PNG " + path + ": the file is too large");
  }
  try {
    return decodeImage(bytes, limits);
  } catch (const ImageError& e) {
    throw ImageError("cannot read PNG " + path + ": " + e.what());
  }
}

}  // namespace zhenmap
