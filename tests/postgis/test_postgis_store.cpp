// The project store on PostGIS: the same reads, validation, audit log and one-transaction commit as
// the SpatiaLite file; per-cell conflicts between concurrent PROCESSES; team permissions through
// row-level security; a commit that loses its connection writes nothing and succeeds after.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "pg_test_support.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_transfer.hpp"
#include "store/project_store.hpp"
#include "store/table_model.hpp"
#include "store_test_support.hpp"
#include "table_test_support.hpp"

namespace zhenmap::store {
namespace {

// A small project (test::makeSmallProject) pushed into a fresh server database.
std::string smallServerProject(const test::TempDir& dir) {
  const std::string file = test::makeSmallProject(dir);
  const std::string uri = test::makePgDatabase();
  pushProject(file, uri);
  return uri;
}

TEST(PostgisStore, ReadsValidatesCommitsAndAuditsLikeTheFile) {
  test::TempDir dir;
  const std::string uri = smallServerProject(dir);
  ProjectStore project = ProjectStore::open(uri);
  EXPECT_TRUE(project.isServer());
  EXPECT_FALSE(project.readOnly());
  EXPECT_THROW(project.database(), DataError);

  const auto layers = project.layers();
  ASSERT_EQ(layers.size(), 6u);
  EXPECT_EQ(layers[0].name, "townships");
  EXPECT_EQ(layers[0].featureCount, 1);
  EXPECT_EQ(layers[5].name, "households");
  EXPECT_EQ(layers[5].featureCount, 2);

  Feature site = project.readFeature("project_sites", 2);
  EXPECT_EQ(site.version, 1);
  EXPECT_EQ(std::get<std::string>(site.attributes.at("name")), "乙村公厕");
  EXPECT_EQ(std::get<double>(site.attributes.at("budget_wan")), 20.0);
  EXPECT_EQ(std::get<std::int64_t>(site.attributes.at("team_id")), 1);
  EXPECT_EQ(std::get<std::string>(site.attributes.at("completion_date")), "2021-09-30");
  EXPECT_THROW(project.readFeature("project_sites", 99), DataError);

  EditSession buffer(project);
  EXPECT_THROW(buffer.setText({"scenic_routes", 1, "kind"}, "motorway"), ValidationError);
  EXPECT_THROW(buffer.setText({"project_sites", 1, "start_date"}, "2022-02-30"), ValidationError);
  buffer.setText({"scenic_routes", 1, "built_km"}, "9.5");  // > planned 5.0: cross-field rule
  EXPECT_THROW(buffer.validatePending(), ValidationError);
  EXPECT_THROW(buffer.commit(), ValidationError);
  EXPECT_EQ(buffer.pendingCellCount(), 1u);
  buffer.undo();
  buffer.setText({"project_sites", 1, "village_code"}, "445222111999");  // no such village
  EXPECT_THROW(buffer.commit(), ValidationError);
  buffer.undo();
  EXPECT_TRUE(!buffer.hasChanges());

  buffer.setText({"project_sites", 1, "status"}, "completed");
  buffer.setText({"project_sites", 1, "completion_date"}, "2023-01-10");
  buffer.setText({"households", 1, "phone"}, "NEWSECRET");
  EXPECT_EQ(std::get<std::string>(buffer.currentValue({"project_sites", 1, "status"})), "completed");
  const ChangeSet r = buffer.commit({"planner1", "site finished"});
  EXPECT_EQ(r.features(), 2u);
  EXPECT_EQ(r.cells, 3u);
  EXPECT_TRUE(!buffer.hasChanges());

  site = project.readFeature("project_sites", 1);
  EXPECT_EQ(site.version, 2);
  EXPECT_EQ(std::get<std::string>(site.attributes.at("status")), "completed");
  const auto h = project.history("project_sites", 1);
  ASSERT_EQ(h.size(), 2u);
  // The server's triggers write the audit rows, a row's fields in layer order, under the login
  // role (never the name a client claims).
  EXPECT_EQ(h[0].field, "status");
  EXPECT_EQ(h[0].oldValue, "started");
  EXPECT_EQ(h[0].newValue, "completed");
  EXPECT_EQ(h[1].field, "completion_date");
  EXPECT_EQ(h[1].oldValue, "NULL");
  EXPECT_EQ(h[1].newValue, "2023-01-10");
  EXPECT_EQ(h[1].newVersion, 2);
  EXPECT_EQ(h[1].user, "postgres");
  EXPECT_EQ(h[1].reason, "site finished");
  const auto hh = project.history("households", 1);
  ASSERT_EQ(hh.size(), 1u);
  EXPECT_EQ(hh[0].oldValue, "(redacted)");  // personal data never in the audit log
  EXPECT_EQ(hh[0].newValue, "(redacted)");
  EXPECT_EQ(test::pgQuery(uri, "SELECT phone FROM households WHERE id = 1"), "NEWSECRET");

  // The server's own constraints back the validation layer up.
  EXPECT_THROW(test::pgExec(uri, "UPDATE scenic_routes SET built_km = 99 WHERE id = 2"), PgError);
  // The table model's read path: every row without geometry, values in spec order.
  std::vector<std::int64_t> ids;
  project.forEachRow("scenic_routes", [&](std::int64_t id, std::int64_t version, const std::vector<Value>& v) {
    ids.push_back(id);
    EXPECT_EQ(version, 1);
    EXPECT_EQ(v.size(), requireLayer("scenic_routes").fields.size());
  });
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1, 2}));
  int features = 0;
  project.forEachFeature("townships", [&](const Feature& f, const std::string& wkb) {
    ++features;
    EXPECT_EQ(f.id, 1);
    ASSERT_GE(wkb.size(), 5u);
    EXPECT_EQ(static_cast<int>(wkb[1]), 6);  // little-endian WKB type 6: MultiPolygon
  });
  EXPECT_EQ(features, 1);
}

