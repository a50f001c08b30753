// Meeting mode's data on a server project: the deck, the dashboard's statistics, household
// counts per village and township, and "progress since" read through the store from PostGIS
// equal what the same project gives from its SpatiaLite file (the demo, with a live edit in its
// audit log, pushed to a fresh database); and export-slides draws the same pictures from both.
#include <gtest/gtest.h>

#include "pg_test_support.hpp"
#include "store/edit_session.hpp"
#include "store/meeting_store.hpp"
#include "store/pg_transfer.hpp"
#include "store/project_store.hpp"
#include "store/stats.hpp"
#include "test_support.hpp"

namespace zhenmap::store {
namespace {

// The demo with one route's built km changed live (context 'presentation'), and its server copy.
struct Projects {
  std::string file;
  std::string uri;
};

Projects demoOnFileAndServer(const test::TempDir& dir) {
  Projects p;
  p.file = (dir / "demo.sqlite").string();
  const test::RunResult r = test::runZhenmap({"demo", "--out", p.file});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  {
    ProjectStore project = ProjectStore::open(p.file);
    EditSession b(project);
    b.setText({"scenic_routes", 3, "built_km"}, "0.5");
    b.setText({"project_sites", 7, "status"}, "completed");
    b.commit(CommitOptions("planner1", "meeting", "presentation"));
  }
  p.uri = test::makePgDatabase();
  pushProject(p.file, p.uri);
  return p;
}

TEST(PostgisMeeting, ServerGivesTheFilesDeckStatsCountsAndChanges) {
  test::TempDir dir;
  const Projects p = demoOnFileAndServer(dir);
  ProjectStore file = ProjectStore::open(p.file, OpenMode::ReadOnly);
  ProjectStore server = ProjectStore::open(p.uri, OpenMode::ReadOnly);
  ASSERT_TRUE(server.isServer());

  const std::vector<Slide> a = readSlides(file);
  const std::vector<Slide> b = readSlides(server);
  ASSERT_EQ(a.size(), 8u);
  ASSERT_EQ(b.size(), a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].title, a[i].title);
    EXPECT_EQ(b[i].bookmark, a[i].bookmark);
    EXPECT_EQ(b[i].visibleLayers, a[i].visibleLayers);
    EXPECT_EQ(b[i].filters, a[i].filters);
    EXPECT_EQ(b[i].notes, a[i].notes);
    ASSERT_EQ(b[i].extent.has_value(), a[i].extent.has_value());
    if (a[i].extent) {
      EXPECT_EQ(b[i].extent->minX, a[i].extent->minX);
    }
  }

  EXPECT_EQ(statsJson(computeStats(server)), statsJson(computeStats(file)));
  // And both equal the file's statistics as `zhenmap stats` computes them (its own connection).
  ProjectStore again = ProjectStore::open(file.path(), OpenMode::ReadOnly);
  EXPECT_EQ(statsJson(computeStats(file)), statsJson(computeStats(again)));

  using Counts = std::vector<VillageCount> (*)(ProjectStore&);
  for (Counts counts : {Counts{&householdCountsByVillage}, Counts{&householdCountsByTownship}}) {
    const std::vector<VillageCount> fc = counts(file);
    const std::vector<VillageCount> sc = counts(server);
    ASSERT_FALSE(fc.empty());
    ASSERT_EQ(sc.size(), fc.size());
    for (std::size_t i = 0; i < fc.size(); ++i) {
      EXPECT_EQ(sc[i].villageCode, fc[i].villageCode);
      EXPECT_EQ(sc[i].villageName, fc[i].villageName);
      EXPECT_EQ(sc[i].townshipCode, fc[i].townshipCode);
      EXPECT_EQ(sc[i].households, fc[i].households);
      EXPECT_EQ(sc[i].members, fc[i].members);
      // A point on the same polygon (GEOS in both engines): within a metre or so.
      EXPECT_NEAR(sc[i].lonLat.x, fc[i].lonLat.x, 1e-5);
      EXPECT_NEAR(sc[i].lonLat.y, fc[i].lonLat.y, 1e-5);
    }
  }

  const std::vector<Change> fch = changesSince(file, "2000-01-01");
  const std::vector<Change> sch = changesSince(server, "2000-01-01");
  ASSERT_EQ(fch.size(), 2u);
  ASSERT_EQ(sch.size(), fch.size());
  for (std::size_t i = 0; i < fch.size(); ++i) {
    EXPECT_EQ(sch[i].layer, fch[i].layer);
    EXPECT_EQ(sch[i].featureId, fch[i].featureId);
    EXPECT_EQ(sch[i].field, fch[i].field);
    EXPECT_EQ(sch[i].newValue, fch[i].newValue);
    EXPECT_EQ(sch[i].user, "planner1");
    EXPECT_TRUE(sch[i].presentation);
  }
  EXPECT_TRUE(changesSince(server, "2999-01-01").empty());
  EXPECT_EQ(projectTitle(server), projectTitle(file));
  EXPECT_FALSE(projectTitle(server).empty());
}

TEST(PostgisMeeting, ExportSlidesOfTheServerProjectMatchTheFile) {
  test::TempDir dir;
  const Projects p = demoOnFileAndServer(dir);
  const std::string a = (dir / "file").string(), b = (dir / "server").string();
  test::RunResult r = test::runZhenmap({"export-slides", p.file, "--out", a, "--size", "320x180"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  r = test::runZhenmap({"export-slides", p.uri, "--out", b, "--size", "320x180"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const char* slide : {"slide_01.png", "slide_03.png", "slide_06.png"}) {
    const std::string fileImage = test::readFile((dir / "file" / slide).string());
    EXPECT_GT(fileImage.size(), 1000u) << slide;
    EXPECT_TRUE(fileImage == test::readFile((dir / "server" / slide).string())) << slide << " differs";
  }
}

}  // namespace
}  // namespace zhenmap::store
