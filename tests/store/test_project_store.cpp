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
  EditSession buffer(project);
  buffer.setText({"scenic_routes", 1, "built_km"}, "2.5");
  buffer.setText({"scenic_routes", 1, "status"}, "completed");
  buffer.setText({"scenic_routes", 1, "status"}, "started");  // back to the stored value: no change
  const ChangeSet r = buffer.commit({"planner1", "site visit"});
  EXPECT_EQ(r.features(), 1u);
  EXPECT_EQ(r.cells, 1u);
  EXPECT_TRUE(!buffer.hasChanges());

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
  EditSession buffer(project);
  buffer.setText({"scenic_routes", 2, "name"}, "新名字");
  buffer.setText({"scenic_routes", 1, "built_km"}, "5.01");  // planned is 5.0
  EXPECT_THROW(buffer.validatePending(), ValidationError);
  EXPECT_THROW(buffer.commit(), ValidationError);
  EXPECT_EQ(buffer.pendingCellCount(), 2u);
  EXPECT_EQ(test::dumpTable(path, "scenic_routes"), before);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log"), 0);
  EXPECT_THROW(buffer.setText({"scenic_routes", 1, "kind"}, "motorway"), ValidationError);
  EXPECT_THROW(buffer.setText({"scenic_routes", 1, "version"}, "7"), ValidationError);
  buffer.setText({"households", 1, "village_code"}, "445222111999");
  buffer.undo();  // the bad built_km is still pending
  buffer.undo();
  EXPECT_EQ(buffer.pendingCellCount(), 1u);
  EXPECT_EQ(buffer.commit().cells, 1u);
}

TEST(StoreProject, ConflictNamesRowFieldTheirsAndYoursAndWritesNothing) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore mine = ProjectStore::open(path);
  ProjectStore theirs = ProjectStore::open(path);
  EditSession myBuffer(mine);
  EditSession theirBuffer(theirs);
  myBuffer.setText({"project_sites", 1, "status"}, "completed");
  myBuffer.setText({"project_sites", 1, "completion_date"}, "2023-01-10");
  myBuffer.setText({"project_sites", 2, "notes"}, "mine");
  theirBuffer.setText({"project_sites", 1, "status"}, "planned");
  theirBuffer.commit({"other", ""});
  const auto before = test::dumpTable(path, "project_sites");
  try {
    myBuffer.commit({"me", ""});
    FAIL() << "no conflict";
  } catch (const ConflictError& e) {
    // Only the field they changed conflicts; my completion_date would have merged.
    ASSERT_EQ(e.conflicts().size(), 1u);
    const Conflict& c = e.conflicts()[0];
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
  EXPECT_EQ(myBuffer.pendingCellCount(), 3u);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log WHERE user = 'me'"), 0);
}

// Another writer changed a different field of the same row: both edits land, the version moves
// on by one per commit, and the audit log records each writer's field.
TEST(StoreProject, EditsOfDifferentFieldsOfOneRowMerge) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore mine = ProjectStore::open(path);
  ProjectStore theirs = ProjectStore::open(path);
  EditSession myBuffer(mine);
  EditSession theirBuffer(theirs);
  myBuffer.setText({"project_sites", 1, "notes"}, "mine");
  theirBuffer.setText({"project_sites", 1, "budget_wan"}, "150");
  theirBuffer.commit({"other", ""});
  EXPECT_EQ(myBuffer.commit({"me", ""}).cells, 1u);
  const Feature f = mine.readFeature("project_sites", 1);
  EXPECT_EQ(f.version, 3);
  EXPECT_EQ(std::get<std::string>(f.attributes.at("notes")), "mine");
  EXPECT_EQ(std::get<double>(f.attributes.at("budget_wan")), 150.0);
  const auto h = mine.history("project_sites", 1);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].user, "other");
  EXPECT_EQ(h[0].newVersion, 2);
  EXPECT_EQ(h[1].user, "me");
  EXPECT_EQ(h[1].field, "notes");
  EXPECT_EQ(h[1].newVersion, 3);
}

