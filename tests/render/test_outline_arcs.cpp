// Polygon outlines by arcs (outline_arcs.hpp): rings cut at their junctions into canonical arcs,
// so a boundary two polygons share is found equal from both sides and drawn once, at full
// detail and on simplified levels alike.
#include <gtest/gtest.h>

#include <cmath>

#include "outline_arcs.hpp"
#include "tessellator.hpp"

using namespace zhenmap;

namespace {

Geometry polygon(std::vector<std::vector<Vec2>> rings) {
  Geometry g;
  g.kind = GeomKind::Polygon;
  g.rings.push_back(0);
  for (const auto& r : rings) {
    g.points.insert(g.points.end(), r.begin(), r.end());
    g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
  }
  g.parts = {0, static_cast<std::uint32_t>(rings.size())};
  return g;
}

std::size_t segments(const std::vector<OutlineArc>& arcs) {
  std::size_t n = 0;
  for (const OutlineArc& a : arcs) n += a.closed ? a.points.size() : a.points.size() - 1;
  return n;
}

}  // namespace

TEST(OutlineArcs, TwoSquaresSharingAnEdgeFindTheSameArc) {
  // A = [0,1]^2 anticlockwise with its closing point; B = [1,2]x[0,1] clockwise, without one.
  const Geometry a = polygon({{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}});
  const Geometry b = polygon({{{1, 1}, {2, 1}, {2, 0}, {1, 0}}});
  const OutlineArcs arcs({&a, &b});
  using Held = std::vector<std::size_t>;
  EXPECT_EQ(arcs.held(0, 0), (Held{1, 2, 2, 1}));  // the closing point is not a second holder
  EXPECT_EQ(arcs.held(1, 0), (Held{2, 1, 1, 2}));

  const std::vector<OutlineArc> fromA = arcs.arcs(0, 0), fromB = arcs.arcs(1, 0);
  ASSERT_EQ(fromA.size(), 2u);
  ASSERT_EQ(fromB.size(), 2u);
  // The shared edge, from its lesser end, from both sides.
  const std::vector<Vec2> shared{{1, 0}, {1, 1}};
  EXPECT_EQ(fromA[0].points, shared);
  EXPECT_FALSE(fromA[0].closed);
  EXPECT_EQ(fromB[1].points, shared);
  // The rest of each square, also from its lesser end.
  EXPECT_EQ(fromA[1].points, (std::vector<Vec2>{{1, 0}, {0, 0}, {0, 1}, {1, 1}}));
  EXPECT_EQ(fromB[0].points, (std::vector<Vec2>{{1, 0}, {2, 0}, {2, 1}, {1, 1}}));

  // Drawn once: 7 distinct unit edges in all.
  DrawnArcs drawn;
  std::size_t count = 0;
  for (const auto* list : {&fromA, &fromB}) {
    for (const OutlineArc& arc : *list) {
      if (drawn.firstTime(arc, 1)) count += segments({arc});
    }
  }
  EXPECT_EQ(count, 7u);
  EXPECT_TRUE(drawn.firstTime(fromB[1], 2)) << "another line style draws it again";
}

TEST(OutlineArcs, AnEnclaveAndTheHoleItFillsAreOneClosedArc) {
  // A 4x4 square with a hole, and the island filling the hole, listed from another corner the
  // other way round.
  const Geometry host = polygon({{{0, 0}, {4, 0}, {4, 4}, {0, 4}}, {{1, 1}, {1, 3}, {3, 3}, {3, 1}}});
  const Geometry island = polygon({{{3, 3}, {3, 1}, {1, 1}, {1, 3}, {3, 3}}});
  const OutlineArcs arcs({&host, &island});
  const std::vector<OutlineArc> outer = arcs.arcs(0, 0), hole = arcs.arcs(0, 1), fill = arcs.arcs(1, 0);
  ASSERT_EQ(outer.size(), 1u);
  EXPECT_TRUE(outer[0].closed);
  ASSERT_EQ(hole.size(), 1u);
  ASSERT_EQ(fill.size(), 1u);
  EXPECT_TRUE(hole[0].closed);
  // From the least point (1, 1) towards its lesser neighbour (1, 3).
  EXPECT_EQ(hole[0].points, (std::vector<Vec2>{{1, 1}, {1, 3}, {3, 3}, {3, 1}}));
  EXPECT_EQ(fill[0].points, hole[0].points);
  DrawnArcs drawn;
  EXPECT_TRUE(drawn.firstTime(hole[0], 0));
  EXPECT_FALSE(drawn.firstTime(fill[0], 0));
}

