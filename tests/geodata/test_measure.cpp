// Geodesic distance and area for the measuring tool. Distances are checked against PROJ's `geod`
// program (run here, not computed by our code); areas against closed forms: an octant of the
// GRS80 ellipsoid (its whole surface / 8) and of a sphere.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "measure.hpp"
#include "test_support.hpp"

namespace zhenmap {
namespace {

constexpr double kPi = 3.14159265358979323846;

// PROJ's geod program (Debian: proj-bin), found on PATH.
std::string geodProgram() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::filesystem::path p = std::filesystem::path(dir) / "geod";
    if (!dir.empty() && std::filesystem::exists(p)) return p.string();
  }
  ADD_FAILURE() << "PROJ's geod program is not installed (Debian package proj-bin)";
  return "geod";
}

// geod -I on GRS80: the distance in metres between two lon/lat points.
double geodCliDistance(Vec2 a, Vec2 b) {
  std::ostringstream in;
  in.precision(17);
  in << a.y << ' ' << a.x << ' ' << b.y << ' ' << b.x << '\n';  // geod reads lat lon
  const test::RunResult r = test::run({geodProgram(), "-I", "+ellps=GRS80", "-f", "%.9f"}, in.str());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  std::istringstream out(r.out);
  double az1 = 0, az2 = 0, s = -1;
  out >> az1 >> az2 >> s;
  EXPECT_FALSE(out.fail()) << "cannot parse geod output: " << r.out;
  return s;
}

TEST(Measure, DistanceMatchesProjGeodProgram) {
  const std::vector<std::pair<Vec2, Vec2>> pairs = {
      {{116.3727, 23.5498}, {116.3822, 23.5521}},  // across a town in Jieyang, ~1 km
      {{115.95, 23.05}, {116.75, 23.65}},          // across the city, ~100 km
      {{116.0, 23.0}, {116.0, 23.00001}},          // ~1 m
      {{-73.78, 40.64}, {103.99, 1.36}},           // JFK to Singapore (geod's example), ~15,000 km
  };
  for (const auto& [a, b] : pairs) {
    const double expected = geodCliDistance(a, b);
    ASSERT_GT(expected, 0.0);
    EXPECT_NEAR(geodesicDistance(a, b), expected, 0.001) << a.x << "," << a.y << " -> " << b.x << "," << b.y;
  }
}

TEST(Measure, PathLengthIsTheSumOfGeodSegments) {
  const std::vector<Vec2> path = {{116.30, 23.50}, {116.32, 23.51}, {116.35, 23.49}, {116.36, 23.53}};
  double expected = 0.0;
  for (std::size_t i = 1; i < path.size(); ++i) expected += geodCliDistance(path[i - 1], path[i]);
  EXPECT_NEAR(geodesicLength(path), expected, 0.003);
  EXPECT_EQ(geodesicLength({}), 0.0);
  EXPECT_EQ(geodesicLength({{116.0, 23.0}}), 0.0);
}

TEST(Measure, OctantOfGrs80HasAnEighthOfItsSurface) {
  // Surface of an oblate ellipsoid: 2 pi a^2 + pi b^2 / e * ln((1 + e) / (1 - e)).
  const double a = 6378137.0, f = 1.0 / 298.257222101;
  const double b = a * (1.0 - f);
  const double e = std::sqrt(1.0 - (b * b) / (a * a));
  const double surface = 2.0 * kPi * a * a + kPi * b * b / e * std::log((1.0 + e) / (1.0 - e));
  // Equator from lon 0 to 90, then the meridians: all three edges are geodesics.
  const std::vector<Vec2> octant = {{0.0, 0.0}, {90.0, 0.0}, {0.0, 90.0}};
  const PolygonMeasure m = geodesicPolygon(octant);
  EXPECT_NEAR(m.area / (surface / 8.0), 1.0, 1e-9);
  // Perimeter: a quarter of the equator plus two meridian quadrants (from geod).
  const double quadrant = geodCliDistance({0.0, 0.0}, {0.0, 90.0});
  EXPECT_NEAR(m.perimeter, a * kPi / 2.0 + 2.0 * quadrant, 0.01);
  // Clockwise gives the same (positive) area.
  const PolygonMeasure reversed = geodesicPolygon({{0.0, 90.0}, {90.0, 0.0}, {0.0, 0.0}});
  EXPECT_NEAR(reversed.area, m.area, 1.0);
}

TEST(Measure, SphereOctantAndSmallSquare) {
  const Ellipsoid sphere{6371000.0, 0.0};
  const double r = sphere.a;
  const PolygonMeasure octant = geodesicPolygon({{0.0, 0.0}, {90.0, 0.0}, {0.0, 90.0}}, sphere);
  EXPECT_NEAR(octant.area / (kPi * r * r / 2.0), 1.0, 1e-12);
  // A spherical triangle with three right angles: excess pi/2. One with vertices at lon 0, 45
  // on the equator and the pole has excess pi/4: area pi/4 r^2.
  const PolygonMeasure wedge = geodesicPolygon({{0.0, 0.0}, {45.0, 0.0}, {0.0, 90.0}}, sphere);
  EXPECT_NEAR(wedge.area / (kPi / 4.0 * r * r), 1.0, 1e-12);
}

TEST(Measure, FewPointsHaveNoArea) {
  EXPECT_EQ(geodesicPolygon({}).area, 0.0);
  EXPECT_EQ(geodesicPolygon({{116.0, 23.0}, {116.1, 23.0}}).area, 0.0);
  // Two points: the perimeter is there and back.
  const double d = geodCliDistance({116.0, 23.0}, {116.1, 23.0});
  EXPECT_NEAR(geodesicPolygon({{116.0, 23.0}, {116.1, 23.0}}).perimeter, 2.0 * d, 0.002);
}

TEST(Measure, ReadableUnits) {
  EXPECT_EQ(distanceText(0.4), "0 m");
  EXPECT_EQ(distanceText(850.2), "850 m");
  EXPECT_EQ(distanceText(999.4), "999 m");
  EXPECT_EQ(distanceText(1000.0), "1.00 km");
  EXPECT_EQ(distanceText(12345.0), "12.35 km");
  EXPECT_EQ(distanceText(234567.0), "234.6 km");
  EXPECT_EQ(areaText(950.4), "950 m²");
  EXPECT_EQ(areaText(32500.0), "3.25 ha");
  EXPECT_EQ(areaText(999000.0), "99.90 ha");
  EXPECT_EQ(areaText(12350000.0), "12.35 km²");
  EXPECT_EQ(distanceText(std::nan("")), "—");
}

}  // namespace
}  // namespace zhenmap
