// Raster layers drawn headless from a local tile server: a scripted pan/zoom sequence fetches each
// tile it needs about once (against the minimum set worked out here with the XYZ formula), a
// zoom shows the coarser tiles scaled up until the finer ones arrive, and the layer's colour
// adjustments reach the pixels.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <tuple>

#include "egl_context.hpp"
#include "map_renderer.hpp"
#include "offscreen_target.hpp"
#include "raster_layer.hpp"
#include "service_tile_loader.hpp"
#include "tile_server.hpp"

using namespace zhenmap;
using namespace std::chrono_literals;

namespace {

constexpr double kHalf = 20037508.342789244;  // half the Web Mercator world, metres

std::shared_ptr<ServiceTileLoader> serverLoader(const test::TileServer& server, const std::string& mode) {
  TileServiceSpec spec = basemapSources(server.url(mode + "/{z}/{x}/{y}.png")).front();
  ServiceLoaderOptions o;
  o.http.timeout = 5000ms;
  return std::make_shared<ServiceTileLoader>(spec, o);
}

Camera camera(int w, int h, double x, double y, double unitsPerPixel) {
  Camera c;
  c.setViewport(w, h);
  c.setCenter({x, y});
  c.setUnitsPerPixel(unitsPerPixel);
  return c;
}

// The XYZ tiles a Web Mercator view needs, by the formula: the level whose pixels are the
// coarsest not larger than 1.25 screen pixels, and the tile ranges of the view's corners.
std::set<std::tuple<int, int, int>> neededTiles(const Camera& c) {
  const double res0 = 2 * kHalf / 256;
  const int z = std::max(0, int(std::ceil(std::log2(res0 / (1.25 * c.unitsPerPixel())) - 1e-9)));
  const double n = std::ldexp(1.0, z), eps = 1e-6;
  const Box v = c.visibleExtent();
  auto col = [&](double x) { return int(std::floor((x + kHalf) / (2 * kHalf) * n)); };
  auto row = [&](double y) { return int(std::floor((kHalf - y) / (2 * kHalf) * n)); };
  std::set<std::tuple<int, int, int>> out;
  for (int x = col(v.minX + eps); x <= col(v.maxX - eps); ++x) {
    for (int y = row(v.maxY - eps); y <= row(v.minY + eps); ++y) out.insert({z, x, y});
  }
  return out;
}

std::tuple<int, int, int> pixel(const Image& img, int x, int y) {
  const std::uint8_t* p = img.pixel(x, y);
  return {p[0], p[1], p[2]};
}

// The colour of the tile of level z under map point (x, y), as the server paints it.
std::tuple<int, int, int> tileColourAt(int z, double x, double y) {
  const double n = std::ldexp(1.0, z);
  return test::TileServer::colour(z, int(std::floor((x + kHalf) / (2 * kHalf) * n)),
                                  int(std::floor((kHalf - y) / (2 * kHalf) * n)));
}

}  // namespace

TEST(RasterLayer, PanAndZoomFetchEachNeededTileAboutOnce) {
  test::TileServer server;
  EglContext ctx;
  auto layer = std::make_shared<RasterLayer>(serverLoader(server, "ok"), "EPSG:3857");
  MapRenderer renderer;
  renderer.addPainterLayer(layer);
  const int W = 640, H = 400;
  OffscreenTarget target(W, H, 0);
  const double res13 = 2 * kHalf / 256 / 8192;
  Camera cam = camera(W, H, 12955000, 2700000, res13 * 1.1);
  std::vector<Camera> views;
  auto pan = [&](double dx, double dy) {
    cam.panPixels(dx, dy);
    views.push_back(cam);
  };
  views.push_back(cam);
  for (int i = 0; i < 4; ++i) pan(-150, 0);
  for (int i = 0; i < 3; ++i) pan(0, 120);
  cam.zoomAt({W / 2.0, H / 2.0}, 2.0);
  views.push_back(cam);
  pan(200, -100);
  cam.zoomAt({W / 2.0, H / 2.0}, 2.0);
  views.push_back(cam);
  cam.zoomAt({W / 2.0, H / 2.0}, 0.25);
  views.push_back(cam);
  for (int i = 0; i < 3; ++i) pan(150, 0);
  views.push_back(views.front());  // back where it started

  std::set<std::tuple<int, int, int>> minimum;
  for (const Camera& v : views) {
    const RasterViewState s = layer->waitForTiles(v, 10s);
    ASSERT_TRUE(s.complete()) << s.firstError;
    ASSERT_EQ(s.failed, 0u);
    target.bind();
    renderer.draw(v, rgba(255, 255, 255));
    const auto need = neededTiles(v);
    EXPECT_EQ(s.needed, need.size());
    minimum.insert(need.begin(), need.end());
    // No holes: the picture's centre shows the tile the formula puts there.
    const Image img = target.readPixels();
    const Vec2 c = v.center();
    const double half = 0.5 * v.unitsPerPixel();
    EXPECT_EQ(pixel(img, W / 2, H / 2), tileColourAt(std::get<0>(*need.begin()), c.x + half, c.y - half));
  }
  const int requests = server.count();
  std::printf("pan/zoom sequence: %zu views, %zu tiles needed at least, %d requests (%.2fx)\n", views.size(),
              minimum.size(), requests, double(requests) / double(minimum.size()));
  EXPECT_GE(requests, int(minimum.size()));
  EXPECT_LE(double(requests), 1.2 * double(minimum.size()));
}

