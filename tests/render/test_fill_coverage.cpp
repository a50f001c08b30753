// Fill coverage (fill_coverage.hpp): which boxes a layer's opaque fills cover in one colour,
// worked out by hand for small layers of squares; and the renderer's clear in its place draws
// exactly the pixels the fill triangles draw.
#include <gtest/gtest.h>

#include "egl_context.hpp"
#include "fill_coverage.hpp"
#include "image_diff.hpp"
#include "map_renderer.hpp"
#include "offscreen_target.hpp"
#include "tessellator.hpp"

using namespace zhenmap;

namespace {

constexpr Rgba kSand = rgba(0xf6, 0xf1, 0xe1);
constexpr Rgba kGreen = rgba(0x27, 0xae, 0x60);

// A polygon of rings given corner by corner (each closed here).
Feature polygon(std::vector<std::vector<Vec2>> rings) {
  Feature f;
  f.geometry.kind = GeomKind::Polygon;
  f.geometry.rings = {0};
  for (std::vector<Vec2>& ring : rings) {
    ring.push_back(ring.front());
    f.geometry.points.insert(f.geometry.points.end(), ring.begin(), ring.end());
    f.geometry.rings.push_back(static_cast<std::uint32_t>(f.geometry.points.size()));
  }
  f.geometry.parts = {0, static_cast<std::uint32_t>(rings.size())};
  return f;
}

// Counter-clockwise, or clockwise when `clockwise`.
std::vector<Vec2> square(double x0, double y0, double x1, double y1, bool clockwise = false) {
  if (clockwise) return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}};
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

LayerData layerOf(std::vector<Feature> features) {
  LayerData layer;
  layer.name = "polygons";
  layer.features = std::move(features);
  for (const Feature& f : layer.features) layer.extent.expand(f.geometry.bounds());
  return layer;
}

std::optional<Rgba> solid(const LayerData& layer, const std::vector<Rgba>& fills, Box box) {
  const auto c = FillCoverage::build(layer, fills, 64);
  EXPECT_NE(c, nullptr);
  return c ? c->solidColor(box) : std::nullopt;
}

}  // namespace

TEST(FillCoverage, NeighboursOfOneColourCoverTheirSharedEdge) {
  // Two squares side by side, one turning clockwise: the edge x = 1 is held from both sides.
  const LayerData layer = layerOf({polygon({square(0, 0, 1, 1)}), polygon({square(1, 0, 2, 1, true)})});
  const auto c = FillCoverage::build(layer, {kSand, kSand}, 64);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->columns(), 64);
  EXPECT_EQ(c->rows(), 32);
  EXPECT_EQ(c->boundarySegments(), 6u);  // the outer edges only: 2 + 2 + 1 + 1
  EXPECT_EQ(c->solidColor({0.8, 0.2, 1.2, 0.8}), kSand);
  EXPECT_EQ(c->solidColor({0.2, 0.2, 1.8, 0.8}), kSand);
  EXPECT_EQ(c->solidColor({1.5, 0.2, 2.1, 0.8}), std::nullopt);   // beyond the fills
  EXPECT_EQ(c->solidColor({-0.1, 0.2, 0.5, 0.8}), std::nullopt);  // across the outer edge
  EXPECT_EQ(c->solidColor({0.2, 0.9, 0.5, 0.98}), std::nullopt);  // in the cells the outer edge crosses
  EXPECT_EQ(c->solidColor(Box{}), std::nullopt);
}

TEST(FillCoverage, AnEdgeBetweenColoursIsBoundary) {
  const LayerData layer = layerOf({polygon({square(0, 0, 1, 1)}), polygon({square(1, 0, 2, 1)})});
  EXPECT_EQ(solid(layer, {kSand, kGreen}, {0.8, 0.2, 1.2, 0.8}), std::nullopt);
  EXPECT_EQ(solid(layer, {kSand, kGreen}, {0.2, 0.2, 0.8, 0.8}), kSand);
  EXPECT_EQ(solid(layer, {kSand, kGreen}, {1.2, 0.2, 1.8, 0.8}), kGreen);
}

