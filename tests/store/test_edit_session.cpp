// The edit session: inserts (temporary ids until commit), deletes and geometry changes as commands
// of the one undo stack next to attribute edits, grouped steps, one-transaction commits that
// return what changed, conflicts for geometry and deletes as for cells, geometry checks, the
// observers the window and the table listen to. The file is checked with SQL of its own.
#include <gtest/gtest.h>

#include "store/geometry_check.hpp"
#include "store/table_model.hpp"
#include "store_test_support.hpp"
#include "table_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

std::string point(double lon, double lat) {
  return wkbFromWkt("POINT(" + std::to_string(lon) + " " + std::to_string(lat) + ")");
}

std::string text(const std::string& path, const std::string& sql) {
  Database db(path, OpenMode::ReadOnly);
  Statement s = db.prepare(sql);
  return s.step() ? s.getText(0) : "<no row>";
}

Row newSite(const std::string& name) {
  return {{"name", Value{name}},
          {"programme", Value{"county_library"}},
          {"status", Value{"planned"}},
          {"township_code", Value{"445222111"}}};
}

}  // namespace

TEST(EditSession, InsertDeleteAndGeometryCommitInOneTransactionWithTheirIds) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession session(project);
  const std::int64_t a = session.insertFeature("project_sites", newSite("新项目甲"), point(116.01, 23.01));
  const std::int64_t b = session.insertFeature("project_sites", newSite("新项目乙"), point(116.02, 23.02));
  EXPECT_EQ(a, -1);
  EXPECT_EQ(b, -2);
  session.setText({"project_sites", a, "budget_wan"}, "12.5");
  session.setGeometry("project_sites", b, point(116.03, 23.03));
  session.setGeometry("scenic_routes", 2, wkbFromWkt("LINESTRING(116.06 23.06, 116.07 23.065, 116.08 23.06)"));
  session.deleteFeature("households", 2);
  EXPECT_TRUE(session.isInserted("project_sites", a));
  EXPECT_TRUE(session.isDeleted("households", 2));
  EXPECT_TRUE(session.hasPendingGeometry("scenic_routes", 2));
  EXPECT_EQ(std::get<double>(*session.pendingValue({"project_sites", a, "budget_wan"})), 12.5);
  EXPECT_EQ(geometryWkt(*session.pendingGeometry("project_sites", b)), "POINT (116.03 23.03)");
  ASSERT_EQ(session.pendingFeatures("project_sites").size(), 2u);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM project_sites"), 2);  // nothing written yet

  const ChangeSet changes = session.commit({"planner1", "new sites"});
  EXPECT_FALSE(session.hasChanges());
  const LayerChanges& sites = changes.layers.at("project_sites");
  ASSERT_EQ(sites.inserted.size(), 2u);
  const std::int64_t idA = sites.inserted.at(a), idB = sites.inserted.at(b);
  EXPECT_EQ(idA, 3);
  EXPECT_EQ(idB, 4);
  EXPECT_EQ(text(path,
                 "SELECT name || '|' || budget_wan || '|' || version || '|' || AsText(geom) FROM project_sites "
                 "WHERE id = 3"),
            "新项目甲|12.5|1|POINT(116.01 23.01)");
  EXPECT_EQ(text(path, "SELECT AsText(geom) FROM project_sites WHERE id = 4"), "POINT(116.03 23.03)");
  EXPECT_EQ(changes.layers.at("scenic_routes").updated.at(2).geometry, true);
  EXPECT_EQ(changes.layers.at("scenic_routes").updated.at(2).version, 2);
  EXPECT_EQ(text(path, "SELECT AsText(geom) || '|' || version FROM scenic_routes WHERE id = 2"),
            "LINESTRING(116.06 23.06, 116.07 23.065, 116.08 23.06)|2");
  EXPECT_EQ(changes.layers.at("households").deleted, (std::set<std::int64_t>{2}));
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM households WHERE id = 2"), 0);
  for (const char* t : {"project_sites", "scenic_routes", "households"}) {
    EXPECT_EQ(test::queryInt(path, std::string("SELECT CheckSpatialIndex('") + t + "', 'geom')"), 1) << t;
  }
}

