// A decoded picture in memory for the raster pipeline: RGBA, 8 bits per channel, straight
// (not premultiplied) alpha, top row first. What tile loaders hand to the renderer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zhenmap {

struct RasterImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // width * height * 4 bytes

  std::uint8_t* pixel(int x, int y) {
    return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4];
  }
  const std::uint8_t* pixel(int x, int y) const {
    return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4];
  }
};

}  // namespace zhenmap
