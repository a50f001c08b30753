// Tessellation: fills cover exactly the polygon's area (holes excluded, repaired copies used),
// lines extrude correctly, levels of detail and tiles account for every primitive.
#include <gtest/gtest.h>

#include <cmath>

#include "line_builder.hpp"
#include "tessellator.hpp"
#include "test_support.hpp"
#include "vector_source.hpp"

using namespace zhenmap;

namespace {

double triangleArea(const LevelBuckets& level) {
  double area = 0.0;
  for (std::size_t i = 0; i + 2 < level.fillIndices.size(); i += 3) {
    const FillVertex& a = level.fillVertices[level.fillIndices[i]];
    const FillVertex& b = level.fillVertices[level.fillIndices[i + 1]];
    const FillVertex& c = level.fillVertices[level.fillIndices[i + 2]];
    area += std::abs((double(b.x) - a.x) * (double(c.y) - a.y) - (double(c.x) - a.x) * (double(b.y) - a.y)) / 2.0;
  }
  return area;
}

LayerData readGeoJson(const test::TempDir& tmp, const std::string& json) {
  const auto path = tmp / "layer.geojson";
  test::writeFile(path, json);
  ReadOptions opts;
  opts.mapCrs = "EPSG:4326";
  return readVectorSource(path.string(), opts).at(0);
}

LayerStyle plain() {
  LayerStyle s;
  s.symbol.strokeWidth = 1.0f;
  return s;
}

}  // namespace

TEST(Tessellator, FillCoversThePolygonMinusItsHoleExactly) {
  test::TempDir tmp;
  const LayerData layer = readGeoJson(tmp, R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[3,0],[3,3],[0,3],[0,0]],
    [[1,1],[1,2],[2,2],[2,1],[1,1]]]}}]})");
  const Buckets b = tessellate(layer, plain());
  ASSERT_FALSE(b.levels.empty());
  EXPECT_EQ(b.levels[0].tolerance, 0.0);
  EXPECT_NEAR(triangleArea(b.levels[0]), 8.0, 1e-5);  // 9 - 1
  EXPECT_EQ(b.repairedPolygons, 0u);
}

TEST(Tessellator, BowTieIsFilledFromTheRepairedCopy) {
  test::TempDir tmp;
  // Two triangles of area 1 each, crossing at (1, 1).
  const LayerData layer = readGeoJson(tmp, R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}]})");
  const Buckets b = tessellate(layer, plain());
  EXPECT_EQ(b.repairedPolygons, 1u);
  EXPECT_NEAR(triangleArea(b.levels[0]), 2.0, 1e-5);
  EXPECT_FALSE(b.levels[0].lineIndices.empty());  // the outline is still drawn, as the source has it
}

TEST(Tessellator, EveryPrimitiveBelongsToExactlyOneTile) {
  test::TempDir tmp;
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 30; ++i) {
    const double x = (i % 6) * 2.0, y = (i / 6) * 2.0;
    json += std::string(i ? "," : "") + R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon",
      "coordinates":[[[)" + std::to_string(x) + "," + std::to_string(y) + "],[" + std::to_string(x + 1) + "," +
            std::to_string(y) + "],[" + std::to_string(x + 1) + "," + std::to_string(y + 1) + "],[" +
            std::to_string(x) + "," + std::to_string(y) + "]]]}}";
  }
  json += "]}";
  const Buckets b = tessellate(readGeoJson(tmp, json), plain());
  for (const LevelBuckets& level : b.levels) {
    std::size_t fills = 0, lines = 0;
    std::uint32_t expectFill = 0, expectLine = 0;
    for (const Tile& t : level.tiles) {
      EXPECT_EQ(t.fillFirst, expectFill);  // contiguous, in order, no overlap
      EXPECT_EQ(t.lineFirst, expectLine);
      expectFill += t.fillCount;
      expectLine += t.lineCount;
      fills += t.fillCount;
      lines += t.lineCount;
    }
    EXPECT_EQ(fills, level.fillIndices.size());
    EXPECT_EQ(lines, level.lineIndices.size());
    EXPECT_GT(level.tiles.size(), 4u);
  }
  EXPECT_EQ(b.levels[0].fillIndices.size(), 30u * 3u);  // one triangle each
}

TEST(Tessellator, CoarserLevelsHaveFewerVerticesAndAreChosenWhenZoomedOut) {
  test::TempDir tmp;
  // A circle of 2,000 vertices, radius 1 degree.
  std::string ring;
  for (int i = 0; i <= 2000; ++i) {
    const double a = 2 * 3.14159265358979 * (i % 2000) / 2000.0;
    ring += std::string(i ? "," : "") + "[" + std::to_string(std::cos(a)) + "," + std::to_string(std::sin(a)) + "]";
  }
  const Buckets b = tessellate(readGeoJson(tmp, R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{},"geometry":{"type":"Polygon","coordinates":[[)" + ring + "]]}}]}"),
                               plain());
  ASSERT_EQ(b.levels.size(), 5u);
  for (std::size_t i = 1; i < b.levels.size(); ++i) {
    EXPECT_GT(b.levels[i].tolerance, b.levels[i - 1].tolerance);
    EXPECT_LE(b.levels[i].lineVertices.size(), b.levels[i - 1].lineVertices.size());
  }
  EXPECT_LT(b.levels.back().fillVertices.size() * 4, b.levels[0].fillVertices.size());
  // Area is kept within the simplification tolerance even at the coarsest level.
  EXPECT_NEAR(triangleArea(b.levels.back()), 3.14159, 0.05);
  EXPECT_EQ(chooseLevel(b, 1e-9), 0u);                          // street level: full detail
  EXPECT_EQ(chooseLevel(b, 1.0), b.levels.size() - 1);           // whole world on a few pixels
  EXPECT_EQ(chooseLevel(b, 2.0 * b.levels[2].tolerance), 2u);    // at most a pixel of tolerance
  EXPECT_EQ(chooseLevel(b, 0.9 * b.levels[2].tolerance), 1u);
}

