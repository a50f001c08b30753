// `zhenmap edit` as a user runs it: exit codes 0/2/3/4/5, exactly one cell written, nothing written on
// failure, one error line, no personal data in any output.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "store_test_support.hpp"

using namespace zhenmap;

namespace {

std::map<std::string, std::map<std::int64_t, std::map<std::string, std::string>>> dumpAll(const std::string& path) {
  std::map<std::string, std::map<std::int64_t, std::map<std::string, std::string>>> all;
  for (const char* t : {"townships", "villages", "work_teams", "project_sites", "scenic_routes", "households"}) {
    all[t] = test::dumpTable(path, t);
  }
  return all;
}

void expectOneErrorLine(const test::RunResult& r) {
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
}

}  // namespace

TEST(StoreCliEdit, ChangesExactlyTheEditedCell) {
  test::TempDir dir;
  const std::string path = test::makeDemoProject(dir);
  const auto before = dumpAll(path);
  const auto& route = before.at("scenic_routes").at(3);
  ASSERT_EQ(route.at("version"), "1|1");
  const test::RunResult r =
      test::runZhenmap({"edit", path, "--layer", "scenic_routes", "--id", "3", "--set", "name=新名字", "--user", "li",
                        "--reason", "renamed", "--expect-version", "1"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("version 1 -> 2"), std::string::npos) << r.out;
  auto after = dumpAll(path);
  EXPECT_EQ(after.at("scenic_routes").at(3).at("name"), "新名字|3");
  EXPECT_EQ(after.at("scenic_routes").at(3).at("version"), "2|1");
  after["scenic_routes"][3]["name"] = route.at("name");
  after["scenic_routes"][3]["version"] = route.at("version");
  EXPECT_EQ(after, before);  // every other cell and every geometry blob byte-identical
  EXPECT_EQ(test::queryInt(path, "SELECT CheckSpatialIndex('scenic_routes', 'geom')"), 1);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log"), 1);
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM audit_log WHERE layer = 'scenic_routes' AND feature_id = 3 "
                           "AND field = 'name' AND new_value = '新名字' AND user = 'li' AND reason = 'renamed' "
                           "AND new_version = 2"),
            1);
}

TEST(StoreCliEdit, StaleVersionIsAConflictAndWritesNothing) {
  test::TempDir dir;
  const std::string path = test::makeDemoProject(dir);
  ASSERT_EQ(test::runZhenmap({"edit", path, "--layer", "project_sites", "--id", "5", "--set", "notes=first"}).exitCode,
            0);
  const auto before = dumpAll(path);
  const test::RunResult r = test::runZhenmap(
      {"edit", path, "--layer", "project_sites", "--id", "5", "--set", "notes=second", "--expect-version", "1"});
  EXPECT_EQ(r.exitCode, 4);
  expectOneErrorLine(r);
  EXPECT_NE(r.err.find("version 2"), std::string::npos) << r.err;
  EXPECT_EQ(dumpAll(path), before);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log"), 1);
}

TEST(StoreCliEdit, BuiltBeyondPlannedIsAValidationErrorAndWritesNothing) {
  test::TempDir dir;
  const std::string path = test::makeDemoProject(dir);
  const auto before = dumpAll(path);
  const test::RunResult r =
      test::runZhenmap({"edit", path, "--layer", "scenic_routes", "--id", "1", "--set", "built_km=1000"});
  EXPECT_EQ(r.exitCode, 3);
  expectOneErrorLine(r);
  EXPECT_NE(r.err.find("planned_km"), std::string::npos) << r.err;
  for (const auto& bad : std::vector<std::vector<std::string>>{{"--set", "status=finished"},
                                                               {"--set", "built_km=abc"},
                                                               {"--set", "nosuchfield=1"},
                                                               {"--set", "township_code=445299999"},
                                                               {"--set", "version=9"}}) {
    std::vector<std::string> args = {"edit", path, "--layer", "scenic_routes", "--id", "1"};
    args.insert(args.end(), bad.begin(), bad.end());
    const test::RunResult b = test::runZhenmap(args);
    EXPECT_EQ(b.exitCode, 3) << bad[1] << ": " << b.err;
    expectOneErrorLine(b);
  }
  EXPECT_EQ(dumpAll(path), before);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log"), 0);
}

