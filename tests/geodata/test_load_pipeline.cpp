// The loading pipeline on layers big enough to use worker threads: features come back in
// reading order with their attributes, geometry and issues whatever the number of threads; the
// bulk closed-form Web Mercator is a pure function of each point (equal points give equal
// results wherever they sit in an array, so rings stay closed); the ring shortcut of validation
// still never proves a long, wiggly ring that GEOS calls invalid.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "crs_transform.hpp"
#include "gdal_handles.hpp"
#include "geos_convert.hpp"
#include "simple_ring.hpp"
#include "spatial_index.hpp"
#include "test_support.hpp"
#include "vector_source.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

constexpr int kFeatures = 3000;  // many batches per worker
constexpr double kPi = 3.14159265358979323846;

// Written values, recomputed by the test from the index (not read back through our code).
std::string nameOf(int i) { return "村" + std::to_string(i); }
std::int64_t codeOf(int i) { return 445200000000LL + i; }
double lonOf(int i) { return 115.6 + 0.01 * (i % 60); }
double latOf(int i) { return 22.9 + 0.01 * (i / 60); }
bool isBowtie(int i) { return i % 500 == 7; }
bool isNullGeometry(int i) { return i % 700 == 11; }
bool isNaN(int i) { return i % 900 == 13; }

// Web Mercator on the sphere, as in the EPSG:3857 definition.
Vec2 mercator(double lon, double lat) {
  constexpr double r = 6378137.0;
  return {r * lon * kPi / 180.0, r * std::log(std::tan(kPi / 4 + lat * kPi / 360.0))};
}

fs::path writeVillages(const test::TempDir& dir) {
  gdal::ensureRegistered();
  const fs::path path = dir / "many.gpkg";
  gdal::Dataset ds(GDALCreate(GDALGetDriverByName("GPKG"), path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path.string());
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  OSRImportFromEPSG(srs.get(), 4490);
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "villages", srs.get(), wkbPolygon, nullptr);
  gdal::FieldDefn name(OGR_Fld_Create("name", OFTString)), code(OGR_Fld_Create("code", OFTInteger64)),
      area(OGR_Fld_Create("area", OFTReal));
  OGR_L_CreateField(layer, name.get(), TRUE);
  OGR_L_CreateField(layer, code.get(), TRUE);
  OGR_L_CreateField(layer, area.get(), TRUE);
  GDALDatasetStartTransaction(ds.get(), TRUE);
  for (int i = 0; i < kFeatures; ++i) {
    gdal::Feature f(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
    OGR_F_SetFieldString(f.get(), 0, nameOf(i).c_str());
    OGR_F_SetFieldInteger64(f.get(), 1, codeOf(i));
    if (i % 3 != 0) OGR_F_SetFieldDouble(f.get(), 2, 0.5 * i);  // every third area is null
    if (!isNullGeometry(i)) {
      const double x = lonOf(i), y = latOf(i), d = 0.004;
      gdal::GeometryPtr ring(OGR_G_CreateGeometry(wkbLinearRing));
      if (isBowtie(i)) {
        OGR_G_AddPoint_2D(ring.get(), x, y);
        OGR_G_AddPoint_2D(ring.get(), x + d, y + d);
        OGR_G_AddPoint_2D(ring.get(), x + d, y);
        OGR_G_AddPoint_2D(ring.get(), x, y + d);
      } else {
        OGR_G_AddPoint_2D(ring.get(), x, y);
        OGR_G_AddPoint_2D(ring.get(), x + d, y);
        OGR_G_AddPoint_2D(ring.get(), isNaN(i) ? std::numeric_limits<double>::quiet_NaN() : x + d, y + d);
        OGR_G_AddPoint_2D(ring.get(), x, y + d);
      }
      OGR_G_AddPoint_2D(ring.get(), x, y);
      gdal::GeometryPtr poly(OGR_G_CreateGeometry(wkbPolygon));
      OGR_G_AddGeometry(poly.get(), ring.get());
      OGR_F_SetGeometry(f.get(), poly.get());
    }
    if (OGR_L_CreateFeature(layer, f.get()) != OGRERR_NONE) throw std::runtime_error("cannot write feature");
  }
  GDALDatasetCommitTransaction(ds.get());
  return path;
}

}  // namespace