TEST(Tessellator, LevelsBuiltInTwoStepsEqualThoseBuiltAtOnce) {
  test::TempDir tmp;
  std::string ring;
  for (int i = 0; i <= 2000; ++i) {
    const double a = 2 * 3.14159265358979 * (i % 2000) / 2000.0;
    ring += std::string(i ? "," : "") + "[" + std::to_string(std::cos(a)) + "," + std::to_string(std::sin(a)) + "]";
  }
  const LayerData layer = readGeoJson(tmp, R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{},"geometry":{"type":"Polygon","coordinates":[[)" + ring + "]]}}]}");
  const Buckets all = tessellate(layer, plain());
  ASSERT_EQ(all.levels.size(), 5u);
  // A view that draws level 2: the first step builds levels 2..4, the second 0 and 1.
  const double upp = 1.5 * all.levels[2].tolerance;
  const LevelSplit split = splitLevels(layer.extent, GeomKind::Polygon, upp, layer.features.size());
  ASSERT_EQ(split.first.size(), 3u);
  ASSERT_EQ(split.later.size(), 2u);
  EXPECT_EQ(split.later[0], 0.0);
  std::vector<Buckets> first = tessellateLevels({&layer}, {plain()}, {split.first}, 2);
  std::vector<Buckets> later = tessellateLevels({&layer}, {plain()}, {split.later}, 2);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(chooseLevel(first[0], upp), 0u);  // the view's level is the finest built first
  EXPECT_EQ(first[0].levels[0].tolerance, all.levels[2].tolerance);
  mergeLevels(first[0], std::move(later[0]));
  ASSERT_EQ(first[0].levels.size(), all.levels.size());
  for (std::size_t i = 0; i < all.levels.size(); ++i) {
    EXPECT_EQ(first[0].levels[i].tolerance, all.levels[i].tolerance);
    EXPECT_EQ(first[0].levels[i].fillIndices.size(), all.levels[i].fillIndices.size());
    EXPECT_EQ(first[0].levels[i].lineVertices.size(), all.levels[i].lineVertices.size());
  }
}

TEST(LineBuilder, StraightSegmentExtrudesBothSidesWithButtCaps) {
  std::vector<LineVertex> v;
  std::vector<std::uint32_t> idx;
  std::vector<LineStyle> styles;
  LineBuilder lb(v, idx, styles, {10, 20}, LineJoin::Round, LineCap::Butt);
  const Vec2 pts[] = {{10, 20}, {14, 20}};
  lb.add(pts, 2, false, {3.0f, 0, 0, 0, rgba(1, 2, 3), 0});
  ASSERT_EQ(v.size(), 4u);
  ASSERT_EQ(idx.size(), 6u);
  EXPECT_FLOAT_EQ(v[0].x, 0.0f);  // relative to the origin
  EXPECT_DOUBLE_EQ(v[0].extrude().y, 1.0);  // normal of an eastward line points north
  EXPECT_DOUBLE_EQ(v[1].extrude().y, -1.0);
  EXPECT_FLOAT_EQ(v[2].dist, 4.0f);
  ASSERT_EQ(styles.size(), 1u);  // the style lives in the table, once
  EXPECT_EQ(v[0].style, 0u);
  EXPECT_FLOAT_EQ(styles[0].width, 3.0f);
  EXPECT_EQ(styles[0].color, rgba(1, 2, 3));
  EXPECT_EQ(sizeof(LineVertex), 20u);
}

TEST(LineBuilder, JoinsAndCapsAddTheirTriangles) {
  const Vec2 pts[] = {{0, 0}, {1, 0}, {1, 1}};  // a right-angle turn
  auto count = [&](LineJoin j, LineCap c) {
    std::vector<LineVertex> v;
    std::vector<std::uint32_t> idx;
    std::vector<LineStyle> styles;
    LineBuilder lb(v, idx, styles, {0, 0}, j, c);
    lb.add(pts, 3, false, {8.0f, 0, 0, 0, 0, 0});
    return idx.size() / 3;
  };
  // 8 px wide: round parts in steps of at most 2 acos(1 - 0.2 / 4) = 0.635 rad (chords within a
  // fifth of a pixel of the arc): a quarter turn takes 3 steps, a half turn 5.
  EXPECT_EQ(count(LineJoin::Bevel, LineCap::Butt), 4u + 1u);
  EXPECT_EQ(count(LineJoin::Miter, LineCap::Butt), 4u + 2u);  // 90 degrees is within the miter limit
  EXPECT_EQ(count(LineJoin::Round, LineCap::Butt), 4u + 3u);
  EXPECT_EQ(count(LineJoin::Bevel, LineCap::Square), 4u + 1u + 4u);
  EXPECT_EQ(count(LineJoin::Bevel, LineCap::Round), 4u + 1u + 10u);
}

