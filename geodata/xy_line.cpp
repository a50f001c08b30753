// Lines of `zhenmap transform`; see xy_line.hpp.
#include "xy_line.hpp"

#include <charconv>
#include <cmath>

#include "message_text.hpp"

namespace zhenmap {

namespace {

bool isSeparator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

std::size_t skipSeparators(std::string_view s, std::size_t i) {
  while (i < s.size() && isSeparator(s[i])) ++i;
  return i;
}

// A number at s[i...] ending at a separator or the end of the line; advances i past it.
bool parseNumber(std::string_view s, std::size_t& i, double& v) {
  i = skipSeparators(s, i);
  if (i < s.size() && s[i] == '+') {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) return false;  // "+-5" is no number
  }
  const char* begin = s.data() + i;
  const char* end = s.data() + s.size();
  const auto [next, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc{} || next == begin || !std::isfinite(v)) return false;
  i = static_cast<std::size_t>(next - s.data());
  return i == s.size() || isSeparator(s[i]);
}

}  // namespace

XyLine parseXyLine(std::string_view line) {
  XyLine out;
  const std::size_t first = skipSeparators(line, 0);
  if (first == line.size() || line[first] == '#') {
    out.passThrough = true;
    return out;
  }
  std::size_t i = 0;
  if (!parseNumber(line, i, out.xy.x) || !parseNumber(line, i, out.xy.y)) {
    throw std::invalid_argument("expected 'x y', got '" + quoteForMessage(line) + "'");
  }
  out.rest = line.substr(skipSeparators(line, i));
  return out;
}

}  // namespace zhenmap
