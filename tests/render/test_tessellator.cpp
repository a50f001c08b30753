// Tessellation: fills cover exactly what the rings fill by the even-odd rule (holes excluded,
// invalid polygons as they are),
// lines extrude correctly, levels of detail and tiles account for every primitive.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "line_builder.hpp"
#include "style_json.hpp"
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
  EXPECT_EQ(b.invalidPolygons, 0u);
}

TEST(Tessellator, BowTieIsFilledByTheEvenOddRule) {
  test::TempDir tmp;
  // Two triangles of area 1 each, crossing at (1, 1).
  const LayerData layer = readGeoJson(tmp, R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}]})");
  const Buckets b = tessellate(layer, plain());
  EXPECT_EQ(b.invalidPolygons, 1u);
  EXPECT_NEAR(triangleArea(b.levels[0]), 2.0, 1e-5);
  EXPECT_FALSE(b.levels[0].lineIndices.empty());  // the outline is still drawn, as the source has it
}

// GEOS-invalid polygons are filled as GDAL's rasterizer and QGIS fill them: each part by the
// even-odd rule over its rings, the parts together as their union (each point once: the triangle
// areas add up to the union's area, not more). At full detail and on a simplified level.
TEST(Tessellator, InvalidPolygonsFillWhatTheirRingsFillByTheEvenOddRule) {
  struct Case {
    const char* name;
    const char* geometry;
    double area;
  };
  const Case cases[] = {
      {"hole equal to its shell",
       R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[0,0],[4,0],[4,4],[0,4],[0,0]]]})", 0.0},
      {"hole outside its shell",
       R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[5,5],[8,5],[8,8],[5,8],[5,5]]]})",
       16.0 + 9.0},
      {"self-touching ring",
       R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[1,2],[3,2],[2,0],[4,0],[4,4],[0,4],[0,0]]]})", 16.0 - 2.0},
      {"overlapping parts",
       R"({"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,4],[0,0]]],[[[2,2],[6,2],[6,6],[2,6],[2,2]]]]})",
       16.0 + 16.0 - 4.0},
      {"bow-tie", R"({"type":"Polygon","coordinates":[[[0,0],[4,4],[4,0],[0,4],[0,0]]]})", 8.0}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    test::TempDir tmp;
    const LayerData layer = readGeoJson(
        tmp, std::string(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":)") +
                 c.geometry + "}]}");
    ASSERT_EQ(layer.features.at(0).status, GeometryStatus::Invalid);
    TessellateOptions options;
    options.tolerances = {0.05};
    LayerStyle style = plain();
    style.symbol.fill = 0x80336699;  // translucent: overlapping parts must not be filled twice
    const Buckets b = tessellate(layer, style, options);
    ASSERT_EQ(b.levels.size(), 2u);
    EXPECT_EQ(b.invalidPolygons, 1u);
    EXPECT_NEAR(triangleArea(b.levels[0]), c.area, 1e-5);
    EXPECT_NEAR(triangleArea(b.levels[1]), c.area, 1e-5) << "simplified ring by ring, the same fill";
  }
}