TEST(EditSession, OneUndoStackAcrossCommandKindsAndGroups) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession session(project);
  session.setText({"project_sites", 1, "notes"}, "a");
  session.setText({"project_sites", 1, "notes"}, "ab");  // merges with the edit before
  const std::int64_t id = session.insertFeature("project_sites", newSite("新"), point(116.01, 23.01));
  {
    EditSession::Group group(session);  // one user action: two cells and a move
    session.setText({"scenic_routes", 1, "built_km"}, "2");
    session.setText({"scenic_routes", 1, "status"}, "completed");
    session.setGeometry("project_sites", 2, point(116.05, 23.05));
    group.done();
  }
  session.deleteFeature("project_sites", 1);  // its pending notes go with it, in the same step
  EXPECT_FALSE(session.pendingValue({"project_sites", 1, "notes"}));
  EXPECT_TRUE(session.isDeleted("project_sites", 1));

  session.undo();  // the delete: the notes edit is back
  EXPECT_FALSE(session.isDeleted("project_sites", 1));
  EXPECT_EQ(std::get<std::string>(*session.pendingValue({"project_sites", 1, "notes"})), "ab");
  session.undo();  // the group
  EXPECT_FALSE(session.pendingValue({"scenic_routes", 1, "built_km"}));
  EXPECT_FALSE(session.hasPendingGeometry("project_sites", 2));
  session.undo();  // the insert
  EXPECT_FALSE(session.isInserted("project_sites", id));
  session.undo();  // both notes edits, merged
  EXPECT_FALSE(session.hasChanges());
  EXPECT_FALSE(session.canUndo());
  session.redo();
  session.redo();
  session.redo();
  EXPECT_TRUE(session.isInserted("project_sites", id));
  EXPECT_EQ(std::get<double>(*session.pendingValue({"scenic_routes", 1, "built_km"})), 2.0);
  EXPECT_TRUE(session.canRedo());

  // A failing command inside a group takes the whole group back.
  try {
    EditSession::Group group(session);
    session.setText({"scenic_routes", 2, "name"}, "x");
    session.setText({"scenic_routes", 2, "kind"}, "motorway");
    group.done();
    FAIL() << "no validation error";
  } catch (const ValidationError&) {
  }
  EXPECT_FALSE(session.pendingValue({"scenic_routes", 2, "name"}));
  const ChangeSet c = session.commit();
  EXPECT_EQ(c.layers.at("project_sites").inserted.size(), 1u);
  EXPECT_EQ(c.cells, 3u);  // notes, built_km, status
}

TEST(EditSession, GeometryChangedMeanwhileIsAConflictWithBothVersions) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore mine = ProjectStore::open(path);
  ProjectStore theirs = ProjectStore::open(path);
  EditSession me(mine), them(theirs);
  me.setGeometry("project_sites", 1, point(116.03, 23.03));
  me.setText({"project_sites", 2, "notes"}, "mine");
  them.setGeometry("project_sites", 1, point(116.04, 23.04));
  them.commit({"other", ""});
  const auto before = test::dumpTable(path, "project_sites");
  try {
    me.commit({"me", ""});
    FAIL() << "no conflict";
  } catch (const ConflictError& e) {
    ASSERT_EQ(e.conflicts().size(), 1u);
    const Conflict& c = e.conflicts()[0];
    EXPECT_EQ(c.field, "geom");
    EXPECT_EQ(c.theirs, "POINT (116.04 23.04)");
    EXPECT_EQ(c.yours, "POINT (116.03 23.03)");
    EXPECT_EQ(geometryWkt(c.theirsWkb), "POINT (116.04 23.04)");
    EXPECT_EQ(c.baseVersion, 1);
    EXPECT_EQ(c.theirVersion, 2);
  }
  EXPECT_EQ(test::dumpTable(path, "project_sites"), before);
  EXPECT_TRUE(me.hasPendingGeometry("project_sites", 1));

  // Their change of a cell of the same row merges with my geometry; taking theirs drops mine.
  try {
    me.commit();
  } catch (const ConflictError& e) {
    me.resolveConflicts(e.conflicts(), {false});
  }
  EXPECT_FALSE(me.hasPendingGeometry("project_sites", 1));
  EXPECT_EQ(me.commit().cells, 1u);
  EXPECT_EQ(text(path, "SELECT AsText(geom) FROM project_sites WHERE id = 1"), "POINT(116.04 23.04)");
}

