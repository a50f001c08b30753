// Local rasters through GDAL: the pixels of each tile, the pyramid and the overview each level
// reads, transparency (alpha band, nodata, palette), elevation shading, the formats GDAL writes
// (MBTiles, GeoPackage tiles, VRT, PNG with a world file), and clear errors for broken input.
#include <gtest/gtest.h>

#include <fstream>

#include "errors.hpp"
#include "raster_fixtures.hpp"
#include "raster_source.hpp"
#include "sample_data.hpp"
#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

std::string tiff(const test::TempDir& dir, const std::string& name, const test::TiffSpec& spec) {
  const std::string path = (dir / name).string();
  test::writePatternTiff(path, spec);
  return path;
}

int runTool(const std::vector<std::string>& argv) {
  const auto r = test::run(argv);
  EXPECT_EQ(r.exitCode, 0) << argv[0] << ": " << r.err;
  return r.exitCode;
}

}  // namespace

TEST(RasterSource, ReadsTheTilesPixelsAtFullResolution) {
  test::TempDir dir;
  test::TiffSpec spec;
  spec.width = 600;
  spec.height = 400;
  const RasterSource src(tiff(dir, "rgb.tif", spec));
  EXPECT_EQ(src.info().kind, RasterKind::Rgb);
  EXPECT_EQ(src.info().crs, "EPSG:4490");
  // 600 x 400 -> 300 x 200 -> 150 x 100: three levels, the finest last.
  ASSERT_EQ(src.grid().levels.size(), 3u);
  EXPECT_EQ(src.grid().levels[2].width, 600);
  EXPECT_EQ(src.grid().levels[0].width, 150);
  EXPECT_EQ(src.grid().levels[2].matrixWidth, 3);
  EXPECT_EQ(src.grid().levels[2].matrixHeight, 2);
  // The last column's tile is the rest: 600 - 512 = 88 pixels wide.
  const RasterImage t = src.readTile({2, 2, 1});
  ASSERT_EQ(t.width, 88);
  ASSERT_EQ(t.height, 400 - 256);
  for (const auto& [c, r] : {std::pair{0, 0}, {87, 143}, {40, 17}}) {
    const std::uint8_t* p = t.pixel(c, r);
    for (int b = 0; b < 3; ++b) EXPECT_EQ(p[b], test::patternValue(b, 512 + c, 256 + r)) << c << "," << r;
    EXPECT_EQ(p[3], 255);
  }
  // The tile's place: its corner in the CRS is the geotransform's.
  const Box b = src.grid().tileBounds({2, 2, 1});
  EXPECT_NEAR(b.minX, 116.0 + 512 * 0.0001, 1e-9);
  EXPECT_NEAR(b.maxY, 23.6 - 256 * 0.0001, 1e-9);
}

TEST(RasterSource, CoarseLevelsReadTheOverviewGdalBuilt) {
  test::TempDir dir;
  test::TiffSpec spec;
  spec.width = 1024;
  spec.height = 512;
  const std::string path = tiff(dir, "ov.tif", spec);
  const std::vector<int> factors = buildOverviews(path);
  EXPECT_EQ(factors, (std::vector<int>{2, 4}));
  // gdalinfo (GDAL's own tool) sees the overviews zhenmap built.
  const auto info = test::run({"/usr/bin/gdalinfo", path});
  EXPECT_NE(info.out.find("Overviews: 512x256, 256x128"), std::string::npos) << info.out;
  // Paint the 1/2 overview a flat colour: a tile of that level must show it, proving the level is
  // read from the overview and not recomputed from the full resolution.
  {
    GDALDatasetH ds = GDALOpen(path.c_str(), GA_Update);
    for (int b = 1; b <= 3; ++b) {
      GDALRasterBandH ov = GDALGetOverview(GDALGetRasterBand(ds, b), 0);
      std::vector<std::uint8_t> flat(512 * 256, static_cast<std::uint8_t>(b * 50));
      ASSERT_EQ(GDALRasterIO(ov, GF_Write, 0, 0, 512, 256, flat.data(), 512, 256, GDT_Byte, 0, 0), CE_None);
    }
    GDALClose(ds);
  }
  const RasterSource src(path);
  ASSERT_EQ(src.info().overviews.size(), 2u);
  ASSERT_EQ(src.grid().levels.size(), 3u);
  const RasterImage half = src.readTile({1, 1, 0});
  EXPECT_EQ(half.width, 256);
  EXPECT_EQ(half.pixel(100, 100)[0], 50);
  EXPECT_EQ(half.pixel(100, 100)[2], 150);
  const RasterImage full = src.readTile({2, 1, 1});
  EXPECT_EQ(full.pixel(3, 4)[0], test::patternValue(0, 256 + 3, 256 + 4));
}

