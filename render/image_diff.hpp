// Comparing two pictures the way render tests do: a pixel differs when any channel differs by
// more than a threshold; the result says how many differ and can draw a diff image.
#pragma once

#include <cstddef>

#include "image.hpp"

namespace zhenmap {

struct ImageDiff {
  bool sameSize = false;
  std::size_t differing = 0;  // pixels with some channel |a - b| > threshold
  std::size_t total = 0;
  int maxChannelDelta = 0;
  double fraction() const { return total ? double(differing) / double(total) : 1.0; }
};

ImageDiff compareImages(const Image& expected, const Image& actual, int threshold);

// Expected in faded grey, differing pixels in red. Requires equal sizes.
Image diffImage(const Image& expected, const Image& actual, int threshold);

}  // namespace zhenmap
