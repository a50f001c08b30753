// The demo project: the article's figures exactly, all real towns and villages, synthetic polygons
// that partition each real county outline (valid, no gaps, no overlaps), stories, determinism.
// Expected figures are the article's (seed/FACTS.md), typed in here, never computed by the generator.
#include <gtest/gtest.h>

#include <geos_c.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>

#include "gdal_handles.hpp"
#include "store/stats.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

std::vector<std::vector<std::string>> csv(const std::string& name) {
  std::ifstream in(test::dataDir() / "jieyang" / name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::size_t start = 0, comma;
    while ((comma = line.find(',', start)) != std::string::npos) {
      cells.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    cells.push_back(line.substr(start));
    rows.push_back(cells);
  }
  return rows;
}

// County code -> area of the made-valid outline, read here with OGR, independently of the generator.
std::map<std::string, double> countyAreas() {
  GDALAllRegister();
  const std::string path = (test::dataDir() / "jieyang" / "jieyang_counties.geojson").string();
  gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  EXPECT_TRUE(ds);
  std::map<std::string, double> out;
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  while (gdal::Feature f{OGR_L_GetNextFeature(layer)}) {
    gdal::GeometryPtr valid(OGR_G_MakeValid(OGR_F_GetGeometryRef(f.get())));
    out[OGR_F_GetFieldAsString(f.get(), OGR_F_GetFieldIndex(f.get(), "adcode"))] = OGR_G_Area(valid.get());
  }
  return out;
}

class StoreDemo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new test::TempDir;
    s_path = test::makeDemoProject(*s_dir);
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }
  static test::TempDir* s_dir;
  static std::string s_path;
};
test::TempDir* StoreDemo::s_dir = nullptr;
std::string StoreDemo::s_path;

}  // namespace

