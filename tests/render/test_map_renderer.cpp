// The GPU renderer, headless: placement stays exact at street level far from the layer's
// origin, and a frame's work is bounded by what is visible (level of detail, tile culling).
#include <gtest/gtest.h>

#include <cmath>

#include "egl_context.hpp"
#include "map_renderer.hpp"
#include "offscreen_target.hpp"

using namespace zhenmap;

namespace {

Feature square(double x, double y, double size, std::int64_t fid) {
  Feature f;
  f.fid = fid;
  f.geometry.kind = GeomKind::Polygon;
  f.geometry.points = {{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}};
  f.geometry.rings = {0, 5};
  f.geometry.parts = {0, 1};
  return f;
}

// A many-sided polygon (a circle), so simplification has something to remove.
Feature circle(double cx, double cy, double r, int n, std::int64_t fid) {
  Feature f;
  f.fid = fid;
  f.geometry.kind = GeomKind::Polygon;
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * 3.14159265358979 * (i % n) / n;
    f.geometry.points.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
  }
  f.geometry.rings = {0, static_cast<std::uint32_t>(n + 1)};
  f.geometry.parts = {0, 1};
  return f;
}

LayerStyle fillOnly(Rgba c) {
  LayerStyle s;
  s.symbol.fill = c;
  s.symbol.strokeWidth = 0.0f;
  return s;
}

bool isFill(const Image& img, int x, int y) {
  const std::uint8_t* p = img.pixel(x, y);
  return p[0] < 40 && p[1] < 40 && p[2] > 200;
}

}  // namespace

TEST(MapRenderer, StreetLevelPlacementIsExactFarFromTheOrigin) {
  EglContext ctx;
  LayerData layer;
  layer.name = "far";
  // A 2 m square in Web Mercator near Jieyang, and another feature 80 km away, so the bucket
  // origin (the extent's centre) is 40 km from the square.
  layer.features = {square(12'950'000.0, 2'700'000.0, 2.0, 1), square(13'030'000.0, 2'700'000.0, 2.0, 2)};
  for (const Feature& f : layer.features) layer.extent.expand(f.geometry.bounds());
  MapRenderer renderer;
  renderer.addLayer(tessellate(layer, fillOnly(rgba(0, 0, 255))));
  OffscreenTarget target(400, 400);
  Camera cam;
  cam.setViewport(400, 400);
  cam.setUnitsPerPixel(0.01);  // 1 cm per pixel: the square is 200 px wide
  cam.setCenter({12'950'001.0, 2'700'001.0});
  target.bind();
  renderer.draw(cam, rgba(255, 255, 255));
  const Image img = target.readPixels();
  // The square spans pixels 100..300 exactly.
  EXPECT_TRUE(isFill(img, 101, 200));
  EXPECT_FALSE(isFill(img, 98, 200));
  EXPECT_TRUE(isFill(img, 298, 200));
  EXPECT_FALSE(isFill(img, 301, 200));
  EXPECT_TRUE(isFill(img, 200, 101));
  EXPECT_FALSE(isFill(img, 200, 98));
  EXPECT_TRUE(isFill(img, 200, 298));
  EXPECT_FALSE(isFill(img, 200, 301));
}

TEST(MapRenderer, FrameWorkIsBoundedByWhatIsVisible) {
  EglContext ctx;
  LayerData layer;
  layer.name = "grid";
  for (int i = 0; i < 40; ++i) {
    for (int j = 0; j < 40; ++j) layer.features.push_back(circle(i * 1000.0, j * 1000.0, 450.0, 400, i * 40 + j));
  }
  for (const Feature& f : layer.features) layer.extent.expand(f.geometry.bounds());
  const Buckets b = tessellate(layer, fillOnly(rgba(0, 0, 255)));
  const std::size_t fullDetail = b.levels[0].fillIndices.size() / 3;
  MapRenderer renderer;
  renderer.addLayer(b);
  OffscreenTarget target(800, 800);
  target.bind();
  Camera cam;
  cam.setViewport(800, 800);

  cam.fit(layer.extent);  // everything on screen: a coarse level
  const FrameStats whole = renderer.draw(cam, rgba(255, 255, 255));
  EXPECT_LT(whole.triangles * 4, fullDetail);
  EXPECT_GT(whole.triangles, 1600u * 8u);  // every circle still drawn

  cam.setUnitsPerPixel(1.0);  // 800 m across: about one circle, at full detail
  cam.setCenter({20'000.0, 20'000.0});
  const FrameStats close = renderer.draw(cam, rgba(255, 255, 255));
  EXPECT_LE(close.tilesDrawn, 4u);
  EXPECT_LT(close.triangles * 20, fullDetail);
  const Image img = target.readPixels();
  EXPECT_TRUE(isFill(img, 400, 400));  // the circle at (20 km, 20 km) fills the centre
  EXPECT_FALSE(isFill(img, 5, 5));     // between circles
}