// One editor in a child process: opens the server project, records `field = value` on
// project_sites 1 (reading version 1), tells the parent it is ready, waits for "go", commits, and
// writes "ok" or "conflict|theirs|yours|theirVersion" to `out`. Exits 0 committed, 4 conflict.
[[noreturn]] void editor(const std::string& uri, const std::string& field, const std::string& value, int readyFd,
                         int goFd, const std::string& out) {
  int code = 1;
  std::string report;
  try {
    ProjectStore p = ProjectStore::open(uri);
    EditSession b(p);
    b.setText({"project_sites", 1, field}, value);
    char c = 'r';
    if (write(readyFd, &c, 1) != 1) _exit(1);
    if (read(goFd, &c, 1) != 1) _exit(1);
    try {
      b.commit({"editor-" + value, "editor-" + value});
      report = "ok";
      code = 0;
    } catch (const ConflictError& e) {
      const Conflict& k = e.conflicts().at(0);
      report = "conflict|" + k.field + "|" + k.theirs + "|" + k.yours + "|" + std::to_string(k.theirVersion) + "|" +
               std::to_string(e.conflicts().size());
      code = 4;
    }
  } catch (const std::exception& e) {
    report = std::string("error|") + e.what();
    code = 2;
  }
  std::ofstream(out) << report;
  _exit(code);
}

struct EditorRun {
  int exitCode[2] = {-1, -1};
  std::string report[2];
};

// Forks two editors that both read the row first, then commit at the same moment.
EditorRun runTwoEditors(const test::TempDir& dir, const std::string& uri, const std::string& fieldA,
                        const std::string& valueA, const std::string& fieldB, const std::string& valueB) {
  int ready[2], go[2];
  EXPECT_EQ(pipe(ready), 0);
  EXPECT_EQ(pipe(go), 0);
  pid_t pids[2];
  const std::string outs[2] = {(dir / "a.txt").string(), (dir / "b.txt").string()};
  for (int k = 0; k < 2; ++k) {
    pids[k] = fork();
    if (pids[k] == 0) {
      close(ready[0]);
      close(go[1]);
      editor(uri, k == 0 ? fieldA : fieldB, k == 0 ? valueA : valueB, ready[1], go[0], outs[k]);
    }
  }
  close(ready[1]);
  close(go[0]);
  char c;
  for (int k = 0; k < 2; ++k) EXPECT_EQ(read(ready[0], &c, 1), 1);  // both have read version 1
  const char goes[2] = {'g', 'g'};
  EXPECT_EQ(write(go[1], goes, 2), 2);
  close(go[1]);
  close(ready[0]);
  EditorRun run;
  for (int k = 0; k < 2; ++k) {
    int status = 0;
    EXPECT_EQ(waitpid(pids[k], &status, 0), pids[k]);
    run.exitCode[k] = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.report[k] = test::readFile(outs[k]);
  }
  return run;
}

