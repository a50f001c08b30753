// `zhenmap transform --from CRS --to CRS [--precision N]`: "x y" lines on stdin to "x y" lines on
// stdout, like cs2cs, always in east/north (lon lat) order whatever the CRSs declare. Extra
// columns are passed through; points PROJ cannot transform print as "* *".
#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli.hpp"
#include "commands.hpp"
#include "crs_transform.hpp"
#include "errors.hpp"

namespace zhenmap {

namespace {

struct TransformCommand {
  std::string from;
  std::string to;
  int precision = -1;  // -1: 9 decimals for geographic output, 4 for projected
};

const char* skipSpace(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r')) ++p;
  return p;
}

bool parseNumber(const char*& p, const char* end, double& v) {
  p = skipSpace(p, end);
  if (p < end && *p == '+') ++p;
  const auto [next, ec] = std::from_chars(p, end, v);
  if (ec != std::errc{} || next == p) return false;
  p = next;
  return p == end || *p == ' ' || *p == '\t' || *p == ',' || *p == '\r';
}

int runTransform(const TransformCommand& cmd) {
  std::unique_ptr<CrsTransform> transform;
  try {
    transform = std::make_unique<CrsTransform>(cmd.from, cmd.to);
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  const int precision = cmd.precision >= 0 ? cmd.precision : (crsIsGeographic(cmd.to) ? 9 : 4);
  std::string line;
  std::size_t lineNo = 0;
  while (std::getline(std::cin, line)) {
    ++lineNo;
    const char* p = line.data();
    const char* end = p + line.size();
    if (skipSpace(p, end) == end || *skipSpace(p, end) == '#') {
      std::printf("%s\n", line.c_str());
      continue;
    }
    Vec2 v;
    if (!parseNumber(p, end, v.x) || !parseNumber(p, end, v.y)) {
      std::fflush(stdout);
      printError("line " + std::to_string(lineNo) + ": expected 'x y', got '" + line + "'");
      return 2;
    }
    const std::string rest(skipSpace(p, end), end);
    v = transform->forward(v);
    if (v.x != v.x || v.y != v.y) {
      std::printf("* *");
    } else {
      std::printf("%.*f %.*f", precision, v.x, precision, v.y);
    }
    std::printf(rest.empty() ? "\n" : " %s\n", rest.c_str());
  }
  return 0;
}

const CommandRegistration kRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<TransformCommand>();
  CLI::App* sub =
      parent.add_subcommand("transform", "transform \"x y\" lines from stdin between CRSs (east/north order)");
  sub->add_option("--from", cmd->from, "source CRS (EPSG:4490, WKT, PROJ string)")->required();
  sub->add_option("--to", cmd->to, "target CRS")->required();
  sub->add_option("--precision", cmd->precision, "decimals in the output")->check(CLI::Range(0, 17));
  return Subcommand{sub, [cmd] { return runTransform(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