TEST(StoreProject, SensitiveFieldsAreRedactedInTheAuditLog) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession buffer(project);
  buffer.setText({"households", 1, "phone"}, "NEWSECRET");
  buffer.commit();
  const auto history = project.history("households", 1);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].oldValue, "(redacted)");
  EXPECT_EQ(history[0].newValue, "(redacted)");
  EXPECT_EQ(std::get<std::string>(project.readFeature("households", 1).attributes.at("phone")), "NEWSECRET");
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM audit_log WHERE old_value LIKE '%SECRET%' OR "
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
  EditSession buffer(project);
  buffer.setText({"scenic_routes", 1, "name"}, "x");
  try {
    buffer.commit();
    FAIL() << "no exception";
  } catch (const ReadOnlyError& e) {
    EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos);
  }
  EXPECT_EQ(buffer.pendingCellCount(), 1u);
}

TEST(StoreProject, LockedDatabaseWaitsThenFailsAndKeepsTheBuffer) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  Database holder(path, OpenMode::ReadWrite);
  ProjectStore project = ProjectStore::open(path, OpenMode::ReadWrite, 300);
  EditSession buffer(project);
  buffer.setText({"scenic_routes", 1, "name"}, "x");
  holder.exec("BEGIN IMMEDIATE");
  const auto start = std::chrono::steady_clock::now();
  try {
    buffer.commit();
    FAIL() << "no exception";
  } catch (const SqliteError& e) {
    EXPECT_TRUE(e.busy()) << e.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  EXPECT_EQ(buffer.pendingCellCount(), 1u);
  holder.exec("ROLLBACK");
  EXPECT_EQ(buffer.commit().cells, 1u);
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

namespace {

// A project with `rows` project sites (ids 1..rows), budget 100.
std::string makeSitesProject(const test::TempDir& dir, int rows) {
  const std::string path = (dir.path() / "sites.sqlite").string();
  ProjectStore project = ProjectStore::create(path);
  test::loadFixture(
      project.database(),
      "INSERT INTO townships (code, name, county_code, kind, geom) VALUES ('445222111', '金和镇', '445222', '镇', "
      "CastToMultiPolygon(GeomFromText('POLYGON((116 23, 117 23, 117 24, 116 24, 116 23))', 4490)));"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
          std::to_string(rows) +
          ") INSERT INTO project_sites (id, name, programme, status, township_code, budget_wan, geom) "
          "SELECT i, 'site ' || i, 'county_library', 'planned', '445222111', 100.0, MakePoint(116.5, 23.5, 4490) FROM "
          "n");
  return path;
}

}  // namespace

// Commits are written in batches of rows that change the same fields: rows of different shapes and
// more rows than one batch must still each get exactly their cells, version and audit rows.
TEST(StoreProject, LargeCommitWithMixedFieldSetsWritesEveryRowAndAuditRowInOrder) {
  test::TempDir dir;
  const int rows = 700;
  const std::string path = makeSitesProject(dir, rows);
  const auto before = test::dumpTable(path, "project_sites");
  ProjectStore project = ProjectStore::open(path);
  EditSession buffer(project);
  std::size_t cells = 0;
  for (int id = 1; id <= rows; ++id) {
    cells += (id % 3 != 0 ? 1 : 0) + (id % 3 != 1 ? 1 : 0);
    if (id % 3 != 0) buffer.setValue({"project_sites", id, "budget_wan"}, Value{100.0 + id});
    if (id % 3 != 1) buffer.setValue({"project_sites", id, "notes"}, Value{"n" + std::to_string(id)});
  }
  const ChangeSet r = buffer.commit({"planner1", "bulk"});
  EXPECT_EQ(r.features(), static_cast<std::size_t>(rows));
  EXPECT_EQ(r.cells, cells);
  const auto after = test::dumpTable(path, "project_sites");
  for (int id = 1; id <= rows; ++id) {
    const auto& a = after.at(id);
    const auto& b = before.at(id);
    EXPECT_EQ(a.at("version"), "2|1") << id;
    EXPECT_EQ(a.at("budget_wan"), id % 3 != 0 ? std::to_string(100 + id) + ".0|2" : b.at("budget_wan")) << id;
    for (const auto& [column, value] : b) {
      const bool edited = (column == "budget_wan" && id % 3 != 0) || (column == "notes" && id % 3 != 1);
      if (column == "version" || edited) continue;
      EXPECT_EQ(a.at(column), value) << id << " " << column;
    }
    if (id % 3 != 1) {
      EXPECT_EQ(a.at("notes"), "n" + std::to_string(id) + "|3") << id;
    }
  }
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log"), static_cast<std::int64_t>(r.cells));
  // Audit ids follow the buffer's order (layer, id, field).
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1 "
                           "WHERE b.feature_id < a.feature_id OR (b.feature_id = a.feature_id AND b.field <= a.field)"),
            0);
  const auto h = project.history("project_sites", 5);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].field, "budget_wan");
  EXPECT_EQ(h[0].oldValue, "100");
  EXPECT_EQ(h[0].newValue, "105");
  EXPECT_EQ(h[0].newVersion, 2);
  EXPECT_EQ(h[1].field, "notes");
  EXPECT_EQ(h[1].oldValue, "NULL");
  EXPECT_EQ(h[1].newValue, "n5");
  EXPECT_EQ(h[1].user, "planner1");
  EXPECT_EQ(h[1].reason, "bulk");
}