TEST(RasterSource, AlphaBandNodataAndPaletteBecomeTransparency) {
  test::TempDir dir;
  test::TiffSpec spec;
  spec.bands = 4;
  spec.alphaZero = [](int c, int) { return c < 10; };
  const RasterSource rgba(tiff(dir, "rgba.tif", spec));
  EXPECT_EQ(rgba.info().kind, RasterKind::Rgba);
  const RasterImage a = rgba.readTile({0, 0, 0});
  EXPECT_EQ(a.pixel(5, 5)[3], 0);
  EXPECT_EQ(a.pixel(50, 5)[3], 255);
  EXPECT_EQ(a.pixel(50, 5)[1], test::patternValue(1, 50, 5));

  // Grey with nodata 0.
  const std::string grey = (dir / "grey.tif").string();
  {
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), grey.c_str(), 64, 64, 1, GDT_Byte, nullptr);
    double gt[6] = {116, 0.001, 0, 23.6, 0, -0.001};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4490);
    GDALSetSpatialRef(ds, srs);
    OSRRelease(srs);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    GDALSetRasterNoDataValue(b, 0);
    std::vector<std::uint8_t> v(64 * 64, 200);
    for (int i = 0; i < 64; ++i) v[std::size_t(i)] = 0;  // the first row is nodata
    ASSERT_EQ(GDALRasterIO(b, GF_Write, 0, 0, 64, 64, v.data(), 64, 64, GDT_Byte, 0, 0), CE_None);
    GDALClose(ds);
  }
  const RasterSource g(grey);
  EXPECT_EQ(g.info().kind, RasterKind::Grey);
  const RasterImage gi = g.readTile({0, 0, 0});
  EXPECT_EQ(gi.pixel(3, 0)[3], 0);
  EXPECT_EQ(gi.pixel(3, 1)[3], 255);
  EXPECT_EQ(gi.pixel(3, 1)[1], 200);

  // A paletted raster: a palette set directly, GDAL writes it.
  const std::string pal = (dir / "pal.tif").string();
  {
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), pal.c_str(), 32, 32, 1, GDT_Byte, nullptr);
    double gt[6] = {116, 0.001, 0, 23.6, 0, -0.001};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4490);
    GDALSetSpatialRef(ds, srs);
    OSRRelease(srs);
    GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
    const GDALColorEntry red{200, 10, 20, 255}, black{0, 0, 0, 255};
    GDALSetColorEntry(ct, 0, &black);
    GDALSetColorEntry(ct, 1, &red);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    GDALSetRasterColorTable(b, ct);
    GDALSetRasterNoDataValue(b, 0);  // TIFF palettes have no alpha: index 0 is nodata instead
    GDALDestroyColorTable(ct);
    std::vector<std::uint8_t> v(32 * 32, 1);
    v[0] = 0;
    ASSERT_EQ(GDALRasterIO(b, GF_Write, 0, 0, 32, 32, v.data(), 32, 32, GDT_Byte, 0, 0), CE_None);
    GDALClose(ds);
  }
  const RasterSource p(pal);
  EXPECT_EQ(p.info().kind, RasterKind::Paletted);
  const RasterImage pi = p.readTile({0, 0, 0});
  EXPECT_EQ(pi.pixel(0, 0)[3], 0);
  EXPECT_EQ(pi.pixel(5, 5)[0], 200);
  EXPECT_EQ(pi.pixel(5, 5)[1], 10);
  EXPECT_EQ(pi.pixel(5, 5)[3], 255);
}

TEST(RasterSource, ElevationIsShadedFromTheSunsSideLikeGdaldem) {
  test::TempDir dir;
  // A ridge running north-south in a CGCS2000 GK zone: its west face looks towards the default
  // sun (azimuth 315, the north-west), its east face away from it.
  const std::string dem = (dir / "dem.tif").string();
  gdal::ensureRegistered();
  {
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), dem.c_str(), 100, 100, 1, GDT_Float32, nullptr);
    double gt[6] = {39400000, 10, 0, 2610000, 0, -10};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4527);
    GDALSetSpatialRef(ds, srs);
    OSRRelease(srs);
    std::vector<float> z(100 * 100);
    for (int r = 0; r < 100; ++r) {
      for (int c = 0; c < 100; ++c) z[std::size_t(r * 100 + c)] = float(300 - 6 * std::abs(c - 50));
    }
    ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, 100, 100, z.data(), 100, 100, GDT_Float32, 0, 0),
              CE_None);
    GDALClose(ds);
  }
  RasterOpenOptions opts;
  opts.colourRamp = false;  // grey by height, times the shade
  const RasterSource src(dem, opts);
  EXPECT_EQ(src.info().kind, RasterKind::Elevation);
  EXPECT_DOUBLE_EQ(src.info().minValue, 0);
  EXPECT_DOUBLE_EQ(src.info().maxValue, 300);
  const RasterImage img = src.readTile({0, 0, 0});
  // gdaldem on the same DEM says which face is lit; zhenmap's pixels must agree.
  const std::string shade = (dir / "shade.tif").string();
  ASSERT_EQ(runTool({"/usr/bin/gdaldem", "hillshade", "-q", dem, shade}), 0);
  int w = 0, h = 0, bands = 0;
  const std::vector<std::uint8_t> ref = test::readAllBands(shade, w, h, bands);
  const int west = 40, east = 60, row = 50;  // the same height (240 m) on both faces
  EXPECT_GT(ref[std::size_t(row * w + west)], ref[std::size_t(row * w + east)]);
  EXPECT_GT(img.pixel(west, row)[0], img.pixel(east, row)[0] + 20);
  opts.hillshade = false;
  const RasterImage flat = RasterSource(dem, opts).readTile({0, 0, 0});
  EXPECT_EQ(flat.pixel(west, row)[0], flat.pixel(east, row)[0]);
  EXPECT_EQ(flat.pixel(west, row)[0], 204);  // 240 / 300 of white
}

