// A team's own project and layers: `zhenmap new` (standard layers, --empty, --from-template),
// `zhenmap layer add` with typed fields, domains, ranges and sensitive fields, and such a layer
// working as the standard ones do (validation, edits from the command line, the table, audit).
#include <gtest/gtest.h>

#include "store/project_create.hpp"
#include "store_test_support.hpp"
#include "table_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

std::string text(const std::string& path, const std::string& sql) {
  Database db(path, OpenMode::ReadOnly);
  Statement s = db.prepare(sql);
  return s.step() ? s.getText(0) : "<no row>";
}

// A project with one layer of its own: wells (point), a required name, a depth 0..500 m, a kind
// from a list with Chinese labels, a sensitive owner phone.
std::string makeWellsProject(const test::TempDir& dir) {
  const std::string path = (dir / "wells.sqlite").string();
  EXPECT_EQ(test::runZhenmap({"new", path, "--empty"}).exitCode, 0);
  const test::RunResult r = test::runZhenmap({"layer",
                                              "add",
                                              path,
                                              "--name",
                                              "wells",
                                              "--geometry",
                                              "point",
                                              "--title",
                                              "水井",
                                              "--field",
                                              "name:text:required",
                                              "--field",
                                              "depth_m:real",
                                              "--field",
                                              "kind:text",
                                              "--field",
                                              "owner_phone:text:sensitive",
                                              "--domain",
                                              "kind=drilled:机井,dug:大口井",
                                              "--range",
                                              "depth_m=0..500",
                                              "--alias",
                                              "depth_m=井深(米)"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return path;
}

}  // namespace

TEST(ProjectCreate, NewProjectHasTheStandardLayersOrNoneAndIsAWorkingProject) {
  test::TempDir dir;
  const std::string standard = (dir / "std.sqlite").string();
  const test::RunResult r = test::runZhenmap({"new", standard});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("6 layer(s): townships, villages, work_teams, project_sites, scenic_routes, households"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(test::queryInt(standard, "SELECT count(*) FROM geometry_columns"), 6);
  EXPECT_EQ(
      test::queryInt(standard, "SELECT count(*) FROM field_metadata WHERE layer = 'households' AND sensitive = 1"), 3);
  EXPECT_EQ(test::queryInt(standard, "SELECT count(*) FROM project_sites"), 0);
  const std::string empty = (dir / "empty.sqlite").string();
  ASSERT_EQ(test::runZhenmap({"new", empty, "--empty"}).exitCode, 0);
  EXPECT_EQ(test::queryInt(empty, "SELECT count(*) FROM layer_metadata"), 0);
  EXPECT_EQ(ProjectStore::open(empty).layerSpecs().size(), 0u);
  // The file exists now: refused, and it stays as it was.
  const test::RunResult again = test::runZhenmap({"new", empty});
  EXPECT_EQ(again.exitCode, 2);
  EXPECT_EQ(again.err.rfind("error: ", 0), 0u);
  EXPECT_EQ(test::queryInt(empty, "SELECT count(*) FROM layer_metadata"), 0);
  EXPECT_EQ(test::runZhenmap({"new", (dir / "x.sqlite").string(), "--empty", "--from-template", standard}).exitCode, 1);
}

TEST(ProjectCreate, FromTemplateCopiesLayersStylesBookmarksSlidesAndSettingsButNoData) {
  test::TempDir dir;
  const std::string demo = test::makeDemoProject(dir);
  ProjectStore::open(demo).writeStyles({{"scenic_routes", R"({"kind": "single", "stroke": "#3060c0"})"}});
  const std::string copy = (dir / "copy.sqlite").string();
  const test::RunResult r = test::runZhenmap({"new", copy, "--from-template", demo});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const char* table : {"styles", "bookmarks", "slides", "settings", "layer_metadata", "field_metadata"}) {
    const std::string count = std::string("SELECT count(*) FROM ") + table;
    EXPECT_GT(test::queryInt(demo, count), 0) << table;
    EXPECT_EQ(test::queryInt(copy, count), test::queryInt(demo, count)) << table;
  }
  EXPECT_EQ(text(copy, "SELECT group_concat(title, '|') FROM (SELECT title FROM slides ORDER BY position)"),
            text(demo, "SELECT group_concat(title, '|') FROM (SELECT title FROM slides ORDER BY position)"));
  EXPECT_EQ(text(copy, "SELECT style_json FROM styles WHERE layer = 'scenic_routes'"),
            text(demo, "SELECT style_json FROM styles WHERE layer = 'scenic_routes'"));
  for (const char* layer : {"townships", "villages", "work_teams", "project_sites", "scenic_routes", "households"}) {
    EXPECT_EQ(test::queryInt(copy, std::string("SELECT count(*) FROM ") + layer), 0) << layer;
  }
  EXPECT_EQ(test::queryInt(copy, "SELECT count(*) FROM audit_log"), 0);
}

TEST(ProjectCreate, AUserLayerValidatesEditsAndAuditsLikeAStandardOne) {
  test::TempDir dir;
  const std::string path = makeWellsProject(dir);
  EXPECT_EQ(text(path,
                 "SELECT type || '|' || required || '|' || coalesce(min_value, '') || '..' || max_value || '|' "
                 "|| alias_zh FROM field_metadata WHERE layer = 'wells' AND field = 'depth_m'"),
            "real|0|0.0..500.0|井深(米)");
  const test::RunResult added =
      test::runZhenmap({"edit", path, "--layer", "wells", "--add", "--wkt", "POINT(116.1 23.5)", "--set", "name=一号井",
                        "--set", "kind=drilled", "--set", "depth_m=30", "--set", "owner_phone=13900000000"});
  ASSERT_EQ(added.exitCode, 0) << added.err;
  EXPECT_NE(added.out.find("added wells id 1"), std::string::npos) << added.out;
  EXPECT_EQ(text(path, "SELECT name || '|' || kind || '|' || depth_m || '|' || AsText(geom) FROM wells"),
            "一号井|drilled|30.0|POINT(116.1 23.5)");
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"--set", "kind=artesian"}, {"--set", "depth_m=600"}, {"--set", "depth_m=deep"}, {"--set", "name="}}) {
    std::vector<std::string> args = {"edit", path, "--layer", "wells", "--id", "1"};
    args.insert(args.end(), bad.begin(), bad.end());
    const test::RunResult b = test::runZhenmap(args);
    EXPECT_EQ(b.exitCode, 3) << bad[1] << ": " << b.err;
  }
  ASSERT_EQ(
      test::runZhenmap({"edit", path, "--layer", "wells", "--id", "1", "--set", "owner_phone=13800000000"}).exitCode,
      0);
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM audit_log WHERE new_value LIKE '%1380%' OR old_value LIKE "
                           "'%1390%'"),
            0);
  // The table shows the layer with its aliases and labels, and hides the sensitive column.
  test::OpenTable t(path, "wells");
  EXPECT_EQ(t.model.columnTitle(*t.model.columnOf("depth_m")), "井深(米)");
  EXPECT_EQ(t.model.cellText(0, *t.model.columnOf("kind")), "机井");
  EXPECT_TRUE(t.model.isHidden(*t.model.columnOf("owner_phone")));
}

TEST(ProjectCreate, BadLayerDescriptionsAreRefusedAndAddNothing) {
  test::TempDir dir;
  const std::string path = makeWellsProject(dir);
  const auto tables = test::queryInt(path, "SELECT count(*) FROM sqlite_master");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--name", "Bad Name", "--geometry", "point"},
           {"--name", "audit_log", "--geometry", "point"},
           {"--name", "wells", "--geometry", "point"},
           {"--name", "roads", "--geometry", "curve"},
           {"--name", "roads", "--geometry", "line", "--field", "id:integer"},
           {"--name", "roads", "--geometry", "line", "--field", "width:decimal"},
           {"--name", "roads", "--geometry", "line", "--field", "w:real", "--field", "w:text"},
           {"--name", "roads", "--geometry", "line", "--field", "w:real", "--domain", "w=a,b"},
           {"--name", "roads", "--geometry", "line", "--field", "w:text", "--range", "w=1..2"}}) {
    std::vector<std::string> cmd = {"layer", "add", path};
    cmd.insert(cmd.end(), args.begin(), args.end());
    const test::RunResult r = test::runZhenmap(cmd);
    EXPECT_EQ(r.exitCode, 3) << args[1] << " " << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  }
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM sqlite_master"), tables);
}
