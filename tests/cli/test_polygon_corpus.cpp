// The hard-polygon corpus (polygon_corpus.hpp) drawn by `zhenmap render` and burned by
// gdal_rasterize, an independent implementation, with the same extent and size: per polygon,
// fewer mismatched pixels than its outline is long in pixels (antialiased edges decide by half
// coverage, GDAL by pixel centres), and no region of mismatch wider than a pixel (no 2x2 block of
// mismatched pixels: no inverted cell, no lost or extra part). Fills and outlines, at three
// sizes, at the level of detail the picture draws and at full detail. All polygons of a size go
// into one GeoPackage as a mosaic of tiles, one polygon per tile: one gdal_rasterize and one
// render per picture. Also rings across the antimeridian in lon/lat.
#include <gdal.h>
#include <geos_c.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cctype>
#include <cmath>
#include <cstdio>

#include "image.hpp"
#include "polygon_corpus.hpp"
#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

struct Mask {
  int width = 0, height = 0;
  std::vector<std::uint8_t> on;
  bool at(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height && on[std::size_t(y) * width + x]; }
};

Mask burned(const std::string& tif) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(tif.c_str(), GA_ReadOnly);
  EXPECT_NE(ds, nullptr) << tif;
  Mask m;
  if (!ds) return m;
  m.width = GDALGetRasterXSize(ds);
  m.height = GDALGetRasterYSize(ds);
  m.on.resize(std::size_t(m.width) * m.height);
  EXPECT_EQ(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, m.width, m.height, m.on.data(), m.width, m.height,
                         GDT_Byte, 0, 0),
            CE_None);
  GDALClose(ds);
  return m;
}

// Black on white: a pixel is drawn when darker than `threshold` (128: more than half covered).
Mask drawn(const std::string& png, int threshold) {
  const Image img = readPng(png);
  Mask m{img.width, img.height, std::vector<std::uint8_t>(std::size_t(img.width) * img.height)};
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) m.on[std::size_t(y) * img.width + x] = img.pixel(x, y)[0] < threshold;
  }
  return m;
}

struct Tile {
  int x0, y0, size;
};

// The mosaic: `columns` tiles a row, `tilePx` pixels each, `metres` per pixel, in Web Mercator
// near Jieyang (large coordinates: the renderer's float origin matters). A polygon's unit square
// fills its tile less a margin, offset from the pixel grid by a fraction.
struct Mosaic {
  int tilePx = 64;
  int columns = 7;
  int rows = 1;
  double metres = 7.0;
  double x0 = 12950000.0, y1 = 2700000.0;
  static constexpr int kMargin = 4;
  int width() const { return columns * tilePx; }
  int height() const { return rows * tilePx; }
  Tile tile(std::size_t k) const { return {int(k % columns) * tilePx, int(k / columns) * tilePx, tilePx}; }
  double scale() const { return tilePx - 2 * kMargin - 1; }  // pixels per unit
  // x = ax + bx u, y = ay + by v in metres for polygon k.
  void mapping(std::size_t k, double& ax, double& bx, double& ay, double& by) const {
    const Tile t = tile(k);
    ax = x0 + (t.x0 + kMargin + 0.37) * metres;
    bx = scale() * metres;
    ay = y1 - (t.y0 + t.size - kMargin - 0.29) * metres;
    by = scale() * metres;
  }
  std::string extent() const {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%.10f,%.10f,%.10f,%.10f", x0, y1 - height() * metres, x0 + width() * metres, y1);
    return buf;
  }
};

OGRLayerH newLayer(GDALDatasetH ds, OGRSpatialReferenceH srs, const char* name, OGRwkbGeometryType type) {
  OGRLayerH layer = GDALDatasetCreateLayer(ds, name, srs, type, nullptr);
  OGRFieldDefnH field = OGR_Fld_Create("name", OFTString);
  OGR_L_CreateField(layer, field, TRUE);
  OGR_Fld_Destroy(field);
  return layer;
}

void addFeature(OGRLayerH layer, const std::string& name, const std::string& wkt) {
  OGRGeometryH g = nullptr;
  char* text = const_cast<char*>(wkt.c_str());
  ASSERT_EQ(OGR_G_CreateFromWkt(&text, nullptr, &g), OGRERR_NONE) << name;
  OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
  OGR_F_SetFieldString(f, 0, name.c_str());
  OGR_F_SetGeometryDirectly(f, g);
  EXPECT_EQ(OGR_L_CreateFeature(layer, f), OGRERR_NONE) << name;
  OGR_F_Destroy(f);
}

