// PNG reading and writing through libstb (the implementation lives in Debian's libstb.so).
#include "image.hpp"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace zhenmap {

void writePng(const Image& img, const std::string& path) {
  if (img.width <= 0 || img.height <= 0) throw std::runtime_error("cannot write an empty image to " + path);
  if (!stbi_write_png(path.c_str(), img.width, img.height, 4, img.rgba.data(), img.width * 4)) {
    throw std::runtime_error("cannot write PNG " + path);
  }
}

Image readPng(const std::string& path) {
  int w = 0, h = 0, n = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> data(stbi_load(path.c_str(), &w, &h, &n, 4), stbi_image_free);
  if (!data) throw std::runtime_error("cannot read PNG " + path + ": " + stbi_failure_reason());
  Image img;
  img.width = w;
  img.height = h;
  img.rgba.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  std::memcpy(img.rgba.data(), data.get(), img.rgba.size());
  return img;
}

}  // namespace zhenmap
