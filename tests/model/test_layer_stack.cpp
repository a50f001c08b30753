// The document's layer stack: layers keep their ids through moves and removals of others, every
// change reaches observers as a typed event with the right indices, and the derived views
// (visible labels, legend, extent) follow visibility and order.
#include <gtest/gtest.h>

#include "layer_stack.hpp"

using namespace zhenmap;

namespace {

MapLayer layer(const std::string& name, Box extent) {
  auto data = std::make_shared<LayerData>();
  data->name = name;
  data->extent = extent;
  MapLayer l;
  l.title = name;
  l.data = data;
  l.buckets.extent = extent;
  LabelCandidate c;
  c.anchor = extent.center();
  l.labels = {c};
  return l;
}

}  // namespace

TEST(LayerStack, IdsSurviveMovesAndRemovalsAndEventsCarryIndices) {
  LayerStack stack;
  std::vector<LayerEvent> events;
  stack.subscribe([&](const LayerEvent& e) { events.push_back(e); });
  const LayerId a = stack.add(layer("townships", {0, 0, 10, 10}));
  const LayerId b = stack.add(layer("villages", {0, 0, 5, 5}));
  const LayerId c = stack.add(layer("sites", {20, 20, 30, 30}), 0);  // inserted at the bottom
  ASSERT_EQ(stack.size(), 3u);
  EXPECT_EQ(stack.at(0).id, c);
  EXPECT_EQ(stack.indexOf(a), 1u);
  EXPECT_EQ(events.back().kind, LayerChange::Added);
  EXPECT_EQ(events.back().to, 0u);

  stack.move(c, 2);
  EXPECT_EQ(events.back().kind, LayerChange::Moved);
  EXPECT_EQ(events.back().from, 0u);
  EXPECT_EQ(events.back().to, 2u);
  EXPECT_EQ(stack.at(2).id, c);
  stack.remove(a);
  EXPECT_EQ(events.back().kind, LayerChange::Removed);
  EXPECT_EQ(events.back().from, 0u);
  EXPECT_EQ(stack.find(a), nullptr);
  EXPECT_EQ(stack.find(b)->name(), "villages");  // still found by id after the others moved
  EXPECT_EQ(stack.indexOf(b), 0u);
  EXPECT_EQ(stack.indexOf(c), 1u);
  EXPECT_EQ(stack.indexOf(a), LayerStack::npos);
}

TEST(LayerStack, VisibilityDrivesLabelsLegendAndPicking) {
  LayerStack stack;
  const LayerId a = stack.add(layer("townships", {0, 0, 10, 10}));
  const LayerId b = stack.add(layer("villages", {0, 0, 5, 5}));
  EXPECT_EQ(stack.visibleLabels().size(), 2u);
  int visibilityEvents = 0;
  stack.subscribe([&](const LayerEvent& e) { visibilityEvents += e.kind == LayerChange::Visibility; });
  stack.setVisible(a, false);
  stack.setVisible(a, false);  // no change, no event
  EXPECT_EQ(visibilityEvents, 1);
  ASSERT_EQ(stack.visibleLabels().size(), 1u);
  EXPECT_EQ(stack.visibleLabels()[0].anchor.x, 2.5);  // the villages' label
  EXPECT_EQ(stack.visibility(), (std::vector<bool>{false, true}));
  const Box all = stack.extent();
  EXPECT_EQ(all.maxX, 10.0);
  stack.setOpacity(b, 0.4f);
  EXPECT_FLOAT_EQ(stack.find(b)->opacity, 0.4f);
  EXPECT_FLOAT_EQ(stack.find(b)->style().opacity, 0.4f);  // one opacity per layer
}

TEST(LayerStack, ReplacingBucketsBumpsTheGenerationThatLateWorkChecks) {
  LayerStack stack;
  const LayerId a = stack.add(layer("routes", {0, 0, 1, 1}));
  const std::uint64_t before = stack.find(a)->generation;
  std::vector<std::int64_t> changed;
  stack.subscribe([&](const LayerEvent& e) {
    if (e.kind == LayerChange::FeaturesChanged) changed = e.featureIds;
  });
  auto data = std::make_shared<LayerData>(*stack.find(a)->data);
  stack.changeFeatures(a, data, Buckets{}, {}, {7, 9});
  EXPECT_GT(stack.find(a)->generation, before);
  EXPECT_EQ(changed, (std::vector<std::int64_t>{7, 9}));
  EXPECT_EQ(stack.find(a)->data, data);
}
