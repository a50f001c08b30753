// Image bytes (PNG, JPEG: map tiles, photos, goldens) through decodeImage (render/image.hpp) with
// small limits. Promises: a decoded image within the limits, its pixel array the size it says,
// or an ImageError; never more memory than the limits allow (libFuzzer's -malloc_limit_mb).
#include "image.hpp"
#include "support/fuzz_target.hpp"

ZHENMAP_FUZZ_TARGET(image_decode) {
  using namespace zhenmap;
  ImageLimits limits;
  limits.maxWidth = 2048;
  limits.maxHeight = 2048;
  limits.maxPixels = 1 << 20;
  try {
    const Image img = decodeImage(input, limits);
    fuzz::check(img.width > 0 && img.height > 0 && img.width <= limits.maxWidth && img.height <= limits.maxHeight &&
                    static_cast<std::int64_t>(img.width) * img.height <= limits.maxPixels,
                "an image outside the limits");
    fuzz::check(img.rgba.size() == static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4,
                "the pixel array does not match the size");
  } catch (const ImageError&) {
  }
}
