// RGBA8 images in memory, PNG in and out (stb_image / stb_image_write from Debian's libstb).
#pragma once

#include <cstdint>
#include <string>
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

// Throws std::runtime_error with the path on failure.
void writePng(const Image& img, const std::string& path);
Image readPng(const std::string& path);

}  // namespace zhenmap