TEST(FillCoverage, HolesAreNotCoveredUnlessAnEnclaveFillsThem) {
  const Feature ring = polygon({square(0, 0, 3, 3), square(1, 1, 2, 2, true)});
  const Feature enclave = polygon({square(1, 1, 2, 2)});
  const Box inHole{1.3, 1.3, 1.7, 1.7}, acrossHoleEdge{0.5, 0.5, 1.5, 1.5}, inRing{0.2, 0.2, 0.8, 2.8};
  EXPECT_EQ(solid(layerOf({ring}), {kSand}, inHole), std::nullopt);
  EXPECT_EQ(solid(layerOf({ring}), {kSand}, acrossHoleEdge), std::nullopt);
  EXPECT_EQ(solid(layerOf({ring}), {kSand}, inRing), kSand);
  // The hole's edge held from both sides in one colour: inside the union.
  EXPECT_EQ(solid(layerOf({ring, enclave}), {kSand, kSand}, acrossHoleEdge), kSand);
  EXPECT_EQ(solid(layerOf({ring, enclave}), {kSand, kSand}, inHole), kSand);
  EXPECT_EQ(solid(layerOf({ring, enclave}), {kSand, kGreen}, acrossHoleEdge), std::nullopt);
  EXPECT_EQ(solid(layerOf({ring, enclave}), {kSand, kGreen}, inHole), kGreen);
}

TEST(FillCoverage, TranslucentAndOverlappingFillsCoverNothingOfTheirOwn) {
  const Feature base = polygon({square(0, 0, 4, 4)});
  const Feature over = polygon({square(2, 0, 4, 4)});
  EXPECT_EQ(solid(layerOf({base, over}), {kSand, rgba(0x27, 0xae, 0x60, 128)}, {2.5, 1, 3.5, 3}), std::nullopt);
  EXPECT_EQ(solid(layerOf({base, over}), {kSand, rgba(0x27, 0xae, 0x60, 128)}, {0.5, 1, 1.5, 3}), kSand);
  // Overlapping opaque fills of two colours: which is on top is not asked; not covered.
  EXPECT_EQ(solid(layerOf({base, over}), {kSand, kGreen}, {2.5, 1, 3.5, 3}), std::nullopt);
  // A feature drawn without fill (alpha 0) takes no part.
  EXPECT_EQ(solid(layerOf({base, over}), {kSand, rgba(0, 0, 0, 0)}, {2.5, 1, 3.5, 3}), kSand);
  EXPECT_EQ(FillCoverage::build(layerOf({base}), {rgba(0x27, 0xae, 0x60, 128)}), nullptr);
}

TEST(FillCoverage, ASegmentHeldTwiceFromOneSideIsStillBoundary) {
  // The same square twice, in the grid's first cell, and another far away: every edge of the
  // pair is held twice, both times with the fill on the same side. Counted as shared, the
  // region outside would join the squares' inside, which the first cell's test finds covered.
  const Feature a = polygon({square(0, 0, 1, 1)});
  const Feature far = polygon({square(3, 3, 4, 4)});
  const LayerData layer = layerOf({a, a, far});
  EXPECT_EQ(solid(layer, {kSand, kSand, kSand}, {0.2, 0.2, 0.8, 0.8}), kSand);
  EXPECT_EQ(solid(layer, {kSand, kSand, kSand}, {1.5, 1.5, 2.5, 2.5}), std::nullopt);
  EXPECT_EQ(solid(layer, {kSand, kSand, kSand}, {0.5, 1.5, 1.0, 2.5}), std::nullopt);
}

TEST(FillCoverage, EdgesThatDoNotShareVerticesAreBoundaryFromBothSides) {
  // The right square's left edge has a vertex at (1, 0.5) that the left square lacks.
  Feature right = polygon({{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0.5}}});
  const LayerData layer = layerOf({polygon({square(0, 0, 1, 1)}), right});
  EXPECT_EQ(solid(layer, {kSand, kSand}, {0.8, 0.2, 1.2, 0.8}), std::nullopt);
  EXPECT_EQ(solid(layer, {kSand, kSand}, {0.2, 0.2, 0.8, 0.8}), kSand);
  EXPECT_EQ(solid(layer, {kSand, kSand}, {1.2, 0.2, 1.8, 0.8}), kSand);
}

