// Partial reading: a source GDAL opens is read as far as GDAL can read it. A broken feature or
// layer is listed with GDAL's message and the rest is read, with the same features ogrinfo lists
// (counted here from ogrinfo's own output). A VRT's relative source is found from its folder.
#include <gtest/gtest.h>

#include <algorithm>

#include "broken_sources.hpp"
#include "errors.hpp"
#include "source_info.hpp"
#include "vector_source.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

ReadOptions sourceCrs() {
  ReadOptions o;
  o.mapCrs.clear();
  return o;
}

std::vector<std::int64_t> fids(const LayerData& layer) {
  std::vector<std::int64_t> out;
  for (const Feature& f : layer.features) out.push_back(f.fid);
  return out;
}

}  // namespace

TEST(PartialRead, ShapefileWithOneCorruptRecordKeepsEveryOtherGeometry) {
  test::TempDir dir;
  const fs::path shp = test::shapefileWithCorruptRecord(dir, 2);
  const SourceRead read = readSource(shp.string(), sourceCrs());
  ASSERT_EQ(read.layers.size(), 1u);
  EXPECT_TRUE(read.skippedLayers.empty());
  const LayerData& layer = read.layers[0];
  EXPECT_EQ(layer.features.size(), std::size_t(test::ogrinfoListed(shp.string()).at("corrupt")));
  ASSERT_EQ(layer.features.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(layer.features[i].geometry.empty(), i == 2) << i;
    EXPECT_EQ(std::get<std::int64_t>(layer.features[i].attributes.at(0)), std::int64_t(i + 1)) << "attributes kept";
  }
  ASSERT_EQ(layer.skipped.size(), 1u);
  EXPECT_EQ(layer.skippedCount, 1u);
  EXPECT_EQ(layer.skipped[0].what, SkippedItem::What::Geometry);
  EXPECT_EQ(layer.skipped[0].fid, 2);
  EXPECT_NE(layer.skipped[0].error.find("shape 2"), std::string::npos) << layer.skipped[0].error;
  // The good squares are drawn where they are: the extent spans all but the broken one's.
  EXPECT_DOUBLE_EQ(layer.extent.minX, 0.0);
  EXPECT_DOUBLE_EQ(layer.extent.maxX, 9.0);
}

TEST(PartialRead, TruncatedDbfReadsWhatOgrinfoReads) {
  test::TempDir dir;
  const fs::path shp = test::shapefileWithTruncatedDbf(dir);
  const LayerData layer = readSource(shp.string(), sourceCrs()).layers.at(0);
  EXPECT_EQ(layer.features.size(), std::size_t(test::ogrinfoListed(shp.string()).at("truncated")));
  EXPECT_EQ(fids(layer), (std::vector<std::int64_t>{0, 1}));
  ASSERT_EQ(layer.skippedCount, 3u);  // records 2, 3 and 4, each tried
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(layer.skipped[k].what, SkippedItem::What::Feature);
    EXPECT_EQ(layer.skipped[k].fid, std::int64_t(k + 2));
    EXPECT_FALSE(layer.skipped[k].error.empty());
  }
}

TEST(PartialRead, GeoJsonWithOneBadGeometryKeepsTheFeatureWithoutIt) {
  test::TempDir dir;
  const fs::path path = test::geoJsonWithBadGeometry(dir);
  const LayerData layer = readSource(path.string(), sourceCrs()).layers.at(0);
  EXPECT_EQ(layer.features.size(), std::size_t(test::ogrinfoListed(path.string()).at("bad_geometry")));
  ASSERT_EQ(layer.features.size(), 3u);
  EXPECT_FALSE(layer.features[0].geometry.empty());
  EXPECT_TRUE(layer.features[1].geometry.empty());
  EXPECT_FALSE(layer.features[2].geometry.empty());
  ASSERT_EQ(layer.skipped.size(), 1u);
  EXPECT_EQ(layer.skipped[0].what, SkippedItem::What::Geometry);
  EXPECT_EQ(layer.skipped[0].fid, layer.features[1].fid);
  EXPECT_NE(layer.skipped[0].error.find("Missing 'coordinates'"), std::string::npos) << layer.skipped[0].error;
}

