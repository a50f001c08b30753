// `zhenmap overviews FILE`: builds a raster's overviews with GDAL (GDALBuildOverviews), so views of
// the whole raster read a small overview instead of every pixel. Progress on stderr.
#include <chrono>
#include <cstdio>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "raster_source.hpp"

namespace zhenmap {

namespace {

struct OverviewsCommand {
  std::string path;
  std::string resampling = "average";
};

int runOverviews(const OverviewsCommand& cmd) {
  int lastPercent = -1;
  auto last = std::chrono::steady_clock::now();
  try {
    const std::vector<int> factors = buildOverviews(cmd.path, cmd.resampling, [&](double done) {
      const int percent = static_cast<int>(done * 100);
      const auto now = std::chrono::steady_clock::now();
      if (percent != lastPercent && (now - last > std::chrono::milliseconds(500) || percent == 100)) {
        std::fprintf(stderr, "overviews: %d%%\n", percent);
        lastPercent = percent;
        last = now;
      }
    });
    if (factors.empty()) {
      std::printf("%s fits in one tile: no overviews needed\n", cmd.path.c_str());
      return 0;
    }
    std::printf("built %zu overview levels of %s:", factors.size(), cmd.path.c_str());
    for (int f : factors) std::printf(" 1/%d", f);
    std::printf("\n");
  } catch (const DataError& e) {
    printError(e.what());
    return 2;
  }
  return 0;
}

const CommandRegistration kOverviewsRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<OverviewsCommand>();
  CLI::App* sub = parent.add_subcommand("overviews", "build a raster's overviews (GDAL), with progress");
  sub->add_option("file", cmd->path, "raster file (GeoTIFF: inside it; others: a .ovr beside it)")->required();
  sub->add_option("--resampling", cmd->resampling, "average (default), nearest, bilinear, cubic, mode, ...")
      ->check(
          CLI::IsMember({"average", "nearest", "bilinear", "cubic", "cubicspline", "lanczos", "mode", "gauss", "rms"}));
  return Subcommand{sub, [cmd] { return runOverviews(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
