// `zhenmap import` as a team runs it on its own list: rows written through the edit session in
// one audited transaction, checked with sqlite3's view of the file (not zhenmap's); a list with
// a bad row writes nothing unless --skip-rejects; --key updates the features already there.
#include <gtest/gtest.h>

#include "store_test_support.hpp"

using namespace zhenmap;

namespace {

// A project-site list as a township office keeps it: Chinese headers and status words, WGS84
// decimal degrees, a date column, the township by its code.
const char* kList =
    "项目名称,状态,所属乡镇,经度,纬度,预算(万元),开工日期\n"
    "新村文化室,在建,445222111,116.031,23.041,35.5,2024-03-01\n"
    "村道硬底化,已完工,445222111,116.082,23.063,120,2023-10-15\n"
    "污水管网,规划,445222111,116.045,23.088,80,\n";

std::string writeList(const test::TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = (dir / name).string();
  test::writeFile(path, text);
  return path;
}

std::int64_t sites(const std::string& project) {
  return test::queryInt(project, "SELECT count(*) FROM project_sites");
}

}  // namespace

TEST(StoreCliImport, WritesEveryRowWithMappedValuesAndCoordinatesInOneAuditedCommit) {
  test::TempDir dir;
  const std::string project = test::makeSmallProject(dir);
  const std::string list = writeList(dir, "sites.csv", kList);
  ASSERT_EQ(sites(project), 2);
  const test::RunResult r =
      test::runZhenmap({"import", project, list, "--layer", "project_sites", "--coords", "wgs84", "--set",
                        "programme=other", "--user", "wang", "--reason", "2024年项目清单"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("3 added"), std::string::npos) << r.out;
  EXPECT_EQ(sites(project), 5);
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM project_sites WHERE name = '新村文化室' AND status = 'started' "
                                    "AND programme = 'other' AND township_code = '445222111' AND budget_wan = 35.5 "
                                    "AND start_date = '2024-03-01'"),
            1);
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM project_sites WHERE name = '村道硬底化' AND status = "
                                    "'completed' AND budget_wan = 120"),
            1);
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM project_sites WHERE name = '污水管网' AND status = 'planned' "
                                    "AND start_date IS NULL"),
            1);
  // The coordinates as written in the list, to the micro-degree, in the layer's EPSG:4490.
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM project_sites WHERE name = '村道硬底化' AND "
                                    "abs(ST_X(geom) - 116.082) < 1e-6 AND abs(ST_Y(geom) - 23.063) < 1e-6 AND "
                                    "ST_SRID(geom) = 4490"),
            1);
  EXPECT_EQ(test::queryInt(project, "SELECT CheckSpatialIndex('project_sites', 'geom')"), 1);
  // Audited by the database like any edit: every new feature, with the user and the reason.
  EXPECT_EQ(test::queryInt(project, "SELECT count(DISTINCT feature_id) FROM audit_log WHERE layer = 'project_sites' "
                                    "AND user = 'wang' AND reason = '2024年项目清单'"),
            3);
}

TEST(StoreCliImport, ARejectedRowWritesNothingUnlessTheOthersAreAskedFor) {
  test::TempDir dir;
  const std::string project = test::makeSmallProject(dir);
  std::string text = kList;
  text += "危房改造,不知道,445222111,116.05,23.05,10,2024-01-01\n";  // row 5: a status nobody can map
  const std::string list = writeList(dir, "sites.csv", text);
  const std::string report = (dir / "rejects.csv").string();
  const test::RunResult refused = test::runZhenmap(
      {"import", project, list, "--layer", "project_sites", "--coords", "wgs84", "--set", "programme=other",
       "--report", report});
  EXPECT_EQ(refused.exitCode, 3) << refused.err;
  EXPECT_NE(refused.err.find("nothing was written"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("row 5"), std::string::npos) << refused.err;
  EXPECT_EQ(sites(project), 2);
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM audit_log"), 0);
  EXPECT_NE(test::readFile(report).find("5,状态,not_allowed"), std::string::npos) << test::readFile(report);

  const test::RunResult partial = test::runZhenmap({"import", project, list, "--layer", "project_sites", "--coords",
                                                    "wgs84", "--set", "programme=other", "--skip-rejects"});
  ASSERT_EQ(partial.exitCode, 0) << partial.err;
  EXPECT_NE(partial.out.find("3 added"), std::string::npos) << partial.out;
  EXPECT_EQ(sites(project), 5);
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM project_sites WHERE name = '危房改造'"), 0);
}

TEST(StoreCliImport, TheSameListAgainWithAKeyUpdatesInsteadOfDoubling) {
  test::TempDir dir;
  const std::string project = test::makeSmallProject(dir);
  const std::string first = writeList(dir, "v1.csv", kList);
  ASSERT_EQ(test::runZhenmap({"import", project, first, "--layer", "project_sites", "--coords", "wgs84", "--set",
                              "programme=other", "--key", "name"})
                .exitCode,
            0);
  ASSERT_EQ(sites(project), 5);
  // The team's next version of the list: one site finished, one site new; budgets left empty.
  const std::string second = writeList(dir, "v2.csv",
                                       "项目名称,状态,所属乡镇,经度,纬度,预算(万元)\n"
                                       "新村文化室,已完工,445222111,116.031,23.041,\n"
                                       "村道硬底化,已完工,445222111,116.082,23.063,120\n"
                                       "村口公园,在建,445222111,116.011,23.021,15\n");
  const test::RunResult r = test::runZhenmap({"import", project, second, "--layer", "project_sites", "--coords",
                                              "wgs84", "--set", "programme=other", "--key", "name"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("1 added, 1 updated, 1 unchanged"), std::string::npos) << r.out;
  EXPECT_EQ(sites(project), 6);
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM project_sites WHERE name = '新村文化室'"), 1);
  // Updated where the list says something; an empty budget cell leaves the stored budget.
  EXPECT_EQ(test::queryInt(project, "SELECT count(*) FROM project_sites WHERE name = '新村文化室' AND status = "
                                    "'completed' AND budget_wan = 35.5 AND version = 2"),
            1);
  EXPECT_EQ(test::queryInt(project, "SELECT version FROM project_sites WHERE name = '村道硬底化'"), 1);
}
