// GCJ-02 and BD-09 against an independent implementation written here from the published
// formulas (the sine terms as a table, long double arithmetic, Newton's method with a numeric
// Jacobian for the inverse), plus facts that hold whatever the implementation: the shift in
// Jieyang is tens to hundreds of metres, nothing moves outside China's box, round trips < 1 m.
#include <gtest/gtest.h>

#include <ogr_api.h>

#include <array>
#include <cmath>
#include <random>

#include "china_offsets.hpp"
#include "indep_offsets.hpp"

using namespace zhenmap;
using namespace zhenmap::offsets;

namespace {

namespace indep = zhenmap::test::indep;

double metres(Vec2 a, Vec2 b) { return indep::metres(a.x, a.y, b.x, b.y); }

// Random points over Jieyang's box and over the whole of China.
std::vector<Vec2> samplePoints() {
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> jx(115.6, 116.6), jy(22.8, 23.8), cx(74.0, 134.0), cy(18.0, 53.0);
  std::vector<Vec2> pts;
  for (int i = 0; i < 500; ++i) pts.push_back({jx(rng), jy(rng)});
  for (int i = 0; i < 1500; ++i) pts.push_back({cx(rng), cy(rng)});
  return pts;
}

TEST(ChinaOffsets, ForwardMatchesTheIndependentImplementation) {
  for (const Vec2 p : samplePoints()) {
    const auto g = indep::toGcj(p.x, p.y);
    const Vec2 ours = wgs84ToGcj02(p);
    EXPECT_NEAR(ours.x, static_cast<double>(g[0]), 1e-10) << p.x << " " << p.y;
    EXPECT_NEAR(ours.y, static_cast<double>(g[1]), 1e-10) << p.x << " " << p.y;
    const auto b = indep::gcjToBd(g[0], g[1]);
    const Vec2 bd = wgs84ToBd09(p);
    EXPECT_NEAR(bd.x, static_cast<double>(b[0]), 1e-10);
    EXPECT_NEAR(bd.y, static_cast<double>(b[1]), 1e-10);
  }
}

TEST(ChinaOffsets, InverseMatchesNewtonAndRoundTripsBelowOneMetre) {
  double worstGcj = 0.0, worstBd = 0.0;
  for (const Vec2 p : samplePoints()) {
    const Vec2 gcj = wgs84ToGcj02(p);
    const Vec2 back = gcj02ToWgs84(gcj);
    const auto newton = indep::solve([](auto x, auto y) { return indep::toGcj(x, y); }, gcj.x, gcj.y);
    EXPECT_NEAR(back.x, static_cast<double>(newton[0]), 1e-8);
    EXPECT_NEAR(back.y, static_cast<double>(newton[1]), 1e-8);
    worstGcj = std::max(worstGcj, metres(back, p));
    const Vec2 bd = wgs84ToBd09(p);
    const Vec2 bdBack = bd09ToWgs84(bd);
    worstBd = std::max(worstBd, metres(bdBack, p));
    const auto bdNewton = indep::solve([](auto x, auto y) { return indep::gcjToBd(x, y); }, bd.x, bd.y);
    const Vec2 gcjFromBd = bd09ToGcj02(bd);
    EXPECT_NEAR(gcjFromBd.x, static_cast<double>(bdNewton[0]), 1e-8);
    EXPECT_NEAR(gcjFromBd.y, static_cast<double>(bdNewton[1]), 1e-8);
  }
  EXPECT_LT(worstGcj, 0.01);  // metres
  EXPECT_LT(worstBd, 0.01);
}

// What is known of the offsets, whatever the code: in Jieyang GCJ-02 moves points by tens to a
// few hundred metres; BD-09 adds about 0.0065° east and 0.006° north on top (~1 km).
TEST(ChinaOffsets, SizesOfTheShiftInJieyang) {
  const Vec2 rongcheng{116.3725, 23.5419};
  const double gcjShift = metres(wgs84ToGcj02(rongcheng), rongcheng);
  EXPECT_GT(gcjShift, 50.0);
  EXPECT_LT(gcjShift, 800.0);
  const Vec2 gcj = wgs84ToGcj02(rongcheng), bd = gcj02ToBd09(gcj);
  EXPECT_NEAR(bd.x - gcj.x, 0.0065, 0.0015);
  EXPECT_NEAR(bd.y - gcj.y, 0.006, 0.0015);
}

TEST(ChinaOffsets, NoOffsetOutsideChina) {
  for (const Vec2 p : {Vec2{2.35, 48.85}, Vec2{-74.0, 40.7}, Vec2{139.7, 35.7}, Vec2{151.2, -33.9}}) {
    EXPECT_EQ(wgs84ToGcj02(p), p);
    EXPECT_EQ(gcj02ToWgs84(p), p);
  }
  EXPECT_TRUE(outsideChina(139.7, 35.7));     // Tokyo: east of the box
  EXPECT_FALSE(outsideChina(116.37, 23.54));  // Jieyang
  const Vec2 nan{NAN, 23.0};
  EXPECT_TRUE(std::isnan(wgs84ToGcj02(nan).x));
}

TEST(ChinaOffsets, SystemNames) {
  EXPECT_EQ(parseLonLatSystem("GCJ-02"), LonLatSystem::Gcj02);
  EXPECT_EQ(parseLonLatSystem("bd09"), LonLatSystem::Bd09);
  EXPECT_EQ(parseLonLatSystem("CGCS2000"), LonLatSystem::Cgcs2000);
  EXPECT_EQ(parseLonLatSystem("EPSG:4326"), LonLatSystem::Wgs84);
  EXPECT_FALSE(parseLonLatSystem("mars").has_value());
  EXPECT_STREQ(lonLatSystemName(LonLatSystem::Bd09), "bd09");
}

TEST(ChinaOffsets, WholeGeometriesEveryVertex) {
  OGRGeometryH g = nullptr;
  char wkt[] =
      "GEOMETRYCOLLECTION (POINT (116.3 23.5), LINESTRING Z (116.1 23.4 5,116.2 23.6 7), "
      "CIRCULARSTRING (116.0 23.0,116.1 23.1,116.2 23.0))";
  char* cursor = wkt;
  ASSERT_EQ(OGR_G_CreateFromWkt(&cursor, nullptr, &g), OGRERR_NONE);
  convertGeometry(g, LonLatSystem::Wgs84, LonLatSystem::Gcj02);
  OGRGeometryH line = OGR_G_GetGeometryRef(g, 1);
  const auto expected = indep::toGcj(116.2L, 23.6L);
  EXPECT_NEAR(OGR_G_GetX(line, 1), static_cast<double>(expected[0]), 1e-10);
  EXPECT_NEAR(OGR_G_GetY(line, 1), static_cast<double>(expected[1]), 1e-10);
  EXPECT_EQ(OGR_G_GetZ(line, 1), 7.0);
  const auto arc = indep::toGcj(116.1L, 23.1L);
  EXPECT_NEAR(OGR_G_GetX(OGR_G_GetGeometryRef(g, 2), 1), static_cast<double>(arc[0]), 1e-10);
  convertGeometry(g, LonLatSystem::Gcj02, LonLatSystem::Cgcs2000);
  EXPECT_NEAR(OGR_G_GetX(OGR_G_GetGeometryRef(g, 0), 0), 116.3, 1e-8);
  EXPECT_NEAR(OGR_G_GetY(OGR_G_GetGeometryRef(g, 0), 0), 23.5, 1e-8);
  OGR_G_DestroyGeometry(g);
}

}  // namespace
