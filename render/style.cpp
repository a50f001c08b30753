// Colour parsing and the default palette; see style.hpp.
#include "style.hpp"

#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace zhenmap {

Rgba parseColor(const std::string& text) {
  if (text == "white") return rgba(255, 255, 255);
  if (text == "black") return rgba(0, 0, 0);
  if (text == "transparent") return rgba(0, 0, 0, 0);
  auto hex = [&](std::size_t i) -> std::uint8_t {
    auto nib = [&](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      throw std::invalid_argument("bad colour '" + text + "' (expected #rrggbb or #rrggbbaa)");
    };
    return static_cast<std::uint8_t>(nib(text[i]) * 16 + nib(text[i + 1]));
  };
  if (text.size() == 7 && text[0] == '#') return rgba(hex(1), hex(3), hex(5));
  if (text.size() == 9 && text[0] == '#') return rgba(hex(1), hex(3), hex(5), hex(7));
  throw std::invalid_argument("bad colour '" + text + "' (expected #rrggbb or #rrggbbaa)");
}

std::string formatColor(Rgba c) {
  char buf[16];
  const unsigned a = (c >> 24) & 0xff;
  if (a == 255) {
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
  } else {
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, a);
  }
  return buf;
}

std::vector<Rgba> defaultPalette() {
  return {rgba(0x8d, 0xd3, 0xc7), rgba(0xff, 0xff, 0xb3), rgba(0xbe, 0xba, 0xda), rgba(0xfb, 0x80, 0x72),
          rgba(0x80, 0xb1, 0xd3), rgba(0xfd, 0xb4, 0x62), rgba(0xb3, 0xde, 0x69), rgba(0xfc, 0xcd, 0xe5)};
}

}  // namespace zhenmap
