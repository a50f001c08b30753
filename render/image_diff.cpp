// Image comparison for golden tests; see image_diff.hpp.
#include "image_diff.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace zhenmap {

namespace {
int channelDelta(const std::uint8_t* a, const std::uint8_t* b) {
  int d = 0;
  for (int c = 0; c < 4; ++c) d = std::max(d, std::abs(int(a[c]) - int(b[c])));
  return d;
}
}  // namespace

ImageDiff compareImages(const Image& expected, const Image& actual, int threshold) {
  ImageDiff r;
  r.sameSize = expected.width == actual.width && expected.height == actual.height;
  if (!r.sameSize) return r;
  r.total = static_cast<std::size_t>(expected.width) * static_cast<std::size_t>(expected.height);
  for (std::size_t i = 0; i < r.total; ++i) {
    const int d = channelDelta(&expected.rgba[i * 4], &actual.rgba[i * 4]);
    r.maxChannelDelta = std::max(r.maxChannelDelta, d);
    if (d > threshold) ++r.differing;
  }
  return r;
}

Image diffImage(const Image& expected, const Image& actual, int threshold) {
  if (expected.width != actual.width || expected.height != actual.height) {
    throw std::invalid_argument("diffImage needs images of the same size");
  }
  Image out = expected;
  for (std::size_t i = 0; i < out.rgba.size() / 4; ++i) {
    std::uint8_t* p = &out.rgba[i * 4];
    if (channelDelta(&expected.rgba[i * 4], &actual.rgba[i * 4]) > threshold) {
      p[0] = 255, p[1] = 0, p[2] = 0, p[3] = 255;
    } else {
      const auto g = static_cast<std::uint8_t>(200 + (p[0] + p[1] + p[2]) / 3 * 55 / 255);
      p[0] = p[1] = p[2] = g, p[3] = 255;
    }
  }
  return out;
}

}  // namespace zhenmap
