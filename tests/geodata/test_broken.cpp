// Broken input must never crash: unopenable sources throw OpenError with the path, a broken
// Shapefile record is listed with its feature id while the rest is read, and bad geometries are
// reported per feature (GEOS reason and location) while the features stay in the layer.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "errors.hpp"
#include "gdal_handles.hpp"
#include "sample_data.hpp"
#include "source_info.hpp"
#include "test_support.hpp"
#include "vector_source.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

// A GeoPackage (EPSG:4490, any geometry type) with one feature per WKT; "" makes a null geometry.
// Each feature's "label" says what it is.
fs::path writeGeometries(const test::TempDir& dir, const std::vector<std::pair<std::string, std::string>>& items) {
  gdal::ensureRegistered();
  const fs::path path = dir / "broken.gpkg";
  GDALDriverH driver = GDALGetDriverByName("GPKG");
  gdal::Dataset ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path.string());
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  OSRImportFromEPSG(srs.get(), 4490);
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "shapes", srs.get(), wkbUnknown, nullptr);
  gdal::FieldDefn field(OGR_Fld_Create("label", OFTString));
  OGR_L_CreateField(layer, field.get(), TRUE);
  for (const auto& [label, wkt] : items) {
    gdal::Feature f(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
    OGR_F_SetFieldString(f.get(), 0, label.c_str());
    if (!wkt.empty()) {
      OGRGeometryH g = nullptr;
      char* text = const_cast<char*>(wkt.c_str());
      if (OGR_G_CreateFromWkt(&text, srs.get(), &g) != OGRERR_NONE) throw std::runtime_error("bad WKT " + wkt);
      gdal::GeometryPtr owned(g);
      if (label == "nan") OGR_G_SetPoint_2D(g, 1, std::numeric_limits<double>::quiet_NaN(), 23.05);
      OGR_F_SetGeometry(f.get(), g);
    }
    if (OGR_L_CreateFeature(layer, f.get()) != OGRERR_NONE) throw std::runtime_error("cannot write " + label);
  }
  return path;
}

const GeometryIssue* issueFor(const LayerData& layer, std::size_t index) {
  for (const GeometryIssue& i : layer.issues) {
    if (i.index == index) return &i;
  }
  return nullptr;
}

TEST(BrokenGeometry, ReportedPerFeatureNeverDropped) {
  test::TempDir dir;
  const fs::path path =
      writeGeometries(dir, {{"square", "POLYGON ((116 23,116.1 23,116.1 23.1,116 23.1,116 23))"},
                            {"bowtie", "POLYGON ((116 23,116.1 23.1,116.1 23,116 23.1,116 23))"},
                            {"selfcross", "POLYGON ((116 23,116.2 23,116.2 23.2,116.1 22.9,116 23.2,116 23))"},
                            {"unclosed", "POLYGON ((116 23,116.1 23,116.1 23.1,116 23.1))"},
                            {"empty", "POLYGON EMPTY"},
                            {"nan", "LINESTRING (116 23,116.05 23.05,116.1 23.1)"},
                            {"null", ""}});
  ReadOptions options;
  options.mapCrs.clear();  // source coordinates: locations can be checked in degrees
  const LayerData layer = readVectorSource(path.string(), options).at(0);
  ASSERT_EQ(layer.features.size(), 7u) << "features must never be dropped";
  EXPECT_EQ(layer.features[0].status, GeometryStatus::Valid);
  EXPECT_EQ(issueFor(layer, 0), nullptr);

  const GeometryIssue* bowtie = issueFor(layer, 1);
  ASSERT_NE(bowtie, nullptr);
  EXPECT_EQ(bowtie->status, GeometryStatus::Invalid);
  EXPECT_EQ(bowtie->reason, "Self-intersection");
  ASSERT_TRUE(bowtie->location);
  EXPECT_NEAR(bowtie->location->x, 116.05, 1e-9);
  EXPECT_NEAR(bowtie->location->y, 23.05, 1e-9);
  EXPECT_EQ(bowtie->fid, layer.features[1].fid);
  EXPECT_EQ(layer.features[1].status, GeometryStatus::Invalid);
  EXPECT_EQ(layer.features[1].geometry.points.size(), 5u) << "the source geometry stays as it was";
  EXPECT_EQ(layer.features[1].geometry.partCount(), 1u);

  const GeometryIssue* cross = issueFor(layer, 2);
  ASSERT_NE(cross, nullptr);
  EXPECT_EQ(cross->status, GeometryStatus::Invalid);
  EXPECT_EQ(layer.features[2].geometry.points.size(), 6u);

  const GeometryIssue* unclosed = issueFor(layer, 3);
  ASSERT_NE(unclosed, nullptr);
  EXPECT_EQ(unclosed->reason, "Ring is not closed");
  EXPECT_EQ(layer.features[3].geometry.points.size(), 4u);

  ASSERT_NE(issueFor(layer, 4), nullptr);
  EXPECT_EQ(issueFor(layer, 4)->status, GeometryStatus::Empty);
  ASSERT_NE(issueFor(layer, 5), nullptr);
  EXPECT_EQ(issueFor(layer, 5)->status, GeometryStatus::NonFinite);
  EXPECT_TRUE(layer.features[5].geometry.empty()) << "NaN geometry is skipped for display";
  ASSERT_NE(issueFor(layer, 6), nullptr);
  EXPECT_EQ(issueFor(layer, 6)->status, GeometryStatus::Null);
  for (const Feature& f : layer.features) EXPECT_EQ(f.attributes.size(), 1u);

  // The extent covers only finite, displayable geometry.
  EXPECT_TRUE(std::isfinite(layer.extent.minX) && std::isfinite(layer.extent.maxY));
  EXPECT_NEAR(layer.extent.minY, 22.9, 1e-9);
  EXPECT_NEAR(layer.extent.maxX, 116.2, 1e-9);
}

