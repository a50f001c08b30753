// Panning by re-using the previous picture (frame_reuse.hpp): which moves qualify, which strips
// a moved copy leaves to draw, and that a chain of re-used pans ends on the same picture as
// drawing the final view whole, with fills, outlines, a translucent layer, cased and dashed
// lines, markers and labels on it.
#include <gtest/gtest.h>

#include <glad/gl.h>

#include <cmath>

#include "egl_context.hpp"
#include "frame_reuse.hpp"
#include "label_renderer.hpp"
#include "label_test_support.hpp"
#include "map_renderer.hpp"
#include "offscreen_target.hpp"
#include "tessellator.hpp"
#include "vector_source.hpp"

using namespace zhenmap;
using namespace zhenmap::test;

TEST(FrameReuse, ExposedRectsAreTheColumnAndRowAMovedCopyLeaves) {
  using V = std::vector<ScreenRect>;
  EXPECT_EQ(exposedRects(100, 50, {0, 0}), V{});
  EXPECT_EQ(exposedRects(100, 50, {10, 0}), (V{{0, 0, 10, 50}}));
  EXPECT_EQ(exposedRects(100, 50, {-10, 0}), (V{{90, 0, 10, 50}}));
  EXPECT_EQ(exposedRects(100, 50, {0, -7}), (V{{0, 43, 100, 7}}));
  EXPECT_EQ(exposedRects(100, 50, {0, 7}), (V{{0, 0, 100, 7}}));
  EXPECT_EQ(exposedRects(100, 50, {-10, 5}), (V{{90, 0, 10, 50}, {0, 0, 90, 5}}));
  EXPECT_EQ(exposedRects(100, 50, {10, -5}), (V{{0, 0, 10, 50}, {10, 45, 90, 5}}));
}

TEST(FrameReuse, OnlyWholePixelPansSmallerThanTheViewQualify) {
  Camera a;
  a.setViewport(200, 100);
  a.setUnitsPerPixel(2.5);
  a.setCenter({12'950'000.3, 2'700'000.7});
  Camera b = a;
  b.panPixels(24, -13);  // the map follows the cursor right and up
  ASSERT_TRUE(wholePixelShift(a, b).has_value());
  EXPECT_EQ(*wholePixelShift(a, b), (PixelShift{24, -13}));
  EXPECT_EQ(*wholePixelShift(b, a), (PixelShift{-24, 13}));
  Camera c = a;
  c.panPixels(0.5, 0);
  EXPECT_FALSE(wholePixelShift(a, c).has_value());
  Camera d = a;
  d.zoomAt({100, 50}, 1.1);
  EXPECT_FALSE(wholePixelShift(a, d).has_value());
  Camera e = a;
  e.panPixels(200, 0);  // the old picture is entirely out of view
  EXPECT_FALSE(wholePixelShift(a, e).has_value());
  Camera f = a;
  f.setViewport(201, 100);
  EXPECT_FALSE(wholePixelShift(a, f).has_value());
}

namespace {

Feature lineFeature(std::vector<Vec2> points, std::int64_t fid) {
  Feature f;
  f.fid = fid;
  f.geometry.kind = GeomKind::Line;
  f.geometry.points = std::move(points);
  f.geometry.rings = {0, static_cast<std::uint32_t>(f.geometry.points.size())};
  return f;
}

Feature pointFeature(Vec2 p, std::int64_t fid) {
  Feature f;
  f.fid = fid;
  f.geometry.kind = GeomKind::Point;
  f.geometry.points = {p};
  f.geometry.rings = {0, 1};
  return f;
}

void finishExtent(LayerData& layer) {
  for (const Feature& f : layer.features) layer.extent.expand(f.geometry.bounds());
}

int differingPixels(const Image& a, const Image& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.rgba.size(); i += 4) {
    for (std::size_t k = 0; k < 3; ++k) {
      if (std::abs(int{a.rgba[i + k]} - int{b.rgba[i + k]}) > 2) {
        ++n;
        break;
      }
    }
  }
  return n;
}

}  // namespace