TEST(FillCoverage, TessellationBuildsItWithFullDetailOnly) {
  const LayerData layer = layerOf({polygon({square(0, 0, 1, 1)}), polygon({square(1, 0, 2, 1)})});
  LayerStyle style;
  style.symbol.fill = kSand;
  const std::vector<Buckets> coarse = tessellateLevels({&layer}, {style}, {{0.01}});
  EXPECT_EQ(coarse[0].coverage, nullptr);
  std::vector<Buckets> fine = tessellateLevels({&layer}, {style}, {{0.0, 0.001}});
  ASSERT_NE(fine[0].coverage, nullptr);
  EXPECT_EQ(fine[0].coverage->solidColor({0.8, 0.2, 1.2, 0.8}), kSand);
  Buckets merged = coarse[0];
  mergeLevels(merged, std::move(fine[0]));
  EXPECT_NE(merged.coverage, nullptr);
  EXPECT_NE(tessellate(layer, style).coverage, nullptr);
  TessellateOptions none;
  none.buildCoverage = false;
  EXPECT_EQ(tessellate(layer, style, none).coverage, nullptr);
}

TEST(FillCoverage, TheClearDrawsTheSamePixelsAsTheFills) {
  EglContext ctx;
  // A 4 x 4 block of squares sharing their edges, outlined, over a white background.
  std::vector<Feature> cells;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) cells.push_back(polygon({square(i * 100.0, j * 100.0, (i + 1) * 100.0, (j + 1) * 100.0)}));
  }
  const LayerData layer = layerOf(cells);
  LayerStyle style;
  style.symbol.fill = kSand;
  style.symbol.stroke = rgba(0x5b, 0x52, 0x46);
  style.symbol.strokeWidth = 1.6f;
  const Buckets withCoverage = tessellate(layer, style);
  ASSERT_NE(withCoverage.coverage, nullptr);
  Buckets without = withCoverage;
  without.coverage.reset();
  MapRenderer a, b;
  a.addLayer(withCoverage);
  b.addLayer(without);
  OffscreenTarget target(320, 240);
  Camera cam;
  cam.setViewport(320, 240);
  cam.setUnitsPerPixel(0.5);  // 160 x 120 map units around the centre: across inner edges only
  cam.setCenter({200, 200});
  auto render = [&](const MapRenderer& r, FrameStats& stats) {
    target.bind();
    stats = r.draw(cam, rgba(255, 255, 255));
    return target.readPixels();
  };
  FrameStats sa, sb;
  Image ia = render(a, sa), ib = render(b, sb);
  EXPECT_EQ(sa.coveredFills, 1u);
  EXPECT_EQ(sb.coveredFills, 0u);
  EXPECT_LT(sa.triangles, sb.triangles);  // no fill triangles
  EXPECT_EQ(compareImages(ib, ia, 0).differing, 0u);
  std::size_t outline = 0, white = 0;
  for (int y = 0; y < ia.height; ++y) {
    for (int x = 0; x < ia.width; ++x) {
      const std::uint8_t* p = ia.pixel(x, y);
      outline += p[0] < 0xc0;
      white += p[0] == 255 && p[1] == 255 && p[2] == 255;
    }
  }
  EXPECT_GT(outline, 2u * 240);  // the inner edges x = 200 and y = 200 cross the view
  EXPECT_EQ(white, 0u);

  // Reaching past the block: drawn by the triangles, background beyond, the same pixels.
  cam.setCenter({380, 200});
  ia = render(a, sa);
  ib = render(b, sb);
  EXPECT_EQ(sa.coveredFills, 0u);
  EXPECT_EQ(compareImages(ib, ia, 0).differing, 0u);
  white = 0;
  for (int y = 0; y < ia.height; ++y) white += ia.pixel(ia.width - 1, y)[0] == 255;
  EXPECT_EQ(white, static_cast<std::size_t>(ia.height));

  // A layer at half opacity is not cleared in its place.
  a.setOpacity(0, 0.5f);
  cam.setCenter({200, 200});
  ia = render(a, sa);
  EXPECT_EQ(sa.coveredFills, 0u);
}