TEST(OutlineArcs, ThreePolygonsMeetingCutEachOtherAtTheirJunctions) {
  // Two squares side by side under a 2x1 rectangle: (1, 1), where the edge between the squares
  // meets the rectangle, is held three times.
  const Geometry left = polygon({{{0, 0}, {1, 0}, {1, 1}, {0, 1}}});
  const Geometry right = polygon({{{1, 0}, {2, 0}, {2, 1}, {1, 1}}});
  const Geometry above = polygon({{{0, 1}, {1, 1}, {2, 1}, {2, 2}, {0, 2}}});
  const OutlineArcs arcs({&left, &right, &above});
  EXPECT_EQ(arcs.held(2, 0), (std::vector<std::size_t>{2, 3, 2, 1, 1}));
  DrawnArcs drawn;
  std::size_t count = 0, total = 0;
  for (std::size_t k = 0; k < arcs.size(); ++k) {
    const std::vector<OutlineArc> list = arcs.arcs(k, 0);
    total += segments(list);
    for (const OutlineArc& arc : list) {
      if (drawn.firstTime(arc, 0)) count += segments({arc});
    }
  }
  EXPECT_EQ(total, 4u + 4u + 5u);  // every ring's segments, cut but none lost
  // Distinct edges: bottom 2, outer sides 2 + 2, top 2, middle 1, the line y = 1 in two halves.
  EXPECT_EQ(count, 10u);
}

TEST(OutlineArcs, SharedBoundariesAreDrawnOnceAtEveryLevel) {
  // Two polygons sharing a wavy boundary of 200 segments; each also has three straight sides.
  std::vector<Vec2> wave;
  for (int i = 0; i <= 200; ++i) wave.push_back({0.5 + 0.002 * std::sin(i * 0.7), i / 200.0});  // turns under 30 degrees
  std::vector<Vec2> left{{0, 1}, {0, 0}}, right{{1, 0}, {1, 1}};
  left.insert(left.end(), wave.begin(), wave.end());      // up the wave
  right.insert(right.end(), wave.rbegin(), wave.rend());  // down the wave
  LayerData both, leftOnly, rightOnly;
  for (LayerData* layer : {&both, &leftOnly, &rightOnly}) layer->name = "villages";
  Feature a, b;
  a.geometry = polygon({left});
  b.geometry = polygon({right});
  b.fid = 1;
  both.features = {a, b};
  leftOnly.features = {a};
  rightOnly.features = {b};
  for (LayerData* layer : {&both, &leftOnly, &rightOnly}) {
    for (const Feature& f : layer->features) layer->extent.expand(f.geometry.bounds());
  }
  LayerStyle style;
  style.symbol.fill = rgba(200, 200, 200);
  style.symbol.strokeWidth = 1.0f;  // thin: two triangles a segment
  auto lineTriangles = [&](const LayerData& layer, double tolerance) {
    TessellateOptions options;
    options.tolerances = {tolerance};
    options.skipDetail = tolerance > 0.0;
    const Buckets buckets = tessellate(layer, style, options);
    return buckets.levels.at(0).lineIndices.size() / 3;
  };
  // Full detail: 203 + 203 segments drawn alone; together the 200 shared ones once.
  EXPECT_EQ(lineTriangles(leftOnly, 0.0), 2u * 203u);
  EXPECT_EQ(lineTriangles(both, 0.0), 2u * (203u + 203u - 200u));
  // Simplified so that the wave flattens: alone each polygon keeps its simplified copy of the
  // boundary; together the boundary is one arc, simplified once and drawn once.
  const double tolerance = 0.05;
  const std::size_t l = lineTriangles(leftOnly, tolerance), r = lineTriangles(rightOnly, tolerance);
  const std::size_t together = lineTriangles(both, tolerance);
  EXPECT_LT(together, l + r);
  // Alone, a side of each square is simplified with the boundary; together the boundary is an
  // arc of its own: 3 + 3 straight sides and one simplified arc (a straight segment here).
  EXPECT_EQ(together, 2u * (3u + 3u + 1u));
}