TEST(EditSession, DeletingARowSomeoneChangedOrOthersReferToIsRefused) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore mine = ProjectStore::open(path);
  ProjectStore theirs = ProjectStore::open(path);
  EditSession me(mine), them(theirs);
  me.deleteFeature("scenic_routes", 1);
  them.setText({"scenic_routes", 1, "built_km"}, "3");
  them.commit();
  try {
    me.commit();
    FAIL() << "deleted a row someone changed meanwhile";
  } catch (const ConflictError& e) {
    ASSERT_EQ(e.conflicts().size(), 1u);
    EXPECT_EQ(e.conflicts()[0].field, "*");
    EXPECT_EQ(e.conflicts()[0].theirVersion, 2);
  }
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM scenic_routes"), 2);
  me.discard();
  // Villages refer to their township by code: the township stays.
  me.deleteFeature("townships", 1);
  try {
    me.commit();
    FAIL() << "deleted a township its villages refer to";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("villages"), std::string::npos) << e.what();
  }
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM townships"), 1);
}

TEST(EditSession, GeometriesOfTheWrongTypeOrInvalidAreRefusedWithTheReason) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession session(project);
  try {
    session.insertFeature("project_sites", newSite("x"), wkbFromWkt("LINESTRING(116 23, 116.1 23.1)"));
    FAIL() << "a line in a point layer";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("LINESTRING cannot go into the POINT layer"), std::string::npos) << e.what();
  }
  try {  // a bow tie: its ring crosses itself at (116.05 23.05)
    session.setGeometry("townships", 1, wkbFromWkt("POLYGON((116 23, 116.1 23.1, 116.1 23, 116 23.1, 116 23))"));
    FAIL() << "a self-intersecting polygon";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("Self-intersection at POINT (116.05 23.05)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(session.insertFeature("project_sites", newSite("x"), point(216.0, 23.0)), ValidationError);
  Row missing = newSite("x");
  missing.erase("status");
  EXPECT_THROW(session.insertFeature("project_sites", missing, point(116.0, 23.0)), ValidationError);
  EXPECT_THROW(session.insertFeature("project_sites", {{"nosuch", Value{1}}}, point(116.0, 23.0)), ValidationError);
  // A polygon goes into a MULTIPOLYGON layer as a one-part multipolygon.
  session.setGeometry("townships", 1, wkbFromWkt("POLYGON((116 23, 116.2 23, 116.2 23.2, 116 23.2, 116 23))"));
  EXPECT_EQ(geometryWkt(*session.pendingGeometry("townships", 1)),
            "MULTIPOLYGON (((116 23, 116.2 23, 116.2 23.2, 116 23.2, 116 23)))");
  EXPECT_FALSE(session.isInserted("project_sites", -1));
  // The WKT of another CRS is transformed (CGCS2000 3-degree GK zone 39, EPSG:4527).
  EXPECT_EQ(geometryWkt(wkbFromWkt("POINT(39500000 2544537.579)", "EPSG:4527"), 6), "POINT (117 23)");  // cs2cs
}

TEST(EditSession, ObserversHearOneEventPerActionAndTheCommitsChangeSet) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession session(project);
  std::vector<EditSession::Event> events;
  std::vector<ChangeSet> commits;
  EditSession::Subscription sub = session.subscribe([&](const EditSession::Event& e) {
    events.push_back({e.kind, e.features, nullptr});
    if (e.changes) commits.push_back(*e.changes);
  });
  session.setTextMany("project_sites", {1, 2}, "notes", "都改");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, EditSession::EventKind::Pending);
  EXPECT_EQ(events[0].features, (std::set<FeatureKey>{{"project_sites", 1}, {"project_sites", 2}}));
  session.undo();
  session.redo();
  EXPECT_EQ(events.size(), 3u);
  session.commit();
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].layers.at("project_sites").updated.at(2).fields, (std::set<std::string>{"notes"}));
  sub.reset();
  session.setText({"project_sites", 1, "notes"}, "x");
  EXPECT_EQ(events.size(), 4u);  // unsubscribed
}

