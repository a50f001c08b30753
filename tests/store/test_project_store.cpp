// Committing edits: exactly the edited cells change, one audit row per field, version bumped, all or
// nothing; conflicts, read-only files and locked databases leave the file and the buffer as they were.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "store_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

TEST(StoreProject, CommitChangesOnlyTheEditedCellsWithAuditAndVersion) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const auto before = test::dumpTable(path, "scenic_routes");
  ProjectStore project = ProjectStore::open(path);
  EditBuffer buffer;
  project.setText(buffer, {"scenic_routes", 1, "built_km"}, "2.5");
  project.setText(buffer, {"scenic_routes", 1, "status"}, "completed");
  project.setText(buffer, {"scenic_routes", 1, "status"}, "started");  // back to the stored value: no change
  const CommitResult r = project.commit(buffer, {"planner1", "site visit"});
  EXPECT_EQ(r.features, 1u);
  EXPECT_EQ(r.cells, 1u);
  EXPECT_TRUE(buffer.empty());

  const auto after = test::dumpTable(path, "scenic_routes");
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after.at(2), before.at(2));
  for (const auto& [column, value] : before.at(1)) {
    if (column == "built_km" || column == "version") continue;
    EXPECT_EQ(after.at(1).at(column), value) << column;
  }
  EXPECT_EQ(after.at(1).at("built_km"), "2.5|2");
  EXPECT_EQ(after.at(1).at("version"), "2|1");
  EXPECT_EQ(test::queryInt(path, "SELECT CheckSpatialIndex('scenic_routes', 'geom')"), 1);

  const auto history = project.history("scenic_routes", 1);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].field, "built_km");
  EXPECT_EQ(history[0].oldValue, "1");
  EXPECT_EQ(history[0].newValue, "2.5");
  EXPECT_EQ(history[0].newVersion, 2);
  EXPECT_EQ(history[0].user, "planner1");
  EXPECT_EQ(history[0].reason, "site visit");
  EXPECT_EQ(history[0].time.size(), 20u);
}

TEST(StoreProject, ValidationFailureAtCommitWritesNothingAndKeepsTheBuffer) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const auto before = test::dumpTable(path, "scenic_routes");
  ProjectStore project = ProjectStore::open(path);
  EditBuffer buffer;
  project.setText(buffer, {"scenic_routes", 2, "name"}, "新名字");
  project.setText(buffer, {"scenic_routes", 1, "built_km"}, "5.01");  // planned is 5.0
  EXPECT_THROW(project.validatePending(buffer), ValidationError);
  EXPECT_THROW(project.commit(buffer), ValidationError);
  EXPECT_EQ(buffer.size(), 2u);
  EXPECT_EQ(test::dumpTable(path, "scenic_routes"), before);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log"), 0);
  EXPECT_THROW(project.setText(buffer, {"scenic_routes", 1, "kind"}, "motorway"), ValidationError);
  EXPECT_THROW(project.setText(buffer, {"scenic_routes", 1, "version"}, "7"), ValidationError);
  project.setText(buffer, {"households", 1, "village_code"}, "445222111999");
  buffer.undo();  // the bad built_km is still pending
  buffer.undo();
  EXPECT_EQ(buffer.size(), 1u);
  EXPECT_EQ(project.commit(buffer).cells, 1u);
}