TEST_F(StoreDemo, StatsReportTheArticleFiguresExactly) {
  const test::RunResult r = test::runZhenmap({"stats", s_path, "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& p = j["projects"];
  EXPECT_EQ(p["county_library"]["total"], 2631);
  EXPECT_EQ(p["county_library"]["started"].get<int>() + p["county_library"]["completed"].get<int>(), 1478);
  EXPECT_EQ(p["beautiful_town"]["total"], 803);
  EXPECT_EQ(p["beautiful_town"]["started"].get<int>() + p["beautiful_town"]["completed"].get<int>(), 208);
  EXPECT_EQ(p["beautiful_town"]["completed"], 148);
  EXPECT_EQ(p["industry_assistance"]["total"], 368);
  EXPECT_DOUBLE_EQ(p["industry_assistance"]["funds_raised_wan"].get<double>(), 3578.9);
  double funds = 0;
  for (const auto& [name, programme] : p.items()) funds += programme["funds_raised_wan"].get<double>();
  EXPECT_NEAR(funds, 226733.0, 1e-6);
  EXPECT_DOUBLE_EQ(j["routes"]["scenic_belt"]["built_km"].get<double>(), 88.0);
  EXPECT_DOUBLE_EQ(j["routes"]["street_facade"]["built_km"].get<double>(), 70.0);
  EXPECT_GT(j["routes"]["scenic_belt"]["planned_km"].get<double>(), 88.0);
  EXPECT_GT(j["routes"]["street_facade"]["planned_km"].get<double>(), 70.0);
  EXPECT_EQ(j["households"]["households"], 693);
  EXPECT_EQ(j["households"]["members"], 2812);
  EXPECT_EQ(j["work_teams"]["teams"], 91);
  EXPECT_EQ(j["work_teams"]["cadres"], 487);
  int perTownship = 0;
  for (const auto& [code, t] : j["households_by_township"].items()) {
    for (const char* risk : {"high", "medium", "low"}) {
      if (t.contains(risk)) perTownship += t[risk]["members"].get<int>();
    }
  }
  EXPECT_EQ(perTownship, 2812);
  const test::RunResult text = test::runZhenmap({"stats", s_path});
  EXPECT_EQ(text.exitCode, 0);
  EXPECT_NE(text.out.find("88.000"), std::string::npos);
}

TEST_F(StoreDemo, HasEveryRealTownAndVillageWithCodeAndName) {
  const auto towns = test::dumpTable(s_path, "townships");
  const auto villages = test::dumpTable(s_path, "villages");
  std::set<std::pair<std::string, std::string>> storedTowns, storedVillages;
  for (const auto& [id, row] : towns) storedTowns.insert({row.at("code"), row.at("name")});
  for (const auto& [id, row] : villages) storedVillages.insert({row.at("code"), row.at("name")});
  std::set<std::pair<std::string, std::string>> expectTowns, expectVillages;
  for (const auto& r : csv("jieyang_towns.csv")) expectTowns.insert({r[2] + "|3", r[3] + "|3"});
  for (const auto& r : csv("jieyang_villages.csv")) expectVillages.insert({r[4] + "|3", r[5] + "|3"});
  EXPECT_EQ(expectTowns.size(), 108u);
  EXPECT_EQ(expectVillages.size(), 1651u);
  EXPECT_EQ(storedTowns, expectTowns);
  EXPECT_EQ(storedVillages, expectVillages);
}

TEST_F(StoreDemo, SyntheticPolygonsPartitionEachCountyExactly) {
  Database db(s_path, OpenMode::ReadOnly);
  // Township union per county vs the county outline; areas in square degrees (same as the source).
  const auto areas = countyAreas();
  ASSERT_EQ(areas.size(), 5u);
  for (const auto& [county, area] : areas) {
    Statement s = db.prepare(
        "SELECT sum(ST_Area(geom)), ST_Area(ST_Union(geom)), sum(ST_IsValid(geom)), count(*), "
        "min(ST_Area(geom)) FROM townships WHERE county_code = ?");
    s.bind(1, county);
    ASSERT_TRUE(s.step());
    EXPECT_NEAR(s.getDouble(0), area, area * 1e-9) << county << ": sum of areas (overlaps or gaps)";
    EXPECT_NEAR(s.getDouble(1), area, area * 1e-9) << county << ": union";
    EXPECT_EQ(s.getInt(2), s.getInt(3)) << county << ": invalid township polygons";
    EXPECT_GT(s.getDouble(4), 0.0);
  }
  // Villages partition their township the same way.
  Statement v = db.prepare(
      "SELECT t.code, ST_Area(t.geom), sum(ST_Area(v.geom)), ST_Area(ST_Union(v.geom)), sum(ST_IsValid(v.geom)), "
      "count(*), min(ST_Area(v.geom)) FROM townships t JOIN villages v ON v.township_code = t.code GROUP BY t.code");
  int checked = 0;
  while (v.step()) {
    const double area = v.getDouble(1);
    EXPECT_NEAR(v.getDouble(2), area, area * 1e-9) << v.getText(0);
    EXPECT_NEAR(v.getDouble(3), area, area * 1e-9) << v.getText(0);
    EXPECT_EQ(v.getInt(4), v.getInt(5));
    EXPECT_GT(v.getDouble(6), 0.0);
    ++checked;
  }
  EXPECT_EQ(checked, 108);
  // Pairwise: neighbouring townships share edges only (interiors disjoint).
  Statement overlaps = db.prepare(
      "SELECT max(ST_Area(ST_Intersection(a.geom, b.geom))) FROM townships a JOIN townships b "
      "ON a.id < b.id AND a.county_code = b.county_code AND MbrIntersects(a.geom, b.geom)");
  ASSERT_TRUE(overlaps.step());
  EXPECT_LT(overlaps.getDouble(0), 1e-12);
  EXPECT_EQ(test::queryInt(s_path, "SELECT synthetic_geometry FROM layer_metadata WHERE layer = 'villages'"), 1);
  EXPECT_EQ(test::queryInt(s_path, "SELECT count(*) FROM settings WHERE key = 'readme' AND value LIKE "
                                   "'%SYNTHETIC: every township and village polygon%'"),
            1);
  EXPECT_EQ(test::queryInt(s_path, "SELECT CheckSpatialIndex('villages', 'geom')"), 1);
}

TEST_F(StoreDemo, RouteLengthsAreEllipsoidalAndBuiltNeverExceedsPlanned) {
  Database db(s_path, OpenMode::ReadOnly);
  // SpatiaLite's own geodesic length (ST_Length(geom, 1), metres) as the independent check.
  Statement s = db.prepare(
      "SELECT max(abs(ST_Length(geom, 1) / 1000.0 - planned_km)), sum(built_km > planned_km), count(*) "
      "FROM scenic_routes");
  ASSERT_TRUE(s.step());
  EXPECT_LT(s.getDouble(0), 1e-6);
  EXPECT_EQ(s.getInt(1), 0);
  EXPECT_GT(s.getInt(2), 10);
}

TEST_F(StoreDemo, NamedTownsCarryTheirStories) {
  EXPECT_EQ(test::queryInt(s_path,
                           "SELECT count(*) FROM households h JOIN villages v ON v.code = h.village_code "
                           "WHERE v.township_code = '445222111' AND h.measures LIKE '%relief fund%'"),
            32);
  EXPECT_GE(test::queryInt(s_path, "SELECT count(*) FROM project_sites WHERE township_code = '445222106' AND "
                                   "programme = 'industry_assistance' AND name LIKE '%橄榄%'"),
            1);
  EXPECT_EQ(test::queryInt(s_path, "SELECT count(*) FROM project_sites WHERE township_code = '445224110' AND "
                                   "name LIKE '%三线整治%' AND budget_wan = 2600"),
            1);
  EXPECT_EQ(test::queryInt(s_path, "SELECT count(*) FROM project_sites WHERE township_code = '445224102' AND "
                                   "name LIKE '%卫生院%' AND budget_wan = 150"),
            1);
  EXPECT_EQ(test::queryInt(s_path, "SELECT count(*) FROM work_teams WHERE township_code = '445202105' AND "
                                   "notes LIKE '%13个村党组织%'"),
            1);
  EXPECT_EQ(test::queryInt(s_path, "SELECT count(*) FROM households WHERE head_name NOT LIKE '虚构%' OR "
                                   "id_number NOT LIKE 'DEMO-FAKE-%'"),
            0);
}

TEST_F(StoreDemo, IsDeterministic) {
  test::TempDir other;
  const std::string second = test::makeDemoProject(other);
  for (const char* table : {"townships", "villages", "work_teams", "project_sites", "scenic_routes", "households"}) {
    EXPECT_EQ(test::dumpTable(s_path, table), test::dumpTable(second, table)) << table;
  }
  const test::RunResult again = test::runZhenmap({"demo", "--out", second});
  EXPECT_EQ(again.exitCode, 2);
  EXPECT_EQ(again.err.rfind("error: ", 0), 0u) << again.err;
}

// The demo is built under a temporary name and moved into place: nothing SQLite kept beside the
// temporary file (the store keeps its journal between commits) is left in the folder.
TEST_F(StoreDemo, LeavesOnlyTheProjectFileInItsFolder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(s_path).parent_path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{std::filesystem::path(s_path).filename().string()});
}
