// A team's own data through the command line, as a user runs it: a GBK Shapefile without .prj
// or .cpg in a zone-prefixed Gauss-Kruger CRS (info guesses the CRS, --assign-crs and --encoding
// open it for info, render and export), `export` with its exit codes, and `import-plan` on a
// spreadsheet of phone-map coordinates with the villages to compare with (--coords auto).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../geodata/import_fixtures.hpp"
#include "../geodata/sample_data.hpp"
#include "test_support.hpp"

using namespace zhenmap;
using nlohmann::json;
namespace fs = std::filesystem;
namespace indep = zhenmap::test::indep;

namespace {

// The sample polygons in EPSG:4527 (zone 39 prefixed to the eastings), GBK, no .prj, no .cpg.
fs::path gbkZoneShapefile(const test::TempDir& dir) {
  const fs::path shp =
      test::convertSample(dir, "ESRI Shapefile", "gk.shp", {"-t_srs", "EPSG:4527", "-lco", "ENCODING=CP936"});
  fs::remove(dir / "gk.prj");
  fs::remove(dir / "gk.cpg");
  return shp;
}

json infoJson(const std::vector<std::string>& args) {
  const test::RunResult r = test::runZhenmap(args);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return json::parse(r.out);
}

TEST(OwnDataCli, InfoGuessesTheZoneAndAssignsIt) {
  test::TempDir dir;
  const std::string shp = gbkZoneShapefile(dir).string();
  const json plain = infoJson({"info", shp, "--json"});
  const json& l = plain["layers"][0];
  EXPECT_TRUE(l["crs_missing"].get<bool>());
  EXPECT_TRUE(l["crs"].is_null());
  EXPECT_EQ(l["crs_guess"]["crs"], "EPSG:4527");
  EXPECT_GE(l["crs_guess"]["confidence"].get<double>(), 0.8);
  EXPECT_NEAR(l["crs_guess"]["lonlat_extent"][0].get<double>(), 115.7, 0.01);
  EXPECT_EQ(l["encoding"], "GB18030");  // detected without .cpg

  const json assigned = infoJson({"info", shp, "--json", "--assign-crs", "EPSG:4527", "--encoding", "CP936"});
  EXPECT_EQ(assigned["layers"][0]["crs"], "EPSG:4527");
  EXPECT_TRUE(assigned["layers"][0]["crs_assigned"].get<bool>());
  EXPECT_EQ(assigned["layers"][0]["encoding"], "CP936");

  const test::RunResult text = test::runZhenmap({"info", shp});
  EXPECT_NE(text.out.find("crs guess: EPSG:4527, confidence 0.90"), std::string::npos) << text.out;
  const test::RunResult bad = test::runZhenmap({"info", shp, "--assign-crs", "EPSG:123456789"});
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_EQ(bad.err.rfind("error: --assign-crs: unknown CRS", 0), 0u) << bad.err;
  const test::RunResult badEncoding = test::runZhenmap({"info", shp, "--encoding", "NOT-AN-ENCODING"});
  EXPECT_EQ(badEncoding.exitCode, 2);
  EXPECT_NE(badEncoding.err.find("unknown text encoding 'NOT-AN-ENCODING'"), std::string::npos) << badEncoding.err;
}

TEST(OwnDataCli, RenderNeedsTheCrsAndSaysWhichItLooksLike) {
  test::TempDir dir;
  const std::string shp = gbkZoneShapefile(dir).string();
  const test::RunResult refused =
      test::runZhenmap({"render", shp, "--out", (dir / "a.png").string(), "--size", "64x64"});
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("its coordinates look like EPSG:4527"), std::string::npos) << refused.err;
  const test::RunResult ok = test::runZhenmap({"render", shp, "--assign-crs", "EPSG:4527", "--out",
                                               (dir / "b.png").string(), "--size", "64x64", "--no-labels"});
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_TRUE(fs::exists(dir / "b.png"));
}

