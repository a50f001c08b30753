// `zhenmap transform` against PROJ's own cs2cs on points across Jieyang (lon 115.6-116.9, lat
// 22.9-23.8): within 1 mm, east/north order on both sides.
#include <gtest/gtest.h>

#include <sstream>

#include "../geodata/sample_data.hpp"
#include "test_support.hpp"

using namespace zhenmap;

namespace {

struct LonLat {
  double lon, lat;
};

std::vector<LonLat> jieyangGrid() {
  std::vector<LonLat> pts;
  for (int i = 0; i <= 13; ++i) {
    for (int k = 0; k <= 9; ++k) pts.push_back({115.6 + 0.1 * i, 22.9 + 0.1 * k});
  }
  pts.push_back({116.3725, 23.5497});  // 榕城区
  return pts;
}

std::vector<std::vector<double>> parseRows(const std::string& text) {
  std::vector<std::vector<double>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::vector<double> row;
    double v;
    while (ls >> v) row.push_back(v);
    rows.push_back(row);
  }
  return rows;
}

// northFirst: the target CRS declares northing before easting (cs2cs prints that order).
void compareWithCs2cs(const std::string& target, bool northFirst) {
  SCOPED_TRACE(target);
  const std::vector<LonLat> pts = jieyangGrid();
  std::string ours, theirs;
  char buf[128];
  for (const LonLat& p : pts) {
    std::snprintf(buf, sizeof buf, "%.10f %.10f\n", p.lon, p.lat);
    ours += buf;
    std::snprintf(buf, sizeof buf, "%.10f %.10f\n", p.lat, p.lon);  // EPSG:4490 declares lat, lon
    theirs += buf;
  }
  const test::RunResult z =
      test::runZhenmap({"transform", "--from", "EPSG:4490", "--to", target, "--precision", "6"}, ours);
  ASSERT_EQ(z.exitCode, 0) << z.err;
  const test::RunResult c = test::run({"/usr/bin/cs2cs", "-d", "6", "EPSG:4490", target}, theirs);
  ASSERT_EQ(c.exitCode, 0) << c.err;
  const auto a = parseRows(z.out), b = parseRows(c.out);
  ASSERT_EQ(a.size(), pts.size());
  ASSERT_EQ(b.size(), pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    ASSERT_EQ(a[i].size(), 2u) << z.out;
    ASSERT_GE(b[i].size(), 2u) << c.out;
    const double east = northFirst ? b[i][1] : b[i][0];
    const double north = northFirst ? b[i][0] : b[i][1];
    EXPECT_NEAR(a[i][0], east, 1e-3) << "point " << i;
    EXPECT_NEAR(a[i][1], north, 1e-3) << "point " << i;
    EXPECT_GT(a[i][1], 2.5e6) << "northing of Jieyang";
  }
}

TEST(TransformCli, MatchesCs2csToWebMercator) { compareWithCs2cs("EPSG:3857", false); }
TEST(TransformCli, MatchesCs2csToGaussKruger117E) { compareWithCs2cs("EPSG:4548", true); }
TEST(TransformCli, MatchesCs2csToGaussKrugerZone39) { compareWithCs2cs("EPSG:4527", true); }

TEST(TransformCli, InverseAndPassThrough) {
  const test::RunResult r = test::runZhenmap(
      {"transform", "--from", "EPSG:4548", "--to", "EPSG:4490", "--precision", "8"}, "500000 2600000 label\n\n");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto rows = parseRows(r.out);
  ASSERT_GE(rows.size(), 1u);
  EXPECT_NEAR(rows[0][0], 117.0, 1e-8) << "on the central meridian";
  EXPECT_NE(r.out.find(" label\n\n"), std::string::npos) << r.out;
}

TEST(TransformCli, BadInputGivesOneErrorLineAndExit2) {
  const test::RunResult crs = test::runZhenmap({"transform", "--from", "EPSG:4490", "--to", "EPSG:99999"}, "1 2\n");
  EXPECT_EQ(crs.exitCode, 2);
  EXPECT_EQ(crs.err.rfind("error: ", 0), 0u) << crs.err;
  EXPECT_EQ(std::count(crs.err.begin(), crs.err.end(), '\n'), 1);
  const test::RunResult line =
      test::runZhenmap({"transform", "--from", "EPSG:4490", "--to", "EPSG:3857"}, "116 23\nabc def\n");
  EXPECT_EQ(line.exitCode, 2);
  EXPECT_EQ(line.err.rfind("error: line 2", 0), 0u) << line.err;
}

}  // namespace