TEST(RasterSource, FormatsGdalWritesOpenTheSameWay) {
  test::TempDir dir;
  test::TiffSpec spec;
  spec.crs = "EPSG:3857";
  const double gt[6] = {12950000, 10, 0, 2700000, 0, -10};
  std::copy(gt, gt + 6, spec.gt);
  const std::string src = tiff(dir, "web.tif", spec);
  const std::string vrt = (dir / "a.vrt").string(), gpkg = (dir / "t.gpkg").string(), png = (dir / "p.png").string();
  const std::string mbtiles = (dir / "t.mbtiles").string();
  ASSERT_EQ(runTool({"/usr/bin/gdalbuildvrt", "-q", vrt, src}), 0);
  ASSERT_EQ(runTool({"/usr/bin/gdal_translate", "-q", "-of", "GPKG", "-co", "TILE_FORMAT=PNG", src, gpkg}), 0);
  ASSERT_EQ(runTool({"/usr/bin/gdal_translate", "-q", "-of", "PNG", "-co", "WORLDFILE=YES", src, png}), 0);
  ASSERT_EQ(runTool({"/usr/bin/gdal_translate", "-q", "-of", "MBTILES", "-co", "TILE_FORMAT=PNG", src, mbtiles}), 0);
  for (const std::string& path : {vrt, gpkg, mbtiles}) {
    const RasterSource r(path);
    EXPECT_EQ(r.info().crs, "EPSG:3857") << path;
    const TileId finest{int(r.grid().levels.size()) - 1, 0, 0};
    const RasterImage t = r.readTile(finest);
    const PixelWindow w = r.grid().window(finest);
    // GeoPackage tiles sit on their own grid: compare where the pixel lands, not its index.
    const Vec2 at = r.grid().toCrs(finest.z, double(w.x0) + 20.5, double(w.y0) + 30.5);
    const double col = (at.x - gt[0]) / gt[1] - 0.5, row = (at.y - gt[3]) / gt[5] - 0.5;
    for (int b = 0; b < 3; ++b) {
      EXPECT_NEAR(t.pixel(20, 30)[b], test::patternValue(b, col, row), 2) << path;
    }
  }
  // The PNG's world file places it; its CRS went to an .aux.xml: without that it must be assigned.
  fs::remove(png + ".aux.xml");
  try {
    RasterSource r(png);
    FAIL() << "a PNG with a world file and no CRS must ask for one";
  } catch (const CrsError& e) {
    EXPECT_NE(std::string(e.what()).find("assign one"), std::string::npos) << e.what();
  }
  RasterOpenOptions assign;
  assign.assignCrs = "EPSG:3857";
  const RasterSource r(png, assign);
  EXPECT_TRUE(r.info().crsAssigned);
  EXPECT_DOUBLE_EQ(r.info().gt[0], gt[0]);
}

TEST(RasterSource, BrokenInputIsAClearError) {
  test::TempDir dir;
  // No georeferencing at all: a plain PNG.
  test::TiffSpec spec;
  const std::string src = tiff(dir, "plain.tif", spec);
  const std::string bare = (dir / "bare.png").string();
  ASSERT_EQ(runTool({"/usr/bin/gdal_translate", "-q", "-of", "PNG", src, bare}), 0);
  fs::remove(bare + ".aux.xml");
  try {
    RasterSource r(bare);
    FAIL();
  } catch (const CrsError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("no georeferencing"), std::string::npos) << msg;
    EXPECT_NE(msg.find("world file"), std::string::npos) << msg;
    EXPECT_NE(msg.find("bare.png"), std::string::npos) << msg;
  }
  // Not a raster at all, and a missing file.
  test::writeFile(dir / "junk.tif", "this is not a TIFF");
  EXPECT_THROW(RasterSource((dir / "junk.tif").string()), OpenError);
  EXPECT_THROW(RasterSource((dir / "missing.tif").string()), OpenError);
  // A truncated GeoTIFF: the header opens, the missing tiles fail to read, with the path.
  test::TiffSpec big;
  big.width = big.height = 1024;
  const std::string cut = tiff(dir, "cut.tif", big);
  fs::resize_file(cut, fs::file_size(cut) / 3);
  const RasterSource r(cut);
  const TileId last{r.grid().levels.back().identifier == "2" ? 2 : int(r.grid().levels.size()) - 1, 3, 3};
  try {
    r.readTile(last);
    FAIL() << "reading past the end of a truncated file must fail";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.tif"), std::string::npos) << e.what();
  }
}
