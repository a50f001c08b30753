// Map decorations: round scale-bar lengths, ground distance on the ellipsoid in Web Mercator and
// in a Gauss-Krüger CRS, and a rendered title, legend, scale bar and north arrow.
#include <gtest/gtest.h>

#include <cmath>

#include "crs_transform.hpp"
#include "egl_context.hpp"
#include "label_test_support.hpp"
#include "map_decorations.hpp"
#include "offscreen_target.hpp"

using namespace zhenmap;
using namespace zhenmap::test;

TEST(ScaleBar, NiceLengthsAreOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(niceLength(1234), 1000);
  EXPECT_DOUBLE_EQ(niceLength(2500), 2000);
  EXPECT_DOUBLE_EQ(niceLength(5000), 5000);
  EXPECT_DOUBLE_EQ(niceLength(9999), 5000);
  EXPECT_DOUBLE_EQ(niceLength(7.3), 5);
  EXPECT_NEAR(niceLength(0.3), 0.2, 1e-12);
  EXPECT_EQ(niceLength(0), 0);
  EXPECT_EQ(niceLength(-3), 0);
}

TEST(ScaleBar, DistancesReadInMetresOrKilometres) {
  EXPECT_EQ(formatDistance(500), "500 m");
  EXPECT_EQ(formatDistance(1000), "1 km");
  EXPECT_EQ(formatDistance(20000), "20 km");
  EXPECT_EQ(formatDistance(2500), "2.5 km");
  EXPECT_EQ(formatDistance(0.5), "0.5 m");
}

TEST(ScaleBar, GroundDistanceInWebMercatorShrinksWithLatitude) {
  // Web Mercator: x = a * lon, y = a * ln(tan(pi/4 + lat/2)). Along a parallel on the ellipsoid a
  // degree of longitude is N cos(lat) with N = a / sqrt(1 - e^2 sin^2 lat).
  const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f);
  const double lat = 23.5 * M_PI / 180, lon = 116.37 * M_PI / 180;
  Camera cam;
  cam.setViewport(800, 600);
  cam.setCenter({a * lon, a * std::log(std::tan(M_PI / 4 + lat / 2))});
  cam.setUnitsPerPixel(10.0);
  const double expected = 10.0 * std::cos(lat) / std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat));
  const CrsTransform toLonLat("EPSG:3857", "EPSG:4326");
  EXPECT_NEAR(groundMetresPerPixel(cam, toLonLat), expected, expected * 1e-4);
}

TEST(ScaleBar, GroundDistanceInGaussKrugerIsAboutTheGridDistance) {
  // EPSG:4527 (CGCS2000 3-degree zone 39, central meridian 117E): 0.6 degrees from the central
  // meridian the scale factor is 1 + 5e-5, so 10 grid metres are 9.9995 m on the ground.
  const CrsTransform toGrid("EPSG:4326", "EPSG:4527");
  Camera cam;
  cam.setViewport(800, 600);
  cam.setCenter(toGrid.forward(Vec2{116.4, 23.5}));
  cam.setUnitsPerPixel(10.0);
  const CrsTransform toLonLat("EPSG:4527", "EPSG:4326");
  EXPECT_NEAR(groundMetresPerPixel(cam, toLonLat), 9.9995, 0.0005);
}

TEST(MapDecorations, TitleLegendScaleBarAndNorthArrowAreDrawn) {
  EglContext context;
  OffscreenTarget target(800, 600);
  DecorationRenderer deco;
  MapDecorations d;
  d.title = "揭阳市乡村振兴项目分布";
  d.legend = {{"已完工 completed", rgba(0x1b, 0x9e, 0x77), rgba(0x33, 0x33, 0x33), 2},
              {"风貌带 scenic belt", rgba(0, 0, 0, 0), rgba(0xd9, 0x5f, 0x02), 1},
              {"榕城区", rgba(0xe6, 0x32, 0x32), rgba(0x33, 0x33, 0x33), 0}};
  d.mapCrs = "EPSG:3857";
  Camera cam;
  cam.setViewport(800, 600);
  cam.setCenter({12'955'000, 2'695'000});
  cam.setUnitsPerPixel(50);
  target.bind();
  glClearColor(0.75f, 0.85f, 0.95f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  deco.draw(cam, d);
  glFinish();
  const Image img = target.readPixels();

  // Title: ink in the top band, centred.
  const PixelStats title = countPixels(img, dark, 0, 0, 680, 60);  // left of the north arrow
  EXPECT_GT(title.count, 300);
  EXPECT_NEAR((title.minX + title.maxX) * 0.5, 400.0, 40.0);
  // Legend: the polygon patch's fill colour, exactly, in the bottom-left corner only.
  auto patch = [](int r, int g, int b) { return r == 0xe6 && g == 0x32 && b == 0x32; };
  const PixelStats fill = countPixels(img, patch);
  EXPECT_GT(fill.count, 100);
  EXPECT_LT(fill.maxX, 200);
  EXPECT_GT(fill.minY, 450);
  auto orange = [](int r, int g, int b) { return r == 0xd9 && g == 0x5f && b == 0x02; };
  EXPECT_GT(countPixels(img, orange, 0, 400, 300, 600).count, 40);
  EXPECT_GT(countPixels(img, dark, 0, 450, 300, 600).count, 200);  // legend text
  // Scale bar: 50 m/px grid at 23.5N is ~45.8 m/px on the ground; the bar is at most 160 px, so
  // 5 km = 109 px. Its black half is a solid run on the bottom row of the bar.
  const PixelStats bar = countPixels(img, dark, 500, 560, 800, 600);
  EXPECT_GT(bar.count, 300);
  EXPECT_NEAR(bar.maxX - bar.minX, 109, 4);
  // North arrow in the top-right corner.
  EXPECT_GT(countPixels(img, dark, 700, 0, 800, 120).count, 100);
  expectMatchesGolden(img, "decorations");
}
