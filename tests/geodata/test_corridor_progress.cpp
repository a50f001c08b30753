// Corridor progress: routes split at their built length along the ellipsoid. Expected lengths and
// split points come from PROJ's `geod` program (GRS80), run by hand, not from the code under test.
#include <gtest/gtest.h>

#include "corridor_progress.hpp"
#include "crs_transform.hpp"

using namespace zhenmap;

namespace {
// Jieyang-like route: 0.1 degree east along 23.5N, then 0.1 degree north.
const std::vector<Vec2> kRoute = {{116.0, 23.5}, {116.1, 23.5}, {116.1, 23.6}};
constexpr double kFirstLegKm = 10.214103;   // geod -I: 23.5 116.0 23.5 116.1
constexpr double kSecondLegKm = 11.075177;  // geod -I: 23.5 116.1 23.6 116.1
}  // namespace

TEST(CorridorProgress, LengthsOnTheEllipsoid) {
  EXPECT_NEAR(ellipsoidLengthKm({{0.0, 0.0}, {1.0, 0.0}}), 111.319491, 1e-6);  // a * pi / 180 on GRS80
  EXPECT_NEAR(ellipsoidLengthKm(kRoute), kFirstLegKm + kSecondLegKm, 1e-6);
  EXPECT_EQ(ellipsoidLengthKm({{116.0, 23.5}}), 0.0);
}

TEST(CorridorProgress, SplitsInsideTheFirstSegmentOnItsGeodesic) {
  const auto [built, remaining] = splitAtKm(kRoute, 5.0);
  ASSERT_EQ(built.size(), 2u);
  // geod: 23.5 116.0, azimuth 89.980062542, 5000 m -> 23.500008019 116.048951923 (north of the
  // parallel: the geodesic bulges towards the pole, a straight line in degrees would not).
  EXPECT_NEAR(built[1].x, 116.048951923, 1e-8);
  EXPECT_NEAR(built[1].y, 23.500008019, 1e-8);
  ASSERT_EQ(remaining.size(), 3u);
  EXPECT_EQ(remaining[0], built[1]);
  EXPECT_EQ(remaining[2], kRoute[2]);
  EXPECT_NEAR(ellipsoidLengthKm(built), 5.0, 1e-6);
}

TEST(CorridorProgress, SplitsInTheSecondSegmentAndAtTheEnds) {
  const auto [built, remaining] = splitAtKm(kRoute, kFirstLegKm + 2.0);
  ASSERT_EQ(built.size(), 3u);
  EXPECT_NEAR(built[2].x, 116.1, 1e-9);
  EXPECT_NEAR(built[2].y, 23.518058498, 1e-8);  // geod: 23.5 116.1 az 0, 2000 m
  ASSERT_EQ(remaining.size(), 2u);
  EXPECT_EQ(remaining[1], kRoute[2]);

  const auto none = splitAtKm(kRoute, 0.0);
  EXPECT_TRUE(none.first.empty());
  EXPECT_EQ(none.second, kRoute);
  const auto all = splitAtKm(kRoute, 30.0);
  EXPECT_EQ(all.first, kRoute);
  EXPECT_TRUE(all.second.empty());
}

TEST(CorridorProgress, ProgressText) {
  EXPECT_EQ(progressText(12.44, 18.0), "12.4 / 18.0 km");
  EXPECT_EQ(progressText(0.05, 7.96), "0.1 / 8.0 km");
}

TEST(CorridorProgress, RoutesLayerInWebMercatorSplitsByBuiltKm) {
  LayerData routes;
  routes.name = "scenic_routes";
  routes.mapCrs = "EPSG:3857";
  routes.fields = {{"built_km", FieldType::Real, "Real", 0, 0}, {"planned_km", FieldType::Real, "Real", 0, 0}};
  const CrsTransform toMap("EPSG:4490", "EPSG:3857");
  std::vector<Vec2> projected = kRoute;
  toMap.forward(projected.data(), projected.size());
  const double planned = kFirstLegKm + kSecondLegKm;
  for (double built : {kFirstLegKm + 2.0, 0.0, planned}) {
    Feature f;
    f.fid = static_cast<std::int64_t>(routes.features.size()) + 1;
    f.geometry.kind = GeomKind::Line;
    f.geometry.points = projected;
    f.geometry.rings = {0, 3};
    f.attributes = {built, planned};
    routes.features.push_back(f);
  }
  const ProgressLayers p = splitRoutesByProgress(routes, "built_km", "planned_km");
  EXPECT_EQ(p.built.name, "scenic_routes_built");
  EXPECT_EQ(p.remaining.name, "scenic_routes_remaining");
  ASSERT_EQ(p.built.features.size(), 3u);
  ASSERT_EQ(p.remaining.features.size(), 3u);
  // Route 1: split 2 km up the second leg.
  const Geometry& b = p.built.features[0].geometry;
  ASSERT_EQ(b.points.size(), 3u);
  const Vec2 cut = toMap.inverse(b.points[2]);
  EXPECT_NEAR(cut.x, 116.1, 1e-7);
  EXPECT_NEAR(cut.y, 23.518058498, 1e-7);
  EXPECT_EQ(p.remaining.features[0].geometry.points.size(), 2u);
  EXPECT_EQ(std::get<double>(p.built.features[0].attributes[0]), kFirstLegKm + 2.0);
  // Route 2: nothing built. Route 3: all built.
  EXPECT_EQ(p.built.features[1].geometry.kind, GeomKind::None);
  EXPECT_EQ(p.remaining.features[1].geometry.points.size(), 3u);
  EXPECT_EQ(p.built.features[2].geometry.points.size(), 3u);
  EXPECT_EQ(p.remaining.features[2].geometry.kind, GeomKind::None);
  EXPECT_THROW(splitRoutesByProgress(p.built, "nope", "planned_km"), std::invalid_argument);
}