TEST(StoreCliEdit, CannotOpenAndReadOnlyAreExitTwo) {
  test::TempDir dir;
  const test::RunResult missing = test::runZhenmap(
      {"edit", (dir / "none.sqlite").string(), "--layer", "households", "--id", "1", "--set", "members=3"});
  EXPECT_EQ(missing.exitCode, 2);
  expectOneErrorLine(missing);
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  const test::RunResult ro =
      test::runZhenmap({"edit", path, "--layer", "households", "--id", "1", "--set", "members=3"});
  EXPECT_EQ(ro.exitCode, 2);
  expectOneErrorLine(ro);
  EXPECT_NE(ro.err.find("read-only"), std::string::npos) << ro.err;
}

TEST(StoreCliEdit, PersonalFieldsNeverAppearInOutputOrErrors) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const test::RunResult ok = test::runZhenmap(
      {"edit", path, "--layer", "households", "--id", "1", "--set", "phone=NEWPHONE123", "--set", "head_name=NEWNAME"});
  ASSERT_EQ(ok.exitCode, 0) << ok.err;
  for (const char* secret : {"NEWPHONE123", "NEWNAME", "SECRETNAME", "SECRETPHONE"}) {
    EXPECT_EQ(ok.out.find(secret), std::string::npos) << ok.out;
    EXPECT_EQ(ok.err.find(secret), std::string::npos) << ok.err;
  }
  const std::string longValue(50, 'Z');
  const test::RunResult bad =
      test::runZhenmap({"edit", path, "--layer", "households", "--id", "1", "--set", "id_number=" + longValue});
  EXPECT_EQ(bad.exitCode, 3);
  EXPECT_EQ(bad.err.find(longValue), std::string::npos) << bad.err;
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM audit_log WHERE old_value LIKE '%SECRET%' OR new_value "
                           "LIKE '%NEW%'"),
            0);
}

TEST(StoreCliEdit, LockedProjectWaitsThenExitsFiveAndWritesNothing) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  store::Database holder(path, store::OpenMode::ReadWrite);
  holder.exec("BEGIN IMMEDIATE");
  const test::RunResult r = test::runZhenmap(
      {"edit", path, "--layer", "households", "--id", "2", "--set", "members=5", "--busy-timeout", "300"});
  EXPECT_EQ(r.exitCode, 5) << r.err;
  expectOneErrorLine(r);
  EXPECT_NE(r.err.find("locked"), std::string::npos) << r.err;
  holder.exec("ROLLBACK");
  EXPECT_EQ(test::queryInt(path, "SELECT members FROM households WHERE id = 2"), 3);
}

TEST(StoreCliEdit, AddMoveAndDeleteFeatures) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const test::RunResult added = test::runZhenmap(
      {"edit", path, "--layer", "project_sites", "--add", "--wkt", "POINT(116.03 23.04)", "--set", "name=新村道",
       "--set", "programme=public_service", "--set", "status=planned", "--set", "township_code=445222111"});
  ASSERT_EQ(added.exitCode, 0) << added.err;
  EXPECT_EQ(added.out, "added project_sites id 3\n");
  EXPECT_EQ(added.err, "");  // inside the township: no warning
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM project_sites WHERE id = 3 AND name = '新村道' AND version = 1 "
                           "AND X(geom) = 116.03 AND Y(geom) = 23.04"),
            1);
  // A point given in a Gauss-Kruger zone (EPSG:4527) lands where cs2cs puts it.
  const test::RunResult moved = test::runZhenmap({"edit", path, "--layer", "project_sites", "--id", "3", "--geometry",
                                                  "POINT(39500000 2544537.579)", "--crs", "EPSG:4527"});
  ASSERT_EQ(moved.exitCode, 0) << moved.err;
  EXPECT_NE(moved.out.find("version 1 -> 2"), std::string::npos) << moved.out;
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM project_sites WHERE id = 3 AND abs(X(geom) - 117) < 1e-7 AND "
                           "abs(Y(geom) - 23) < 1e-7 AND version = 2"),
            1);
  const test::RunResult gone = test::runZhenmap({"edit", path, "--layer", "project_sites", "--id", "3", "--delete"});
  ASSERT_EQ(gone.exitCode, 0) << gone.err;
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM project_sites WHERE id = 3"), 0);
  EXPECT_EQ(test::queryInt(path, "SELECT CheckSpatialIndex('project_sites', 'geom')"), 1);
}

