// Test tool: counts the pixels of a PNG within a tolerance of a colour, or reports the PNG's size.
//   png_color_count FILE '#rrggbb' [TOLERANCE]   -> prints the count
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "image.hpp"
#include "style.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: png_color_count FILE '#rrggbb' [TOLERANCE]\n");
    return 2;
  }
  try {
    const zhenmap::Image img = zhenmap::readPng(argv[1]);
    const zhenmap::Rgba c = zhenmap::parseColor(argv[2]);
    const int tol = argc > 3 ? std::atoi(argv[3]) : 0;
    const int want[3] = {int(c & 0xff), int((c >> 8) & 0xff), int((c >> 16) & 0xff)};
    long count = 0;
    for (int y = 0; y < img.height; ++y) {
      for (int x = 0; x < img.width; ++x) {
        const std::uint8_t* p = img.pixel(x, y);
        if (std::abs(p[0] - want[0]) <= tol && std::abs(p[1] - want[1]) <= tol && std::abs(p[2] - want[2]) <= tol) {
          ++count;
        }
      }
    }
    std::printf("%ld\n", count);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
