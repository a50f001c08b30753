// Export round trips: every format written from one table is read back with GDAL's own ogr2ogr
// (converted to GeoJSON on stdout and parsed here) with the same count, values and coordinates
// (< 1e-7°); projected output is compared with PROJ's cs2cs, phone-map output with the tests'
// independent GCJ-02/BD-09 implementation. Sensitive fields stay out unless asked for, and a
// failed export leaves nothing behind.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../geodata/sample_data.hpp"
#include "errors.hpp"
#include "exporter.hpp"
#include "import_fixtures.hpp"
#include "ogr_table.hpp"
#include "table_values.hpp"
#include "test_support.hpp"

using namespace zhenmap;
using nlohmann::json;
namespace fs = std::filesystem;
namespace indep = zhenmap::test::indep;

namespace {

struct Site {
  const char* name;
  const char* status;
  double budget;
  long long count;
  const char* start;
  const char* phone;
  double lon, lat;
};

const std::vector<Site> kSites = {
    {"灰寨镇文化广场", "completed", 120.5, 3, "2024-03-01", "13800000001", 116.012345678, 23.512345678},
    {"金和镇河堤, 二期", "started", 88.25, 1, "2023-11-15", "13800000002", 115.923456789, 23.455678912},
    {"登岗镇 \"绿道\"", "planned", 0.0, 0, "2025-01-31", "13800000003", 116.301234567, 23.601234567},
};

FeatureTable siteTable() {
  FeatureTable t;
  t.source = "test";
  t.layer = "project_sites";
  t.crs = "EPSG:4490";
  t.geometryType = wkbPoint;
  t.fields = {{"name", FieldType::Text, "项目名称", false, 0, 0},  {"status", FieldType::Text, "状态", false, 0, 0},
              {"budget", FieldType::Real, "预算", false, 0, 0},    {"count", FieldType::Integer, "", false, 0, 0},
              {"start", FieldType::Date, "开工日期", false, 0, 0}, {"phone", FieldType::Text, "联系电话", true, 0, 0}};
  std::int64_t fid = 0;
  for (const Site& s : kSites) {
    TableRow r;
    r.fid = ++fid;
    r.sourceRow = fid;
    r.wkb = pointWkb({s.lon, s.lat});
    r.values = {std::string(s.name),     std::string(s.status), s.budget, static_cast<std::int64_t>(s.count),
                *parseDateText(s.start), std::string(s.phone)};
    t.rows.push_back(r);
  }
  return t;
}

// The file as GDAL reads it, converted to GeoJSON by ogr2ogr.
json reopen(const fs::path& file, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv{"ogr2ogr", "-f", "GeoJSON", "/vsistdout/", file.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return json::parse(test::tool(argv).out);
}

std::string prop(const json& f, const std::string& key) {
  const json& p = f.at("properties");
  if (!p.contains(key) || p[key].is_null()) return "<missing>";
  if (p[key].is_string()) return p[key].get<std::string>();
  std::ostringstream s;
  s << p[key].get<double>();
  return s.str();
}

std::string num(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Count, names, statuses, budgets, dates and positions as written, whatever the format.
void expectSites(const json& fc, bool hasGeometry, const std::string& nameKey = "name") {
  const json& fs = fc.at("features");
  ASSERT_EQ(fs.size(), kSites.size());
  for (std::size_t i = 0; i < kSites.size(); ++i) {
    const json& f = fs[i];
    SCOPED_TRACE(kSites[i].name);
    EXPECT_EQ(prop(f, nameKey), kSites[i].name);
    EXPECT_EQ(prop(f, "status"), kSites[i].status);
    EXPECT_EQ(prop(f, "budget"), num(kSites[i].budget));
    std::string date = prop(f, "start");
    std::replace(date.begin(), date.end(), '/', '-');
    EXPECT_EQ(date, kSites[i].start);
    EXPECT_EQ(prop(f, "phone"), "<missing>");
    double x, y;
    if (hasGeometry) {
      x = f.at("geometry").at("coordinates")[0].get<double>();
      y = f.at("geometry").at("coordinates")[1].get<double>();
    } else {
      x = f.at("properties").at("lon").get<double>();
      y = f.at("properties").at("lat").get<double>();
    }
    EXPECT_NEAR(x, kSites[i].lon, 1e-7);
    EXPECT_NEAR(y, kSites[i].lat, 1e-7);
  }
}

std::set<std::string> filesIn(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

TEST(Exporter, EveryFormatRoundTripsThroughGdal) {
  test::TempDir dir;
  const FeatureTable table = siteTable();
  const FeatureSource source = tableSource(table);
  for (const char* ext : {"gpkg", "shp", "geojson", "kml", "kmz", "xlsx", "csv"}) {
    SCOPED_TRACE(ext);
    const fs::path out = dir / (std::string("sites.") + ext);
    const ExportResult r = exportFeatures(source, out.string());
    EXPECT_EQ(r.features, kSites.size());
    EXPECT_EQ(r.format, ext);
    EXPECT_EQ(r.leftOut, std::vector<std::string>{"phone"});
    const std::string e = ext;
    if (e == "csv") {
      expectSites(reopen(out, {"-oo", "AUTODETECT_TYPE=YES"}), false);
      EXPECT_EQ(test::readFile(out).substr(0, 3), "\xEF\xBB\xBF");  // Excel reads the Chinese right
    } else if (e == "xlsx") {
      expectSites(reopen(out), false);
    } else if (e == "kml" || e == "kmz") {
      expectSites(reopen(out), true, "Name");
    } else {
      expectSites(reopen(out), true);
    }
  }
  EXPECT_EQ(test::readFile(dir / "sites.cpg"), "UTF-8");
  EXPECT_NE(test::readFile(dir / "sites.prj").find("China_Geodetic_Coordinate_System_2000"), std::string::npos);
  // Nothing but the outputs: no temporary parts left beside them.
  const std::set<std::string> expected{"sites.gpkg", "sites.shp",  "sites.shx",     "sites.dbf",
                                       "sites.prj",  "sites.cpg",  "sites.geojson", "sites.kml",
                                       "sites.kmz",  "sites.xlsx", "sites.csv"};
  EXPECT_EQ(filesIn(dir.path()), expected);
}

TEST(Exporter, SensitiveFieldsOnlyWhenAsked) {
  test::TempDir dir;
  const FeatureTable table = siteTable();
  ExportOptions o;
  o.includeSensitive = true;
  const ExportResult r = exportFeatures(tableSource(table), (dir / "all.gpkg").string(), o);
  EXPECT_TRUE(r.leftOut.empty());
  EXPECT_EQ(r.sensitiveWritten, std::vector<std::string>{"phone"});
  EXPECT_EQ(prop(reopen(dir / "all.gpkg").at("features")[1], "phone"), "13800000002");
}

TEST(Exporter, ProjectedOutputMatchesCs2cs) {
  test::TempDir dir;
  ExportOptions o;
  o.crs = "EPSG:4527";
  exportFeatures(tableSource(siteTable()), (dir / "gk.geojson").string(), o);
  const json fc = reopen(dir / "gk.geojson");
  std::ostringstream in;
  in.precision(12);
  for (const Site& s : kSites) in << s.lat << " " << s.lon << "\n";
  const test::RunResult r = test::run({"/usr/bin/cs2cs", "-f", "%.4f", "EPSG:4490", "EPSG:4527"}, in.str());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::istringstream out(r.out);
  for (const json& f : fc.at("features")) {
    double north, east, z;
    out >> north >> east >> z;
    EXPECT_NEAR(f["geometry"]["coordinates"][0].get<double>(), east, 0.01);
    EXPECT_NEAR(f["geometry"]["coordinates"][1].get<double>(), north, 0.01);
  }
}

TEST(Exporter, PhoneMapCoordinates) {
  test::TempDir dir;
  for (const auto system : {offsets::LonLatSystem::Gcj02, offsets::LonLatSystem::Bd09}) {
    ExportOptions o;
    o.coords = system;
    const fs::path out = dir / (std::string(offsets::lonLatSystemName(system)) + ".csv");
    const ExportResult r = exportFeatures(tableSource(siteTable()), out.string(), o);
    EXPECT_EQ(r.crs, "EPSG:4326");
    const json fc = reopen(out, {"-oo", "AUTODETECT_TYPE=YES"});
    for (std::size_t i = 0; i < kSites.size(); ++i) {
      const auto want = system == offsets::LonLatSystem::Gcj02 ? indep::toGcj(kSites[i].lon, kSites[i].lat)
                                                               : indep::toBd(kSites[i].lon, kSites[i].lat);
      EXPECT_NEAR(fc["features"][i]["properties"]["lon"].get<double>(), static_cast<double>(want[0]), 1e-7);
      EXPECT_NEAR(fc["features"][i]["properties"]["lat"].get<double>(), static_cast<double>(want[1]), 1e-7);
    }
  }
  ExportOptions both;
  both.coords = offsets::LonLatSystem::Gcj02;
  both.crs = "EPSG:4527";
  EXPECT_THROW(exportFeatures(tableSource(siteTable()), (dir / "x.csv").string(), both), ExportUsageError);
}

TEST(Exporter, WhereFilterAndFailuresLeaveNothing) {
  test::TempDir dir;
  const FeatureTable table = siteTable();
  ExportOptions o;
  o.where = "status = 'completed' OR budget > 100";
  EXPECT_EQ(exportFeatures(tableSource(table), (dir / "done.geojson").string(), o).features, 1u);
  o.where = "status = ";
  EXPECT_THROW(exportFeatures(tableSource(table), (dir / "bad.gpkg").string(), o), ExportUsageError);
  EXPECT_THROW(exportFeatures(tableSource(table), (dir / "x.dxf2").string()), ExportUsageError);
  // An existing file is kept unless overwriting is asked for.
  test::writeFile(dir / "keep.geojson", "precious");
  EXPECT_THROW(exportFeatures(tableSource(table), (dir / "keep.geojson").string()), ExportUsageError);
  EXPECT_EQ(test::readFile(dir / "keep.geojson"), "precious");
  ExportOptions overwrite;
  overwrite.overwrite = true;
  EXPECT_EQ(exportFeatures(tableSource(table), (dir / "keep.geojson").string(), overwrite).features, 3u);
  // A Shapefile takes one kind of geometry: a mixed layer is refused before anything is written.
  FeatureTable mixed = table;
  mixed.geometryType = wkbUnknown;
  OGRGeometryH g = nullptr;
  char wkt[] = "LINESTRING (116 23,116.1 23.1)";
  char* cursor = wkt;
  OGR_G_CreateFromWkt(&cursor, nullptr, &g);
  std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
  OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
  OGR_G_DestroyGeometry(g);
  mixed.rows[1].wkb = wkb;
  EXPECT_THROW(exportFeatures(tableSource(mixed), (dir / "mixed.shp").string()), ExportUsageError);
  std::atomic<bool> cancel{true};
  ExportOptions cancelled;
  cancelled.cancel = &cancel;
  FeatureTable many = table;
  for (int i = 0; i < 3000; ++i) many.rows.push_back(table.rows[0]);
  EXPECT_THROW(exportFeatures(tableSource(many), (dir / "cancelled.gpkg").string(), cancelled), CancelledError);
  const std::set<std::string> expected{"done.geojson", "keep.geojson"};
  EXPECT_EQ(filesIn(dir.path()), expected);
}

TEST(Exporter, GdalSourcesStreamWithTheirEncoding) {
  test::TempDir dir;
  const fs::path shp = test::convertSample(dir, "ESRI Shapefile", "gbk.shp", {"-lco", "ENCODING=CP936"});
  fs::remove(dir / "gbk.cpg");
  const FeatureSource src = openOgrSource(shp.string());
  EXPECT_EQ(src.crs, "EPSG:4490");
  const ExportResult r = exportFeatures(src, (dir / "out.geojson").string());
  EXPECT_EQ(r.features, test::kSampleFeatures);
  const json fc = reopen(dir / "out.geojson");
  EXPECT_EQ(prop(fc["features"][1], "name"), "普宁市");
  EXPECT_EQ(fc["features"][1]["geometry"]["type"], "MultiPolygon");
}

}  // namespace