// The table is a view over the session: edits made elsewhere show in it, its undo is the
// session's, and a commit by anyone updates exactly the rows it wrote.
TEST(EditSession, TheTableIsAViewOverTheSharedSession) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  test::OpenTable t(path, "scenic_routes");
  AttributeTableModel& table = t.model;
  const std::size_t built = *table.columnOf("built_km");
  t.session.setText({"scenic_routes", 2, "built_km"}, "1.5");  // e.g. from identify
  EXPECT_EQ(table.cellText(*table.rowOf(2), built), "1.5");
  EXPECT_TRUE(table.isEdited(*table.rowOf(2), built));
  std::string error;
  ASSERT_TRUE(table.editCell(1, "built_km", "2", error)) << error;
  table.undo();  // the table's undo is the session's: its own edit goes first
  EXPECT_EQ(table.cellText(*table.rowOf(1), built), "1");
  EXPECT_TRUE(table.isEdited(*table.rowOf(2), built));
  t.session.commit({"planner1", "from the map"});
  EXPECT_FALSE(table.isEdited(*table.rowOf(2), built));
  EXPECT_EQ(table.cellText(*table.rowOf(2), built), "1.5");
  EXPECT_EQ(std::get<double>(table.value(*table.rowOf(2), built)), 1.5);
  // A new feature committed through the session appears as a row.
  const std::int64_t temp = t.session.insertFeature("scenic_routes",
                                                    {{"name", Value{"新线"}},
                                                     {"kind", Value{"greenway"}},
                                                     {"township_code", Value{"445222111"}},
                                                     {"planned_km", Value{1.0}},
                                                     {"built_km", Value{0.0}},
                                                     {"status", Value{"planned"}}},
                                                    wkbFromWkt("LINESTRING(116.01 23.01, 116.02 23.02)"));
  const ChangeSet c = t.session.commit();
  const std::int64_t id = c.layers.at("scenic_routes").inserted.at(temp);
  ASSERT_TRUE(table.rowOf(id));
  EXPECT_EQ(table.cellText(*table.rowOf(id), *table.columnOf("name")), "新线");
  EXPECT_EQ(table.rowCount(), 3u);
}

// Edits that walk a layer in id order read the stored rows ahead in batches; what the session
// records as originals and versions must be exactly what one read per row would give.
TEST(EditSession, ReadAheadKeepsOriginalsAndVersionsExact) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  {
    Database db(path, OpenMode::ReadWrite);
    test::loadFixture(
        db,
        "WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 700) "
        "INSERT INTO project_sites (id, name, programme, status, township_code, budget_wan, geom) "
        "SELECT i, 'site ' || i, 'county_library', 'planned', '445222111', i, MakePoint(116.05, 23.05, 4490) FROM n");
  }
  ProjectStore project = ProjectStore::open(path);
  EditSession session(project);
  for (int id = 3; id <= 700; ++id) session.setValue({"project_sites", id, "budget_wan"}, Value{id + 0.5});
  for (int id = 3; id <= 700; id += 97) {
    EXPECT_EQ(session.buffer().changes().at({"project_sites", id, "budget_wan"}).original, Value{double(id)}) << id;
    EXPECT_EQ(*session.buffer().baseVersion({"project_sites", id}), 1) << id;
  }
  EXPECT_EQ(session.commit().cells, 698u);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM project_sites WHERE budget_wan = id + 0.5"), 698);
}
