// Audit, versions, insert permissions and personal data enforced by the PostGIS server, checked
// with psql as the work teams' roles (not through zhenmap): their writes are audited under
// their own role, they cannot write the audit log or set a version, they read names only in
// their own townships, they cannot add a site in another team's township; zhenmap's commits
// leave one audit row per change under the login role; verify-audit finds a rewritten row.
#include <gtest/gtest.h>

#include "pg_test_support.hpp"
#include "store/edit_session.hpp"
#include "store/geometry_check.hpp"
#include "store/insert_check.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_transfer.hpp"
#include "store/project_store.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

// psql -c SQL as the address's user; returns the result (unaligned, tuples only).
test::RunResult psql(const std::string& uri, const std::string& sql) {
  return test::run({"/usr/bin/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", pgConnInfo(uri), "-c", sql});
}

std::string one(const std::string& uri, const std::string& sql) {
  const test::RunResult r = psql(uri, sql);
  EXPECT_EQ(r.exitCode, 0) << sql << ": " << r.err;
  std::string out = r.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The small project on a server with a second township (445222112), its team and a site and
// a household there; team roles set up.
struct TwoTeams {
  std::string uri, team1, team2;
};

TwoTeams twoTeams(const test::TempDir& dir) {
  const std::string file = test::makeSmallProject(dir);
  test::loadFixture(ProjectStore::open(file).database(), R"SQL(
INSERT INTO townships (id, code, name, county_code, kind, geom) VALUES (2, '445222112', '乙镇', '445222', '镇',
  CastToMultiPolygon(GeomFromText('POLYGON((116.1 23.0, 116.2 23.0, 116.2 23.1, 116.1 23.1, 116.1 23.0))', 4490)));
INSERT INTO villages (id, code, name, township_code, geom) VALUES (3, '445222112201', '丙村', '445222112',
  CastToMultiPolygon(GeomFromText('POLYGON((116.1 23.0, 116.2 23.0, 116.2 23.1, 116.1 23.1, 116.1 23.0))', 4490)));
INSERT INTO work_teams (id, township_code, name, cadres, geom) VALUES
  (2, '445222112', '乙镇工作队', 4, GeomFromText('POINT(116.15 23.05)', 4490));
INSERT INTO project_sites (id, name, programme, status, township_code, team_id, geom) VALUES
  (3, '乙镇项目', 'other', 'planned', '445222112', 2, GeomFromText('POINT(116.15 23.02)', 4490));
INSERT INTO households (id, household_id, village_code, members, risk_level, monitoring_status, head_name, geom) VALUES
  (3, 'T-0003', '445222112201', 2, 'medium', 'monitoring', 'BINGNAME', GeomFromText('POINT(116.15 23.06)', 4490));
)SQL");
  TwoTeams t;
  t.uri = test::makePgDatabase();
  pushProject(file, t.uri);
  PgConnection admin(t.uri);
  t.team1 = test::pgAddress(t.uri, teamRoleName(admin, 1));
  t.team2 = test::pgAddress(t.uri, teamRoleName(admin, 2));
  return t;
}

}  // namespace

TEST(PostgisAudit, TeamWritesWithPsqlAreAuditedUnderTheirRoleAndCannotForgeHistory) {
  test::TempDir dir;
  const TwoTeams t = twoTeams(dir);
  PgConnection admin(t.uri);
  const std::string role1 = teamRoleName(admin, 1);
  ASSERT_EQ(one(t.uri, "SELECT count(*) FROM audit_log"), "0");
  ASSERT_EQ(one(t.team1, "UPDATE project_sites SET notes = '队员修改', budget_wan = 130 WHERE id = 1"), "");
  EXPECT_EQ(one(t.uri, "SELECT version FROM project_sites WHERE id = 1"), "2");
  EXPECT_EQ(one(t.uri,
                "SELECT string_agg(field || '=' || coalesce(old_value, 'NULL') || '>' || new_value || '@' || "
                "new_version || ':' || \"user\" || ':' || context, ' ' ORDER BY field) FROM audit_log"),
            "budget_wan=100>130@2:" + role1 + ":external notes=NULL>队员修改@2:" + role1 + ":external");
  // The audit log is read-only to a team, and the version is the server's.
  test::RunResult forged = psql(t.team1,
                                "INSERT INTO audit_log (layer, feature_id, action, field, new_version, \"user\", time) "
                                "VALUES ('project_sites', 1, 'update', 'notes', 9, 'someone_else', '2020-01-01')");
  EXPECT_NE(forged.exitCode, 0);
  EXPECT_NE(forged.err.find("permission denied"), std::string::npos) << forged.err;
  EXPECT_NE(psql(t.team1, "UPDATE audit_log SET \"user\" = 'x'").exitCode, 0);
  EXPECT_NE(psql(t.team1, "DELETE FROM audit_log").exitCode, 0);
  ASSERT_EQ(one(t.team1, "UPDATE project_sites SET version = 99 WHERE id = 1"), "");
  EXPECT_EQ(one(t.uri, "SELECT version FROM project_sites WHERE id = 1"), "3");
  // Inserts and deletes by hand are audited with the whole row.
  ASSERT_EQ(one(t.team1,
                "INSERT INTO project_sites (name, programme, status, township_code, geom) VALUES ('手工', "
                "'other', 'planned', '445222111', ST_GeomFromText('POINT(116.02 23.08)', 4490))"),
            "");
  EXPECT_EQ(one(t.uri,
                "SELECT action || ':' || (new_value::jsonb ->> 'name') || ':' || new_version FROM audit_log "
                "WHERE action = 'insert'"),
            "insert:手工:1");
  ASSERT_EQ(one(t.team1, "DELETE FROM project_sites WHERE name = '手工'"), "");
  EXPECT_EQ(one(t.uri, "SELECT count(*) FROM audit_log WHERE action = 'delete' AND \"user\" = '" + role1 + "'"), "1");
  const test::RunResult v = test::runZhenmap({"verify-audit", t.uri});
  EXPECT_EQ(v.exitCode, 0) << v.err;
  EXPECT_NE(v.out.find("0 waiting"), std::string::npos) << v.out;
}

TEST(PostgisAudit, ZhenmapCommitsRecordTheLoginRoleOncePerChangeAndTamperingIsFound) {
  test::TempDir dir;
  const TwoTeams t = twoTeams(dir);
  PgConnection admin(t.uri);
  {
    ProjectStore project = ProjectStore::open(t.team1);
    EditSession session(project);
    session.setText({"project_sites", 1, "status"}, "completed");
    session.setText({"project_sites", 1, "completion_date"}, "2023-01-10");
    session.setGeometry("project_sites", 1, wkbFromWkt("POINT(116.021 23.021)"));
    session.commit({"claims to be somebody else", "竣工", "presentation"});
  }
  EXPECT_EQ(one(t.uri, "SELECT count(*) FROM audit_log"), "3");
  EXPECT_EQ(one(t.uri, "SELECT string_agg(DISTINCT \"user\" || '|' || reason || '|' || context, ',') FROM audit_log"),
            teamRoleName(admin, 1) + "|竣工|presentation");
  EXPECT_EQ(one(t.uri, "SELECT new_version FROM audit_log WHERE field = 'geom'"), "2");
  ASSERT_EQ(test::runZhenmap({"verify-audit", t.uri}).exitCode, 0);
  // Pushed history (sealed in the file) and server history form one chain; pulled back, the
  // file verifies too.
  const std::string copy = (dir / "copy.sqlite").string();
  pullProject(t.uri, copy);
  EXPECT_EQ(test::runZhenmap({"verify-audit", copy}).exitCode, 0);
  // An admin rewrites a row: found and named.
  ASSERT_EQ(one(t.uri, "UPDATE audit_log SET new_value = 'planned' WHERE field = 'status'"), "");
  const std::string id = one(t.uri, "SELECT id FROM audit_log WHERE field = 'status'");
  const test::RunResult broken = test::runZhenmap({"verify-audit", t.uri});
  EXPECT_EQ(broken.exitCode, 3);
  EXPECT_EQ(broken.err.rfind("error: audit log broken: audit row " + id + " ", 0), 0u) << broken.err;
}