// A ring of a million vertices (a circle with a wavy edge, valid) is filled exactly, cut along
// the quadtree, in seconds (GLU alone takes 30 s over the whole ring here).
TEST(Tessellator, MillionVertexRing) {
  constexpr int n = 1'000'000;
  LayerData layer;
  Feature f;
  f.geometry.kind = GeomKind::Polygon;
  double area2 = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * 3.14159265358979323846 * (i % n) / n, r = 1000.0 + 20.0 * std::sin(997.0 * a);
    f.geometry.points.push_back({r * std::cos(a), r * std::sin(a)});
    if (i > 0) {
      const Vec2 p = f.geometry.points[i - 1], q = f.geometry.points[i];
      area2 += p.x * q.y - q.x * p.y;
    }
  }
  f.geometry.rings = {0, n + 1};
  f.geometry.parts = {0, 1};
  layer.extent = f.geometry.bounds();
  layer.features.push_back(std::move(f));
  TessellateOptions options;
  options.tolerances = {0.0};  // full detail only
  options.buildCoverage = false;
  LayerStyle fillOnly;
  fillOnly.symbol.strokeWidth = 0.0f;
  const auto start = std::chrono::steady_clock::now();
  const Buckets b = tessellate(layer, fillOnly, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(b.levels.size(), 1u);
  EXPECT_NEAR(triangleArea(b.levels[0]), area2 / 2, 1e-6 * area2);
#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
  constexpr double kLimit = 300.0;  // an unoptimised, instrumented build (asan preset: 60 s here)
#else
  constexpr double kLimit = 30.0;
#endif
  EXPECT_LT(seconds, kLimit);
  std::printf("a million-vertex ring: %.2f s, %zu triangles\n", seconds, b.levels[0].fillIndices.size() / 3);
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

namespace {

std::string pointsJson(const std::vector<Vec2>& points) {
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < points.size(); ++i) {
    json += std::string(i ? "," : "") + R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[)" +
            std::to_string(points[i].x) + "," + std::to_string(points[i].y) + "]}}";
  }
  return json + "]}";
}

LayerStyle triangles8() {
  LayerStyle s;
  s.symbol.shape = MarkerShape::Triangle;
  s.symbol.size = 8.0f;
  s.symbol.fill = rgba(200, 40, 30);
  return s;
}

std::uint64_t countSum(const LevelBuckets& level) {
  std::uint64_t n = 0;
  for (const MarkerInstance& m : level.markers) n += static_cast<std::uint64_t>(m.count);
  return n;
}

}  // namespace

TEST(PointClusters, CellsClusterWhenTheirPointsOverlapAndKeepSeparatePointsAsTheyAre) {
  test::TempDir tmp;
  // Cells of 10 degrees from the extent's corner (0, 0), drawn 32 to 64 px wide: 6.4 px a degree
  // where they are largest; the triangles are 8 px.
  std::vector<Vec2> points = {
      {0, 0}, {0.5, 0.5}, {1, 1}, {1.5, 1.5}, {2, 2},  // cell (0,0): 4.5 px apart -> one cluster of 5 at (1,1)
      {21, 1}, {29, 9},                                // cell (2,0): 72 px apart -> two single triangles
      {1, 21}, {1.5, 21},                              // cell (0,2): 3.2 px apart -> a cluster of 2 at (1.25, 21)
      {45, 45}};                                       // cell (4,4): alone -> a single triangle
  for (int i = 0; i < 4; ++i) {  // cell (0,4): a 2 x 2 grid 19.2 px apart -> four singles
    points.push_back({1.0 + 3.0 * (i % 2), 41.0 + 3.0 * (i / 2)});
  }
  for (int i = 0; i < 13; ++i) {  // cell (2,4): 13 points 19.2 px apart, more than 12 -> a cluster
    points.push_back({20.1 + 3.0 * (i % 4), 40.1 + 3.0 * (i / 4)});
  }
  const LayerData layer = readGeoJson(tmp, pointsJson(points));
  TessellateOptions opts;
  opts.tolerances = {10.0};
  opts.clusterMinPoints = 1;
  const Buckets b = tessellate(layer, triangles8(), opts);
  ASSERT_EQ(b.levels.size(), 2u);
  EXPECT_EQ(b.levels[0].tolerance, 0.0);
  ASSERT_EQ(b.levels[0].markers.size(), 27u);  // level 0: every point as it is
  for (const MarkerInstance& m : b.levels[0].markers) {
    EXPECT_EQ(m.count, 1.0f);
    EXPECT_EQ(m.shape, static_cast<float>(MarkerShape::Triangle));
  }
  const LevelBuckets& level = b.levels[1];
  ASSERT_EQ(level.markers.size(), 10u);
  EXPECT_EQ(countSum(level), 27u);
  struct Expect {
    double x, y;
    float count;
  };
  const std::vector<Expect> expected = {{1, 1, 5},   {21, 1, 1}, {29, 9, 1}, {1.25, 21, 2}, {45, 45, 1}, {1, 41, 1},
                                        {4, 41, 1},  {1, 44, 1}, {4, 44, 1}, {24.253846, 43.561538, 13}};
  for (const Expect& e : expected) {
    const MarkerInstance* found = nullptr;
    for (const MarkerInstance& m : level.markers) {
      if (std::abs(m.x + b.origin.x - e.x) < 1e-4 && std::abs(m.y + b.origin.y - e.y) < 1e-4) found = &m;
    }
    ASSERT_NE(found, nullptr) << "no marker at " << e.x << "," << e.y;
    EXPECT_EQ(found->count, e.count);
    if (e.count == 1.0f) {  // a single point keeps its own symbol
      EXPECT_EQ(found->shape, static_cast<float>(MarkerShape::Triangle));
      EXPECT_EQ(found->size, 8.0f);
      EXPECT_EQ(found->fill, rgba(200, 40, 30));
    } else {  // a cluster: a disc with a translucent ring of the class colour, 8 px * (1.3 + 0.5 log10 n)
      EXPECT_EQ(found->shape, static_cast<float>(MarkerShape::Circle));
      EXPECT_NEAR(found->size, e.count == 5.0f ? 13.1959f : e.count == 2.0f ? 11.6041f : 14.8558f, 1e-3);
      EXPECT_EQ(found->fill, rgba(200, 40, 30));
      EXPECT_EQ(found->stroke, rgba(200, 40, 30, 0x66));
      EXPECT_GE(found->strokeWidth, 2.0f);
    }
  }
  std::uint32_t expectFirst = 0;
  for (const Tile& t : level.tiles) {  // tiles cover the markers contiguously, once each
    EXPECT_EQ(t.markerFirst, expectFirst);
    expectFirst += t.markerCount;
  }
  EXPECT_EQ(expectFirst, level.markers.size());
}

