// `zhenmap info` as a user runs it: the JSON keys of the issue, counts/geometry types/extents equal
// to what GDAL's own ogrinfo reports (parsed here), the county outlines' real invalid rings
// (counted independently with SpatiaLite's ST_IsValid through ogrinfo), and one `error:` line
// with exit status 2 for anything unreadable.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "../geodata/sample_data.hpp"
#include "test_support.hpp"

using namespace zhenmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct OgrLayer {
  std::string name, geometry;
  long long count = -1;
  std::vector<double> extent;
};

// Parses `ogrinfo -so -al PATH`.
std::vector<OgrLayer> ogrinfo(const std::string& path) {
  const test::RunResult r = test::tool({"ogrinfo", "-so", "-al", "-ro", path});
  std::vector<OgrLayer> layers;
  std::istringstream in(r.out);
  std::string line;
  const std::regex extent(R"(Extent: \(([-0-9.e+]+), ([-0-9.e+]+)\) - \(([-0-9.e+]+), ([-0-9.e+]+)\))");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("Layer name: ", 0) == 0) layers.push_back({line.substr(12), "", -1, {}});
    if (layers.empty()) continue;
    if (line.rfind("Geometry: ", 0) == 0) layers.back().geometry = line.substr(10);
    if (line.rfind("Feature Count: ", 0) == 0) layers.back().count = std::stoll(line.substr(15));
    if (std::regex_search(line, m, extent)) {
      for (int i = 1; i <= 4; ++i) layers.back().extent.push_back(std::stod(m[i]));
    }
  }
  return layers;
}