TEST(StoreCliEdit, BadGeometriesAndUsageAreRefusedWithClearMessages) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const auto before = dumpAll(path);
  const test::RunResult line = test::runZhenmap(
      {"edit", path, "--layer", "project_sites", "--id", "1", "--geometry", "LINESTRING(116 23, 116.1 23.1)"});
  EXPECT_EQ(line.exitCode, 3);
  expectOneErrorLine(line);
  EXPECT_NE(line.err.find("LINESTRING cannot go into the POINT layer project_sites"), std::string::npos) << line.err;
  const test::RunResult bowtie = test::runZhenmap({"edit", path, "--layer", "townships", "--id", "1", "--geometry",
                                                   "POLYGON((116 23, 116.1 23.1, 116.1 23, 116 23.1, 116 23))"});
  EXPECT_EQ(bowtie.exitCode, 3);
  expectOneErrorLine(bowtie);
  EXPECT_NE(bowtie.err.find("Self-intersection at POINT (116.05 23.05)"), std::string::npos) << bowtie.err;
  const test::RunResult garbage =
      test::runZhenmap({"edit", path, "--layer", "project_sites", "--id", "1", "--geometry", "POINT(116"});
  EXPECT_EQ(garbage.exitCode, 3);
  expectOneErrorLine(garbage);
  const test::RunResult crs = test::runZhenmap(
      {"edit", path, "--layer", "project_sites", "--id", "1", "--geometry", "POINT(1 2)", "--crs", "EPSG:999999"});
  EXPECT_EQ(crs.exitCode, 3);
  expectOneErrorLine(crs);
  for (const auto& usage : std::vector<std::vector<std::string>>{{"--add", "--id", "1", "--wkt", "POINT(116 23)"},
                                                                 {"--add"},
                                                                 {"--id", "1"},
                                                                 {"--id", "1", "--delete", "--set", "notes=x"},
                                                                 {"--id", "1", "--wkt", "POINT(116 23)"}}) {
    std::vector<std::string> args = {"edit", path, "--layer", "project_sites"};
    args.insert(args.end(), usage.begin(), usage.end());
    const test::RunResult u = test::runZhenmap(args);
    EXPECT_EQ(u.exitCode, 1) << usage[0] << ": " << u.err;
    expectOneErrorLine(u);
  }
  // Deleting a township its villages refer to is refused with the reason.
  const test::RunResult referenced = test::runZhenmap({"edit", path, "--layer", "townships", "--id", "1", "--delete"});
  EXPECT_EQ(referenced.exitCode, 3);
  EXPECT_NE(referenced.err.find("villages"), std::string::npos) << referenced.err;
  EXPECT_EQ(dumpAll(path), before);
  // A site outside every township is added, with a warning.
  const test::RunResult outside = test::runZhenmap({"edit", path, "--layer", "project_sites", "--add", "--wkt",
                                                    "POINT(117.5 24.5)", "--set", "name=外", "--set", "programme=other",
                                                    "--set", "status=planned", "--set", "township_code=445222111"});
  EXPECT_EQ(outside.exitCode, 0) << outside.err;
  EXPECT_EQ(outside.err.rfind("warning: ", 0), 0u) << outside.err;
  EXPECT_NE(outside.err.find("outside every township"), std::string::npos) << outside.err;
}