TEST(LoadPipeline, ManyFeaturesKeepOrderAttributesAndIssuesWhateverTheThreads) {
  test::TempDir dir;
  const fs::path path = writeVillages(dir);
  for (unsigned threads : {1u, 2u, 3u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    ReadOptions options;
    options.threads = threads;
    const std::vector<LayerData> layers = readVectorSource(path.string(), options);
    ASSERT_EQ(layers.size(), 1u);
    const LayerData& l = layers[0];
    ASSERT_EQ(l.features.size(), std::size_t(kFeatures));
    std::size_t issue = 0;
    for (int i = 0; i < kFeatures; ++i) {
      const Feature& f = l.features[static_cast<std::size_t>(i)];
      ASSERT_EQ(f.fid, i + 1);  // GeoPackage fids count from 1, in writing order
      ASSERT_EQ(f.attributes.size(), 3u);
      EXPECT_EQ(std::get<std::string>(f.attributes[0]), nameOf(i));
      EXPECT_EQ(std::get<std::int64_t>(f.attributes[1]), codeOf(i));
      if (i % 3 == 0) {
        EXPECT_TRUE(isNull(f.attributes[2]));
      } else {
        EXPECT_EQ(std::get<double>(f.attributes[2]), 0.5 * i);
      }
      const bool skipped = isNullGeometry(i) || isNaN(i);
      if (skipped || isBowtie(i)) {
        ASSERT_LT(issue, l.issues.size());
        const GeometryIssue& g = l.issues[issue++];
        EXPECT_EQ(g.index, std::size_t(i));
        EXPECT_EQ(g.fid, f.fid);
        EXPECT_EQ(g.status, isNullGeometry(i) ? GeometryStatus::Null
                            : isNaN(i)        ? GeometryStatus::NonFinite
                                              : GeometryStatus::Invalid);
      }
      if (skipped) {
        EXPECT_TRUE(f.geometry.empty());
        continue;
      }
      ASSERT_EQ(f.geometry.points.size(), 5u);
      EXPECT_EQ(f.geometry.points.front(), f.geometry.points.back());  // still closed, bit for bit
      const Vec2 expected = mercator(lonOf(i), latOf(i));
      EXPECT_NEAR(f.geometry.points[0].x, expected.x, 1e-6);
      EXPECT_NEAR(f.geometry.points[0].y, expected.y, 1e-6);
      EXPECT_EQ(f.status, isBowtie(i) ? GeometryStatus::Invalid : GeometryStatus::Valid);
    }
    EXPECT_EQ(issue, l.issues.size());
    ASSERT_TRUE(l.index);
    // The index finds feature 0 (valid) at its own corner.
    const Vec2 corner = mercator(lonOf(0) + 0.002, latOf(0) + 0.002);
    const std::vector<std::uint32_t> hits = l.index->query(Box{corner.x, corner.y, corner.x, corner.y});
    EXPECT_EQ(hits, std::vector<std::uint32_t>{0});
  }
}

TEST(LoadPipeline, BulkWebMercatorIsAPureFunctionOfEachPoint) {
  const CrsTransform t("EPSG:4490", "EPSG:3857");
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lon(-180.0, 180.0), lat(-85.0, 85.0);
  std::vector<Vec2> in;
  for (int k = 0; k < 203; ++k) in.push_back({lon(rng), lat(rng)});  // not a multiple of 4
  in[5] = in[0];                                                     // the same point in another lane and group
  in[202] = in[0];                                                   // and in the padded last group
  in[17] = {std::numeric_limits<double>::quiet_NaN(), 23.0};
  in[18] = {116.0, 90.0};    // the pole: no Mercator y
  in[19] = {200.0, 23.0};    // wraps to -160
  in[20] = {-116.0, -23.5};  // an ordinary point among the odd ones
  std::vector<Vec2> out = in;
  t.forward(out.data(), out.size());
  EXPECT_EQ(std::memcmp(&out[0], &out[5], sizeof(Vec2)), 0);
  EXPECT_EQ(std::memcmp(&out[0], &out[202], sizeof(Vec2)), 0);
  EXPECT_TRUE(std::isnan(out[17].x) && std::isnan(out[17].y));
  EXPECT_TRUE(std::isnan(out[18].x) && std::isnan(out[18].y));
  EXPECT_NEAR(out[19].x, mercator(-160.0, 23.0).x, 1e-6);
  for (std::size_t k = 0; k < in.size(); ++k) {
    if (k >= 17 && k <= 19) continue;
    const Vec2 e = mercator(in[k].x, in[k].y);
    EXPECT_NEAR(out[k].x, e.x, 1e-6) << k;
    EXPECT_NEAR(out[k].y, e.y, 1e-6) << k;
    // One point at a time gives the very same numbers as the bulk call.
    const Vec2 single = t.forward(in[k]);
    EXPECT_EQ(std::memcmp(&single, &out[k], sizeof(Vec2)), 0) << k;
  }
}

TEST(LoadPipeline, BulkWebMercatorAgreesWithTheClosedFormEverywhere) {
  const CrsTransform t("EPSG:4490", "EPSG:3857");
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> lon(-180.0, 180.0), lat(-89.9, 89.9), step(0.0, 0.01);
  std::vector<Vec2> in;
  for (int k = 0; k < 200000; ++k) in.push_back({lon(rng), lat(rng)});
  for (double y = -85.2; y < 85.2; y += step(rng)) in.push_back({116.0, y});  // every table interval
  std::vector<Vec2> out = in;
  t.forward(out.data(), out.size());
  double worst = 0;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const Vec2 e = mercator(in[k].x, in[k].y);
    worst = std::max({worst, std::abs(out[k].x - e.x), std::abs(out[k].y - e.y)});
  }
  EXPECT_LT(worst, 1e-7) << "metres";  // y reaches 3.8e7 m near 89.9 degrees
}

