// The packed R-tree against brute force, and identify: exact point-in-polygon (holes excluded,
// boundary included), distance to lines and points within a tolerance, repaired copies used.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "identify.hpp"
#include "spatial_index.hpp"

using namespace zhenmap;

namespace {

TEST(SpatialIndex, MatchesBruteForceOnRandomBoxes) {
  std::mt19937 rng(1234);
  std::uniform_real_distribution<double> pos(-1000, 1000), size(0, 30);
  std::vector<Box> boxes;
  for (int i = 0; i < 5000; ++i) {
    const double x = pos(rng), y = pos(rng);
    boxes.push_back(Box{x, y, x + size(rng), y + size(rng)});
  }
  boxes[17] = Box{};  // an empty box is never found
  const SpatialIndex index(boxes);
  EXPECT_EQ(index.size(), boxes.size() - 1);
  for (int q = 0; q < 200; ++q) {
    const double x = pos(rng), y = pos(rng), w = size(rng) * 5;
    const Box query{x, y, x + w, y + w};
    std::vector<std::uint32_t> expected;
    for (std::uint32_t i = 0; i < boxes.size(); ++i) {
      const Box& b = boxes[i];
      if (!b.empty() && b.minX <= query.maxX && b.maxX >= query.minX && b.minY <= query.maxY && b.maxY >= query.minY) {
        expected.push_back(i);
      }
    }
    ASSERT_EQ(index.query(query), expected) << "query " << q;
  }
}

TEST(SpatialIndex, EmptyAndSingleItem) {
  const SpatialIndex none(std::vector<Box>{});
  EXPECT_TRUE(none.query(Box{0, 0, 1, 1}).empty());
  const SpatialIndex one(std::vector<Box>{Box{5, 5, 6, 6}});
  EXPECT_EQ(one.query(Box{0, 0, 5, 5}), std::vector<std::uint32_t>{0});  // touching counts
  EXPECT_TRUE(one.query(Box{0, 0, 4.9, 4.9}).empty());
}

Geometry polygon(std::vector<std::vector<Vec2>> rings) {
  Geometry g;
  g.kind = GeomKind::Polygon;
  g.rings.push_back(0);
  g.parts = {0};
  for (auto& r : rings) {
    g.points.insert(g.points.end(), r.begin(), r.end());
    g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
  }
  g.parts.push_back(static_cast<std::uint32_t>(g.ringCount()));
  return g;
}

Geometry line(std::vector<Vec2> pts, GeomKind kind = GeomKind::Line) {
  Geometry g;
  g.kind = kind;
  g.points = std::move(pts);
  g.rings = {0, static_cast<std::uint32_t>(g.points.size())};
  return g;
}

LayerData sampleLayer() {
  LayerData layer;
  Feature donut;
  donut.fid = 10;
  donut.geometry = polygon({{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}});
  Feature road;
  road.fid = 11;
  road.geometry = line({{-5, 5}, {20, 5}});
  Feature well;
  well.fid = 12;
  well.geometry = line({{8, 8}}, GeomKind::Point);
  Feature bowtie;  // invalid: identify hits what the even-odd fill covers (two triangles)
  bowtie.fid = 13;
  bowtie.geometry = polygon({{{30, 0}, {40, 10}, {40, 0}, {30, 10}, {30, 0}}});
  bowtie.status = GeometryStatus::Invalid;
  layer.features = {donut, road, well, bowtie};
  std::vector<Box> boxes;
  for (const Feature& f : layer.features) boxes.push_back(f.geometry.bounds());
  layer.index = std::make_shared<const SpatialIndex>(boxes);
  return layer;
}

std::vector<std::size_t> indices(const std::vector<IdentifyHit>& hits) {
  std::vector<std::size_t> out;
  for (const IdentifyHit& h : hits) out.push_back(h.index);
  return out;
}

TEST(Identify, PointInPolygonExcludesHoles) {
  const LayerData layer = sampleLayer();
  EXPECT_EQ(indices(identify(layer, {2, 2}, 0.0)), std::vector<std::size_t>{0});
  EXPECT_TRUE(identify(layer, {5, 4.5}, 0.0).empty()) << "inside the hole";
  EXPECT_EQ(indices(identify(layer, {10, 2}, 0.0)), std::vector<std::size_t>{0}) << "boundary counts";
  EXPECT_TRUE(identify(layer, {10.5, 2}, 0.0).empty());
  EXPECT_EQ(indices(identify(layer, {10.5, 2}, 1.0)), std::vector<std::size_t>{0}) << "outline within tolerance";
}

TEST(Identify, LinesAndPointsWithinToleranceNearestFirst) {
  const LayerData layer = sampleLayer();
  const auto hits = identify(layer, {15, 5.4}, 0.5);
  ASSERT_EQ(indices(hits), std::vector<std::size_t>{1});
  EXPECT_NEAR(hits[0].distance, 0.4, 1e-12);
  EXPECT_TRUE(identify(layer, {15, 5.6}, 0.5).empty());
  // Inside the donut, near the well and the road: polygon (0) first, then the well, then the road.
  const auto near = identify(layer, {8, 7.5}, 3.0);
  EXPECT_EQ(indices(near), (std::vector<std::size_t>{0, 2, 1}));
  EXPECT_NEAR(near[1].distance, 0.5, 1e-12);
  EXPECT_NEAR(near[2].distance, 2.5, 1e-12);
}

TEST(Identify, InvalidPolygonUsesRepairedCopy) {
  const LayerData layer = sampleLayer();
  EXPECT_EQ(indices(identify(layer, {32, 5}, 0.0)), std::vector<std::size_t>{3});  // left wing
  EXPECT_EQ(indices(identify(layer, {38, 5}, 0.0)), std::vector<std::size_t>{3});  // right wing
  EXPECT_TRUE(identify(layer, {35, 2}, 0.0).empty());                              // between the wings
}

TEST(Validator, SimpleCases) {
  GeometryValidator v;
  EXPECT_TRUE(v.validate(polygon({{{0, 0}, {1, 0}, {1, 1}, {0, 0}}})).valid());
  const auto tooFew = v.validate(polygon({{{0, 0}, {1, 0}, {0, 0}}}));
  EXPECT_EQ(tooFew.status, GeometryStatus::Invalid);
  EXPECT_EQ(v.validate(line({{1, 1}, {1, 1}})).status, GeometryStatus::Invalid);
  EXPECT_EQ(v.validate(line({{1, 1}, {std::nan(""), 1}})).status, GeometryStatus::NonFinite);
  EXPECT_EQ(v.validate(Geometry{}).status, GeometryStatus::Null);
  const auto hole = v.validate(
      polygon({{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{20, 20}, {21, 20}, {21, 21}, {20, 21}, {20, 20}}}));
  EXPECT_EQ(hole.reason, "Hole lies outside shell");
}

}  // namespace