TEST(PointClusters, ClusterSizeGrowsWithTheCountUpToThreeTimesTheMarker) {
  Symbol s;
  s.shape = MarkerShape::Pin;
  s.size = 10.0f;
  s.fill = rgba(10, 20, 30, 200);
  EXPECT_EQ(clusterSymbol(s, 1).shape, MarkerShape::Pin);  // one point is no cluster
  EXPECT_NEAR(clusterSymbol(s, 10).size, 18.0f, 1e-4);      // 10 * (1.3 + 0.5)
  EXPECT_NEAR(clusterSymbol(s, 1000).size, 28.0f, 1e-4);    // 10 * (1.3 + 1.5)
  EXPECT_NEAR(clusterSymbol(s, 1000000).size, 30.0f, 1e-4); // capped at 3x
  EXPECT_EQ(clusterSymbol(s, 10).fill, rgba(10, 20, 30));   // an opaque core
  EXPECT_EQ(clusterSymbol(s, 10).stroke, rgba(10, 20, 30, 0x66));
  EXPECT_EQ(clusterSymbol(s, 10).shape, MarkerShape::Circle);
}

TEST(PointClusters, SmallLayersAreNeverClusteredLargeOnesGetALevelPerDoublingOfTheCell) {
  test::TempDir tmp;
  std::vector<Vec2> few, many;
  for (int i = 0; i < 999; ++i) few.push_back({(i % 37) * 0.01, (i / 37) * 0.01});
  for (int i = 0; i < 1000; ++i) many.push_back({(i % 37) * 0.01, (i / 37) * 0.01});
  const Buckets small = tessellate(readGeoJson(tmp, pointsJson(few)), triangles8());
  ASSERT_EQ(small.levels.size(), 1u);
  EXPECT_EQ(small.levels[0].markers.size(), 999u);
  EXPECT_EQ(chooseLevel(small, 1.0), 0u);  // even with the whole layer in a pixel
  const LayerData manyLayer = readGeoJson(tmp, pointsJson(many));
  const Buckets large = tessellate(manyLayer, triangles8());
  ASSERT_EQ(large.levels.size(), 8u);  // level 0 and cells of diag/1024 ... diag/16
  const double diag = std::hypot(manyLayer.extent.width(), manyLayer.extent.height());
  EXPECT_NEAR(large.levels[1].tolerance, diag / 1024.0, 1e-12);
  EXPECT_NEAR(large.levels[7].tolerance, diag / 16.0, 1e-12);
  for (const LevelBuckets& level : large.levels) EXPECT_EQ(countSum(level), 1000u);
  // The coarsest level whose cell is at most 64 px: level 3 from 64 px down to 32 px of cell.
  const double cell3 = large.levels[3].tolerance;
  EXPECT_EQ(chooseLevel(large, cell3 / 64.0), 3u);
  EXPECT_EQ(chooseLevel(large, cell3 / 40.0), 3u);
  EXPECT_EQ(chooseLevel(large, cell3 / 65.0), 2u);
  EXPECT_EQ(chooseLevel(large, diag / 1024.0 / 65.0), 0u);  // street level: every point
}

