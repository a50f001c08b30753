// The audit log and row versions of a project file kept by SQLite itself: writes with the sqlite3
// shell (not zhenmap) leave audit rows and version bumps; a hand-set version is refused; zhenmap's
// own commits leave exactly one audit row per changed field with their user, reason and context;
// the hash chain seals every row and `verify-audit` finds a rewritten one; `history` shows all
// of it; a feature is restored to an earlier version through the edit session.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/edit_session.hpp"
#include "store/geometry_check.hpp"
#include "store/sqlite_audit.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

// The sqlite3 shell with SpatiaLite loaded (inserting a geometry needs its functions).
test::RunResult sqliteShell(const std::string& path, const std::string& sql) {
  return test::run({"/usr/bin/sqlite3", "-bail", "-cmd", ".load mod_spatialite", path, sql});
}

std::string text(const std::string& path, const std::string& sql) {
  const test::RunResult r = test::run({"/usr/bin/sqlite3", "-cmd", ".load mod_spatialite", path, sql});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  std::string out = r.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

TEST(StoreAudit, WritesOfOtherProgramsAreAuditedAndVersioned) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(text(path, "SELECT count(*) FROM audit_log"), "0");
  test::RunResult r = sqliteShell(path, "UPDATE project_sites SET notes = '外部修改', budget_wan = 120 WHERE id = 1");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(text(path, "SELECT version FROM project_sites WHERE id = 1"), "2");
  EXPECT_EQ(text(path,
                 "SELECT group_concat(field || '=' || coalesce(old_value, 'NULL') || '>' || new_value || '@' || "
                 "new_version || ':' || user || ':' || context, ' ') FROM (SELECT * FROM audit_log ORDER BY field)"),
            "budget_wan=100>120@2:external:external notes=NULL>外部修改@2:external:external");
  EXPECT_EQ(text(path, "SELECT count(*) FROM audit_log WHERE time LIKE '20__-__-__T__:__:__Z' AND hash IS NULL"), "2");
  // An insert and a delete carry the whole row and its geometry.
  r = sqliteShell(
      path,
      "INSERT INTO project_sites (name, programme, status, township_code, geom) VALUES ('外部新增', 'other', "
      "'planned', '445222111', GeomFromText('POINT(116.03 23.03)', 4490))");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(text(path,
                 "SELECT action || '|' || field || '|' || new_version || '|' || json_extract(new_value, '$.name') "
                 "FROM audit_log WHERE action = 'insert'"),
            "insert|*|1|外部新增");
  r = sqliteShell(path, "DELETE FROM households WHERE id = 2");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string deleted = text(path, "SELECT old_value FROM audit_log WHERE action = 'delete'");
  const nlohmann::json row = nlohmann::json::parse(deleted);
  EXPECT_EQ(row["household_id"], "T-0002");
  EXPECT_EQ(row["head_name"], "(redacted)");  // personal data never in the log
  EXPECT_EQ(geometryWkt(auditGeometryWkb(row["geom"].get<std::string>())), "POINT (116.08 23.05)");
  EXPECT_EQ(deleted.find("N2"), std::string::npos);
  // The version is the database's: a hand-set one is overridden, a new row cannot start elsewhere.
  r = sqliteShell(path, "UPDATE project_sites SET version = 99, notes = 'x' WHERE id = 2");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(text(path, "SELECT version || notes FROM project_sites WHERE id = 2"), "2x");
  EXPECT_EQ(text(path, "SELECT new_version FROM audit_log WHERE feature_id = 2 AND field = 'notes'"), "2");
  r = sqliteShell(path,
                  "INSERT INTO project_sites (version, name, programme, status, township_code, geom) VALUES (7, 'v', "
                  "'other', 'planned', '445222111', GeomFromText('POINT(116.03 23.03)', 4490))");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("version 1"), std::string::npos) << r.err;
  // The audit log is append-only for other programs.
  EXPECT_NE(sqliteShell(path, "UPDATE audit_log SET user = 'someone' WHERE id = 1").exitCode, 0);
  EXPECT_NE(sqliteShell(path, "DELETE FROM audit_log").exitCode, 0);
  EXPECT_EQ(text(path, "SELECT count(*) FROM audit_log"), "5");
}