TEST(RasterLayer, CoarserTilesStandInWhileFinerOnesArrive) {
  test::TileServer server;
  EglContext ctx;
  auto layer = std::make_shared<RasterLayer>(serverLoader(server, "slow/400"), "EPSG:3857");
  MapRenderer renderer;
  renderer.addPainterLayer(layer);
  const int W = 256, H = 256;
  OffscreenTarget target(W, H, 0);
  const double res12 = 2 * kHalf / 256 / 4096;
  Camera cam = camera(W, H, 12955000, 2700000, res12);
  ASSERT_TRUE(layer->waitForTiles(cam, 10s).complete());
  target.bind();
  renderer.draw(cam, rgba(255, 255, 255));
  const Image before = target.readPixels();
  EXPECT_EQ(pixel(before, 128, 128), tileColourAt(12, cam.center().x + 0.5 * res12, cam.center().y - 0.5 * res12));

  cam.zoomAt({128, 128}, 4.0);  // level 14: nothing of it here yet
  layer->update(cam);
  target.bind();
  renderer.draw(cam, rgba(255, 255, 255));
  const Image meanwhile = target.readPixels();
  const double r = cam.unitsPerPixel();
  EXPECT_EQ(pixel(meanwhile, 128, 128), tileColourAt(12, cam.center().x + 0.5 * r, cam.center().y - 0.5 * r));
  EXPECT_NE(pixel(meanwhile, 5, 5), std::make_tuple(255, 255, 255));  // no hole while waiting

  ASSERT_TRUE(layer->waitForTiles(cam, 10s).complete());
  target.bind();
  renderer.draw(cam, rgba(255, 255, 255));
  const Image after = target.readPixels();
  EXPECT_EQ(pixel(after, 128, 128), tileColourAt(14, cam.center().x + 0.5 * r, cam.center().y - 0.5 * r));
}

TEST(RasterLayer, OpacityAndGreyscaleReachThePixels) {
  test::TileServer server;
  EglContext ctx;
  auto layer = std::make_shared<RasterLayer>(serverLoader(server, "ok"), "EPSG:3857");
  MapRenderer renderer;
  const std::size_t index = renderer.addPainterLayer(layer);
  OffscreenTarget target(64, 64, 0);
  const Camera cam = camera(64, 64, 12955000, 2700000, 2 * kHalf / 256 / 1024);
  ASSERT_TRUE(layer->waitForTiles(cam, 10s).complete());
  const auto [r, g, b] = tileColourAt(10, cam.center().x + 1, cam.center().y - 1);
  auto draw = [&] {
    target.bind();
    renderer.draw(cam, rgba(255, 255, 255));
    return pixel(target.readPixels(), 32, 32);
  };
  EXPECT_EQ(draw(), std::make_tuple(r, g, b));
  RasterStyle grey;
  grey.greyscale = true;
  layer->setStyle(grey);
  const auto [gr, gg, gb] = draw();
  EXPECT_EQ(gr, gg);
  EXPECT_EQ(gg, gb);
  EXPECT_NEAR(gr, 0.299 * r + 0.587 * g + 0.114 * b, 1.5);
  layer->setStyle({});
  renderer.setOpacity(index, 0.5f);
  const auto [hr, hg, hb] = draw();
  EXPECT_NEAR(hr, (r + 255) / 2.0, 1.5);
  EXPECT_NEAR(hb, (b + 255) / 2.0, 1.5);
  layer->releaseGl();
}
