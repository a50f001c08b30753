// How a layer is drawn. Colours are 0xAABBGGRR (the byte order of RGBA8 vertex attributes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zhenmap {

using Rgba = std::uint32_t;

constexpr Rgba rgba(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return static_cast<Rgba>(r) | (static_cast<Rgba>(g) << 8) | (static_cast<Rgba>(b) << 16) |
         (static_cast<Rgba>(a) << 24);
}

// Parses "#rrggbb", "#rrggbbaa" or a few names ("white", "black", "transparent"). Throws
// std::invalid_argument on anything else.
Rgba parseColor(const std::string& text);

struct LayerStyle {
  // Fill colour per feature, cycled by feature index (a palette); one entry = single symbol.
  std::vector<Rgba> fillPalette{rgba(0xa6, 0xce, 0xe3)};
  Rgba strokeColor = rgba(0x33, 0x33, 0x33);
  float strokeWidth = 1.5f;  // pixels; 0 = no outline
  float pointSize = 8.0f;    // pixels
  float opacity = 1.0f;
};

// A soft qualitative palette that reads well on a projector.
std::vector<Rgba> defaultPalette();

}  // namespace zhenmap
