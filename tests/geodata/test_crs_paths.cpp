// CrsTransform against PROJ's C API used directly (crs_to_crs + normalize for visualisation):
// the closed-form spherical Mercator path and the PROJ path must give PROJ's numbers, including
// for a source whose datum shift rules the closed form out, wrapped longitudes and the poles.
#include <gtest/gtest.h>
#include <proj.h>

#include <cmath>
#include <memory>

#include "crs_transform.hpp"

using namespace zhenmap;

namespace {

std::vector<Vec2> viaProj(const std::string& from, const std::string& to, std::vector<Vec2> pts) {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, from.c_str(), to.c_str(), nullptr);
  PJ* op = proj_normalize_for_visualization(ctx, raw);
  for (Vec2& p : pts) {
    const PJ_COORD c = proj_trans(op, PJ_FWD, proj_coord(p.x, p.y, 0, 0));
    p = {c.xy.x, c.xy.y};
  }
  proj_destroy(op);
  proj_destroy(raw);
  proj_context_destroy(ctx);
  return pts;
}

std::vector<Vec2> samples() {
  std::vector<Vec2> pts;
  for (double lon = 115.6; lon <= 116.9; lon += 0.13) {
    for (double lat = 22.9; lat <= 23.8; lat += 0.09) pts.push_back({lon, lat});
  }
  pts.push_back({-179.99, -80.0});
  pts.push_back({0.0, 0.0});
  pts.push_back({179.99, 84.0});
  return pts;
}

class ToWebMercator : public ::testing::TestWithParam<const char*> {};

TEST_P(ToWebMercator, AgreesWithProjWithinAMicrometre) {
  const std::vector<Vec2> pts = samples();
  const std::vector<Vec2> expected = viaProj(GetParam(), "EPSG:3857", pts);
  CrsTransform t(GetParam(), "EPSG:3857");
  std::vector<Vec2> got = pts;
  t.forward(got.data(), got.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (!std::isfinite(expected[i].x)) continue;  // outside the source CRS's area for PROJ too
    EXPECT_NEAR(got[i].x, expected[i].x, 1e-6) << i;
    EXPECT_NEAR(got[i].y, expected[i].y, 1e-6) << i;
  }
  std::vector<Vec2> back = got;
  t.inverse(back.data(), back.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (!std::isfinite(expected[i].x)) continue;
    EXPECT_NEAR(back[i].x, pts[i].x, 1e-6) << i;
    EXPECT_NEAR(back[i].y, pts[i].y, 1e-6) << i;
  }
}

// CGCS2000 and WGS 84 have no datum shift to Web Mercator; a Krassowsky datum with a 3-parameter
// shift to WGS 84 (as Beijing 1954 data often carries) has one.
const char* kShifted = "+proj=longlat +ellps=krass +towgs84=15.8,-154.4,-82.3 +no_defs +type=crs";
INSTANTIATE_TEST_SUITE_P(Sources, ToWebMercator, ::testing::Values("EPSG:4490", "EPSG:4326", kShifted));

TEST(WebMercatorPath, BeijingDatumShiftIsApplied) {
  // The datum shift is real (tens of metres): a closed form that ignored it would fail above.
  CrsTransform cgcs("EPSG:4490", "EPSG:3857"), beijing(kShifted, "EPSG:3857");
  const Vec2 a = cgcs.forward({116.37, 23.55}), b = beijing.forward({116.37, 23.55});
  EXPECT_GT(std::hypot(a.x - b.x, a.y - b.y), 10.0);
}

TEST(WebMercatorPath, PolesAndNaNBecomeNaN) {
  CrsTransform t("EPSG:4490", "EPSG:3857");
  EXPECT_TRUE(std::isnan(t.forward({116.0, 90.0}).x));
  EXPECT_TRUE(std::isnan(t.forward({std::nan(""), 23.0}).y));
  const Vec2 wrapped = t.forward({116.0 + 360.0, 23.0}), plain = t.forward({116.0, 23.0});
  EXPECT_NEAR(wrapped.x, plain.x, 1e-6);
}

}  // namespace

namespace {

// EPSG:4513-4533 are CGCS2000 3-degree Gauss-Krüger zones 25-45 (central meridian 75E + 3 per
// zone, false easting with the zone number in front); EPSG:4534-4554 the same meridians without
// the zone prefix. All declare northing first; we always give east, north.
TEST(GaussKruger, AllCgcs2000ThreeDegreeZonesPutTheCentralMeridianAtTheFalseEasting) {
  double northing = 0;
  for (int code = 4513; code <= 4554; ++code) {
    const bool prefixed = code <= 4533;
    const int zone = prefixed ? code - 4513 + 25 : code - 4534 + 25;
    const double meridian = 75.0 + 3.0 * (zone - 25);
    const double falseEasting = prefixed ? zone * 1e6 + 500000.0 : 500000.0;
    SCOPED_TRACE("EPSG:" + std::to_string(code));
    CrsTransform t("EPSG:4490", "EPSG:" + std::to_string(code));
    const Vec2 p = t.forward({meridian, 23.5});
    EXPECT_NEAR(p.x, falseEasting, 1e-3);
    if (northing == 0) northing = p.y;
    EXPECT_NEAR(p.y, northing, 1e-3) << "same latitude on the central meridian, same northing";
    const Vec2 off = t.forward({meridian + 1.0, 23.5});
    EXPECT_GT(off.x, falseEasting + 50000.0) << "east of the meridian is further east";
    const Vec2 back = t.inverse(off);
    EXPECT_NEAR(back.x, meridian + 1.0, 1e-9);
    EXPECT_NEAR(back.y, 23.5, 1e-9);
  }
  EXPECT_GT(northing, 2.5e6);
}

}  // namespace