TEST(PostgisConcurrency, TwoProcessesChangingDifferentFieldsOfOneRowBothLand) {
  test::TempDir dir;
  const std::string uri = smallServerProject(dir);
  const EditorRun run = runTwoEditors(dir, uri, "notes", "from-a", "budget_wan", "150");
  EXPECT_EQ(run.exitCode[0], 0) << run.report[0];
  EXPECT_EQ(run.exitCode[1], 0) << run.report[1];
  EXPECT_EQ(test::pgQuery(uri, "SELECT notes FROM project_sites WHERE id = 1"), "from-a");
  EXPECT_EQ(test::pgQuery(uri, "SELECT budget_wan FROM project_sites WHERE id = 1"), "150");
  EXPECT_EQ(test::pgQuery(uri, "SELECT version FROM project_sites WHERE id = 1"), "3");
  EXPECT_EQ(test::pgQuery(uri, "SELECT count(*) FROM audit_log WHERE feature_id = 1 AND layer = 'project_sites'"), "2");
  EXPECT_EQ(test::pgQuery(uri, "SELECT string_agg(new_version::text, ',' ORDER BY new_version) FROM audit_log"), "2,3");
}

TEST(PostgisConcurrency, TwoProcessesChangingTheSameFieldTheLaterGetsTheirsAndYours) {
  test::TempDir dir;
  const std::string uri = smallServerProject(dir);
  const EditorRun run = runTwoEditors(dir, uri, "notes", "from-a", "notes", "from-b");
  // Exactly one lands; the other (the later one to take the row lock) gets the conflict.
  ASSERT_EQ(run.exitCode[0] + run.exitCode[1], 4) << run.report[0] << " / " << run.report[1];
  const int loser = run.exitCode[0] == 4 ? 0 : 1;
  const std::string winnerValue = loser == 0 ? "from-b" : "from-a";
  const std::string loserValue = loser == 0 ? "from-a" : "from-b";
  EXPECT_EQ(run.report[loser], "conflict|notes|" + winnerValue + "|" + loserValue + "|2|1");
  EXPECT_EQ(test::pgQuery(uri, "SELECT notes FROM project_sites WHERE id = 1"), winnerValue);
  EXPECT_EQ(test::pgQuery(uri, "SELECT version FROM project_sites WHERE id = 1"), "2");
  EXPECT_EQ(test::pgQuery(uri, "SELECT count(*) FROM audit_log"), "1");
  EXPECT_EQ(test::pgQuery(uri, "SELECT reason FROM audit_log"), "editor-" + winnerValue);
}

TEST(PostgisConcurrency, ConflictNamesTheCellAndKeepsTheBuffer) {
  test::TempDir dir;
  const std::string uri = smallServerProject(dir);
  ProjectStore mine = ProjectStore::open(uri);
  ProjectStore theirs = ProjectStore::open(uri);
  EditSession myBuffer(mine);
  EditSession theirBuffer(theirs);
  myBuffer.setText({"project_sites", 2, "status"}, "started");
  myBuffer.setText({"project_sites", 1, "notes"}, "mine");
  theirBuffer.setText({"project_sites", 2, "status"}, "planned");
  theirBuffer.commit({"other", ""});
  try {
    myBuffer.commit({"me", ""});
    FAIL() << "no conflict";
  } catch (const ConflictError& e) {
    ASSERT_EQ(e.conflicts().size(), 1u);
    EXPECT_EQ(e.conflicts()[0].id, 2);
    EXPECT_EQ(e.conflicts()[0].theirs, "planned");
    EXPECT_EQ(e.conflicts()[0].yours, "started");
    EXPECT_EQ(e.conflicts()[0].baseVersion, 1);
    EXPECT_EQ(e.conflicts()[0].theirVersion, 2);
  }
  EXPECT_EQ(myBuffer.pendingCellCount(), 2u);
  EXPECT_EQ(test::pgQuery(uri, "SELECT coalesce(notes, '<none>') FROM project_sites WHERE id = 1"), "<none>");
  EXPECT_EQ(test::pgQuery(uri, "SELECT count(*) FROM audit_log WHERE \"user\" = 'me'"), "0");
}

