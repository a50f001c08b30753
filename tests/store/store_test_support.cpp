// Helpers for the project-store tests; see store_test_support.hpp.
#include "store_test_support.hpp"

#include <stdexcept>

#include "demo/demo_builder.hpp"
#include "store/sqlite_audit.hpp"

namespace zhenmap::test {

std::string makeSmallProject(const TempDir& dir, const std::string& name) {
  const std::string path = (dir / name).string();
  store::ProjectStore project = store::ProjectStore::create(path);
  store::Database& db = project.database();
  loadFixture(db, R"SQL(
INSERT INTO townships (id, code, name, county_code, kind, geom) VALUES
  (1, '445222111', '金和镇', '445222', '镇',
   CastToMultiPolygon(GeomFromText('POLYGON((116.0 23.0, 116.1 23.0, 116.1 23.1, 116.0 23.1, 116.0 23.0))', 4490)));
INSERT INTO villages (id, code, name, township_code, geom) VALUES
  (1, '445222111201', '甲村', '445222111',
   CastToMultiPolygon(GeomFromText('POLYGON((116.0 23.0, 116.05 23.0, 116.05 23.1, 116.0 23.1, 116.0 23.0))', 4490))),
  (2, '445222111202', '乙村', '445222111',
   CastToMultiPolygon(GeomFromText('POLYGON((116.05 23.0, 116.1 23.0, 116.1 23.1, 116.05 23.1, 116.05 23.0))', 4490)));
INSERT INTO work_teams (id, township_code, name, cadres, geom) VALUES
  (1, '445222111', '金和镇工作队', 5, GeomFromText('POINT(116.05 23.05)', 4490));
INSERT INTO project_sites (id, name, programme, status, township_code, village_code, budget_wan, funds_raised_wan,
                           team_id, start_date, completion_date, notes, geom) VALUES
  (1, '甲村道路', 'county_library', 'started', '445222111', '445222111201', 100.0, 40.0, 1, '2022-03-01', NULL, NULL,
   GeomFromText('POINT(116.02 23.02)', 4490)),
  (2, '乙村公厕', 'county_library', 'completed', '445222111', '445222111202', 20.0, 20.0, 1, '2021-05-01',
   '2021-09-30', 'done', GeomFromText('POINT(116.07 23.07)', 4490));
INSERT INTO scenic_routes (id, name, kind, township_code, planned_km, built_km, status, geom) VALUES
  (1, '风貌带1号线', 'scenic_belt', '445222111', 5.0, 1.0, 'started',
   GeomFromText('LINESTRING(116.01 23.01, 116.03 23.03, 116.05 23.02)', 4490)),
  (2, '立面改造1段', 'street_facade', '445222111', 3.0, 0.0, 'planned',
   GeomFromText('LINESTRING(116.06 23.06, 116.08 23.06)', 4490));
INSERT INTO households (id, household_id, village_code, members, risk_level, risk_type, monitoring_status, measures,
                        last_visit, head_name, id_number, phone, geom) VALUES
  (1, 'T-0001', '445222111201', 4, 'high', '因病', 'monitoring', NULL, '2024-06-01', 'SECRETNAME', 'SECRETID',
   'SECRETPHONE', GeomFromText('POINT(116.01 23.05)', 4490)),
  (2, 'T-0002', '445222111202', 3, 'low', '因学', 'monitoring', NULL, '2024-06-02', 'N2', 'I2', 'P2',
   GeomFromText('POINT(116.08 23.05)', 4490));
)SQL");
  return path;
}

std::string makeDemoProject(const TempDir& dir, const std::string& name) {
  const std::string path = (dir / name).string();
  demo::DemoOptions options;
  options.dataDir = (dataDir() / "jieyang").string();
  demo::buildDemo(path, options);
  return path;
}

std::map<std::int64_t, std::map<std::string, std::string>> dumpTable(const std::string& path,
                                                                     const std::string& table) {
  store::Database db(path, store::OpenMode::ReadOnly);
  store::Statement s = db.prepare("SELECT *, hex(geom) AS geom_hex FROM " + table + " ORDER BY id");
  std::map<std::int64_t, std::map<std::string, std::string>> rows;
  while (s.step()) {
    auto& row = rows[s.getInt(0)];
    for (int c = 0; c < s.columnCount(); ++c) {
      const std::string name = s.columnName(c);
      if (name == "geom") continue;
      row[name] = s.isNull(c) ? "<null>" : s.getText(c) + "|" + std::to_string(s.getValue(c).index());
    }
  }
  return rows;
}

void loadFixture(store::Database& db, const std::string& sql) {
  store::Transaction tx(db);
  store::suspendAudit(db);
  db.exec(sql);
  store::resumeAudit(db);
  tx.commit();
}

std::int64_t queryInt(const std::string& path, const std::string& sql) {
  // Read-write: SpatiaLite's CheckSpatialIndex() records its run in the file.
  store::Database db(path, store::OpenMode::ReadWrite);
  store::Statement s = db.prepare(sql);
  if (!s.step()) throw std::runtime_error("no row from " + sql);
  return s.getInt(0);
}

}  // namespace zhenmap::test