TEST(BrokenGeometry, InfoCountsMatchTheLayer) {
  test::TempDir dir;
  const fs::path path = writeGeometries(dir, {{"bowtie", "POLYGON ((116 23,116.1 23.1,116.1 23,116 23.1,116 23))"},
                                              {"square", "POLYGON ((116 23,116.1 23,116.1 23.1,116 23.1,116 23))"},
                                              {"empty", "POLYGON EMPTY"}});
  const SourceInfo info = inspectSource(path.string());
  ASSERT_EQ(info.layers.size(), 1u);
  EXPECT_EQ(info.driver, "GPKG");
  EXPECT_EQ(info.layers[0].featureCount, 3);
  EXPECT_EQ(info.layers[0].crs, "EPSG:4490");
  EXPECT_EQ(info.layers[0].invalidCount, 1u);
  EXPECT_EQ(info.layers[0].emptyCount, 1u);
}

TEST(BrokenSources, UnopenableInputsThrowOpenErrorWithThePath) {
  test::TempDir dir;
  test::writeFile(dir / "zero.geojson", "");
  test::writeFile(dir / "zero.shp", "");
  test::writeFile(dir / "notes.txt", "这不是地图数据, just some notes\n");
  test::writeFile(dir / "image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  test::writeFile(dir / "half.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feat)");
  fs::create_directory(dir / "empty_dir");
  for (const char* name :
       {"zero.geojson", "zero.shp", "notes.txt", "image.png", "half.geojson", "empty_dir", "does_not_exist.shp"}) {
    const std::string path = (dir / name).string();
    try {
      readVectorSource(path);
      ADD_FAILURE() << name << " opened";
    } catch (const OpenError& e) {
      EXPECT_EQ(e.context().path, path);
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
    EXPECT_THROW(inspectSource(path), OpenError) << name;
  }
}

class BrokenShapefile : public ::testing::Test {
 protected:
  void SetUp() override { shp = test::convertSample(dir, "ESRI Shapefile", "towns.shp", {"-lco", "ENCODING=UTF-8"}); }
  test::TempDir dir;
  fs::path shp;
};

TEST_F(BrokenShapefile, MissingShxCannotBeOpened) {
  fs::remove(dir / "towns.shx");
  EXPECT_THROW(readVectorSource(shp.string()), OpenError);
}

TEST_F(BrokenShapefile, MissingDbfStillGivesGeometry) {
  fs::remove(dir / "towns.dbf");
  const LayerData layer = readVectorSource(shp.string()).at(0);
  EXPECT_EQ(layer.features.size(), test::kSampleFeatures);
  EXPECT_TRUE(layer.fields.empty());
}

TEST_F(BrokenShapefile, TruncatedShpNamesTheFeatureAndKeepsTheOthers) {
  const auto size = fs::file_size(shp);
  fs::resize_file(shp, size - 60);  // cuts into the last record
  const SourceRead read = readSource(shp.string());
  ASSERT_EQ(read.layers.size(), 1u);
  const LayerData& layer = read.layers[0];
  ASSERT_EQ(layer.features.size(), test::kSampleFeatures) << "the feature stays, without its geometry";
  EXPECT_FALSE(layer.features[0].geometry.empty());
  EXPECT_FALSE(layer.features[1].geometry.empty());
  EXPECT_TRUE(layer.features[2].geometry.empty());
  ASSERT_EQ(layer.skipped.size(), 1u);
  EXPECT_EQ(layer.skipped[0].what, SkippedItem::What::Geometry);
  EXPECT_EQ(layer.skipped[0].fid, 2);
  EXPECT_FALSE(layer.skipped[0].error.empty());
}

TEST_F(BrokenShapefile, TruncatedHeaderCannotBeOpened) {
  fs::resize_file(shp, 50);
  EXPECT_THROW(readVectorSource(shp.string()), OpenError);
}

TEST_F(BrokenShapefile, BadPrjIsFlaggedNotFatalForInfo) {
  test::writeFile(dir / "towns.prj", "this is not a CRS");
  const SourceInfo info = inspectSource(shp.string());
  ASSERT_EQ(info.layers.size(), 1u);
  EXPECT_TRUE(info.layers[0].crsMissing);
  EXPECT_EQ(info.layers[0].crs, "");
  EXPECT_THROW(readVectorSource(shp.string()), CrsError);
  ReadOptions options;
  options.assignCrs = "EPSG:4490";
  EXPECT_EQ(readVectorSource(shp.string(), options).at(0).features.size(), test::kSampleFeatures);
}

TEST(CustomCrs, ProjectionWithoutAnyCodeRoundTripsThroughWkt) {
  // A local transverse Mercator no registry knows: the .prj is all there is.
  test::TempDir dir;
  const fs::path shp = test::convertSample(
      dir, "ESRI Shapefile", "local.shp",
      {"-t_srs", "+proj=tmerc +lon_0=116.25 +x_0=123456 +ellps=GRS80 +units=m +type=crs", "-lco", "ENCODING=UTF-8"});
  const SourceInfo info = inspectSource(shp.string());
  ASSERT_EQ(info.layers.size(), 1u);
  EXPECT_FALSE(info.layers[0].crsMissing);
  EXPECT_EQ(info.layers[0].crs.rfind("PROJCRS[", 0), 0u) << info.layers[0].crs;
  ReadOptions options;
  options.mapCrs = "EPSG:4490";
  const LayerData layer = readVectorSource(shp.string(), options).at(0);
  Box all;
  for (const Feature& f : layer.features) all.expand(f.geometry.bounds());
  EXPECT_NEAR(all.minX, 115.7, 1e-7);
  EXPECT_NEAR(all.minY, 23.2, 1e-7);
  EXPECT_NEAR(all.maxX, 116.4, 1e-7);
  EXPECT_NEAR(all.maxY, 23.6, 1e-7);
}

}  // namespace