TEST(PostgisPermissions, ATeamEditsOnlyItsOwnTownshipsAndReadsAll) {
  test::TempDir dir;
  const std::string uri = smallServerProject(dir);
  // A second township with its own team and project site.
  test::pgExec(uri, R"SQL(
INSERT INTO townships (id, code, name, county_code, kind, geom) VALUES (2, '445222112', '乙镇', '445222', '镇',
  ST_Multi(ST_GeomFromText('POLYGON((116.1 23.0, 116.2 23.0, 116.2 23.1, 116.1 23.1, 116.1 23.0))', 4490)));
INSERT INTO work_teams (id, township_code, name, cadres, geom) VALUES
  (2, '445222112', '乙镇工作队', 4, ST_GeomFromText('POINT(116.15 23.05)', 4490));
INSERT INTO project_sites (id, name, programme, status, township_code, team_id, geom) VALUES
  (3, '乙镇项目', 'other', 'planned', '445222112', 2, ST_GeomFromText('POINT(116.15 23.02)', 4490));
)SQL");
  {
    PgConnection admin(uri);
    const auto roles = setupTeamRoles(admin);
    ASSERT_EQ(roles.size(), 2u);
    EXPECT_EQ(roles[0], teamRoleName(admin, 1));
  }
  PgConnection admin(uri);
  const std::string team1 = test::pgAddress(uri, teamRoleName(admin, 1));
  const std::string team2 = test::pgAddress(uri, teamRoleName(admin, 2));

  ProjectStore one = ProjectStore::open(team1);
  ProjectStore two = ProjectStore::open(team2);
  // Both read everything.
  EXPECT_EQ(one.layers()[3].featureCount, 3);
  EXPECT_EQ(std::get<std::string>(two.readFeature("project_sites", 1).attributes.at("name")), "甲村道路");
  // Editability with the reason, for the table.
  EXPECT_EQ(one.readOnlyReason("project_sites", 1), std::nullopt);
  const auto why = one.readOnlyReason("project_sites", 3);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("445222112"), std::string::npos) << *why;
  EXPECT_NE(why->find("445222111"), std::string::npos) << *why;  // the team's own township
  EXPECT_EQ(two.readOnlyReason("project_sites", 3), std::nullopt);
  EXPECT_TRUE(two.readOnlyReason("households", 1).has_value());  // a village of township 1
  EXPECT_EQ(one.readOnlyReason("households", 1), std::nullopt);

  // Team 1 cannot change team 2's row, even bundled with a row it may change: nothing is written.
  EditSession b(one);
  b.setText({"project_sites", 1, "notes"}, "ours");
  b.setText({"project_sites", 3, "notes"}, "not ours");
  try {
    b.commit({"team1", ""});
    FAIL() << "committed another team's row";
  } catch (const ReadOnlyError& e) {
    EXPECT_NE(std::string(e.what()).find("445222112"), std::string::npos) << e.what();
  }
  EXPECT_EQ(b.pendingCellCount(), 2u);
  EXPECT_EQ(test::pgQuery(uri, "SELECT coalesce(notes, '<none>') FROM project_sites WHERE id = 1"), "<none>");
  // Nor with SQL of its own (row-level security on the server, not only in zhenmap).
  EXPECT_EQ(test::pgQuery(team1,
                          "WITH u AS (UPDATE project_sites SET notes = 'x' WHERE id = 3 RETURNING 1) "
                          "SELECT count(*) FROM u"),
            "0");
  // Nor move its own row into another team's township.
  EXPECT_THROW(test::pgExec(team1,
                            "UPDATE project_sites SET township_code = '445222112', village_code = NULL "
                            "WHERE id = 1"),
               PgError);
  // Its own rows it commits normally.
  b.discard();
  b.setText({"project_sites", 1, "notes"}, "ours");
  EXPECT_EQ(b.commit({"team1", ""}).cells, 1u);
  EditSession b2(two);
  b2.setText({"project_sites", 3, "notes"}, "theirs");
  EXPECT_EQ(b2.commit({"team2", ""}).cells, 1u);
  EXPECT_EQ(test::pgQuery(uri, "SELECT string_agg(notes, ',' ORDER BY id) FROM project_sites WHERE id IN (1, 3)"),
            "ours,theirs");
  // Each team's edit is recorded under its own login role (the superuser's inserts above too).
  EXPECT_EQ(test::pgQuery(uri, "SELECT string_agg(\"user\", ',' ORDER BY id) FROM audit_log WHERE action = 'update'"),
            teamRoleName(admin, 1) + "," + teamRoleName(admin, 2));
  // The attribute table model on the server: all rows, another team's row refused with the reason.
  test::OpenTable tableOpen(team1, "project_sites");
  AttributeTableModel& table = tableOpen.model;
  EXPECT_EQ(table.rowCount(), 3u);
  std::string error;
  EXPECT_FALSE(table.editCell(3, "notes", "x", error));
  EXPECT_NE(error.find("445222112"), std::string::npos) << error;
  EXPECT_FALSE(table.hasUnsavedChanges());
  ASSERT_TRUE(table.editCell(1, "notes", "via table", error)) << error;
  ASSERT_TRUE(table.save("team1", "table", error)) << error;
  EXPECT_EQ(test::pgQuery(uri, "SELECT notes FROM project_sites WHERE id = 1"), "via table");
}

