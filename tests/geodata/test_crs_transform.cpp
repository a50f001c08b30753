// CrsTransform: axis order, known values, errors.
#include <gtest/gtest.h>

#include <cmath>

#include "crs_transform.hpp"
#include "errors.hpp"

using namespace zhenmap;

TEST(CrsTransform, LonLatToWebMercatorMatchesTheSphericalFormula) {
  CrsTransform t("EPSG:4490", "EPSG:3857");
  const double lon = 116.37, lat = 23.55;
  const Vec2 p = t.forward({lon, lat});
  const double R = 6378137.0;
  const double pi = std::acos(-1.0);
  EXPECT_NEAR(p.x, R * lon * pi / 180.0, 1e-6);
  EXPECT_NEAR(p.y, R * std::log(std::tan(pi / 4 + lat * pi / 360.0)), 1e-6);
}

TEST(CrsTransform, GaussKrugerZoneIsEastingFirst) {
  // EPSG:4548 (CGCS2000 3-degree GK CM 117E) declares northing first; we always give east, north.
  CrsTransform t("EPSG:4490", "EPSG:4548");
  const Vec2 p = t.forward({117.0, 23.5});
  EXPECT_NEAR(p.x, 500000.0, 1e-3);  // on the central meridian: false easting
  EXPECT_GT(p.y, 2'500'000.0);
  EXPECT_LT(p.y, 2'700'000.0);
  const Vec2 back = t.inverse(p);
  EXPECT_NEAR(back.x, 117.0, 1e-9);
  EXPECT_NEAR(back.y, 23.5, 1e-9);
}

TEST(CrsTransform, UnknownCrsThrowsCrsError) {
  EXPECT_THROW(CrsTransform("EPSG:999999", "EPSG:3857"), CrsError);
  EXPECT_THROW(CrsTransform("EPSG:4490", "not a crs"), CrsError);
}
