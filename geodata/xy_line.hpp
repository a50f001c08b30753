// One input line of `zhenmap transform` (like cs2cs): "x y [anything]", the numbers separated by
// spaces, tabs or commas; blank lines and lines starting with '#' pass through unchanged.
#pragma once

#include <stdexcept>
#include <string_view>

#include "geometry.hpp"

namespace zhenmap {

struct XyLine {
  bool passThrough = false;  // blank or a comment: print the line as it came
  Vec2 xy;                   // finite numbers
  std::string_view rest;     // what follows the two numbers (separators skipped), passed through
};

// Throws std::invalid_argument("expected 'x y', got '...'") (the line quoted for a message) when
// the line starts with anything but two finite numbers.
XyLine parseXyLine(std::string_view line);

}  // namespace zhenmap
