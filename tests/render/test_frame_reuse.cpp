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

// Pixels whose colour differs by more than `tolerance` in a channel, inside `r` (y down).
int differingIn(const Image& a, const Image& b, ScreenRect r, int tolerance) {
  int n = 0;
  for (int y = r.y; y < r.y + r.height; ++y) {
    for (int x = r.x; x < r.x + r.width; ++x) {
      const std::size_t i = (static_cast<std::size_t>(y) * a.width + x) * 4;
      for (std::size_t k = 0; k < 3; ++k) {
        if (std::abs(int{a.rgba[i + k]} - int{b.rgba[i + k]}) > tolerance) {
          ++n;
          break;
        }
      }
    }
  }
  return n;
}

int differingPixels(const Image& a, const Image& b) { return differingIn(a, b, {0, 0, a.width, a.height}, 2); }

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

TEST(FrameReuse, PreviewPlacementScalesAboutTheViewCentre) {
  Camera source;
  source.setViewport(200, 100);
  source.setUnitsPerPixel(2.0);
  source.setCenter({1000.0, 500.0});
  Camera in = source;
  in.setUnitsPerPixel(1.0);  // twice as close, same centre: the picture doubles about the middle
  ScreenBox b = previewPlacement(source, in);
  EXPECT_DOUBLE_EQ(b.x0, -100.0);
  EXPECT_DOUBLE_EQ(b.y0, -50.0);
  EXPECT_DOUBLE_EQ(b.x1, 300.0);
  EXPECT_DOUBLE_EQ(b.y1, 150.0);
  // The centre 20 map units east and 10 north: the picture moves 20 px left and 10 px down.
  in.setCenter({1020.0, 510.0});
  b = previewPlacement(source, in);
  EXPECT_DOUBLE_EQ(b.x0, -120.0);
  EXPECT_DOUBLE_EQ(b.y0, -40.0);
  EXPECT_DOUBLE_EQ(b.x1, 280.0);
  EXPECT_DOUBLE_EQ(b.y1, 160.0);
  Camera out = source;
  out.setUnitsPerPixel(4.0);  // half as close: a 100 x 50 picture in the middle
  b = previewPlacement(source, out);
  EXPECT_DOUBLE_EQ(b.x0, 50.0);
  EXPECT_DOUBLE_EQ(b.y0, 25.0);
  EXPECT_DOUBLE_EQ(b.x1, 150.0);
  EXPECT_DOUBLE_EQ(b.y1, 75.0);
  // A zoom at a point keeps that point where it was on the screen.
  Camera at = source;
  at.zoomAt({40.0, 70.0}, 1.6);
  b = previewPlacement(source, at);
  EXPECT_NEAR(b.x0 + 40.0 / 200.0 * (b.x1 - b.x0), 40.0, 1e-9);
  EXPECT_NEAR(b.y0 + 70.0 / 100.0 * (b.y1 - b.y0), 70.0, 1e-9);
}