TEST(LoadPipeline, LongWigglyRingsAreNeverProvedWhenGeosFindsThemInvalid) {
  geos::Context ctx;
  SimpleRingCheck check;
  std::mt19937_64 rng(20261129);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  int proved = 0, valid = 0;
  for (int i = 0; i < 1500; ++i) {
    // Many monotone runs in x (lobes, up to 80 runs); every third ring jittered enough in angle
    // to cross itself.
    const int n = 60 + i % 500, lobes = 1 + i % 40;
    const double depth = (i % 5 == 0 ? 0.9 : 0.15) * (1.0 + 0.2 * u(rng)), jitter = i % 3 == 0 ? 1.5 : 0.01;
    Geometry g;
    g.kind = GeomKind::Polygon;
    for (int k = 0; k < n; ++k) {
      const double a = 2 * kPi * (k + jitter * u(rng)) / n;
      const double r = 1000.0 * (1.0 + depth * std::sin(lobes * a));
      g.points.push_back({12.9e6 + r * std::cos(a), 2.6e6 + r * std::sin(a)});
    }
    g.points.push_back(g.points.front());
    g.rings = {0, static_cast<std::uint32_t>(g.points.size())};
    g.parts = {0, 1};
    const bool shortcut = check.provedSimple(g.points.data(), g.points.size());
    geos::GeometryPtr poly = geos::polygonsToGeos(ctx, g, false);
    const bool geosValid = poly && GEOSisValid_r(ctx.get(), poly.get()) == 1;
    proved += shortcut ? 1 : 0;
    valid += geosValid ? 1 : 0;
    if (shortcut) {
      ASSERT_TRUE(geosValid) << "ring " << i << " proved simple but GEOS says invalid";
    }
  }
  EXPECT_GT(valid, 300);
  EXPECT_LT(valid, 1400);  // both kinds occur
  EXPECT_GT(proved, valid / 2);
}