TEST(StoreAudit, ZhenmapCommitsWriteExactlyOneRowPerChangeAndSealTheChain) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(sqliteShell(path, "UPDATE scenic_routes SET name = '外' WHERE id = 2").exitCode, 0);  // unsealed
  {
    ProjectStore project = ProjectStore::open(path);
    EditSession session(project);
    session.setText({"project_sites", 1, "status"}, "completed");
    session.setText({"project_sites", 1, "completion_date"}, "2023-01-10");
    session.setGeometry("project_sites", 2, wkbFromWkt("POINT(116.071 23.071)"));
    const std::int64_t id = session.insertFeature("scenic_routes",
                                                  {{"name", Value{"新"}},
                                                   {"kind", Value{"greenway"}},
                                                   {"township_code", Value{"445222111"}},
                                                   {"planned_km", Value{2.0}},
                                                   {"built_km", Value{0.0}},
                                                   {"status", Value{"planned"}}},
                                                  wkbFromWkt("LINESTRING(116.01 23.01, 116.02 23.02)"));
    session.deleteFeature("households", 1);
    const ChangeSet c = session.commit({"li", "site visit", "presentation"});
    EXPECT_EQ(c.layers.at("scenic_routes").inserted.at(id), 3);
  }
  EXPECT_EQ(text(path, "SELECT count(*) FROM audit_context"), "0");
  // 2 fields + 1 geometry + 1 insert + 1 delete, and the earlier external row.
  EXPECT_EQ(text(path,
                 "SELECT count(*) FROM audit_log WHERE user = 'li' AND reason = 'site visit' AND context = "
                 "'presentation'"),
            "5");
  EXPECT_EQ(text(path,
                 "SELECT group_concat(layer || '.' || feature_id || '.' || action || '.' || field, ' ') FROM "
                 "(SELECT * FROM audit_log WHERE user = 'li' ORDER BY layer, feature_id, field)"),
            "households.1.delete.* project_sites.1.update.completion_date project_sites.1.update.status "
            "project_sites.2.update.geom scenic_routes.3.insert.*");
  EXPECT_EQ(text(path, "SELECT new_version FROM audit_log WHERE field = 'geom'"), "2");
  EXPECT_EQ(text(path, "SELECT count(*) FROM audit_log WHERE hash IS NULL"), "0");  // the external row too
  const test::RunResult ok = test::runZhenmap({"verify-audit", path});
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_NE(ok.out.find("audit log intact: 6 row(s), 0 waiting"), std::string::npos) << ok.out;
  // An external write after the last seal is reported as waiting, not broken.
  ASSERT_EQ(sqliteShell(path, "UPDATE scenic_routes SET name = '外2' WHERE id = 2").exitCode, 0);
  const test::RunResult waiting = test::runZhenmap({"verify-audit", path});
  EXPECT_EQ(waiting.exitCode, 0) << waiting.err;
  EXPECT_NE(waiting.out.find("7 row(s), 1 waiting"), std::string::npos) << waiting.out;
}