// Layers: "corpus" (the polygons), "detail" (the same and a far-away square that widens the
// layer's extent, so that the picture draws full detail, level 0, instead of a simplified level),
// "outlines" (the rings as lines, for gdal_rasterize).
void writeMosaic(const std::string& path, const Mosaic& m, const std::vector<test::CorpusPolygon>& corpus) {
  GDALAllRegister();
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 3857);
  OGRLayerH polygons = newLayer(ds, srs, "corpus", wkbUnknown);
  OGRLayerH detail = newLayer(ds, srs, "detail", wkbUnknown);
  OGRLayerH outlines = newLayer(ds, srs, "outlines", wkbMultiLineString);
  for (std::size_t k = 0; k < corpus.size(); ++k) {
    double ax, bx, ay, by;
    m.mapping(k, ax, bx, ay, by);
    addFeature(polygons, corpus[k].name, test::corpusWkt(corpus[k], ax, bx, ay, by));
    addFeature(detail, corpus[k].name, test::corpusWkt(corpus[k], ax, bx, ay, by));
    addFeature(outlines, corpus[k].name, test::corpusOutlineWkt(corpus[k], ax, bx, ay, by));
  }
  const double far = 400000.0 * m.metres;
  char anchor[256];
  std::snprintf(anchor, sizeof anchor, "POLYGON ((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", m.x0 + far, m.y1,
                m.x0 + far + 1, m.y1, m.x0 + far + 1, m.y1 + 1, m.x0 + far, m.y1);
  addFeature(detail, "anchor", anchor);
  OSRRelease(srs);
  GDALClose(ds);
}

std::string rasterize(const test::TempDir& dir, const std::string& gpkg, const std::string& layer, const Mosaic& m,
                      const std::string& name) {
  const std::string tif = (dir / (name + ".tif")).string();
  const double minY = m.y1 - m.height() * m.metres, maxX = m.x0 + m.width() * m.metres;
  char te[4][40];
  std::snprintf(te[0], 40, "%.10f", m.x0);
  std::snprintf(te[1], 40, "%.10f", minY);
  std::snprintf(te[2], 40, "%.10f", maxX);
  std::snprintf(te[3], 40, "%.10f", m.y1);
  const test::RunResult r =
      test::run({"/usr/bin/gdal_rasterize", "-q", "-l", layer, "-burn", "1", "-ot", "Byte", "-te", te[0], te[1], te[2],
                 te[3], "-ts", std::to_string(m.width()), std::to_string(m.height()), gpkg, tif});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return tif;
}

