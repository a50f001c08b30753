// Meeting mode's data: the demo deck, the dashboard (equal to what `zhenmap stats --json` prints,
// parsed from the CLI's output), "progress since" from the audit log, households only as counts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "store/meeting_store.hpp"
#include "store/stats.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {
const DashboardChart& chart(const std::vector<DashboardChart>& charts, const std::string& id) {
  for (const DashboardChart& c : charts) {
    if (c.id == id) return c;
  }
  throw std::runtime_error("no chart " + id);
}
}  // namespace

TEST(Meeting, DemoDeckAndDashboardEqualTheStatsCommand) {
  test::TempDir dir;
  const std::string path = test::makeDemoProject(dir);
  ProjectStore project = ProjectStore::open(path);

  const std::vector<Slide> slides = readSlides(project);
  ASSERT_EQ(slides.size(), 8u);
  EXPECT_EQ(slides[0].title, "驻镇帮镇扶村：全市概况");
  EXPECT_EQ(slides[0].bookmark, "揭阳市全域");
  ASSERT_TRUE(slides[0].extent.has_value());
  EXPECT_LT(slides[0].extent->minX, 116.0);  // the city reaches west of 116E and east of 116.5E
  EXPECT_GT(slides[0].extent->maxX, 116.5);
  EXPECT_EQ(slides[1].visibleLayers, (std::vector<std::string>{"townships", "scenic_routes", "project_sites"}));
  EXPECT_EQ(slides[1].filters.at("project_sites"), "programme = 'beautiful_town'");
  const char* towns[] = {"金和镇", "灰寨镇", "隆江镇", "华湖镇", "登岗镇"};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(slides[3 + i].bookmark, towns[i]);
  for (std::size_t i = 0; i < slides.size(); ++i) EXPECT_EQ(slides[i].position, static_cast<std::int64_t>(i + 1));

  const auto charts = buildDashboard(computeStats(project));
  const test::RunResult run = test::runZhenmap({"stats", path, "--json"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const nlohmann::json cli = nlohmann::json::parse(run.out);

  // The article's figures (FACTS.md): 88 km of scenic belts and 70 km of facades built.
  const DashboardChart& kinds = chart(charts, "route_kinds");
  ASSERT_EQ(kinds.bars.size(), cli["routes"].size());
  for (const DashboardBar& b : kinds.bars) {
    EXPECT_DOUBLE_EQ(b.value, cli["routes"][b.key]["built_km"].get<double>()) << b.key;
    EXPECT_DOUBLE_EQ(b.total, cli["routes"][b.key]["planned_km"].get<double>()) << b.key;
  }
  std::map<std::string, double> builtByKind;
  for (const DashboardBar& b : kinds.bars) builtByKind[b.key] = b.value;
  EXPECT_NEAR(builtByKind["scenic_belt"], 88.0, 1e-6);
  EXPECT_NEAR(builtByKind["street_facade"], 70.0, 1e-6);

  const DashboardChart& towns2 = chart(charts, "route_townships");
  ASSERT_EQ(towns2.bars.size(), cli["routes_by_township"].size());
  for (const DashboardBar& b : towns2.bars) {
    const auto& t = cli["routes_by_township"][b.key];
    EXPECT_EQ(b.label, t["name"].get<std::string>());
    double built = 0, planned = 0;
    for (const auto& [k, v] : t.items()) {
      if (k == "name") continue;
      built += v["built_km"].get<double>();
      planned += v["planned_km"].get<double>();
    }
    EXPECT_NEAR(b.value, built, 1e-9) << b.key;
    EXPECT_NEAR(b.total, planned, 1e-9) << b.key;
  }

  const DashboardChart& programmes = chart(charts, "programmes");
  ASSERT_EQ(programmes.bars.size(), cli["projects"].size());
  for (const DashboardBar& b : programmes.bars) {
    const auto& p = cli["projects"][b.key];
    EXPECT_EQ(b.value, p["total"].get<double>());
    EXPECT_EQ(b.segments, (std::vector<double>{p["planned"].get<double>(), p["started"].get<double>(),
                                               p["completed"].get<double>()}));
  }

  const DashboardChart& households = chart(charts, "household_townships");
  ASSERT_EQ(households.bars.size(), cli["households_by_township"].size());
  double all = 0;
  for (const DashboardBar& b : households.bars) {
    const auto& t = cli["households_by_township"][b.key];
    for (std::size_t r = 0; r < households.segmentKeys.size(); ++r) {
      const std::string& risk = households.segmentKeys[r];
      EXPECT_EQ(b.segments[r], t.contains(risk) ? t[risk]["households"].get<double>() : 0.0) << b.key << risk;
    }
    all += b.value;
  }
  EXPECT_EQ(all, 693);  // FACTS.md

  std::int64_t counted = 0;
  for (const VillageCount& v : householdCountsByVillage(project)) counted += v.households;
  EXPECT_EQ(counted, 693);
  counted = 0;
  const auto byTownship = householdCountsByTownship(project);
  for (const VillageCount& t : byTownship) {
    counted += t.households;
    EXPECT_EQ(t.villageCode.size(), 9u);
  }
  EXPECT_EQ(counted, 693);
  EXPECT_EQ(byTownship.size(), households.bars.size());
}

TEST(Meeting, ProgressSinceListsRouteAndProjectChangesNotHouseholds) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession buffer(project);
  buffer.setText({"scenic_routes", 1, "built_km"}, "2.5");
  buffer.setText({"project_sites", 1, "status"}, "completed");
  buffer.setText({"project_sites", 1, "completion_date"}, "2024-06-01");
  buffer.setText({"households", 1, "members"}, "5");
  buffer.setText({"households", 1, "phone"}, "123");
  CommitOptions live("planner1", "meeting", "presentation");
  buffer.commit(live);
  buffer.setText({"scenic_routes", 2, "name"}, "改名");
  buffer.commit();

  const auto changes = changesSince(project, "2000-01-01");
  ASSERT_EQ(changes.size(), 3u);
  for (const Change& c : changes) {
    EXPECT_NE(c.layer, "households");
    EXPECT_TRUE(c.presentation);
    EXPECT_EQ(c.user, "planner1");
  }
  bool route = false;
  for (const Change& c : changes) {
    if (c.layer == "scenic_routes") {
      route = true;
      EXPECT_EQ(c.featureId, 1);
      EXPECT_EQ(c.oldValue, "1");
      EXPECT_EQ(c.newValue, "2.5");
    }
  }
  EXPECT_TRUE(route);
  EXPECT_TRUE(changesSince(project, "2999-01-01").empty());

  const auto counts = householdCountsByVillage(project);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].villageName, "甲村");
  EXPECT_EQ(counts[0].households, 1);
  EXPECT_EQ(counts[0].members, 5);
  // A point inside the village polygon (116.0..116.05, 23.0..23.1), not the household's (116.01 23.05).
  EXPECT_GT(counts[0].lonLat.x, 116.0);
  EXPECT_LT(counts[0].lonLat.x, 116.05);
  EXPECT_GT(counts[0].lonLat.y, 23.0);
  EXPECT_LT(counts[0].lonLat.y, 23.1);
}

TEST(Meeting, BadSlideFiltersAreAClearError) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  project.database().exec("INSERT INTO slides (position, title, filters) VALUES (1, 'x', '[1, 2]')");
  EXPECT_THROW(readSlides(project), DataError);
  project.database().exec("UPDATE slides SET filters = '{\"households\": \"risk_level = ''high''\"}'");
  const auto slides = readSlides(project);
  ASSERT_EQ(slides.size(), 1u);
  EXPECT_FALSE(slides[0].extent.has_value());
  EXPECT_EQ(slides[0].filters.at("households"), "risk_level = 'high'");
}