TEST(FrameReuse, ZoomPreviewsScaleTheLastExactPictureAndDrawTheBorders) {
  ReadOptions options;
  options.mapCrs = "EPSG:3857";
  const LayerData counties =
      readVectorSource((dataDir() / "jieyang" / "jieyang_counties.geojson").string(), options).at(0);
  constexpr int kW = 480, kH = 360;
  Camera cam;
  cam.setViewport(kW, kH);
  cam.fit(counties.extent);
  cam.zoomAt({kW * 0.5, kH * 0.5}, 2.0);
  LayerStyle style;
  style.symbol.fill = rgba(0x8d, 0xd3, 0xc7);
  style.symbol.stroke = rgba(0x5b, 0x52, 0x46);
  style.symbol.strokeWidth = 2.0f;
  EglContext ctx;
  MapRenderer map;
  map.addLayer(tessellate(counties, style));
  const Rgba background = rgba(0xf4, 0xf1, 0xea);
  OffscreenTarget t0(kW, kH, 0), t1(kW, kH, 0), whole(kW, kH, 0);
  t0.bind();
  map.draw(cam, background);
  const ShownPicture source{&t0, cam, 0.0};
  const Image before = t0.readPixels();
  const ScreenRect all{0, 0, kW, kH};
  const int total = kW * kH;
  auto exact = [&](const Camera& c) {
    whole.bind();
    map.draw(c, background);
    return whole.readPixels();
  };

  // Zooming in 1.6x at a point off the centre: the preview is the source scaled there. Only
  // the blurred outlines differ from an exact frame.
  Camera in = cam;
  in.zoomAt({kW * 0.3, kH * 0.6}, 1.6);
  ASSERT_TRUE(drawZoomPreview(map, in, 0.0, background, t1, source));
  const Image inPreview = t1.readPixels();
  const Image inExact = exact(in);
  EXPECT_GT(differingIn(before, inExact, all, 40), total / 10) << "the zoom should change the picture a lot";
  EXPECT_LE(differingIn(inPreview, inExact, all, 40), total / 40);

  // Zooming out 1.6x: the scaled picture sits inside the view and the borders are drawn exactly.
  Camera out = cam;
  out.zoomAt({kW * 0.7, kH * 0.4}, 1.0 / 1.6);
  ASSERT_TRUE(drawZoomPreview(map, out, 0.0, background, t1, source));
  const Image outPreview = t1.readPixels();
  const Image outExact = exact(out);
  EXPECT_GT(differingIn(before, outExact, all, 40), total / 10);
  EXPECT_LE(differingIn(outPreview, outExact, all, 40), total / 40);
  const ScreenBox b = previewPlacement(cam, out);
  ASSERT_GT(b.x0, 20.0);
  ASSERT_LT(b.x1, kW - 20.0);
  const ScreenRect leftBorder{0, 0, static_cast<int>(b.x0) - 1, kH}, rightBorder{static_cast<int>(b.x1) + 2, 0,
                                                                                kW - static_cast<int>(b.x1) - 2, kH};
  // What t1 held before (the zoomed-in preview) differs there, so undrawn borders would show.
  EXPECT_GT(differingIn(inPreview, outExact, leftBorder, 40), 100);
  EXPECT_LE(differingIn(outPreview, outExact, leftBorder, 2), 2);
  EXPECT_LE(differingIn(outPreview, outExact, rightBorder, 2), 2);
  const ScreenRect topBorder{0, 0, kW, static_cast<int>(b.y0) - 1},
      bottomBorder{0, static_cast<int>(b.y1) + 2, kW, kH - static_cast<int>(b.y1) - 2};
  ASSERT_GT(topBorder.height, 10);
  ASSERT_GT(bottomBorder.height, 10);
  EXPECT_LE(differingIn(outPreview, outExact, topBorder, 2), 2);
  EXPECT_LE(differingIn(outPreview, outExact, bottomBorder, 2), 2);

  // A resting 4x MSAA picture is a source too (it is resolved first).
  OffscreenTarget quality(kW, kH, 4);
  quality.bind();
  map.draw(cam, background);
  EXPECT_TRUE(drawZoomPreview(map, in, 0.0, background, t1, ShownPicture{&quality, cam, 0.0}));
  EXPECT_LE(differingIn(t1.readPixels(), inExact, all, 40), total / 40);

  // Where a preview would be too blurred, too little of it or wrong, nothing is drawn.
  Camera far = cam;
  far.zoomAt({kW * 0.5, kH * 0.5}, 2.5);
  EXPECT_FALSE(drawZoomPreview(map, far, 0.0, background, t1, source)) << "beyond 2x";
  far = cam;
  far.zoomAt({kW * 0.5, kH * 0.5}, 1.0 / 2.5);
  EXPECT_FALSE(drawZoomPreview(map, far, 0.0, background, t1, source)) << "beyond 1/2x";
  EXPECT_FALSE(drawZoomPreview(map, cam, 0.0, background, t1, source)) << "not a zoom";
  EXPECT_FALSE(drawZoomPreview(map, in, 0.0, background, t0, source)) << "into its own source";
  Camera aside = out;
  aside.panPixels(kW * 0.6, kH * 0.5);  // the scaled picture would cover less than a fifth of the view
  {
    const ScreenBox a = previewPlacement(cam, aside);
    const double covered = (std::min(a.x1, double{kW}) - std::max(a.x0, 0.0)) * (std::min(a.y1, double{kH}) - std::max(a.y0, 0.0));
    ASSERT_LT(covered, total / 5.0);
    ASSERT_GT(covered, 0.0);
  }
  EXPECT_FALSE(drawZoomPreview(map, aside, 0.0, background, t1, source));
  MapRenderer scaled;
  LayerStyle upTo = style;
  upTo.maxScale = 100'000.0;
  scaled.addLayer(tessellate(counties, upTo));
  EXPECT_FALSE(drawZoomPreview(scaled, in, 200'000.0, background, t1, ShownPicture{&t0, cam, 50'000.0}))
      << "the new scale draws other layers";
}