std::string render(const test::TempDir& dir, const std::string& gpkg, const std::string& layer, const Mosaic& m,
                   bool outline, const std::string& name) {
  const std::string style = (dir / (outline ? "outline.json" : "fill.json")).string();
  test::writeFile(
      style, outline ? R"({"kind": "single", "symbol": {"fill": "#00000000", "stroke": "#000000", "stroke_width": 1}})"
                     : R"({"kind": "single", "symbol": {"fill": "#000000", "stroke_width": 0}})");
  const std::string png = (dir / (name + ".png")).string();
  std::vector<std::string> args = {"render",
                                   gpkg,
                                   "--layers",
                                   layer,
                                   "--crs",
                                   "EPSG:3857",
                                   "--extent",
                                   m.extent(),
                                   "--size",
                                   std::to_string(m.width()) + "x" + std::to_string(m.height()),
                                   "--no-labels",
                                   "--background",
                                   "#ffffff",
                                   "--style",
                                   layer + "=" + style,
                                   "--out",
                                   png};
  if (!outline) args.push_back("--no-outline");
  const test::RunResult r = test::runZhenmap(args);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return png;
}

// Mismatched pixels that are the top-left of a 2x2 block of mismatches.
int blocks(const Mask& miss, const Tile& t) {
  int n = 0;
  for (int y = t.y0; y + 1 < t.y0 + t.size; ++y) {
    for (int x = t.x0; x + 1 < t.x0 + t.size; ++x) {
      n += miss.at(x, y) && miss.at(x + 1, y) && miss.at(x, y + 1) && miss.at(x + 1, y + 1);
    }
  }
  return n;
}

// For a failed comparison: corpus-failures/NAME.png in the working directory (build/tests under
// ctest), GDAL's pixels grey, ours black, mismatches red (only ours) or blue (only GDAL's).
void keepDiff(const Mask& gdal, const Mask& ours, const std::string& name) {
  Image img{gdal.width, gdal.height, std::vector<std::uint8_t>(std::size_t(gdal.width) * gdal.height * 4, 255)};
  for (std::size_t i = 0; i < gdal.on.size(); ++i) {
    std::uint8_t* p = &img.rgba[i * 4];
    if (gdal.on[i] && ours.on[i]) p[0] = p[1] = p[2] = 160;
    if (gdal.on[i] && !ours.on[i]) p[0] = p[1] = 0;
    if (!gdal.on[i] && ours.on[i]) p[1] = p[2] = 0;
  }
  fs::create_directories("corpus-failures");
  writePng(img, "corpus-failures/" + name + ".png");
}

void compareFills(const Mask& gdal, const Mask& ours, const Mosaic& m, const std::vector<test::CorpusPolygon>& corpus,
                  const std::string& what) {
  ASSERT_EQ(gdal.width, ours.width);
  ASSERT_EQ(gdal.height, ours.height);
  Mask miss = gdal;
  for (std::size_t i = 0; i < miss.on.size(); ++i) miss.on[i] = gdal.on[i] != ours.on[i];
  bool failed = false;
  for (std::size_t k = 0; k < corpus.size(); ++k) {
    const Tile t = m.tile(k);
    int mismatched = 0;
    for (int y = t.y0; y < t.y0 + t.size; ++y) {
      for (int x = t.x0; x < t.x0 + t.size; ++x) mismatched += miss.at(x, y);
    }
    const double outline = test::corpusOutlineLength(corpus[k], m.scale());
    const int wide = blocks(miss, t);
    EXPECT_LE(mismatched, outline) << what << ": " << corpus[k].name;
    EXPECT_EQ(wide, 0) << what << ": " << corpus[k].name << ": a region of mismatch wider than a pixel";
    failed = failed || mismatched > outline || wide > 0;
  }
  if (failed) {
    std::string name = what;
    for (char& ch : name) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    keepDiff(gdal, ours, name);
  }
}

// Every pixel GDAL burns for the rings has a drawn one within a pixel, and every pixel drawn
// clearly (over 60% dark) has a burned one within a pixel: no outline missing, none extra. A ring
// of no length (one point) is burned by GDAL as its pixel and drawn by no one else: not compared.
void compareOutlines(const Mask& gdal, const Mask& faint, const Mask& clear, const Mosaic& m,
                     const std::vector<test::CorpusPolygon>& corpus, const std::string& what) {
  auto near = [](const Mask& mask, int x, int y) {
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dx = -1; dx <= 1; ++dx) {
        if (mask.at(x + dx, y + dy)) return true;
      }
    }
    return false;
  };
  for (std::size_t k = 0; k < corpus.size(); ++k) {
    const Tile t = m.tile(k);
    int missing = 0, extra = 0;
    for (int y = t.y0; y < t.y0 + t.size; ++y) {
      for (int x = t.x0; x < t.x0 + t.size; ++x) {
        missing += gdal.at(x, y) && !near(faint, x, y);
        extra += clear.at(x, y) && !near(gdal, x, y);
      }
    }
    if (test::corpusOutlineLength(corpus[k], 1.0) > 0) {
      EXPECT_EQ(missing, 0) << what << ": " << corpus[k].name << ": outline pixels not drawn";
    }
    EXPECT_EQ(extra, 0) << what << ": " << corpus[k].name << ": outline drawn where there is none";
  }
}

// The cases the corpus builds valid are valid for GEOS too (OGC rules), the others are not: the
// corpus holds what it says (valid polygons with many holes touching at vertices, and invalid
// boundaries).
TEST(PolygonCorpusCases, ValidityIsWhatTheCorpusSays) {
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(h);
  int valid = 0;
  for (const test::CorpusPolygon& p : test::polygonCorpus()) {
    GEOSGeometry* g = GEOSWKTReader_read_r(h, reader, test::corpusWkt(p, 0, 1, 0, 1).c_str());
    const bool isValid = g && GEOSisValid_r(h, g) == 1;  // GEOS cannot even read some invalid rings
    EXPECT_EQ(isValid, p.valid) << p.name;
    valid += isValid;
    if (g) GEOSGeom_destroy_r(h, g);
  }
  EXPECT_GE(valid, 10);
  GEOSWKTReader_destroy_r(h, reader);
  GEOS_finish_r(h);
}