TEST(PointClusters, AStyleWithClusteringOffDrawsEveryPointAtEveryScale) {
  test::TempDir tmp;
  std::vector<Vec2> many;
  for (int i = 0; i < 1500; ++i) many.push_back({(i % 37) * 0.01, (i / 37) * 0.01});
  const LayerData layer = readGeoJson(tmp, pointsJson(many));
  LayerStyle style = triangles8();
  style.cluster = false;
  const Buckets b = tessellate(layer, style);
  ASSERT_EQ(b.levels.size(), 1u);
  EXPECT_EQ(b.levels[0].markers.size(), 1500u);
  const double diag = std::hypot(layer.extent.width(), layer.extent.height());
  EXPECT_EQ(chooseLevel(b, diag), 0u);  // the whole layer in one pixel: still every point
  // The split of the first view agrees: one level, no later ones.
  const LevelSplit split = splitLevels(layer.extent, GeomKind::Point, diag / 100.0, 1500, SIZE_MAX);
  EXPECT_EQ(split.first, std::vector<double>{0.0});
  EXPECT_TRUE(split.later.empty());
  // The saved style keeps the choice.
  EXPECT_FALSE(styleFromJson(styleToJson(style)).cluster);
  EXPECT_TRUE(styleFromJson(styleToJson(triangles8())).cluster);
  EXPECT_FALSE(styleFromJson(R"({"cluster": false})").cluster);
}

