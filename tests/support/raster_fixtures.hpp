// Rasters made by the tests themselves with GDAL's C API: GeoTIFFs with a known pixel pattern in a
// given CRS and geotransform, so what zhenmap reads and draws can be checked against the pattern
// and against GDAL's own tools. Header-only: shared by the geodata, render and CLI tests.
#pragma once

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zhenmap::test {

// The pattern's value of band b (0-based) at pixel (col, row): smooth waves, so resampling
// differences stay small and a shift of a pixel shows.
inline std::uint8_t patternValue(int b, double col, double row) {
  constexpr double k2Pi = 6.283185307179586;
  const double v = b == 0   ? 128 + 110 * std::sin(k2Pi * col / 37.0)
                   : b == 1 ? 128 + 110 * std::sin(k2Pi * row / 29.0)
                            : 128 + 100 * std::sin(k2Pi * (col + row) / 53.0);
  return static_cast<std::uint8_t>(std::lround(v));
}

struct TiffSpec {
  int width = 256;
  int height = 256;
  int bands = 3;  // 3: RGB with the pattern; 4: RGB plus an alpha band (opaque but for alphaZero)
  std::string crs = "EPSG:4490";
  double gt[6] = {116.0, 0.0001, 0, 23.6, 0, -0.0001};
  std::vector<std::string> creation = {"TILED=YES"};
  std::function<bool(int col, int row)> alphaZero;  // pixels made transparent (alpha band)
};

// Writes the pattern; throws std::runtime_error when GDAL fails.
inline void writePatternTiff(const std::string& path, const TiffSpec& spec) {
  GDALAllRegister();
  std::vector<const char*> opts;
  for (const std::string& o : spec.creation) opts.push_back(o.c_str());
  if (spec.bands == 4) opts.push_back("ALPHA=YES");
  opts.push_back(nullptr);
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), spec.width, spec.height, spec.bands,
                               GDT_Byte, const_cast<char**>(opts.data()));
  if (!ds) throw std::runtime_error("cannot create " + path);
  double gt[6];
  std::copy(spec.gt, spec.gt + 6, gt);
  GDALSetGeoTransform(ds, gt);
  if (!spec.crs.empty()) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRSetFromUserInput(srs, spec.crs.c_str());
    GDALSetSpatialRef(ds, srs);
    OSRRelease(srs);
  }
  std::vector<std::uint8_t> row(std::size_t(spec.width));
  for (int b = 0; b < spec.bands; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(ds, b + 1);
    if (b == 3) GDALSetRasterColorInterpretation(band, GCI_AlphaBand);
    for (int r = 0; r < spec.height; ++r) {
      for (int c = 0; c < spec.width; ++c) {
        row[std::size_t(c)] = b < 3 ? patternValue(b, c, r) : (spec.alphaZero && spec.alphaZero(c, r) ? 0 : 255);
      }
      if (GDALRasterIO(band, GF_Write, 0, r, spec.width, 1, row.data(), spec.width, 1, GDT_Byte, 0, 0) != CE_None) {
        GDALClose(ds);
        throw std::runtime_error("cannot write " + path);
      }
    }
  }
  GDALClose(ds);
}

// Reads a whole raster's bands as bytes (band-sequential), for comparing with gdalwarp's output.
inline std::vector<std::uint8_t> readAllBands(const std::string& path, int& width, int& height, int& bands) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
  if (!ds) throw std::runtime_error("cannot open " + path);
  width = GDALGetRasterXSize(ds);
  height = GDALGetRasterYSize(ds);
  bands = GDALGetRasterCount(ds);
  std::vector<std::uint8_t> out(std::size_t(width) * std::size_t(height) * std::size_t(bands));
  const CPLErr err = GDALDatasetRasterIO(ds, GF_Read, 0, 0, width, height, out.data(), width, height, GDT_Byte, bands,
                                         nullptr, 0, 0, 0);
  GDALClose(ds);
  if (err != CE_None) throw std::runtime_error("cannot read " + path);
  return out;
}

}  // namespace zhenmap::test