TEST(MapRenderer, HiddenLayersAndScaleRangesAreNotDrawn) {
  EglContext ctx;
  LayerData layer;
  layer.name = "one";
  layer.features = {square(0, 0, 10, 1)};
  layer.extent = layer.features[0].geometry.bounds();
  LayerStyle style = fillOnly(rgba(0, 0, 255));
  style.maxScale = 50'000;
  MapRenderer renderer;
  renderer.addLayer(tessellate(layer, style));
  OffscreenTarget target(64, 64);
  target.bind();
  Camera cam;
  cam.setViewport(64, 64);
  cam.fit(layer.extent);
  EXPECT_GT(renderer.draw(cam, rgba(255, 255, 255), 10'000).triangles, 0u);
  EXPECT_EQ(renderer.draw(cam, rgba(255, 255, 255), 100'000).triangles, 0u);  // beyond maxScale
  renderer.setVisible(0, false);
  EXPECT_EQ(renderer.draw(cam, rgba(255, 255, 255), 10'000).triangles, 0u);
}

// Progressive levels of detail as the viewer builds them: the first view's levels uploaded, the
// finer ones added later (addLevels) give the same pictures as every level at once, at full
// extent and zoomed in; a layer's generation changes only when it is uploaded anew; warmUp
// leaves the layers as they were.
TEST(MapRenderer, LevelsAddedLaterDrawWhatAllLevelsDraw) {
  EglContext ctx;
  LayerData layer;
  layer.name = "grid";
  for (int i = 0; i < 10; ++i) {
    for (int j = 0; j < 10; ++j) layer.features.push_back(circle(i * 1000.0, j * 1000.0, 450.0, 400, i * 10 + j));
  }
  for (const Feature& f : layer.features) layer.extent.expand(f.geometry.bounds());
  LayerStyle style = fillOnly(rgba(0, 0, 255));
  style.symbol.strokeWidth = 1.0f;
  Camera full;
  full.setViewport(400, 400);
  full.fit(layer.extent);
  Camera close = full;
  close.setUnitsPerPixel(1.0);
  close.setCenter({5'450.0, 5'000.0});  // on a circle's edge

  const LevelSplit split = splitLevels(layer.extent, GeomKind::Polygon, full.unitsPerPixel(), layer.features.size());
  ASSERT_FALSE(split.first.empty());
  ASSERT_FALSE(split.later.empty());
  EXPECT_EQ(split.later.front(), 0.0);  // full detail comes later

  OffscreenTarget target(400, 400, 0);
  target.bind();
  auto picture = [&](const MapRenderer& r, const Camera& cam) {
    target.bind();  // readPixels leaves the resolve buffer bound
    r.draw(cam, rgba(255, 255, 255));
    return target.readPixels();
  };
  MapRenderer all;
  all.addLayer(tessellate(layer, style));
  const Image allFull = picture(all, full), allClose = picture(all, close);
  EXPECT_TRUE(isFill(allClose, 100, 200));   // inside the circle left of the edge
  EXPECT_FALSE(isFill(allClose, 250, 200));  // the gap before the next circle

  MapRenderer progressive;
  progressive.addLayer(tessellateLevels({&layer}, {style}, {split.first})[0]);
  const std::uint64_t generation = progressive.generation(0);
  EXPECT_TRUE(picture(progressive, full).rgba == allFull.rgba);     // the first view needs no more
  EXPECT_FALSE(picture(progressive, close).rgba == allClose.rgba);  // zoomed in: coarser until refined
  progressive.addLevels(0, tessellateLevels({&layer}, {style}, {split.later})[0]);
  EXPECT_EQ(progressive.generation(0), generation);
  progressive.warmUp();
  EXPECT_EQ(progressive.layerCount(), 1u);
  EXPECT_TRUE(picture(progressive, full).rgba == allFull.rgba);
  EXPECT_TRUE(picture(progressive, close).rgba == allClose.rgba);

  progressive.addLayer(tessellate(layer, style));
  const std::uint64_t second = progressive.generation(1);
  EXPECT_NE(second, generation);
  progressive.moveLayer(1, 0);
  EXPECT_EQ(progressive.generation(0), second);
  progressive.replaceLayer(1, tessellate(layer, style));
  EXPECT_NE(progressive.generation(1), generation);
  progressive.removeLayer(0);
  EXPECT_EQ(progressive.layerCount(), 1u);
  EXPECT_NE(progressive.generation(0), second);
}

// A cluster marker shows how many points it holds, in digits across its disc; a single point's
// marker shows none. Markers of 40 px in dark red (white digits), side by side, 100 px apart.
TEST(MapRenderer, ClusterMarkersShowTheirCount) {
  EglContext ctx;
  Buckets b;
  b.name = "clusters";
  b.kind = GeomKind::Point;
  LevelBuckets level;
  const std::vector<float> counts = {1, 8, 888, 777, 18, 81, 123456, 123999, 124000};
  Tile tile;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    level.markers.push_back({100.0f * i, 0.0f, rgba(0x99, 0x1b, 0x1b), rgba(0x99, 0x1b, 0x1b, 0x66), 40.0f, 4.0f,
                             static_cast<float>(MarkerShape::Circle), counts[i]});
    tile.bounds.expand(Vec2{100.0 * i, 0.0});
  }
  tile.markerCount = static_cast<std::uint32_t>(counts.size());
  level.tiles = {tile};
  b.levels.push_back(std::move(level));
  b.extent = b.levels[0].tiles[0].bounds;
  MapRenderer renderer;
  renderer.addLayer(b);
  const int width = 100 * static_cast<int>(counts.size());
  OffscreenTarget target(width, 60, 0);
  target.bind();
  Camera cam;
  cam.setViewport(width, 60);
  cam.setUnitsPerPixel(1.0);
  cam.setCenter({width / 2.0 - 50.0, 0.0});  // marker i at x = 50 + 100 i px, y = 30
  renderer.draw(cam, rgba(255, 255, 255));
  const Image img = target.readPixels();
  // The white pixels inside marker i's disc (radius 16 px: within the fill).
  struct Ink {
    std::size_t n = 0, left = 0, right = 0;
    int minX = 1 << 20, maxX = -1, minY = 1 << 20, maxY = -1;
    std::vector<bool> mask;
  };
  auto ink = [&](std::size_t i) {
    Ink k;
    const int cx = 50 + 100 * static_cast<int>(i);
    for (int y = 14; y < 46; ++y) {
      for (int x = cx - 16; x < cx + 16; ++x) {
        const bool on = std::hypot(x + 0.5 - cx, y + 0.5 - 30) <= 16.0 && img.pixel(x, y)[1] >= 0xc0;
        k.mask.push_back(on);
        if (!on) continue;
        ++k.n;
        (x < cx ? k.left : k.right) += 1;
        k.minX = std::min(k.minX, x - cx);
        k.maxX = std::max(k.maxX, x - cx);
        k.minY = std::min(k.minY, y);
        k.maxY = std::max(k.maxY, y);
      }
    }
    return k;
  };
  const Ink one = ink(0), eight = ink(1), eights = ink(2), sevens = ink(3), e18 = ink(4), e81 = ink(5);
  EXPECT_EQ(one.n, 0u);  // a single point: no count
  EXPECT_GT(eight.n, 12u);
  EXPECT_LT(eight.maxX - eight.minX, 12);       // one digit
  EXPECT_GT(eights.maxX - eights.minX, 18);     // three, side by side
  EXPECT_LT(std::abs(eight.minX + eight.maxX), 4);    // centred
  EXPECT_LT(std::abs(eights.minX + eights.maxX), 4);
  EXPECT_LT(std::abs(eights.minY + eights.maxY - 60), 4);  // up and down too
  EXPECT_GT(eights.maxY - eights.minY, 8);
  EXPECT_LT(sevens.n * 4, eights.n * 3);  // 7s have fewer strokes than 8s
  // In reading order: the 8 of 18 on the right, of 81 on the left.
  EXPECT_GT(e18.right, e18.left + 8);
  EXPECT_GT(e81.left, e81.right + 8);
  // Past 99,999 in thousands: 123,456 and 123,999 both read "123k", 124,000 "124k".
  const Ink k123 = ink(6), k123b = ink(7), k124 = ink(8);
  EXPECT_GT(k123.maxX - k123.minX, 20);  // four characters
  EXPECT_EQ(k123.mask, k123b.mask);
  EXPECT_NE(k123.mask, k124.mask);
}
