// Reading real files of many formats, written in the test setup with ogr2ogr from one GeoJSON:
// counts, Chinese text, typed attributes, holes and multi-parts, and positions in EPSG:3857
// checked against the spherical Mercator formulas.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "errors.hpp"
#include "sample_data.hpp"
#include "spatial_index.hpp"
#include "vector_source.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

Vec2 mercator(double lon, double lat) {
  const double r = 6378137.0, pi = std::acos(-1.0);
  return {r * lon * pi / 180.0, r * std::log(std::tan(pi / 4 + lat * pi / 360.0))};
}

struct FormatCase {
  std::string label;
  std::string driver;
  std::string file;
  std::vector<std::string> extra;
  std::string assignCrs;  // formats that store no CRS
  double tolerance;       // metres in EPSG:3857
  bool keepsAttributes = true;
};

void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.label; }

const Feature* featureNamed(const LayerData& layer, const std::string& name) {
  for (const Feature& f : layer.features) {
    for (const AttributeValue& v : f.attributes) {
      if (const auto* s = std::get_if<std::string>(&v); s && *s == name) return &f;
    }
  }
  return nullptr;
}

class Formats : public ::testing::TestWithParam<FormatCase> {};

TEST_P(Formats, ReadsCountsNamesPartsAndPositions) {
  const FormatCase& c = GetParam();
  test::TempDir dir;
  const fs::path path = test::convertSample(dir, c.driver, c.file, c.extra);
  ReadOptions options;
  options.assignCrs = c.assignCrs;
  const std::vector<LayerData> layers = readVectorSource(path.string(), options);
  ASSERT_EQ(layers.size(), 1u);
  const LayerData& layer = layers[0];
  EXPECT_EQ(layer.mapCrs, "EPSG:3857");
  EXPECT_TRUE(layer.issues.empty()) << layer.issues.front().reason;
  ASSERT_TRUE(layer.index);

  if (!c.keepsAttributes) {
    // DXF keeps no attributes and writes each ring as its own entity: check positions only.
    EXPECT_GE(layer.features.size(), test::kSampleFeatures);
    const Box e = layer.extent;
    const Vec2 lo = mercator(115.7, 23.2), hi = mercator(116.4, 23.6);
    EXPECT_NEAR(e.minX, lo.x, c.tolerance);
    EXPECT_NEAR(e.minY, lo.y, c.tolerance);
    EXPECT_NEAR(e.maxX, hi.x, c.tolerance);
    EXPECT_NEAR(e.maxY, hi.y, c.tolerance);
    return;
  }
  ASSERT_EQ(layer.features.size(), test::kSampleFeatures);
  const Feature* rongcheng = featureNamed(layer, "榕城区");
  const Feature* puning = featureNamed(layer, "普宁市");
  ASSERT_NE(rongcheng, nullptr) << "Chinese name lost or garbled";
  ASSERT_NE(puning, nullptr);
  ASSERT_NE(featureNamed(layer, "揭西县"), nullptr);

  EXPECT_EQ(rongcheng->geometry.kind, GeomKind::Polygon);
  EXPECT_EQ(rongcheng->geometry.ringCount(), 2u) << "hole lost";
  EXPECT_EQ(puning->geometry.partCount(), 2u) << "multipolygon part lost";
  const Box b = rongcheng->geometry.bounds();
  const Vec2 lo = mercator(116.3, 23.5), hi = mercator(116.4, 23.6);
  EXPECT_NEAR(b.minX, lo.x, c.tolerance);
  EXPECT_NEAR(b.minY, lo.y, c.tolerance);
  EXPECT_NEAR(b.maxX, hi.x, c.tolerance);
  EXPECT_NEAR(b.maxY, hi.y, c.tolerance);

  // The index finds the feature from a box inside its hole's surroundings.
  const Vec2 inside = mercator(116.31, 23.51);
  const auto found = layer.index->query(Box{inside.x, inside.y, inside.x, inside.y});
  const auto pos = static_cast<std::uint32_t>(rongcheng - layer.features.data());
  EXPECT_NE(std::find(found.begin(), found.end(), pos), found.end());
}