// Found by ./dev.sh fuzz (wkt_geometry): a coordinate of 4e129 in a WKT cell is finite, but the
// renderer's floats overflowed on it. It is a broken record, listed with its reason; the rest of
// the layer reads.
TEST(BrokenData, ACoordinateNoSystemReachesIsABrokenRecord) {
  test::TempDir tmp;
  const auto path = tmp / "wkt.csv";
  test::writeFile(path, "id,wkt\n1,\"POINT (116.3 23.5)\"\n2,\"POLYGON ((116 23, 4e129 23, 116 24, 116 23))\"\n"
                        "3,\"LINESTRING (116 23, 116.1 -2e13)\"\n");
  ReadOptions opts;
  opts.mapCrs.clear();
  const LayerData layer = readVectorSource(path.string(), opts).at(0);
  ASSERT_EQ(layer.features.size(), 3u);
  EXPECT_EQ(layer.features[0].status, GeometryStatus::Valid);
  for (std::size_t i : {1u, 2u}) {
    const GeometryIssue* issue = issueFor(layer, i);
    ASSERT_NE(issue, nullptr) << i;
    EXPECT_EQ(issue->status, GeometryStatus::NonFinite);
    EXPECT_EQ(issue->reason, "a coordinate beyond 1e12 (no coordinate system reaches it)");
    EXPECT_TRUE(layer.features[i].geometry.empty());
  }
  EXPECT_LT(layer.extent.maxX, 117.0);  // the broken records are not in the extent
}