TEST(OwnDataCli, ExportWithAssignedCrsAndExitCodes) {
  test::TempDir dir;
  const std::string shp = gbkZoneShapefile(dir).string();
  const std::string out = (dir / "towns.geojson").string();
  const test::RunResult r =
      test::runZhenmap({"export", shp, "--assign-crs", "EPSG:4527", "--crs", "EPSG:4490", "--out", out});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("exported 3 features"), std::string::npos) << r.out;
  const json fc = json::parse(test::tool({"ogr2ogr", "-f", "GeoJSON", "/vsistdout/", out}).out);
  EXPECT_EQ(fc["features"][1]["properties"]["name"], "普宁市");
  // Polygons and multipolygons mixed in the Shapefile: all written as multipolygons.
  EXPECT_EQ(fc["features"][2]["geometry"]["type"], "MultiPolygon");
  EXPECT_NEAR(fc["features"][2]["geometry"]["coordinates"][0][0][0][0].get<double>(), 115.7, 1e-7);
  const auto code = [&](const std::vector<std::string>& args) { return test::runZhenmap(args).exitCode; };
  EXPECT_EQ(code({"export", shp, "--assign-crs", "EPSG:4527", "--out", out}), 1);  // exists
  EXPECT_EQ(code({"export", shp, "--assign-crs", "EPSG:4527", "--out", (dir / "x.abc").string()}), 1);
  EXPECT_EQ(code({"export", shp, "--assign-crs", "EPSG:4527", "--out", (dir / "w.gpkg").string(), "--where", "name ="}),
            1);
  EXPECT_EQ(code({"export", shp, "--assign-crs", "EPSG:4527", "--out", (dir / "c.csv").string(), "--coords", "gcj02",
                  "--crs", "EPSG:4490"}),
            1);
  EXPECT_EQ(code({"export", (dir / "missing.shp").string(), "--out", (dir / "m.gpkg").string()}), 2);
  EXPECT_EQ(code({"export", shp, "--out", (dir / "n.kml").string()}), 2);  // no CRS, none assigned
  EXPECT_FALSE(fs::exists(dir / "w.gpkg"));
  EXPECT_FALSE(fs::exists(dir / "n.kml"));
}