TEST(FrameReuse, ReusedPansDrawWhatAWholeFrameDraws) {
  ReadOptions options;
  options.mapCrs = "EPSG:3857";
  const LayerData counties =
      readVectorSource((dataDir() / "jieyang" / "jieyang_counties.geojson").string(), options).at(0);
  std::size_t nameField = 0;
  while (nameField < counties.fields.size() && counties.fields[nameField].name != "name") ++nameField;
  ASSERT_LT(nameField, counties.fields.size());
  std::vector<std::string> names;
  for (const Feature& f : counties.features) names.push_back(std::get<std::string>(f.attributes[nameField]));

  constexpr int kW = 480, kH = 360;
  Camera cam;
  cam.setViewport(kW, kH);
  cam.fit(counties.extent);
  cam.zoomAt({kW * 0.5, kH * 0.5}, 2.0);
  const Box e = counties.extent;
  // Routes across the counties (cased, and dashed), a translucent copy of the counties and a
  // grid of markers in three shapes.
  LayerData routes;
  for (int i = 0; i < 6; ++i) {
    std::vector<Vec2> pts;
    for (int k = 0; k <= 60; ++k) {
      const double t = k / 60.0;
      pts.push_back({e.minX + t * e.width(), e.minY + (0.15 + 0.14 * i) * e.height() + 0.05 * e.height() * std::sin(9 * t + i)});
    }
    routes.features.push_back(lineFeature(pts, i));
  }
  finishExtent(routes);
  LayerData sites;
  for (int i = 0; i < 30; ++i) {
    for (int j = 0; j < 20; ++j) {
      sites.features.push_back(pointFeature({e.minX + (i + 0.5) / 30 * e.width(), e.minY + (j + 0.5) / 20 * e.height()}, i * 20 + j));
    }
  }
  finishExtent(sites);

  LayerStyle countyStyle;
  countyStyle.symbol.fill = rgba(0xf6, 0xf1, 0xe1);
  countyStyle.symbol.stroke = rgba(0x5b, 0x52, 0x46);
  countyStyle.symbol.strokeWidth = 1.6f;
  LayerStyle tint = countyStyle;
  tint.symbol.fill = rgba(0x40, 0x90, 0xd0, 0x80);
  tint.symbol.strokeWidth = 3.0f;
  tint.symbol.stroke = rgba(0x20, 0x20, 0x90, 0x90);
  tint.opacity = 0.6f;
  LayerStyle routeStyle;
  routeStyle.symbol.stroke = rgba(0xd7, 0x30, 0x27);
  routeStyle.symbol.lineWidth = 4.0f;
  routeStyle.symbol.casing = rgba(255, 255, 255);
  routeStyle.symbol.casingWidth = 1.5f;
  LayerStyle dashed = routeStyle;
  dashed.symbol.dashOn = 6.0f;
  dashed.symbol.dashOff = 4.0f;
  dashed.symbol.casingWidth = 0.0f;
  LayerStyle siteStyle;
  siteStyle.symbol.fill = rgba(0x27, 0xae, 0x60);
  siteStyle.symbol.stroke = rgba(255, 255, 255);
  siteStyle.symbol.strokeWidth = 1.5f;
  siteStyle.symbol.size = 9.0f;
  siteStyle.symbol.shape = MarkerShape::Triangle;

  EglContext ctx;
  MapRenderer map;
  map.addLayer(tessellate(counties, countyStyle));
  map.addLayer(tessellate(counties, tint));
  map.addLayer(tessellate(routes, routeStyle));
  LayerData shifted = routes;
  for (Feature& f : shifted.features) {
    for (Vec2& p : f.geometry.points) p.y += 0.07 * e.height();
  }
  shifted.extent = {};
  finishExtent(shifted);
  map.addLayer(tessellate(shifted, dashed));
  map.addLayer(tessellate(sites, siteStyle));
  LabelStyle labelStyle;
  labelStyle.sizePx = 18;
  labelStyle.haloPx = 2.0f;
  LabelRenderer labels;
  labels.setCandidates(makeLabelCandidates(counties, names, labelStyle));

  const Rgba background = rgba(0xf4, 0xf1, 0xea);
  OffscreenTarget t0(kW, kH, 0), t1(kW, kH, 0), whole(kW, kH, 0);
  EXPECT_FALSE(drawReusing(map, &labels, cam, 0.0, background, t0, nullptr));  // nothing to re-use yet
  const Image start = t0.readPixels();
  ShownPicture shown{&t0, cam, 0.0};
  const PixelShift moves[] = {{24, 0}, {24, 0}, {0, -17}, {-5, 9}, {0, 30}, {-40, -3}, {13, 13}, {1, 0}, {0, -1}, {-60, 0}};
  for (const PixelShift& m : moves) {
    cam.panPixels(m.dx, m.dy);
    const OffscreenTarget& to = shown.target == &t0 ? t1 : t0;
    EXPECT_TRUE(drawReusing(map, &labels, cam, 0.0, background, to, &shown)) << m.dx << "," << m.dy;
    shown = {&to, cam, 0.0};
  }
  const Image reused = shown.target->readPixels();
  whole.bind();
  map.draw(cam, background);
  labels.draw(cam);
  const Image expected = whole.readPixels();

  const int total = kW * kH;
  EXPECT_GT(differingPixels(start, expected), total / 10) << "the pans should move the picture a lot";
  EXPECT_GT(countPixels(expected, dark).count, 300) << "labels and outlines in view";
  // Edges may round differently where the view's offset changes their float arithmetic: a few
  // pixels, never a strip.
  EXPECT_LE(differingPixels(reused, expected), total / 2000);

  // An antialiased (4x MSAA) picture is never a source: strips beside it would show a seam.
  OffscreenTarget quality(kW, kH, 4);
  quality.bind();
  map.draw(cam, background);
  const ShownPicture rested{&quality, cam, 0.0};
  Camera next = cam;
  next.panPixels(5, 0);
  const OffscreenTarget& other = shown.target == &t0 ? t1 : t0;
  EXPECT_FALSE(drawReusing(map, &labels, next, 0.0, background, other, &rested));
  EXPECT_TRUE(drawReusing(map, &labels, next, 0.0, background, other, &shown));  // the single-sampled one is

  // Nor a picture whose scale drew other layers: a layer shown only up to 1:100,000.
  MapRenderer scaled;
  LayerStyle upTo = countyStyle;
  upTo.maxScale = 100'000.0;
  scaled.addLayer(tessellate(counties, upTo));
  EXPECT_TRUE(scaled.drawsSameLayers(50'000.0, 80'000.0));
  EXPECT_FALSE(scaled.drawsSameLayers(50'000.0, 200'000.0));
  t0.bind();
  scaled.draw(cam, background, 50'000.0);
  const ShownPicture atLarge{&t0, cam, 50'000.0};
  EXPECT_FALSE(drawReusing(scaled, nullptr, next, 200'000.0, background, t1, &atLarge));
  EXPECT_TRUE(drawReusing(scaled, nullptr, next, 80'000.0, background, t1, &atLarge));

  // A zoom cannot re-use the picture: it is drawn whole, and equals a whole frame.
  t0.bind();
  map.draw(cam, background);
  labels.draw(cam);
  shown = {&t0, cam, 0.0};
  cam.zoomAt({kW * 0.3, kH * 0.6}, 1.25);
  const OffscreenTarget& to = t1;
  EXPECT_FALSE(drawReusing(map, &labels, cam, 0.0, background, to, &shown));
  const Image zoomed = to.readPixels();
  whole.bind();
  map.draw(cam, background);
  labels.draw(cam);
  EXPECT_EQ(differingPixels(zoomed, whole.readPixels()), 0);
}