// The seals go out in batches of rows per statement: a chain across several batches (and over
// rows written by another program) must verify, every row sealed.
TEST(StoreAudit, AThousandRowsSealedInOneCommitVerify) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  std::string script = "BEGIN;";
  for (int i = 0; i < 1000; ++i) script += "UPDATE scenic_routes SET name = 'n" + std::to_string(i) + "' WHERE id = 2;";
  ASSERT_EQ(sqliteShell(path, script + "COMMIT;").exitCode, 0);
  EXPECT_EQ(text(path, "SELECT count(*) FROM audit_log WHERE hash IS NULL"), "1000");
  {
    ProjectStore project = ProjectStore::open(path);
    EditSession session(project);
    session.setText({"project_sites", 1, "status"}, "completed");
    session.commit({"li", "seal them all", ""});
  }
  EXPECT_EQ(text(path, "SELECT count(*) FROM audit_log WHERE hash IS NULL"), "0");
  EXPECT_EQ(text(path, "SELECT count(DISTINCT hash) FROM audit_log"), "1001");
  const test::RunResult ok = test::runZhenmap({"verify-audit", path});
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_NE(ok.out.find("audit log intact: 1001 row(s), 0 waiting"), std::string::npos) << ok.out;
  // A row in the middle of the second batch, changed behind the triggers' back, is found.
  ASSERT_EQ(sqliteShell(path, "DROP TRIGGER zhenmap_audit_log_append_only; "
                              "UPDATE audit_log SET new_value = 'forged' WHERE id = 600").exitCode, 0);
  const test::RunResult broken = test::runZhenmap({"verify-audit", path});
  EXPECT_EQ(broken.exitCode, 3);
  EXPECT_EQ(broken.err.rfind("error: audit log broken: audit row 600 ", 0), 0u) << broken.err;
}

TEST(StoreAudit, ARewrittenAuditRowBreaksTheChainAndVerifyNamesIt) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  for (const char* v : {"1.5", "2", "2.5"}) {
    ASSERT_EQ(test::runZhenmap({"edit", path, "--layer", "scenic_routes", "--id", "1", "--set",
                                std::string("built_km=") + v, "--reason", "progress"})
                  .exitCode,
              0);
  }
  ASSERT_EQ(test::runZhenmap({"verify-audit", path}).exitCode, 0);
  // An admin with the file drops the guard and rewrites the middle row.
  const test::RunResult tamper = sqliteShell(
      path, "DROP TRIGGER zhenmap_audit_log_append_only; UPDATE audit_log SET new_value = '4' WHERE id = 2");
  ASSERT_EQ(tamper.exitCode, 0) << tamper.err;
  const test::RunResult broken = test::runZhenmap({"verify-audit", path});
  EXPECT_EQ(broken.exitCode, 3);
  EXPECT_EQ(broken.err.rfind("error: audit log broken: audit row 2 ", 0), 0u) << broken.err;
  // Removing a row breaks the row after it.
  test::TempDir other;
  const std::string second = test::makeSmallProject(other);
  for (const char* v : {"1.5", "2", "2.5"}) {
    ASSERT_EQ(test::runZhenmap(
                  {"edit", second, "--layer", "scenic_routes", "--id", "1", "--set", std::string("built_km=") + v})
                  .exitCode,
              0);
  }
  ASSERT_EQ(
      sqliteShell(second, "DROP TRIGGER zhenmap_audit_log_no_delete; DELETE FROM audit_log WHERE id = 1").exitCode, 0);
  const test::RunResult removed = test::runZhenmap({"verify-audit", second});
  EXPECT_EQ(removed.exitCode, 3);
  EXPECT_NE(removed.err.find("audit row 2 "), std::string::npos) << removed.err;
}