// The project list of a team: GCJ-02 coordinates from a phone map in an XLSX, the villages the
// projects lie in as a GeoJSON file: `auto` finds the phone-map system, and a spreadsheet
// exported for the phone (KML in GCJ-02) carries the same positions back.
TEST(OwnDataCli, ImportPlanAndExportOfASpreadsheet) {
  test::TempDir dir;
  const auto truth = test::projectRows(10);
  std::vector<std::vector<test::Cell>> rows;
  std::string villages = R"({"type":"FeatureCollection","features":[)";
  for (const auto& r : truth) {
    const auto g = indep::toGcj(r.lon, r.lat);
    rows.push_back({static_cast<long long>(r.number), r.name, r.place, static_cast<double>(g[0]),
                    static_cast<double>(g[1]), r.budget, r.status, r.startDate});
    std::string wkt = test::squareAround(r.lon, r.lat, 400.0);
    OGRGeometryH poly = nullptr;
    char* cursor = wkt.data();
    OGR_G_CreateFromWkt(&cursor, nullptr, &poly);
    char* gj = OGR_G_ExportToJson(poly);
    villages += std::string(r.number > 1 ? "," : "") + R"({"type":"Feature","properties":{},"geometry":)" + gj + "}";
    CPLFree(gj);
    OGR_G_DestroyGeometry(poly);
  }
  test::writeFile(dir / "villages.geojson", villages + "]}");
  const fs::path xlsx = dir / "项目清单.xlsx";
  test::writeWorkbook(xlsx, {{"项目",
                              {{"序号", OFTInteger},
                               {"项目名称", OFTString},
                               {"镇/村", OFTString},
                               {"经度", OFTReal},
                               {"纬度", OFTReal},
                               {"投资(万元)", OFTReal},
                               {"状态", OFTString},
                               {"开工日期", OFTDate}},
                              rows}});
  const test::RunResult plan = test::runZhenmap({"import-plan", xlsx.string(), "--layer", "project_sites", "--area",
                                                 (dir / "villages.geojson").string(), "--map", "镇/村=township_code",
                                                 "--set", "programme=county_library", "--key", "name", "--json"});
  ASSERT_EQ(plan.exitCode, 0) << plan.err << plan.out;
  const json j = json::parse(plan.out);
  EXPECT_EQ(j["import_rows"], 10);
  EXPECT_EQ(j["rejected_rows"], 0);
  EXPECT_EQ(j["coordinates"]["system"], "gcj02");
  EXPECT_EQ(j["coordinates"]["inside"], 10);
  EXPECT_EQ(j["coordinates"]["outside"], 0);

  // One bad row: exit 3, and the report names Excel's row.
  rows[3][5] = std::string("待定");  // Excel row 5
  const fs::path bad = dir / "bad.xlsx";
  test::writeWorkbook(bad, {{"项目",
                             {{"序号", OFTInteger},
                              {"项目名称", OFTString},
                              {"镇/村", OFTString},
                              {"经度", OFTReal},
                              {"纬度", OFTReal},
                              {"投资(万元)", OFTString},
                              {"状态", OFTString},
                              {"开工日期", OFTDate}},
                             [&] {
                               auto copy = rows;
                               for (auto& row : copy) {
                                 if (const auto* d = std::get_if<double>(&row[5])) row[5] = std::to_string(*d);
                               }
                               return copy;
                             }()}});
  const fs::path report = dir / "rejects.csv";
  const test::RunResult rejected =
      test::runZhenmap({"import-plan", bad.string(), "--layer", "project_sites", "--map", "镇/村=township_code",
                        "--set", "programme=county_library", "--coords", "gcj02", "--report", report.string()});
  EXPECT_EQ(rejected.exitCode, 3) << rejected.err;
  EXPECT_NE(rejected.out.find("rejected: row 5, 投资(万元): text '待定' in the number field budget_wan"),
            std::string::npos)
      << rejected.out;
  EXPECT_NE(test::readFile(report).find("5,投资(万元),not_a_number,"), std::string::npos);
  EXPECT_EQ(test::runZhenmap({"import-plan", xlsx.string(), "--layer", "no_such_layer"}).exitCode, 1);
  test::writeFile(dir / "fake.xlsx", "a,b\n1,2\n");
  const test::RunResult fake =
      test::runZhenmap({"import-plan", (dir / "fake.xlsx").string(), "--layer", "project_sites"});
  EXPECT_EQ(fake.exitCode, 2);
  EXPECT_EQ(fake.err.rfind("error: ", 0), 0u);
  EXPECT_NE(fake.err.find("is named .xlsx but is not an Excel workbook"), std::string::npos) << fake.err;

  // The sheet as KML: the positions the sheet holds (read as given: nothing to compare them with).
  const fs::path kml = dir / "sheet.kml";
  const test::RunResult ex = test::runZhenmap({"export", xlsx.string(), "--out", kml.string()});
  ASSERT_EQ(ex.exitCode, 0) << ex.err;
  const json fc = json::parse(test::tool({"ogr2ogr", "-f", "GeoJSON", "/vsistdout/", kml.string()}).out);
  ASSERT_EQ(fc["features"].size(), truth.size());
  const auto g0 = indep::toGcj(truth[0].lon, truth[0].lat);
  EXPECT_NEAR(fc["features"][0]["geometry"]["coordinates"][0].get<double>(), static_cast<double>(g0[0]), 1e-7);
  EXPECT_NEAR(fc["features"][0]["geometry"]["coordinates"][1].get<double>(), static_cast<double>(g0[1]), 1e-7);
}

}  // namespace