TEST(PartialRead, GeoPackageWithOneBrokenLayerReadsTheOthers) {
  test::TempDir dir;
  const fs::path gpkg = test::geoPackageWithBrokenLayer(dir);
  const std::map<std::string, int> listed = test::ogrinfoListed(gpkg.string());
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed.at("bad"), 0);
  const SourceRead read = readSource(gpkg.string(), sourceCrs());
  ASSERT_EQ(read.layers.size(), 2u);
  for (const LayerData& layer : read.layers) EXPECT_EQ(int(layer.features.size()), listed.at(layer.name));
  EXPECT_EQ(read.layers[0].name, "good");
  EXPECT_EQ(read.layers[1].name, "third");
  ASSERT_EQ(read.skippedLayers.size(), 1u);
  EXPECT_EQ(read.skippedLayers[0].name, "bad");
  EXPECT_EQ(read.skippedLayers[0].source, gpkg.string());
  EXPECT_NE(read.skippedLayers[0].error.find("nope"), std::string::npos) << read.skippedLayers[0].error;

  const SourceInfo info = inspectSource(gpkg.string());
  ASSERT_EQ(info.layers.size(), 3u);
  for (const LayerInfo& l : info.layers) {
    EXPECT_EQ(l.featureCount, listed.at(l.name)) << l.name;
    EXPECT_EQ(l.readable, l.name != "bad");
  }
  const LayerInfo& bad = info.layers[1];
  ASSERT_EQ(bad.skipped.size(), 1u);
  EXPECT_EQ(bad.skipped[0].what, SkippedItem::What::Layer);

  // Asked for by name, the broken layer is an error; alone it would be too.
  ReadOptions named = sourceCrs();
  named.layers = {"bad"};
  EXPECT_THROW(readSource(gpkg.string(), named), DataError);
  named.layers = {"third"};
  EXPECT_EQ(readSource(gpkg.string(), named).layers.size(), 1u);
}

TEST(PartialRead, VectorTilesWithOneBadTileReadTheOthers) {
  test::TempDir dir;
  const fs::path tiles = test::vectorTilesWithOneBadTile(dir);
  const SourceRead read = readSource(tiles.string(), sourceCrs());
  ASSERT_EQ(read.layers.size(), 1u);
  const LayerData& layer = read.layers[0];
  EXPECT_EQ(int(layer.features.size()), test::ogrinfoListed(tiles.string()).at(layer.name));
  EXPECT_GT(layer.features.size(), 0u);
  ASSERT_GE(layer.skippedCount, 1u);
  EXPECT_FALSE(layer.skipped[0].error.empty());
}

TEST(PartialRead, VrtSourcesRelativeToTheVrtFolderAreFoundFromAnyWorkingDirectory) {
  test::TempDir dir;
  ASSERT_NE(fs::current_path(), dir / "vrt");  // the test runs elsewhere: GDAL alone would not find it
  for (bool relativeToVrt : {false, true}) {
    SCOPED_TRACE(relativeToVrt ? "relativeToVRT=1" : "no relativeToVRT");
    const fs::path vrt = test::vrtWithRelativeSource(dir, relativeToVrt);
    const SourceRead read = readSource(vrt.string(), sourceCrs());
    ASSERT_EQ(read.layers.size(), 1u);
    EXPECT_EQ(read.layers[0].name, "squares");
    EXPECT_EQ(read.layers[0].features.size(), 5u);
    EXPECT_TRUE(read.skippedLayers.empty());
    // GDAL itself from the VRT's folder: the same count.
    const test::RunResult r =
        test::run({"/bin/sh", "-c",
                   "cd '" + (dir / "vrt").string() + "' && /usr/bin/ogrinfo -ro -so -al " + vrt.filename().string()});
    EXPECT_NE(r.out.find("Feature Count: 5"), std::string::npos) << r.out << r.err;
  }
}

TEST(PartialRead, NothingReadableStillFailsWithGdalsMessage) {
  test::TempDir dir;
  const fs::path gpkg = test::geoPackageWithBrokenLayer(dir, true);  // the broken layer alone
  try {
    readSource(gpkg.string(), sourceCrs());
    FAIL() << "read a source with no readable layer";
  } catch (const DataError& e) {
    EXPECT_EQ(e.context().layer, "bad");
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
  }
  EXPECT_THROW(inspectSource(gpkg.string()), DataError);
}
