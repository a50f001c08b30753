// RGBA8 images in memory, PNG in and out. Every image the program reads (PNG, JPEG: tiles,
// photos, goldens) goes through decodeImage, which reads the declared size first and refuses
// anything larger than its limits before any pixel memory is allocated (decompression bombs:
// a file of a few kilobytes declaring 100000x100000 pixels).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zhenmap {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // row-major, top row first

  const std::uint8_t* pixel(int x, int y) const {
    return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4];
  }
};

// Not an image we read, corrupt, or larger than the limits. The message says which.
class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImageLimits {
  int maxWidth = 16384;
  int maxHeight = 16384;
  std::int64_t maxPixels = std::int64_t{64} << 20;  // 256 MiB of RGBA8
};

// PNG (libpng: declared size checked against the limits in the header, image data beyond the
// declared size ignored) or JPEG (stb_image, after stbi_info). Throws ImageError.
Image decodeImage(std::string_view bytes, const ImageLimits& limits = {});

// Throws std::runtime_error with the path on failure.
void writePng(const Image& img, const std::string& path);
// The file through decodeImage; throws ImageError with the path.
Image readPng(const std::string& path, const ImageLimits& limits = {});

}  // namespace zhenmap