TEST(StoreProject, ConflictNamesRowFieldTheirsAndYoursAndWritesNothing) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore mine = ProjectStore::open(path);
  ProjectStore theirs = ProjectStore::open(path);
  EditBuffer myBuffer, theirBuffer;
  mine.setText(myBuffer, {"project_sites", 1, "status"}, "completed");
  mine.setText(myBuffer, {"project_sites", 1, "completion_date"}, "2023-01-10");
  mine.setText(myBuffer, {"project_sites", 2, "notes"}, "mine");
  theirs.setText(theirBuffer, {"project_sites", 1, "status"}, "planned");
  theirs.commit(theirBuffer, {"other", ""});
  const auto before = test::dumpTable(path, "project_sites");
  try {
    mine.commit(myBuffer, {"me", ""});
    FAIL() << "no conflict";
  } catch (const ConflictError& e) {
    ASSERT_EQ(e.conflicts().size(), 2u);
    const Conflict& c = e.conflicts()[1];
    EXPECT_EQ(c.layer, "project_sites");
    EXPECT_EQ(c.id, 1);
    EXPECT_EQ(c.field, "status");
    EXPECT_EQ(c.theirs, "planned");
    EXPECT_EQ(c.yours, "completed");
    EXPECT_EQ(c.baseVersion, 1);
    EXPECT_EQ(c.theirVersion, 2);
    EXPECT_NE(std::string(e.what()).find("status"), std::string::npos);
  }
  EXPECT_EQ(test::dumpTable(path, "project_sites"), before);
  EXPECT_EQ(myBuffer.size(), 3u);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log WHERE user = 'me'"), 0);
}

TEST(StoreProject, SensitiveFieldsAreRedactedInTheAuditLog) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditBuffer buffer;
  project.setText(buffer, {"households", 1, "phone"}, "NEWSECRET");
  project.commit(buffer);
  const auto history = project.history("households", 1);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].oldValue, "(redacted)");
  EXPECT_EQ(history[0].newValue, "(redacted)");
  EXPECT_EQ(std::get<std::string>(project.readFeature("households", 1).attributes.at("phone")), "NEWSECRET");
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log WHERE old_value LIKE '%SECRET%' OR "
                                 "new_value LIKE '%SECRET%'"),
            0);
}

TEST(StoreProject, ReadOnlyFileOpensReadOnlyAndRefusesCommits) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  ProjectStore project = ProjectStore::open(path);
  EXPECT_TRUE(project.readOnly());
  EXPECT_EQ(project.readFeature("scenic_routes", 1).version, 1);
  EditBuffer buffer;
  project.setText(buffer, {"scenic_routes", 1, "name"}, "x");
  try {
    project.commit(buffer);
    FAIL() << "no exception";
  } catch (const ReadOnlyError& e) {
    EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos);
  }
  EXPECT_EQ(buffer.size(), 1u);
}

TEST(StoreProject, LockedDatabaseWaitsThenFailsAndKeepsTheBuffer) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  Database holder(path, OpenMode::ReadWrite);
  ProjectStore project = ProjectStore::open(path, OpenMode::ReadWrite, 300);
  EditBuffer buffer;
  project.setText(buffer, {"scenic_routes", 1, "name"}, "x");
  holder.exec("BEGIN IMMEDIATE");
  const auto start = std::chrono::steady_clock::now();
  try {
    project.commit(buffer);
    FAIL() << "no exception";
  } catch (const SqliteError& e) {
    EXPECT_TRUE(e.busy()) << e.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  EXPECT_EQ(buffer.size(), 1u);
  holder.exec("ROLLBACK");
  EXPECT_EQ(project.commit(buffer).cells, 1u);
}

TEST(StoreProject, ListsLayersAndReadsFeaturesWithGeometry) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  const auto layers = project.layers();
  ASSERT_EQ(layers.size(), 6u);
  EXPECT_EQ(layers[0].name, "townships");
  EXPECT_EQ(layers[0].geometryType, "MULTIPOLYGON");
  EXPECT_EQ(layers[4].name, "scenic_routes");
  EXPECT_EQ(layers[4].featureCount, 2);
  int n = 0;
  project.forEachFeature("scenic_routes", [&](const Feature& f, const std::string& wkb) {
    ++n;
    EXPECT_EQ(f.version, 1);
    EXPECT_EQ(static_cast<unsigned char>(wkb[1]), 2u);  // little-endian WKB LineString
  });
  EXPECT_EQ(n, 2);
  EXPECT_THROW(project.readFeature("scenic_routes", 99), DataError);
}