json info(const std::string& path) {
  const test::RunResult r = test::runZhenmap({"info", path, "--json"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return json::parse(r.out);
}

void expectSameAsOgrinfo(const std::string& path) {
  SCOPED_TRACE(path);
  const json j = info(path);
  const std::vector<OgrLayer> expected = ogrinfo(path);
  EXPECT_EQ(j.at("path"), path);
  EXPECT_TRUE(j.at("driver").is_string());
  ASSERT_EQ(j.at("layers").size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const json& l = j["layers"][i];
    for (const char* key : {"name", "geometry_type", "feature_count", "crs", "extent", "fields", "encoding",
                            "invalid_count", "invalid_examples"}) {
      EXPECT_TRUE(l.contains(key)) << key;
    }
    EXPECT_EQ(l.at("name"), expected[i].name);
    EXPECT_EQ(l.at("geometry_type"), expected[i].geometry);
    EXPECT_EQ(l.at("feature_count").get<long long>(), expected[i].count);
    ASSERT_EQ(expected[i].extent.size(), 4u);
    ASSERT_TRUE(l.at("extent").is_array());
    for (int k = 0; k < 4; ++k) EXPECT_NEAR(l["extent"][k].get<double>(), expected[i].extent[k], 6e-7);
  }
}

TEST(InfoCli, CountsTypesAndExtentsEqualOgrinfoAcrossFormats) {
  test::TempDir dir;
  const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> formats{
      {"ESRI Shapefile", "s.shp", {"-lco", "ENCODING=UTF-8"}},
      {"GPKG", "s.gpkg", {}},
      {"GeoJSON", "s.geojson", {}},
      {"FlatGeobuf", "s.fgb", {}},
      {"KML", "s.kml", {}},
      {"CSV", "s.csv", {"-lco", "GEOMETRY=AS_WKT"}},
      {"GML", "s.gml", {}},
      {"MapInfo File", "s.tab", {}},
      {"DXF", "s.dxf", {}},
      {"SQLite", "s.sqlite", {"-dsco", "SPATIALITE=YES"}}};
  for (const auto& [driver, name, extra] : formats) {
    expectSameAsOgrinfo(test::convertSample(dir, driver, name, extra).string());
  }
}

TEST(InfoCli, ReportsCrsFieldsAndEncoding) {
  test::TempDir dir;
  const json j = info(test::convertSample(dir, "GPKG", "s.gpkg").string());
  const json& l = j["layers"][0];
  EXPECT_EQ(j["driver"], "GPKG");
  EXPECT_EQ(l["crs"], "EPSG:4490");
  EXPECT_EQ(l["encoding"], "UTF-8");
  EXPECT_EQ(l["invalid_count"], 0);
  std::map<std::string, std::string> types;
  for (const json& f : l["fields"]) types[f["name"]] = f["type"];
  EXPECT_EQ(types["name"], "String");
  EXPECT_EQ(types["code"], "Integer");
  EXPECT_EQ(types["area_km2"], "Real");
  EXPECT_EQ(types["founded"], "Date");
  EXPECT_EQ(types["updated"], "DateTime");
}

TEST(InfoCli, LayerWithoutCrsIsFlaggedWithNull) {
  test::TempDir dir;
  const json j = info(test::convertSample(dir, "DXF", "s.dxf").string());
  EXPECT_TRUE(j["layers"][0]["crs"].is_null());
  EXPECT_EQ(j["layers"][0]["crs_missing"], true);
}

TEST(InfoCli, CountyOutlinesReportTheirRealInvalidRings) {
  const std::string path = (test::dataDir() / "jieyang" / "jieyang_counties.geojson").string();
  // Independent count: SpatiaLite's ST_IsValid (GEOS) through GDAL's SQLite dialect.
  const test::RunResult r =
      test::tool({"ogrinfo", "-ro", "-q", "-dialect", "sqlite", "-sql",
                  "SELECT count(*) AS n FROM jieyang_counties WHERE NOT ST_IsValid(geometry)", path});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(n \(Integer\) = (\d+))"))) << r.out;
  const int expected = std::stoi(m[1]);
  ASSERT_GT(expected, 0) << "the reference outlines are known to have self-touching rings";

  const json j = info(path);
  const json& l = j["layers"][0];
  EXPECT_EQ(l["feature_count"], 5);
  EXPECT_EQ(l["crs"], "EPSG:4326");
  EXPECT_EQ(l["invalid_count"].get<int>(), expected);
  ASSERT_EQ(l["invalid_examples"].size(), static_cast<std::size_t>(std::min(expected, 10)));
  for (const json& e : l["invalid_examples"]) {
    EXPECT_TRUE(e["fid"].is_number_integer());
    EXPECT_FALSE(e["reason"].get<std::string>().empty());
    EXPECT_EQ(e["location"].size(), 2u);
  }
  expectSameAsOgrinfo(path);
}

TEST(InfoCli, TextOutputNamesTheLayer) {
  const std::string path = (test::dataDir() / "jieyang" / "jieyang_counties.geojson").string();
  const test::RunResult r = test::runZhenmap({"info", path});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("invalid geometries: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("layer jieyang_counties: Unknown (any), 5 features"), std::string::npos) << r.out;
}

TEST(InfoCli, UnreadableInputsGiveOneErrorLineAndExit2) {
  test::TempDir dir;
  test::writeFile(dir / "zero.shp", "");
  test::writeFile(dir / "zero.geojson", "");
  test::writeFile(dir / "notes.txt", "not GIS data\n");
  test::writeFile(dir / "bad.gpkg", std::string(4096, '\x55'));
  fs::create_directory(dir / "folder");
  const fs::path shp = test::convertSample(dir, "ESRI Shapefile", "cut.shp", {"-lco", "ENCODING=UTF-8"});
  fs::resize_file(shp, fs::file_size(shp) - 60);
  const fs::path noShx = test::convertSample(dir, "ESRI Shapefile", "noshx.shp", {"-lco", "ENCODING=UTF-8"});
  fs::remove(dir / "noshx.shx");
  for (const fs::path& p : {dir / "zero.shp", dir / "zero.geojson", dir / "notes.txt", dir / "bad.gpkg", dir / "folder",
                            dir / "missing.gpkg", noShx}) {
    SCOPED_TRACE(p.string());
    const test::RunResult r = test::runZhenmap({"info", p.string(), "--json"});
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  // A .shp cut in its last record is read but for that record's geometry (README "Partial reading").
  const test::RunResult cut = test::runZhenmap({"info", shp.string(), "--json"});
  ASSERT_EQ(cut.exitCode, 0) << cut.err;
  const json layer = json::parse(cut.out).at("layers").at(0);
  EXPECT_EQ(layer.at("feature_count"), 3);
  ASSERT_EQ(layer.at("skipped").size(), 1u);
  EXPECT_EQ(layer["skipped"][0].at("what"), "geometry");
  EXPECT_EQ(layer["skipped"][0].at("fid"), 2);
}

TEST(InfoCli, UnreachablePostgisConnectionFailsCleanly) {
  // Nothing listens on port 1: the PG: connection string path must fail with one error line.
  const test::RunResult r = test::runZhenmap({"info", "PG:host=127.0.0.1 port=1 dbname=gis user=planner", "--json"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace
