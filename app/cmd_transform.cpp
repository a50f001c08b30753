// `zhenmap transform --from CRS --to CRS [--precision N]`: "x y" lines on stdin to "x y" lines on
// stdout, like cs2cs, always in east/north (lon lat) order whatever the CRSs declare. Extra
// columns are passed through; points PROJ cannot transform print as "* *".
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli.hpp"
#include "commands.hpp"
#include "crs_transform.hpp"
#include "errors.hpp"
#include "xy_line.hpp"

namespace zhenmap {

namespace {

struct TransformCommand {
  std::string from;
  std::string to;
  int precision = -1;  // -1: 9 decimals for geographic output, 4 for projected
};

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
    XyLine parsed;
    try {
      parsed = parseXyLine(line);
    } catch (const std::invalid_argument& e) {
      std::fflush(stdout);
      printError("line " + std::to_string(lineNo) + ": " + e.what());
      return 2;
    }
    if (parsed.passThrough) {
      std::printf("%s\n", line.c_str());
      continue;
    }
    const std::string rest(parsed.rest);
    Vec2 v = parsed.xy;
    v = transform->forward(v);
    if (!std::isfinite(v.x) || !std::isfinite(v.y)) {
      std::printf("* *");
    } else {
      std::printf("%.*f %.*f", precision, v.x, precision, v.y);
    }
    std::printf(rest.empty() ? "\n" : " %s\n", rest.c_str());
  }
  return 0;
}

const CommandRegistration kTransformRegistration([](CLI::App& parent) {
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
