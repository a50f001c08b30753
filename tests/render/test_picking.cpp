// Picking through the geodata index: the county under a screen position, nothing outside, and
// highlights for what was picked.
#include <gtest/gtest.h>

#include "crs_transform.hpp"
#include "picking.hpp"
#include "test_support.hpp"
#include "vector_source.hpp"

using namespace zhenmap;

namespace {
std::string nameOf(const LayerData& l, std::size_t feature) {
  for (std::size_t i = 0; i < l.fields.size(); ++i) {
    if (l.fields[i].name == "name") return std::get<std::string>(l.features[feature].attributes[i]);
  }
  return {};
}
}  // namespace

TEST(Picking, FindsTheCountyUnderTheCursorAndNothingOutside) {
  ReadOptions opts;
  auto layers = std::vector<std::shared_ptr<const LayerData>>{std::make_shared<const LayerData>(
      readVectorSource((test::dataDir() / "jieyang" / "jieyang_counties.geojson").string(), opts).at(0))};
  Camera cam;
  cam.setViewport(800, 600);
  cam.fit(layers[0]->extent);
  // 普宁市's urban centre (116.17E, 23.30N) and the sea south-east of 惠来县 (116.6E, 22.8N).
  const CrsTransform t("EPSG:4326", "EPSG:3857");
  const auto hits = pick(layers, cam, cam.mapToScreen(t.forward({116.17, 23.30})));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(nameOf(*layers[0], hits[0].feature), "普宁市");
  EXPECT_EQ(hits[0].distancePx, 0.0);
  EXPECT_TRUE(pick(layers, cam, cam.mapToScreen(t.forward({116.6, 22.8}))).empty());
  EXPECT_TRUE(pick(layers, cam, cam.mapToScreen(t.forward({116.17, 23.30})), 4.0, {false}).empty());  // hidden layer
}

TEST(Picking, HighlightDrawsOnlyThePickedFeatures) {
  ReadOptions opts;
  const LayerData layer = readVectorSource((test::dataDir() / "jieyang" / "jieyang_counties.geojson").string(), opts).at(0);
  const Buckets one = highlightBuckets(layer, {2});
  const Buckets all = highlightBuckets(layer, {0, 1, 2, 3, 4});
  ASSERT_FALSE(one.levels.empty());
  EXPECT_GT(one.levels[0].lineIndices.size(), 0u);
  EXPECT_LT(one.levels[0].lineIndices.size(), all.levels[0].lineIndices.size());
  EXPECT_TRUE(one.extent.intersects(layer.features[2].geometry.bounds()));
  EXPECT_TRUE(highlightBuckets(layer, {}).levels.empty() || highlightBuckets(layer, {}).levels[0].fillIndices.empty());
}
