// A commit reaches the map without reading a layer again: the committed values land in the
// project's layers of the stack, a layer is re-tessellated only when its style reads a changed
// field, other sources' layers of the same name stay as they are, and the stack announces which
// features changed.
#include <gtest/gtest.h>

#include "default_styles.hpp"
#include "feature_update.hpp"

using namespace zhenmap;

namespace {

const std::string kProject = "/tmp/some/project.sqlite";

std::shared_ptr<const LayerData> sites(const std::string& source) {
  auto l = std::make_shared<LayerData>();
  l->source = source;
  l->name = "project_sites";
  l->mapCrs = "EPSG:3857";
  l->fields = {{"status", FieldType::Text, "String", 0, 0}, {"notes", FieldType::Text, "String", 0, 0},
               {"budget_wan", FieldType::Real, "Real", 0, 0}};
  for (int i = 1; i <= 3; ++i) {
    Feature f;
    f.fid = i;
    f.geometry.kind = GeomKind::Point;
    f.geometry.points = {{1000.0 * i, 2000.0}};
    f.geometry.rings = {0, 1};
    f.attributes = {std::string("planned"), std::string("n") + std::to_string(i), 10.0 * i};
    l->extent.expand(f.geometry.points[0]);
    l->features.push_back(std::move(f));
  }
  return l;
}

LayerStyle byStatus() {
  LayerStyle s;
  s.kind = StyleKind::Categorized;
  s.expression = "status";
  s.classes = {category("planned", "规划中", marker(rgba(0x9e, 0x9e, 0x9e), MarkerShape::Circle, 9.0f)),
               category("completed", "已完工", marker(rgba(0x27, 0xae, 0x60), MarkerShape::Circle, 9.0f))};
  return s;
}

LayerId addSites(LayerStack& stack, const std::string& source, bool fromProject) {
  MapLayer l;
  l.data = sites(source);
  l.buckets = tessellate(*l.data, byStatus());
  l.fromProject = fromProject;
  return stack.add(std::move(l));
}

// Runs the queue until everything is delivered.
void drain(JobQueue& jobs) {
  while (jobs.pendingCount() > 0) jobs.deliver();
}

Rgba markerFill(const MapLayer& layer, std::int64_t fid) {
  const LevelBuckets& level0 = layer.buckets.levels.front();
  for (std::size_t i = 0; i < layer.data->features.size(); ++i) {
    if (layer.data->features[i].fid == fid) return level0.markers.at(i).fill;
  }
  return 0;
}

}  // namespace

TEST(FeatureUpdate, StyleFieldsAreTheOnesItsExpressionsName) {
  LayerStyle s = byStatus();
  s.label.expression = "\"notes\" || ' (' || 'budget_wan' || ')'";  // a string literal is not a field
  s.builtField = "budget_wan";
  const LayerData layer = *sites(kProject);
  EXPECT_EQ(fieldsReadBy(s, layer), (std::set<std::string>{"budget_wan", "notes", "status"}));
  s.builtField.clear();
  EXPECT_EQ(fieldsReadBy(s, layer), (std::set<std::string>{"notes", "status"}));
}

TEST(FeatureUpdate, ACommittedStatusRecoloursItsSiteAndANoteKeepsTheBuckets) {
  JobQueue jobs(2);
  LayerStack stack;
  const LayerId project = addSites(stack, kProject, true);
  const LayerId other = addSites(stack, "/tmp/another.gpkg", false);  // same layer name, another source
  std::vector<std::int64_t> changed;
  stack.subscribe([&](const LayerEvent& e) {
    if (e.kind == LayerChange::FeaturesChanged && e.layer == project) changed = e.featureIds;
  });
  EXPECT_EQ(markerFill(*stack.find(project), 2), rgba(0x9e, 0x9e, 0x9e));
  std::size_t done = 0;
  applyCommittedChanges(jobs, stack, kProject, {{"project_sites", 2, "status", std::string("completed")}},
                        [&](std::size_t n) { done = n; });
  drain(jobs);
  EXPECT_EQ(done, 1u);
  EXPECT_EQ(changed, (std::vector<std::int64_t>{2}));
  const MapLayer& p = *stack.find(project);
  EXPECT_EQ(std::get<std::string>(p.data->features[1].attributes[0]), "completed");
  EXPECT_EQ(markerFill(p, 2), rgba(0x27, 0xae, 0x60));  // re-tessellated: the completed class
  EXPECT_EQ(markerFill(p, 1), rgba(0x9e, 0x9e, 0x9e));
  EXPECT_EQ(std::get<std::string>(stack.find(other)->data->features[1].attributes[0]), "planned");

  // A field the style does not read: the same buckets (their vertex data), new values.
  const std::vector<MarkerInstance> markers = p.buckets.levels.front().markers;
  const std::uint64_t generation = p.generation;
  applyCommittedChanges(jobs, stack, kProject, {{"project_sites", 3, "notes", std::string("已验收")}});
  drain(jobs);
  const MapLayer& q = *stack.find(project);
  EXPECT_GT(q.generation, generation);
  EXPECT_EQ(std::get<std::string>(q.data->features[2].attributes[1]), "已验收");
  ASSERT_EQ(q.buckets.levels.front().markers.size(), markers.size());
  EXPECT_EQ(q.buckets.levels.front().markers[2].fill, markers[2].fill);
  EXPECT_EQ(changed, (std::vector<std::int64_t>{3}));
}

TEST(FeatureUpdate, ValuesBecomeTheFieldsTypes) {
  EXPECT_EQ(std::get<double>(toAttribute(store::Value(2.5), FieldType::Real)), 2.5);
  const AttributeValue d = toAttribute(store::Value(std::string("2024-05-01")), FieldType::Date);
  ASSERT_TRUE(std::holds_alternative<DateTime>(d));
  EXPECT_EQ(std::get<DateTime>(d).month, 5);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(toAttribute(store::Value{}, FieldType::Text)));
}
