// Decoding downloaded tile images (PNG, JPEG, WebP, GIF) with GDAL from memory, with limits: the
// image's size is read from its header and refused before any pixel is decoded when it is larger
// than asked (no decompression bombs).
#pragma once

#include <stdexcept>
#include <string>

#include "raster_image.hpp"

namespace zhenmap {

class TileDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws TileDecodeError: not an image, an image over maxWidth x maxHeight, or broken data.
RasterImage decodeTileImage(const std::string& bytes, int maxWidth = 1024, int maxHeight = 1024);

// True when the bytes look like an HTML or XML document rather than an image (an error or login
// page served with status 200).
bool looksLikeMarkup(const std::string& bytes, const std::string& contentType);

}  // namespace zhenmap
