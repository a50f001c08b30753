// Which fill draws invalid polygons as GDAL's rasterizer (and QGIS) draws them: a repaired copy
// from GEOS MakeValid in LINEWORK mode (what zhenmap drew before), one from MakeValid with
// METHOD=STRUCTURE, or the raw rings by the even-odd rule, part by part (what zhenmap draws now).
// For every polygon of the hard corpus (tests/cli/polygon_corpus.hpp) and of real data with
// invalid rings (the county outlines in data/jieyang by default): the pixels where GDAL's burn of
// each repaired copy differs from GDAL's burn of the polygon as it is, on a 256 x 256 grid over
// the polygon's box (the repaired copies are valid, so any correct renderer fills them alike;
// the even-odd fill is GDAL's own rule, and the corpus test checks that zhenmap draws it so), and
// the time each MakeValid takes (best of 5).
//   bench_fill_semantics [FILE ...]
#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <geos_c.h>
#include <ogr_api.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "../tests/cli/polygon_corpus.hpp"

namespace {

constexpr int kGrid = 256;

struct Case {
  std::string name;
  std::string wkt;
};

// Pixels GDAL burns for the geometry (WKT) over `box` (minx, miny, maxx, maxy).
std::vector<unsigned char> burn(const std::string& wkt, const double box[4]) {
  std::vector<unsigned char> out(kGrid * kGrid, 0);
  if (wkt.empty()) return out;
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("MEM"), "", kGrid, kGrid, 1, GDT_Byte, nullptr);
  const double w = box[2] - box[0], h = box[3] - box[1];
  // A pixel grid offset by a fraction, so that no edge of the corpus passes exactly through pixel
  // centres (where two correct fills of one area may differ by ties).
  double gt[6] = {box[0] - 0.0237 * w, 1.04 * w / kGrid, 0, box[3] + 0.0219 * h, 0, -1.04 * h / kGrid};
  GDALSetGeoTransform(ds, gt);
  OGRGeometryH g = nullptr;
  char* text = const_cast<char*>(wkt.c_str());
  if (OGR_G_CreateFromWkt(&text, nullptr, &g) == OGRERR_NONE && g) {
    int band = 1;
    double value = 1;
    GDALRasterizeGeometries(ds, 1, &band, 1, &g, nullptr, nullptr, &value, nullptr, nullptr, nullptr);
    OGR_G_DestroyGeometry(g);
  }
  if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, kGrid, kGrid, out.data(), kGrid, kGrid, GDT_Byte, 0, 0) !=
      CE_None) {
    std::fill(out.begin(), out.end(), 0);
  }
  GDALClose(ds);
  return out;
}

struct Repair {
  std::string wkt;  // the polygonal result ("" when none)
  double ms = 0.0;  // best of 5
};