// A conflict in the middle of a large commit writes nothing, not even the batches before it.
TEST(StoreProject, ConflictInALargeCommitWritesNothing) {
  test::TempDir dir;
  const int rows = 600;
  const std::string path = makeSitesProject(dir, rows);
  ProjectStore mine = ProjectStore::open(path);
  EditSession buffer(mine);
  for (int id = 1; id <= rows; ++id) buffer.setValue({"project_sites", id, "budget_wan"}, Value{200.0 + id});
  {
    ProjectStore theirs = ProjectStore::open(path);
    EditSession other(theirs);
    other.setValue({"project_sites", 450, "budget_wan"}, Value{1.0});
    other.commit({"other", ""});
  }
  const auto before = test::dumpTable(path, "project_sites");
  const std::int64_t audits = test::queryInt(path, "SELECT count(*) FROM audit_log");
  try {
    buffer.commit({"me", ""});
    FAIL() << "expected a conflict";
  } catch (const ConflictError& e) {
    ASSERT_EQ(e.conflicts().size(), 1u);
    EXPECT_EQ(e.conflicts()[0].id, 450);
    EXPECT_EQ(e.conflicts()[0].theirs, "1");
  }
  EXPECT_EQ(test::dumpTable(path, "project_sites"), before);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log"), audits);
  EXPECT_EQ(buffer.pendingCellCount(), static_cast<std::size_t>(rows));
}

TEST(StoreProject, AuditRowsCarryTheCommitContext) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession buffer(project);
  buffer.setText({"scenic_routes", 1, "built_km"}, "2.5");
  CommitOptions live;
  live.user = "planner1";
  live.context = "presentation";
  buffer.commit(live);
  buffer.setText({"scenic_routes", 1, "built_km"}, "3");
  buffer.commit();
  const auto history = project.history("scenic_routes", 1);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].context, "presentation");
  EXPECT_EQ(history[1].context, "");
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log WHERE context = 'presentation'"), 1);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log WHERE context IS NULL"), 1);
  // Only the known contexts are accepted by the schema.
  buffer.setText({"scenic_routes", 1, "built_km"}, "3.5");
  live.context = "party";
  EXPECT_THROW(buffer.commit(live), SqliteError);
  EXPECT_EQ(buffer.pendingCellCount(), 1u);
}