TEST(StoreAudit, HistoryShowsWhoWhatWhenAndWhyIncludingExternalWrites) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(test::runZhenmap({"edit", path, "--layer", "project_sites", "--id", "1", "--set", "status=completed",
                              "--user", "li", "--reason", "竣工验收"})
                .exitCode,
            0);
  ASSERT_EQ(sqliteShell(path, "UPDATE project_sites SET notes = '外部' WHERE id = 1").exitCode, 0);
  ASSERT_EQ(
      test::runZhenmap({"edit", path, "--layer", "project_sites", "--id", "1", "--geometry", "POINT(116.025 23.025)"})
          .exitCode,
      0);
  const test::RunResult r = test::runZhenmap({"history", path, "--layer", "project_sites", "--id", "1"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("project_sites id 1: 3 change(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("li reason: 竣工验收 -> version 2\n  status: started -> completed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("external [external] -> version 3\n  notes: NULL -> 外部"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("geom: POINT (116.02 23.02) -> POINT (116.025 23.025)"), std::string::npos) << r.out;
  // Its time in China Standard Time, as coreutils' date reads the stored UTC time.
  const std::string utc = text(path, "SELECT time FROM audit_log WHERE user = 'li'");
  test::RunResult local = test::run({"/usr/bin/date", "-d", utc, "+%Y年%-m月%-d日 %H:%M"}, {}, {{"TZ", "Asia/Shanghai"}});
  ASSERT_EQ(local.exitCode, 0) << local.err;
  local.out.pop_back();  // the line break
  EXPECT_NE(r.out.find(" " + local.out + " li reason: 竣工验收"), std::string::npos) << utc << " / " << local.out << "\n"
                                                                                 << r.out;
  const test::RunResult j = test::runZhenmap({"history", path, "--layer", "project_sites", "--id", "1", "--json"});
  ASSERT_EQ(j.exitCode, 0) << j.err;
  const nlohmann::json entries = nlohmann::json::parse(j.out);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1]["user"], "external");
  EXPECT_EQ(entries[2]["new"], "POINT (116.025 23.025)");
  EXPECT_EQ(test::runZhenmap({"history", path, "--layer", "nope", "--id", "1"}).exitCode, 2);
}

TEST(StoreAudit, RestoreAVersionFromTheHistoryIncludingADeletedFeature) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  EditSession session(project);
  session.setText({"scenic_routes", 1, "built_km"}, "2");
  session.commit();
  session.setText({"scenic_routes", 1, "built_km"}, "3");
  session.setText({"scenic_routes", 1, "status"}, "completed");
  session.setGeometry("scenic_routes", 1, wkbFromWkt("LINESTRING(116.01 23.01, 116.04 23.04)"));
  session.commit();
  const auto history = project.history("scenic_routes", 1);
  ASSERT_EQ(history.size(), 4u);
  session.restoreVersion("scenic_routes", 1, history[0].id);  // right after built_km became 2
  EXPECT_EQ(std::get<double>(*session.pendingValue({"scenic_routes", 1, "built_km"})), 2.0);
  EXPECT_EQ(std::get<std::string>(*session.pendingValue({"scenic_routes", 1, "status"})), "started");
  EXPECT_EQ(geometryWkt(*session.pendingGeometry("scenic_routes", 1)),
            "LINESTRING (116.01 23.01, 116.03 23.03, 116.05 23.02)");
  session.undo();  // one command, one step
  EXPECT_FALSE(session.hasChanges());
  session.restoreVersion("scenic_routes", 1, history[0].id);
  session.commit({"li", "restored", "restore"});
  EXPECT_EQ(text(path, "SELECT built_km || status || AsText(geom) FROM scenic_routes WHERE id = 1"),
            "2.0startedLINESTRING(116.01 23.01, 116.03 23.03, 116.05 23.02)");
  EXPECT_EQ(text(path, "SELECT count(*) FROM audit_log WHERE context = 'restore'"), "3");
  // A deleted feature comes back as a new one with its recorded attributes and geometry.
  session.deleteFeature("scenic_routes", 2);
  session.commit();
  const auto gone = project.history("scenic_routes", 2);
  ASSERT_EQ(gone.back().action, "delete");
  session.restoreVersion("scenic_routes", 2, gone.back().id);
  const std::vector<PendingFeature> back = session.pendingFeatures("scenic_routes");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(back[0].inserted);
  const ChangeSet c = session.commit({"li", "undelete", "restore"});
  const std::int64_t again = c.layers.at("scenic_routes").inserted.at(back[0].id);
  EXPECT_EQ(text(path,
                 "SELECT name || '|' || kind || '|' || planned_km || '|' || AsText(geom) FROM scenic_routes "
                 "WHERE id = " +
                     std::to_string(again)),
            "立面改造1段|street_facade|3.0|LINESTRING(116.06 23.06, 116.08 23.06)");
  EXPECT_THROW(session.restoreVersion("scenic_routes", 2, 999999), DataError);
}