TEST(PostgisAudit, PersonalFieldsAreReadableOnlyByTheTownshipsTeamAndAdmins) {
  test::TempDir dir;
  const TwoTeams t = twoTeams(dir);
  EXPECT_EQ(one(t.team1,
                "SELECT string_agg(household_id || '=' || coalesce(head_name, 'NULL'), ',' ORDER BY id) FROM "
                "households"),
            "T-0001=SECRETNAME,T-0002=N2,T-0003=NULL");
  EXPECT_EQ(one(t.team2,
                "SELECT string_agg(household_id || '=' || coalesce(head_name, 'NULL'), ',' ORDER BY id) FROM "
                "households"),
            "T-0001=NULL,T-0002=NULL,T-0003=BINGNAME");
  // SELECT * works and masks; the table behind the view is out of reach.
  EXPECT_EQ(one(t.team2, "SELECT count(*) FROM households WHERE id_number IS NOT NULL"), "0");
  EXPECT_NE(psql(t.team2, "SELECT head_name FROM zhenmap_private.households").exitCode, 0);
  EXPECT_EQ(one(t.uri, "SELECT head_name FROM households WHERE id = 1"), "SECRETNAME");  // the owner
  // Writing through the view: its own households only, and a masked field is never overwritten.
  ASSERT_EQ(one(t.team2, "UPDATE households SET members = 3 WHERE id = 3"), "");
  EXPECT_EQ(one(t.uri, "SELECT members || head_name FROM households WHERE id = 3"), "3BINGNAME");
  const test::RunResult other = psql(t.team2, "UPDATE households SET members = 9 WHERE id = 1");
  EXPECT_NE(other.exitCode, 0);
  EXPECT_NE(other.err.find("445222111"), std::string::npos) << other.err;
  EXPECT_EQ(one(t.uri, "SELECT members || head_name FROM households WHERE id = 1"), "4SECRETNAME");
  // zhenmap through the store sees the same: masked values, and the row refused with the reason.
  ProjectStore two = ProjectStore::open(t.team2);
  EXPECT_TRUE(isNull(two.readFeature("households", 1).attributes.at("head_name")));
  EXPECT_TRUE(two.readOnlyReason("households", 1).has_value());
  EditSession session(two);
  session.setText({"households", 3, "measures"}, "送医");
  session.commit();
  EXPECT_EQ(one(t.uri, "SELECT measures || head_name || version FROM households WHERE id = 3"), "送医BINGNAME3");
}

TEST(PostgisAudit, ATeamCannotAddASiteInAnotherTeamsTownship) {
  test::TempDir dir;
  const TwoTeams t = twoTeams(dir);
  ProjectStore one1 = ProjectStore::open(t.team1);
  const Row site = {{"name", Value{"新项目"}},
                    {"programme", Value{"other"}},
                    {"status", Value{"planned"}},
                    {"township_code", Value{"445222111"}}};
  // Inside its own township: fine. Inside township 2 (even claiming township 1): refused before
  // commit with the reason, and by the server.
  EXPECT_FALSE(checkInsert(one1, "project_sites", site, wkbFromWkt("POINT(116.05 23.05)")).refusal);
  const InsertCheck refused = checkInsert(one1, "project_sites", site, wkbFromWkt("POINT(116.15 23.05)"));
  ASSERT_TRUE(refused.refusal);
  EXPECT_NE(refused.refusal->find("445222112"), std::string::npos) << *refused.refusal;
  const test::RunResult cli = test::runZhenmap({"edit", t.team1, "--layer", "project_sites", "--add", "--wkt",
                                                "POINT(116.15 23.05)", "--set", "name=越界", "--set", "programme=other",
                                                "--set", "status=planned", "--set", "township_code=445222111"});
  EXPECT_EQ(cli.exitCode, 3);
  EXPECT_NE(cli.err.find("445222112"), std::string::npos) << cli.err;
  const test::RunResult sql = psql(t.team1,
                                   "INSERT INTO project_sites (name, programme, status, township_code, geom) VALUES "
                                   "('越界', 'other', 'planned', '445222111', ST_GeomFromText('POINT(116.15 23.05)', "
                                   "4490))");
  EXPECT_NE(sql.exitCode, 0);
  EXPECT_NE(sql.err.find("row-level security"), std::string::npos) << sql.err;
  EXPECT_EQ(one(t.uri, "SELECT count(*) FROM project_sites WHERE name = '越界'"), "0");
  // Its own: added through zhenmap, with the id the server gave.
  const test::RunResult ok = test::runZhenmap({"edit", t.team1, "--layer", "project_sites", "--add", "--wkt",
                                               "POINT(116.05 23.05)", "--set", "name=本镇", "--set", "programme=other",
                                               "--set", "status=planned", "--set", "township_code=445222111"});
  ASSERT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_EQ(ok.out, "added project_sites id " + one(t.uri, "SELECT id FROM project_sites WHERE name = '本镇'") + "\n");
}