Repair makeValid(GEOSContextHandle_t h, const GEOSGeometry* g, int method) {
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(h);
  GEOSMakeValidParams_setMethod_r(h, params, static_cast<GEOSMakeValidMethods>(method));
  GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
  Repair out;
  out.ms = 1e300;
  GEOSGeometry* fixed = nullptr;
  for (int run = 0; run < 5; ++run) {
    if (fixed) GEOSGeom_destroy_r(h, fixed);
    const auto start = std::chrono::steady_clock::now();
    fixed = GEOSMakeValidWithParams_r(h, g, params);
    out.ms =
        std::min(out.ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  GEOSMakeValidParams_destroy_r(h, params);
  if (!fixed) return out;
  // Keep the polygonal parts (LINEWORK may add lines and points for collapsed pieces).
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(h);
  GEOSWKTWriter_setRoundingPrecision_r(h, writer, 17);
  std::vector<std::string> polygons;
  for (int i = 0; i < GEOSGetNumGeometries_r(h, fixed); ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(h, fixed, i);
    const int type = GEOSGeomTypeId_r(h, part);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
      char* text = GEOSWKTWriter_write_r(h, writer, part);
      polygons.emplace_back(text);
      GEOSFree_r(h, text);
    }
  }
  GEOSWKTWriter_destroy_r(h, writer);
  GEOSGeom_destroy_r(h, fixed);
  if (polygons.empty()) return out;
  // GDAL burns a collection's polygons one by one (their union).
  out.wkt = "GEOMETRYCOLLECTION (";
  for (std::size_t i = 0; i < polygons.size(); ++i) out.wkt += (i ? "," : "") + polygons[i];
  out.wkt += ")";
  return out;
}

int differing(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

std::vector<Case> cases(int argc, char** argv) {
  std::vector<Case> out;
  for (const zhenmap::test::CorpusPolygon& p : zhenmap::test::polygonCorpus()) {
    out.push_back({p.name, zhenmap::test::corpusWkt(p, 0, 1, 0, 1)});
  }
  std::vector<std::string> files(argv + 1, argv + argc);
  if (files.empty()) files.push_back(std::string(ZHENMAP_SOURCE_DIR) + "/data/jieyang/jieyang_counties.geojson");
  for (const std::string& file : files) {
    GDALDatasetH ds = GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    if (!ds) continue;
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      char* text = nullptr;
      if (g && OGR_G_ExportToWkt(g, &text) == OGRERR_NONE) {
        out.push_back({file.substr(file.find_last_of('/') + 1) + " #" + std::to_string(OGR_F_GetFID(f)), text});
      }
      CPLFree(text);
      OGR_F_Destroy(f);
    }
    GDALClose(ds);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  GDALAllRegister();
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(h);
  std::printf("| polygon | GEOS valid | LINEWORK: pixels off | STRUCTURE: pixels off | LINEWORK ms | STRUCTURE ms |\n");
  std::printf("|---|---|---|---|---|---|\n");
  int invalid = 0, lineworkOff = 0, structureOff = 0, lineworkCases = 0, structureCases = 0;
  double lineworkMs = 0, structureMs = 0;
  for (const Case& c : cases(argc, argv)) {
    GEOSGeometry* g = GEOSWKTReader_read_r(h, reader, c.wkt.c_str());
    if (!g) {
      std::printf("| %s | GEOS cannot read it | | | | |\n", c.name.c_str());
      continue;
    }
    double box[4];
    GEOSGeom_getXMin_r(h, g, &box[0]);
    GEOSGeom_getYMin_r(h, g, &box[1]);
    GEOSGeom_getXMax_r(h, g, &box[2]);
    GEOSGeom_getYMax_r(h, g, &box[3]);
    if (!(box[2] > box[0]) || !(box[3] > box[1])) box[2] = box[0] + 1, box[3] = box[1] + 1;
    const bool valid = GEOSisValid_r(h, g) == 1;
    const std::vector<unsigned char> reference = burn(c.wkt, box);
    const Repair linework = makeValid(h, g, GEOS_MAKE_VALID_LINEWORK);
    const Repair structure = makeValid(h, g, GEOS_MAKE_VALID_STRUCTURE);
    const int offL = differing(reference, burn(linework.wkt, box)),
              offS = differing(reference, burn(structure.wkt, box));
    if (!valid) {
      ++invalid;
      lineworkOff += offL;
      structureOff += offS;
      lineworkCases += offL > 0;
      structureCases += offS > 0;
      lineworkMs += linework.ms;
      structureMs += structure.ms;
    }
    std::printf("| %s | %s | %d | %d | %.3f | %.3f |\n", c.name.c_str(), valid ? "yes" : "no", offL, offS, linework.ms,
                structure.ms);
    GEOSGeom_destroy_r(h, g);
  }
  std::printf(
      "\ninvalid polygons: %d; drawn differently from GDAL: LINEWORK %d (%d pixels), STRUCTURE %d (%d pixels), "
      "even-odd 0 (GDAL's own rule); MakeValid time over them: LINEWORK %.1f ms, STRUCTURE %.1f ms, even-odd 0\n",
      invalid, lineworkCases, lineworkOff, structureCases, structureOff, lineworkMs, structureMs);
  GEOSWKTReader_destroy_r(h, reader);
  GEOS_finish_r(h);
  return 0;
}