class PolygonCorpus : public ::testing::TestWithParam<int> {};

TEST_P(PolygonCorpus, FillsAndOutlinesMatchGdalRasterize) {
  const std::vector<test::CorpusPolygon> corpus = test::polygonCorpus();
  test::TempDir dir;
  Mosaic m;
  m.tilePx = GetParam();
  m.rows = int((corpus.size() + m.columns - 1) / m.columns);
  const std::string gpkg = (dir / "corpus.gpkg").string();
  writeMosaic(gpkg, m, corpus);

  const Mask fill = burned(rasterize(dir, gpkg, "corpus", m, "fill"));
  const Mask lines = burned(rasterize(dir, gpkg, "outlines", m, "outlines"));
  std::size_t burnedPixels = 0;
  for (auto v : fill.on) burnedPixels += v;
  ASSERT_GT(burnedPixels, std::size_t(m.tilePx * m.tilePx))
      << "gdal_rasterize burned almost nothing: the setup is wrong";
  for (const std::string layer : {"corpus", "detail"}) {
    const std::string what = std::to_string(m.tilePx) + " px, " + (layer == "corpus" ? "level drawn" : "full detail");
    compareFills(fill, drawn(render(dir, gpkg, layer, m, false, layer + "_fill"), 128), m, corpus, what + ", fill");
    const std::string png = render(dir, gpkg, layer, m, true, layer + "_outline");
    compareOutlines(lines, drawn(png, 250), drawn(png, 100), m, corpus, what + ", outline");
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, PolygonCorpus, ::testing::Values(64, 128, 256),
                         [](const auto& p) { return std::to_string(p.param) + "px"; });

// Lon/lat rings across the antimeridian: one written as the coordinates run (170 to -170: GDAL
// and zhenmap both draw it across the whole map, as the numbers say), and the same area as two
// parts cut at 180.
TEST(PolygonCorpusLonLat, RingsAcrossTheAntimeridian) {
  test::TempDir dir;
  const std::string path = (dir / "antimeridian.geojson").string();
  test::writeFile(path, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"as written"},"geometry":{"type":"Polygon","coordinates":[[[170,10],[-170,10],[-170,30],[170,30],[170,10]]]}},
{"type":"Feature","properties":{"name":"cut at 180"},"geometry":{"type":"MultiPolygon","coordinates":[[[[170,-30],[180,-30],[180,-10],[170,-10],[170,-30]]],[[[-180,-30],[-170,-30],[-170,-10],[-180,-10],[-180,-30]]]]}}]})");
  const std::string tif = (dir / "burn.tif").string();
  ASSERT_EQ(test::run({"/usr/bin/gdal_rasterize", "-q", "-burn", "1", "-ot", "Byte", "-te", "-180", "-90", "180", "90",
                       "-ts", "720", "360", path, tif})
                .exitCode,
            0);
  test::writeFile(dir / "fill.json", R"({"kind": "single", "symbol": {"fill": "#000000", "stroke_width": 0}})");
  const std::string png = (dir / "ours.png").string();
  const test::RunResult r =
      test::runZhenmap({"render", path, "--crs", "EPSG:4326", "--extent", "-180,-90,180,90", "--size", "720x360",
                        "--no-labels", "--no-outline", "--background", "#ffffff", "--style",
                        "antimeridian=" + (dir / "fill.json").string(), "--out", png});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const Mask gdal = burned(tif), ours = drawn(png, 128);
  Mask miss = gdal;
  int mismatched = 0, filled = 0;
  for (std::size_t i = 0; i < miss.on.size(); ++i) {
    miss.on[i] = gdal.on[i] != ours.on[i];
    mismatched += miss.on[i];
    filled += gdal.on[i];
  }
  EXPECT_GT(filled, 680 * 40 * 95 / 100) << "the ring as written spans the map";
  EXPECT_LE(mismatched, 2 * (680 + 40) + 4 * (20 + 40));  // the outlines' length in pixels
  EXPECT_EQ(blocks(miss, Tile{0, 0, 720}), 0);
}

}  // namespace
