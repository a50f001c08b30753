// Lines on the stdin of `zhenmap transform` (geodata/xy_line.hpp). The input is split into lines
// as the command reads them. Promises: a line is a pass-through, two finite numbers with the rest
// of the line, or std::invalid_argument with a short single-line message; the numbers read back
// the same from their shortest text.
#include <charconv>
#include <cmath>

#include "message_text.hpp"
#include "support/fuzz_target.hpp"
#include "xy_line.hpp"

ZHENMAP_FUZZ_TARGET(transform_line) {
  using namespace zhenmap;
  using fuzz::check;
  std::string_view rest = input;
  while (true) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    try {
      const XyLine parsed = parseXyLine(line);
      if (!parsed.passThrough) {
        check(std::isfinite(parsed.xy.x) && std::isfinite(parsed.xy.y), "a parsed coordinate is not finite");
        check(parsed.rest.data() >= line.data() && parsed.rest.data() + parsed.rest.size() == line.data() + line.size(),
              "the rest of the line is not its tail");
        char buf[80];
        const auto x = std::to_chars(buf, buf + 40, parsed.xy.x);
        *x.ptr = ' ';
        const auto y = std::to_chars(x.ptr + 1, buf + sizeof buf, parsed.xy.y);
        const XyLine again = parseXyLine(std::string_view(buf, static_cast<std::size_t>(y.ptr - buf)));
        check(!again.passThrough && again.xy.x == parsed.xy.x && again.xy.y == parsed.xy.y,
              "a coordinate does not read back from its own text");
      }
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      check(message.find('\n') == std::string::npos && message.find('\r') == std::string::npos,
            "the error message spans lines");
      check(message.size() < 400, "the error message is too long");
      check(fuzz::validUtf8(message), "the error message is not UTF-8");
    }
    if (newline == std::string_view::npos) break;
    rest = rest.substr(newline + 1);
  }
}
