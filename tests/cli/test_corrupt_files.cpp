// No crash and no hang on any file, however broken: copies of real files (FlatGeobuf,
// GeoPackage, Shapefile, GeoJSON) truncated at pseudo-random offsets or with random bytes
// overwritten. `zhenmap info` must exit 0 (GDAL could still read it) or 2 with one `error:` line.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "../geodata/sample_data.hpp"
#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

class CorruptFiles : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(CorruptFiles, InfoNeverCrashesOrHangs) {
  const auto [driver, name] = GetParam();
  test::TempDir dir;
  const fs::path good = test::convertSample(dir, driver, name, {"-lco", "ENCODING=UTF-8"});
  const std::string original = test::readFile(good);
  const std::string ext = good.extension().string();
  std::mt19937 rng(20240501);
  for (int variant = 0; variant < 12; ++variant) {
    std::string bytes = original;
    if (variant % 2 == 0) {
      bytes.resize(std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng));
    } else {
      for (int k = 0; k < 20; ++k) {
        bytes[std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng)] =
            static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
      }
    }
    test::writeFile(good, bytes);
    const test::RunResult r = test::runZhenmap({"info", good.string(), "--json"});
    SCOPED_TRACE(std::string(name) + " variant " + std::to_string(variant));
    EXPECT_EQ(r.signal, 0) << r.err;
    EXPECT_TRUE(r.exitCode == 0 || r.exitCode == 2) << r.exitCode << " " << r.err;
    if (r.exitCode == 2) {
      EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, CorruptFiles,
                         ::testing::Values(std::pair{"FlatGeobuf", "c.fgb"}, std::pair{"GPKG", "c.gpkg"},
                                           std::pair{"ESRI Shapefile", "c.shp"}, std::pair{"GeoJSON", "c.geojson"}),
                         [](const auto& p) {
                           return std::string(p.param.first == std::string("ESRI Shapefile") ? "Shapefile"
                                                                                             : p.param.first);
                         });

}  // namespace