TEST(PointClusters, ADenseLayerDrawsAFewMarkersPerGridCellAtFullExtent) {
  test::TempDir tmp;
  // 5,000 points spread over a unit square (a fixed linear congruential sequence).
  std::vector<Vec2> points = {{0, 0}, {1, 1}};
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  while (points.size() < 5000) points.push_back({next(), next()});
  const LayerData layer = readGeoJson(tmp, pointsJson(points));
  const Buckets b = tessellate(layer, triangles8());
  // 1,000 px across the square: cells of diag/32 = 0.0442 (44 px) are the coarsest at most 64 px,
  // a grid of 23 x 23 cells over the square.
  const std::size_t chosen = chooseLevel(b, 0.001);
  ASSERT_NEAR(b.levels[chosen].tolerance, std::sqrt(2.0) / 32.0, 1e-9);
  const LevelBuckets& level = b.levels[chosen];
  EXPECT_EQ(countSum(level), 5000u);
  // 9.5 points a cell on average (Poisson), in 64 px where the cell is largest: two given points
  // land within 8 px of each other with chance about 0.045, so n points overlap nowhere with
  // chance about 0.955^(n(n-1)/2) (0.63 for 5, 0.27 for 8, 0.05 for 12) and then stay n singles.
  // Summed over Poisson(9.45) up to n = 12 that is about 1.3 extra markers an interior cell:
  // some 1,100 to 1,250 markers in all, against 5,000 points; at most 12 a cell whatever happens.
  EXPECT_GE(level.markers.size(), 950u);
  EXPECT_LE(level.markers.size(), 1400u);
  EXPECT_LE(level.markers.size(), 23u * 23u * kClusterMaxSingles);
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

// A route's planned part (LayerStyle::dashPlanned): the line is split at its built length along
// the ellipsoid, read from the fields the style names as the layer's progress fields (any names:
// a team's own layer); the built part keeps the class's line style, the rest is dashed and
// thinner. On
// the equator one degree of longitude is 111.3195 km on GRS80 (2 pi 6378.137 km / 360), so 25% of
// a one-degree line is built and the split lies at longitude 0.25.
TEST(Tessellator, PlannedPartOfARouteIsDashedFromItsBuiltLength) {
  LayerData routes;
  routes.name = "village_greenways";
  routes.mapCrs = "EPSG:4490";
  for (const char* name : {"done_km", "length_km"}) {
    FieldDef field;
    field.name = name;
    field.type = FieldType::Real;
    routes.fields.push_back(field);
  }
  Feature f;
  f.fid = 1;
  f.geometry.kind = GeomKind::Line;
  f.geometry.points = {{0.0, 0.0}, {0.5, 0.0}, {1.0, 0.0}};
  f.geometry.rings = {0, 3};
  const double degreeKm = 2 * 3.14159265358979323846 * 6378.137 / 360;
  f.attributes = {AttributeValue{0.25 * degreeKm}, AttributeValue{degreeKm}};
  routes.features.push_back(f);
  routes.extent = f.geometry.bounds();
  LayerStyle style;
  style.symbol.stroke = rgba(0xfc, 0x8d, 0x59);
  style.symbol.lineWidth = 4.0f;
  style.dashPlanned = true;
  style.builtField = "done_km";
  style.plannedField = "length_km";
  TessellateOptions one;
  const Buckets b = tessellate(routes, style, one);
  const LevelBuckets& level = b.levels.at(0);
  ASSERT_EQ(level.lineStyles.size(), 2u);
  const LineStyle& built = level.lineStyles[0];
  const LineStyle& planned = level.lineStyles[1];
  EXPECT_EQ(built.width, 4.0f);
  EXPECT_EQ(built.dashOn, 0.0f);
  EXPECT_FLOAT_EQ(planned.width, 2.4f);
  EXPECT_EQ(planned.dashOn, 12.0f);
  EXPECT_EQ(planned.dashOff, 8.0f);
  EXPECT_EQ(planned.color, built.color);
  double builtMaxX = -1, plannedMinX = 2, plannedMaxX = -1;
  for (const LineVertex& v : level.lineVertices) {
    const double x = v.x + b.origin.x;
    if (v.style == 0) builtMaxX = std::max(builtMaxX, x);
    if (v.style == 1) plannedMinX = std::min(plannedMinX, x), plannedMaxX = std::max(plannedMaxX, x);
  }
  // Vertices sit on the line's points (extrusion is applied in the shader): the split point ends
  // one part and starts the other.
  EXPECT_NEAR(builtMaxX, 0.25, 1e-6);
  EXPECT_NEAR(plannedMinX, 0.25, 1e-6);
  EXPECT_NEAR(plannedMaxX, 1.0, 1e-9);

  style.dashPlanned = false;  // off: one solid line
  const Buckets plain = tessellate(routes, style, one);
  EXPECT_EQ(plain.levels.at(0).lineStyles.size(), 1u);
  LayerData noFields = routes;
  noFields.fields.clear();
  noFields.features[0].attributes.clear();
  style.dashPlanned = true;  // without the progress fields: drawn whole, as without the option
  EXPECT_EQ(tessellate(noFields, style, one).levels.at(0).lineStyles.size(), 1u);
  LayerStyle unnamed = style;  // a style that names no progress fields: drawn whole
  unnamed.builtField.clear();
  EXPECT_EQ(tessellate(routes, unnamed, one).levels.at(0).lineStyles.size(), 1u);
}
