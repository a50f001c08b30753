// CRS guesses from coordinate ranges. The projected coordinates of Jieyang's corners come from
// PROJ's cs2cs program (not from the code under test): in every CRS the guess must name that CRS
// (or say honestly that it cannot tell) and place the data back on Jieyang.
#include <gtest/gtest.h>

#include <sstream>

#include "crs_guess.hpp"
#include "test_support.hpp"

using namespace zhenmap;

namespace {

const Box kJieyang{115.6, 22.9, 116.6, 23.8};

// Jieyang's box in `crs`, from cs2cs (CRS axis order: -r reads lon/lat for 4490, and the output
// of northing-first CRSs is swapped back to east/north).
Box boxIn(const std::string& crs, bool northFirst) {
  std::ostringstream in;
  for (double x : {kJieyang.minX, kJieyang.maxX}) {
    for (double y : {kJieyang.minY, kJieyang.maxY}) in << y << " " << x << "\n";
  }
  const test::RunResult r = test::run({"/usr/bin/cs2cs", "-f", "%.3f", "EPSG:4490", crs}, in.str());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  std::istringstream out(r.out);
  Box b;
  double a = 0, c = 0, z = 0;
  while (out >> a >> c >> z) b.expand(northFirst ? Vec2{c, a} : Vec2{a, c});
  return b;
}

void expectPlacedOnJieyang(const CrsGuess& g) {
  ASSERT_TRUE(g.lonLatExtent.has_value()) << g.reason;
  EXPECT_NEAR(g.lonLatExtent->center().x, kJieyang.center().x, 0.05);
  EXPECT_NEAR(g.lonLatExtent->center().y, kJieyang.center().y, 0.05);
}

TEST(CrsGuess, LonLatInChinaIsCgcs2000) {
  const CrsGuess g = guessCrs(kJieyang);
  EXPECT_EQ(g.crs, "EPSG:4490");
  EXPECT_GE(g.confidence, 0.8);
  EXPECT_FALSE(g.ambiguous);
  EXPECT_NE(g.reason.find("inside China"), std::string::npos) << g.reason;
  expectPlacedOnJieyang(g);
  EXPECT_EQ(guessCrs({2.2, 48.8, 2.5, 48.9}).crs, "EPSG:4326");  // Paris: lon/lat, not China
  const CrsGuess swapped = guessCrs({22.9, 115.6, 23.8, 116.6});
  EXPECT_LT(swapped.confidence, 0.5);
  EXPECT_NE(swapped.reason.find("swapped"), std::string::npos) << swapped.reason;
}

TEST(CrsGuess, ZonePrefixedThreeDegreeZone) {
  const Box b = boxIn("EPSG:4527", true);  // zone 39, central meridian 117°E
  ASSERT_GT(b.minX, 39e6);
  const CrsGuess g = guessCrs(b);
  EXPECT_EQ(g.crs, "EPSG:4527");
  EXPECT_EQ(g.name, "CGCS2000 / 3-degree Gauss-Kruger zone 39");
  EXPECT_GE(g.confidence, 0.8);
  EXPECT_NE(g.reason.find("zone number 39"), std::string::npos) << g.reason;
  expectPlacedOnJieyang(g);
}

TEST(CrsGuess, ZonePrefixedSixDegreeZone) {
  const CrsGuess g = guessCrs(boxIn("EPSG:4498", true));  // 6° zone 20, central meridian 117°E
  EXPECT_EQ(g.crs, "EPSG:4498");
  expectPlacedOnJieyang(g);
}

TEST(CrsGuess, ZonelessGaussKrugerNeedsAHint) {
  const Box b = boxIn("EPSG:4548", true);  // 3° CM 117°E without zone number
  const CrsGuess none = guessCrs(b);
  EXPECT_TRUE(none.crs.empty());
  EXPECT_TRUE(none.ambiguous);
  EXPECT_LT(none.confidence, 0.5);
  EXPECT_NE(none.reason.find("central meridian cannot be told"), std::string::npos) << none.reason;
  EXPECT_NE(std::find(none.alternatives.begin(), none.alternatives.end(), "EPSG:4548"), none.alternatives.end());

  CrsHint cm;
  cm.centralMeridian = 117;
  const CrsGuess byCm = guessCrs(b, cm);
  EXPECT_EQ(byCm.crs, "EPSG:4548");
  expectPlacedOnJieyang(byCm);
  // The 6° zone with the same meridian gives the same numbers: said, not a doubt.
  EXPECT_FALSE(byCm.ambiguous);
  EXPECT_NE(std::find(byCm.alternatives.begin(), byCm.alternatives.end(), "EPSG:4509 (same coordinates)"),
            byCm.alternatives.end());

  CrsHint extent;
  extent.lonLatExtent = kJieyang;
  const CrsGuess byExtent = guessCrs(b, extent);
  EXPECT_EQ(byExtent.crs, "EPSG:4548");
  EXPECT_GE(byExtent.confidence, 0.5);
  expectPlacedOnJieyang(byExtent);
}

TEST(CrsGuess, WebMercator) {
  const CrsGuess g = guessCrs(boxIn("EPSG:3857", false));
  EXPECT_EQ(g.crs, "EPSG:3857");
  expectPlacedOnJieyang(g);
}

TEST(CrsGuess, NothingFits) {
  EXPECT_TRUE(guessCrs({1e9, 1e9, 2e9, 2e9}).crs.empty());
  EXPECT_TRUE(guessCrs(Box{}).crs.empty());
  EXPECT_EQ(gaussKrugerEpsg(true, 117, true), 4527);
  EXPECT_EQ(gaussKrugerEpsg(true, 117, false), 4548);
  EXPECT_EQ(gaussKrugerEpsg(false, 117, true), 4498);
  EXPECT_EQ(gaussKrugerEpsg(false, 117, false), 4509);
  EXPECT_EQ(gaussKrugerEpsg(true, 118, false), 0);
  EXPECT_TRUE(isKnownCrs("EPSG:4527"));
  EXPECT_FALSE(isKnownCrs("EPSG:99999999"));
}

}  // namespace