// The commit's connection is killed while it waits inside its transaction (after writing the
// first layer's rows): nothing is written, the buffer stays, and the next commit reconnects.
TEST(PostgisConnection, CommitDuringADroppedConnectionWritesNothingAndSucceedsAfter) {
  test::TempDir dir;
  const std::string uri = smallServerProject(dir);
  const std::string victimUri = uri + " application_name=zhenmap_victim";
  ProjectStore project = ProjectStore::open(victimUri);
  EditSession buffer(project);
  buffer.setText({"project_sites", 1, "notes"}, "written first");  // layer project_sites comes first
  buffer.setText({"scenic_routes", 2, "built_km"}, "2.5");
  const std::string audits = test::pgQuery(uri, "SELECT count(*) FROM audit_log");

  // Another session holds scenic_routes 2, so the commit blocks after its project_sites update.
  PgConnection blocker(uri);
  blocker.exec("BEGIN");
  blocker.exec("SELECT * FROM scenic_routes WHERE id = 2 FOR UPDATE");
  auto commit = std::async(std::launch::async, [&] { buffer.commit({"me", ""}); });
  PgConnection killer(uri);
  std::string pid;
  for (int i = 0; i < 600 && pid.empty(); ++i) {
    PgResult r = killer.exec(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'zhenmap_victim' AND wait_event_type = 'Lock'");
    if (r.rows() > 0) pid = r.text(0, 0);
    if (pid.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(pid.empty()) << "the commit never waited for the lock";
  // Mid-commit, its first update is in the (uncommitted) transaction: the row is locked by it.
  killer.exec("SELECT pg_terminate_backend(" + pid + ")");
  try {
    commit.get();
    FAIL() << "commit survived a dropped connection";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connectionLost()) << e.what();
  }
  blocker.exec("ROLLBACK");
  EXPECT_EQ(buffer.pendingCellCount(), 2u);
  EXPECT_EQ(test::pgQuery(uri, "SELECT coalesce(notes, '<none>') FROM project_sites WHERE id = 1"), "<none>");
  EXPECT_EQ(test::pgQuery(uri, "SELECT version FROM project_sites WHERE id = 1"), "1");
  EXPECT_EQ(test::pgQuery(uri, "SELECT built_km FROM scenic_routes WHERE id = 2"), "0");
  EXPECT_EQ(test::pgQuery(uri, "SELECT count(*) FROM audit_log"), audits);

  // Reconnects by itself and commits the kept buffer.
  const ChangeSet r = buffer.commit({"me", "after reconnect"});
  EXPECT_EQ(r.cells, 2u);
  EXPECT_TRUE(!buffer.hasChanges());
  EXPECT_EQ(test::pgQuery(uri, "SELECT notes FROM project_sites WHERE id = 1"), "written first");
  EXPECT_EQ(test::pgQuery(uri, "SELECT built_km FROM scenic_routes WHERE id = 2"), "2.5");
  EXPECT_EQ(test::pgQuery(uri, "SELECT count(*) FROM audit_log WHERE reason = 'after reconnect'"), "2");
}

TEST(PostgisConnection, ServerStoppedMeansAClearErrorNotACrash) {
  EXPECT_THROW(ProjectStore::open("PG:host=127.0.0.1 port=1 dbname=none connect_timeout=5"), OpenError);
  test::TempDir dir;
  const std::string uri = test::makePgDatabase();
  try {
    ProjectStore::open(uri);  // a database without a project
    FAIL() << "opened an empty database";
  } catch (const OpenError& e) {
    EXPECT_NE(std::string(e.what()).find("not a zhenmap project"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace zhenmap::store