TEST(OutlineArcs, ALongThinRingKeepsItsOutlineWhereATinyOneIsLeftOut) {
  // At a tolerance of 1: a strip 1000 long and 0.2 wide simplifies to a sliver but is long
  // enough to see; a 0.3 square is under the tolerance across.
  LayerData strip, speck;
  strip.name = "rivers";
  speck.name = "ponds";
  Feature f;
  f.geometry = polygon({{{0, 0}, {500, 0.01}, {1000, 0}, {1000, 0.2}, {500, 0.21}, {0, 0.2}}});
  strip.features = {f};
  f.geometry = polygon({{{0, 0}, {0.3, 0}, {0.3, 0.3}, {0, 0.3}}});
  speck.features = {f};
  for (LayerData* layer : {&strip, &speck}) layer->extent = layer->features[0].geometry.bounds();
  LayerStyle style;
  style.symbol.fill = rgba(200, 200, 255);
  style.symbol.strokeWidth = 1.0f;
  TessellateOptions options;
  options.tolerances = {1.0};
  options.skipDetail = true;
  // The strip's 6 points, closed: 6 segments of two triangles each.
  EXPECT_EQ(tessellate(strip, style, options).levels.at(0).lineIndices.size() / 3, 12u);
  EXPECT_EQ(tessellate(speck, style, options).levels.at(0).lineIndices.size(), 0u);
}

TEST(OutlineArcs, ARingTouchingAnotherAtOnePointIsOneArcFromThatPoint) {
  // B touches A's corner (1, 1) only: A's ring has one junction, so its one arc starts and ends
  // there, going on towards the lesser of its neighbours (1, 0) and (0, 1).
  const Geometry a = polygon({{{0, 0}, {1, 0}, {1, 1}, {0, 1}}});
  const Geometry b = polygon({{{1, 1}, {2, 1}, {2, 2}, {1, 2}}});
  // Features without an outline come first, as null: the counts of the others are unchanged.
  const OutlineArcs arcs({nullptr, &a, nullptr, &b});
  EXPECT_TRUE(arcs.arcs(0, 0).empty());
  EXPECT_TRUE(arcs.held(2, 0).empty());
  EXPECT_EQ(arcs.held(1, 0), (std::vector<std::size_t>{1, 1, 2, 1}));
  EXPECT_EQ(arcs.held(3, 0), (std::vector<std::size_t>{2, 1, 1, 1}));
  const std::vector<OutlineArc> fromA = arcs.arcs(1, 0);
  ASSERT_EQ(fromA.size(), 1u);
  EXPECT_FALSE(fromA[0].closed);
  EXPECT_EQ(fromA[0].points, (std::vector<Vec2>{{1, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 1}}));
  // B's arc is its own: nothing of it is drawn twice, nothing of A is lost.
  DrawnArcs drawn;
  EXPECT_TRUE(drawn.firstTime(fromA[0], 0));
  const std::vector<OutlineArc> fromB = arcs.arcs(3, 0);
  ASSERT_EQ(fromB.size(), 1u);
  EXPECT_TRUE(drawn.firstTime(fromB[0], 0));
  EXPECT_EQ(segments(fromA) + segments(fromB), 8u);
}