TEST(LineBuilder, ThinLinesShareMitredVertexPairs) {
  std::vector<LineVertex> v;
  std::vector<std::uint32_t> idx;
  std::vector<LineStyle> styles;
  LineBuilder lb(v, idx, styles, {0, 0}, LineJoin::Round, LineCap::Butt);
  const Vec2 turn[] = {{0, 0}, {1, 0}, {1, 1}};  // right angle: within the mitre limit
  lb.add(turn, 3, false, {1.0f, 0, 0, 0, 0, 0});
  EXPECT_EQ(v.size(), 6u);    // two per point
  EXPECT_EQ(idx.size(), 12u);  // two triangles per segment, no join triangles
  // The corner pair is mitred: (n0 + n1) / (1 + n0.n1) = (-1, 1), length sqrt(2).
  EXPECT_NEAR(v[2].extrude().x, -1.0, 1e-3);
  EXPECT_NEAR(v[2].extrude().y, 1.0, 1e-3);
  EXPECT_FLOAT_EQ(v[2].dist, 1.0f);

  v.clear();
  idx.clear();
  const Vec2 hairpin[] = {{0, 0}, {1, 0}, {0, 0.1}};  // turns back ~174 degrees: bevelled
  lb.add(hairpin, 3, false, {1.0f, 0, 0, 0, 0, 0});
  EXPECT_EQ(v.size(), 8u);               // a pair per segment at the joint
  EXPECT_EQ(idx.size(), 12u + 3u);       // plus the bevel triangle

  v.clear();
  idx.clear();
  const Vec2 square[] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
  lb.add(square, 5, true, {1.0f, 0, 0, 0, 0, 0});
  EXPECT_EQ(v.size(), 10u);   // four mitred corners, the first twice (at 0 and at the full length)
  EXPECT_EQ(idx.size(), 24u);
  EXPECT_FLOAT_EQ(v.back().dist, 4.0f);
  EXPECT_FLOAT_EQ(v[0].dist, 0.0f);

  v.clear();
  idx.clear();
  LineBuilder capped(v, idx, styles, {0, 0}, LineJoin::Round, LineCap::Square);
  const Vec2 seg[] = {{0, 0}, {1, 0}};
  capped.add(seg, 2, false, {1.0f, 0, 0, 0, 0, 0});
  ASSERT_EQ(v.size(), 4u);  // caps fold into the end pairs: pushed out by half the width
  EXPECT_DOUBLE_EQ(v[0].extrude().x, -1.0);
  EXPECT_DOUBLE_EQ(v[2].extrude().x, 1.0);
}

TEST(LineBuilder, StylesAreSharedInTheTable) {
  std::vector<LineVertex> v;
  std::vector<std::uint32_t> idx;
  std::vector<LineStyle> styles;
  LineBuilder lb(v, idx, styles, {0, 0}, LineJoin::Round, LineCap::Butt);
  const Vec2 seg[] = {{0, 0}, {1, 0}};
  lb.add(seg, 2, false, {3.0f, 0, 0, 0, rgba(9, 9, 9), 0});
  lb.add(seg, 2, false, {5.0f, 4.0f, 2.0f, 1.0f, rgba(1, 1, 1), rgba(2, 2, 2)});
  lb.add(seg, 2, false, {3.0f, 0, 0, 0, rgba(9, 9, 9), 0});
  ASSERT_EQ(styles.size(), 2u);
  EXPECT_EQ(v[0].style, 0u);
  EXPECT_EQ(v[4].style, 1u);
  EXPECT_EQ(v.back().style, 0u);
  EXPECT_FLOAT_EQ(styles[1].dashOn, 4.0f);
  EXPECT_EQ(styles[1].casing, rgba(2, 2, 2));
}

TEST(LineBuilder, RepeatedAndNonFinitePointsAreSkipped) {
  std::vector<LineVertex> v;
  std::vector<std::uint32_t> idx;
  std::vector<LineStyle> styles;
  LineBuilder lb(v, idx, styles, {0, 0}, LineJoin::Bevel, LineCap::Butt);
  const Vec2 pts[] = {{0, 0}, {0, 0}, {NAN, 1}, {2, 0}};
  lb.add(pts, 4, false, {1.0f, 0, 0, 0, 0, 0});
  EXPECT_EQ(idx.size(), 6u);  // one segment
  const Vec2 single[] = {{5, 5}, {5, 5}};
  lb.add(single, 2, false, {1.0f, 0, 0, 0, 0, 0});
  EXPECT_EQ(idx.size(), 6u);  // nothing added
}
