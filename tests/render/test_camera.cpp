// Camera: screen/map round trips, zoom at cursor keeps the point under it, fit.
#include <gtest/gtest.h>

#include "camera.hpp"

using namespace zhenmap;

TEST(Camera, ZoomAtKeepsThePointUnderTheCursor) {
  Camera cam;
  cam.setViewport(800, 600);
  cam.setCenter({12'950'000.0, 2'700'000.0});
  cam.setUnitsPerPixel(100.0);
  const Vec2 cursor{123.0, 456.0};
  const Vec2 before = cam.screenToMap(cursor);
  cam.zoomAt(cursor, 2.0);
  EXPECT_DOUBLE_EQ(cam.unitsPerPixel(), 50.0);
  const Vec2 after = cam.screenToMap(cursor);
  EXPECT_NEAR(after.x, before.x, 1e-6);
  EXPECT_NEAR(after.y, before.y, 1e-6);
}

TEST(Camera, PanMovesTheMapWithTheMouse) {
  Camera cam;
  cam.setViewport(800, 600);
  cam.setUnitsPerPixel(10.0);
  const Vec2 grabbed = cam.screenToMap({400, 300});
  cam.panPixels(30, -20);
  const Vec2 nowAt = cam.mapToScreen(grabbed);
  EXPECT_NEAR(nowAt.x, 430.0, 1e-9);
  EXPECT_NEAR(nowAt.y, 280.0, 1e-9);
}

TEST(Camera, FitShowsTheWholeBox) {
  Camera cam;
  cam.setViewport(1000, 500);
  const Box box{0, 0, 2000, 2000};
  cam.fit(box, 0.0);
  const Box vis = cam.visibleExtent();
  EXPECT_LE(vis.minX, box.minX);
  EXPECT_LE(vis.minY, box.minY + 1e-9);
  EXPECT_GE(vis.maxX, box.maxX);
  EXPECT_GE(vis.maxY, box.maxY - 1e-9);
  EXPECT_DOUBLE_EQ(cam.unitsPerPixel(), 4.0);  // height limits: 2000 units over 500 px
}
