// `zhenmap push` / `pull`: a project goes to a PostGIS server and comes back identical, table by
// table (layers with their geometry blobs, schema_migrations, layer/field metadata, styles,
// bookmarks, slides, settings, audit log).
#include <gtest/gtest.h>

#include "pg_test_support.hpp"
#include "store/database.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_transfer.hpp"
#include "store/project_store.hpp"
#include "store_test_support.hpp"

namespace zhenmap::store {
namespace {

using TableDump = std::vector<std::vector<std::string>>;

// Every row of a table in rowid order: each cell as text plus its SQLite storage class.
TableDump dump(const std::string& path, const std::string& table) {
  Database db(path, OpenMode::ReadOnly);
  Statement s = db.prepare("SELECT * FROM \"" + table + "\" ORDER BY rowid");
  TableDump rows;
  while (s.step()) {
    std::vector<std::string> row;
    for (int c = 0; c < s.columnCount(); ++c) {
      const std::string name = s.columnName(c);
      if (s.isNull(c)) {
        row.push_back(name + "=<null>");
      } else if (name == "geom") {
        const std::string blob = s.getBlob(c);
        std::string hex;
        for (unsigned char ch : blob) {
          static const char* digits = "0123456789abcdef";
          hex += digits[ch >> 4];
          hex += digits[ch & 15];
        }
        row.push_back(name + "=" + hex);
      } else {
        row.push_back(name + "=" + s.getText(c) + "|" + std::to_string(s.getValue(c).index()));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The small project with metadata of every kind and some history.
std::string richProject(const test::TempDir& dir) {
  const std::string path = test::makeSmallProject(dir);
  {
    ProjectStore p = ProjectStore::open(path);
    EditSession b(p);
    b.setText({"project_sites", 1, "notes"}, "路面硬化完成一半");
    b.setText({"households", 2, "phone"}, "13800000000");
    b.commit({"planner1", "visit"});
    test::loadFixture(p.database(), R"SQL(
INSERT INTO styles (layer, style_json) VALUES ('project_sites', '{"kind": "single", "fill": "#d04030"}');
INSERT INTO bookmarks (id, name, min_lon, min_lat, max_lon, max_lat) VALUES (4, '金和镇', 116.0, 23.0, 116.1, 23.1);
INSERT INTO slides (id, position, title, bookmark_id, visible_layers, notes) VALUES (1, 1, '进度', 4, 'project_sites', 'n');
INSERT INTO settings (key, value) VALUES ('crs', 'EPSG:3857'), ('empty', NULL);
UPDATE layer_metadata SET description = '示例' WHERE layer = 'townships';
)SQL");
  }
  return path;
}

TEST(PostgisTransfer, PullOfPushIsTheSameProjectTableByTable) {
  test::TempDir dir;
  const std::string original = richProject(dir);
  const std::string uri = test::makePgDatabase();
  const TransferResult pushed = pushProject(original, uri);
  EXPECT_EQ(test::pgQuery(uri, "SELECT count(*) FROM audit_log"), "2");
  EXPECT_EQ(test::pgQuery(uri, "SELECT ST_AsText(geom) FROM work_teams WHERE id = 1"), "POINT(116.05 23.05)");
  EXPECT_EQ(test::pgQuery(uri, "SELECT ST_SRID(geom) FROM villages LIMIT 1"), "4490");
  EXPECT_EQ(test::pgQuery(uri, "SELECT style_json FROM styles"), R"({"kind": "single", "fill": "#d04030"})");
  EXPECT_EQ(test::pgQuery(uri, "SELECT count(*) FROM pg_indexes WHERE indexname = 'project_sites_geom'"), "1");
  // SpatiaLite's own tables stay behind (PostGIS has its own spatial_ref_sys).
  EXPECT_EQ(test::pgQuery(uri,
                          "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE "
                          "'spatial%' OR tablename LIKE 'geometry%' OR tablename LIKE 'idx%')"),
            "1");

  const std::string copy = (dir / "copy.sqlite").string();
  const TransferResult pulled = pullProject(uri, copy);
  Database db(original, OpenMode::ReadOnly);
  const std::vector<std::string> tables = projectTables(db);
  for (const char* expected :
       {"schema_migrations", "layer_metadata", "field_metadata", "styles", "bookmarks", "slides", "settings",
        "audit_log", "townships", "villages", "work_teams", "project_sites", "scenic_routes", "households"}) {
    EXPECT_NE(std::find(tables.begin(), tables.end(), expected), tables.end()) << expected;
  }
  ASSERT_EQ(pushed.tables.size(), tables.size());
  ASSERT_EQ(pulled.tables.size(), tables.size());
  for (const std::string& table : tables) {
    const TableDump a = dump(original, table);
    EXPECT_EQ(a, dump(copy, table)) << table;
  }
  EXPECT_EQ(dump(copy, "households").size(), 2u);
  EXPECT_EQ(dump(copy, "audit_log").size(), 2u);
  EXPECT_EQ(dump(copy, "settings").size(), 2u);
  // The pulled file is a working project: it opens, and its spatial index finds the sites.
  ProjectStore p = ProjectStore::open(copy);
  EXPECT_EQ(test::queryInt(copy,
                           "SELECT count(*) FROM project_sites WHERE ROWID IN (SELECT ROWID FROM SpatialIndex "
                           "WHERE f_table_name = 'project_sites' AND search_frame = BuildMbr(116.0, 23.0, "
                           "116.05, 23.05))"),
            1);
  // Ids continue after the copied ones on the server.
  test::pgExec(uri, "INSERT INTO settings (key, value) VALUES ('x', 'y')");
  EXPECT_EQ(test::pgQuery(uri,
                          "INSERT INTO bookmarks (name, min_lon, min_lat, max_lon, max_lat) VALUES "
                          "('b', 1, 1, 2, 2) RETURNING id"),
            "5");
}

TEST(PostgisTransfer, PushRefusesAProjectThatIsThereAndWritesNothing) {
  test::TempDir dir;
  const std::string file = test::makeSmallProject(dir);
  const std::string uri = test::makePgDatabase();
  pushProject(file, uri);
  test::pgExec(uri, "UPDATE project_sites SET notes = 'server edit' WHERE id = 1");
  EXPECT_THROW(pushProject(file, uri), DataError);
  EXPECT_EQ(test::pgQuery(uri, "SELECT notes FROM project_sites WHERE id = 1"), "server edit");
  pushProject(file, uri, /*replace=*/true);
  EXPECT_EQ(test::pgQuery(uri, "SELECT coalesce(notes, '<none>') FROM project_sites WHERE id = 1"), "<none>");
  // Pull never overwrites a file.
  EXPECT_THROW(pullProject(uri, file), OpenError);
}

TEST(PostgisTransfer, CommandLinePushEditPull) {
  test::TempDir dir;
  const std::string file = test::makeSmallProject(dir);
  const std::string uri = test::makePgDatabase();
  test::RunResult r = test::runZhenmap({"push", file, uri});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("project_sites"), std::string::npos) << r.out;
  r = test::runZhenmap(
      {"edit", uri, "--layer", "project_sites", "--id", "2", "--set", "status=started", "--user", "cli"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("version 1 -> 2"), std::string::npos) << r.out;
  r = test::runZhenmap({"edit", uri, "--layer", "project_sites", "--id", "2", "--set", "status=bogus"});
  EXPECT_EQ(r.exitCode, 3) << r.err;
  r = test::runZhenmap(
      {"edit", uri, "--layer", "project_sites", "--id", "2", "--set", "notes=x", "--expect-version", "1"});
  EXPECT_EQ(r.exitCode, 4) << r.err;
  const std::string copy = (dir / "back.sqlite").string();
  r = test::runZhenmap({"pull", uri, copy});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(test::queryInt(copy, "SELECT version FROM project_sites WHERE id = 2"), 2);
  // The server recorded its login role, not the --user the client sent.
  EXPECT_EQ(test::queryInt(copy, "SELECT count(*) FROM audit_log WHERE user = 'postgres' AND field = 'status'"), 1);
  EXPECT_EQ(test::runZhenmap({"verify-audit", copy}).exitCode, 0);
  r = test::runZhenmap({"pull", uri, copy});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  r = test::runZhenmap({"push", file, "PG:host=127.0.0.1 port=1 dbname=none connect_timeout=5"});
  EXPECT_EQ(r.exitCode, 2) << r.err;
}

}  // namespace
}  // namespace zhenmap::store

namespace zhenmap::store {
namespace {

// `zhenmap render PG:...` draws the server copy of a project exactly as it draws the file: same
// layers (GDAL's PostgreSQL driver), styles and titles from the server's metadata tables.
TEST(PostgisTransfer, RenderOfTheServerProjectMatchesTheFile) {
  test::TempDir dir;
  const std::string file = richProject(dir);
  const std::string uri = test::makePgDatabase();
  pushProject(file, uri);
  const std::string a = (dir / "file.png").string();
  const std::string b = (dir / "server.png").string();
  test::RunResult r = test::runZhenmap(
      {"render", file, "--out", a, "--size", "400x300", "--layers", "townships,villages,project_sites,scenic_routes"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  r = test::runZhenmap(
      {"render", uri, "--out", b, "--size", "400x300", "--layers", "townships,villages,project_sites,scenic_routes"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string fileImage = test::readFile(a);
  EXPECT_GT(fileImage.size(), 1000u);
  EXPECT_TRUE(fileImage == test::readFile(b)) << "the server render differs from the file render";
}

}  // namespace
}  // namespace zhenmap::store