const double kExact = 1e-6;
INSTANTIATE_TEST_SUITE_P(
    Gdal, Formats,
    ::testing::Values(FormatCase{"Shapefile", "ESRI Shapefile", "sample.shp", {"-lco", "ENCODING=UTF-8"}, "", kExact},
                      FormatCase{"GeoPackage", "GPKG", "sample.gpkg", {}, "", kExact},
                      FormatCase{"GeoJSON", "GeoJSON", "copy.geojson", {}, "", 0.01},
                      FormatCase{"FlatGeobuf", "FlatGeobuf", "sample.fgb", {}, "", kExact},
                      FormatCase{"KML", "KML", "sample.kml", {}, "", 0.01},
                      FormatCase{"CsvWkt", "CSV", "sample.csv", {"-lco", "GEOMETRY=AS_WKT"}, "EPSG:4490", 0.01},
                      FormatCase{"Gml3", "GML", "sample.gml", {"-dsco", "FORMAT=GML3"}, "", 0.01},
                      FormatCase{"MapInfo", "MapInfo File", "sample.tab", {}, "", 1.0},
                      FormatCase{"Dxf", "DXF", "sample.dxf", {}, "EPSG:4490", 0.01, false},
                      FormatCase{"SpatiaLite", "SQLite", "sample.sqlite", {"-dsco", "SPATIALITE=YES"}, "", kExact}),
    [](const ::testing::TestParamInfo<FormatCase>& p) { return p.param.label; });

TEST(Attributes, GeoPackageKeepsTypes) {
  test::TempDir dir;
  const fs::path path = test::convertSample(dir, "GPKG", "typed.gpkg");
  const LayerData layer = readVectorSource(path.string()).at(0);
  auto field = [&](const std::string& name) {
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
      if (layer.fields[i].name == name) return i;
    }
    throw std::runtime_error("no field " + name);
  };
  const Feature* f = featureNamed(layer, "榕城区");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(layer.fields[field("code")].type, FieldType::Integer);
  EXPECT_EQ(std::get<std::int64_t>(f->attributes[field("code")]), 445202);
  EXPECT_EQ(layer.fields[field("area_km2")].type, FieldType::Real);
  EXPECT_DOUBLE_EQ(std::get<double>(f->attributes[field("area_km2")]), 187.5);
  EXPECT_EQ(layer.fields[field("founded")].type, FieldType::Date);
  const DateTime founded = std::get<DateTime>(f->attributes[field("founded")]);
  EXPECT_EQ(founded.year, 1991);
  EXPECT_EQ(founded.month, 12);
  EXPECT_EQ(founded.day, 7);
  EXPECT_EQ(toDisplayString(f->attributes[field("founded")], FieldType::Date), "1991-12-07");
  EXPECT_EQ(layer.fields[field("updated")].type, FieldType::DateTime);
  const DateTime updated = std::get<DateTime>(f->attributes[field("updated")]);
  EXPECT_EQ(updated.hour, 8);
  EXPECT_EQ(updated.minute, 30);
  EXPECT_TRUE(isNull(f->attributes[field("note")]));
}

TEST(Crs, CsvLonLatColumnsNeedAnAssignedCrs) {
  test::TempDir dir;
  const fs::path csv = dir / "points.csv";
  test::writeFile(csv, "id,名称,lon,lat\n1,榕城区,116.37,23.55\n2,普宁市,116.17,23.30\n");
  EXPECT_THROW(readVectorSource(csv.string()), CrsError);
  ReadOptions options;
  options.assignCrs = "EPSG:4490";
  const LayerData layer = readVectorSource(csv.string(), options).at(0);
  ASSERT_EQ(layer.features.size(), 2u);
  EXPECT_TRUE(layer.crsAssigned);
  const Vec2 expected = mercator(116.37, 23.55);
  ASSERT_EQ(layer.features[0].geometry.kind, GeomKind::Point);
  EXPECT_NEAR(layer.features[0].geometry.points[0].x, expected.x, 0.01);
  EXPECT_NEAR(layer.features[0].geometry.points[0].y, expected.y, 0.01);
  EXPECT_NE(featureNamed(layer, "普宁市"), nullptr);
}

TEST(Crs, GaussKrugerShapefileLandsInPlace) {
  // A Shapefile in EPSG:4548 (CGCS2000 GK zone CM 117E, northing-first by definition); read into
  // EPSG:4490 it must come back to the lon/lat it was made from.
  test::TempDir dir;
  const fs::path path =
      test::convertSample(dir, "ESRI Shapefile", "gk.shp", {"-t_srs", "EPSG:4548", "-lco", "ENCODING=UTF-8"});
  ReadOptions options;
  options.mapCrs = "EPSG:4490";
  const LayerData layer = readVectorSource(path.string(), options).at(0);
  EXPECT_EQ(layer.sourceCrs, "EPSG:4548");
  const Feature* f = featureNamed(layer, "揭西县");
  ASSERT_NE(f, nullptr);
  const Box b = f->geometry.bounds();
  EXPECT_NEAR(b.minX, 115.7, 1e-7);
  EXPECT_NEAR(b.minY, 23.4, 1e-7);
  EXPECT_NEAR(b.maxX, 115.9, 1e-7);
  EXPECT_NEAR(b.maxY, 23.6, 1e-7);
}

}  // namespace
