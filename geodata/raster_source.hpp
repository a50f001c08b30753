// Local rasters through GDAL: GeoTIFF and Cloud-Optimized GeoTIFF, JPEG/PNG with a world file,
// MBTiles, GeoPackage tiles, VRT and whatever else GDAL reads. RGB(A), paletted, grey and
// single-band elevation (drawn with a colour ramp and GDAL's hillshade); nodata, alpha bands and
// masks become transparency. The raster is cut into a pyramid of 256-pixel tiles whose coarser
// levels halve the resolution each, matching what `gdaladdo` / GDALBuildOverviews builds, so each
// tile is read from the overview of its level (GDAL picks it) and only the window it covers.
// One RasterSource per thread (GDAL datasets are not shared between threads); open one per worker.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gdal_handles.hpp"
#include "raster_image.hpp"
#include "tile_grid.hpp"

namespace zhenmap {

enum class RasterKind { Rgb, Rgba, Paletted, Grey, GreyAlpha, Elevation };

struct RasterInfo {
  std::string path;
  std::string driver;
  int width = 0;
  int height = 0;
  int bandCount = 0;
  std::string dataType;      // GDAL's name of band 1's type ("Byte", "Int16", "Float32")
  std::string crs;           // "EPSG:4527" when identified, else WKT
  bool crsAssigned = false;  // the file declares none; RasterOpenOptions::assignCrs was used
  double gt[6] = {0, 1, 0, 0, 0, -1};
  RasterKind kind = RasterKind::Rgb;
  std::optional<double> nodata;                // of band 1
  std::vector<std::pair<int, int>> overviews;  // sizes of band 1's overviews
  double minValue = 0, maxValue = 255;         // the stretch of non-byte data (elevation ramp range)
  Box extent;                                  // in the raster's CRS
};

struct RasterOpenOptions {
  // CRS for rasters that declare none (a JPEG with only a world file). When empty, such a raster
  // throws CrsError asking for one.
  std::string assignCrs;
  bool colourRamp = true;  // elevation: colour by height (else grey)
  bool hillshade = true;   // elevation: shade with GDAL's hillshade (GDALDEMProcessing)
  double hillshadeZFactor = 1.0;
};

class RasterSource {
 public:
  // Throws OpenError (missing, not a raster, unreadable header) and CrsError (no georeferencing,
  // no CRS and none assigned, an unknown CRS), with the path.
  explicit RasterSource(const std::string& path, const RasterOpenOptions& options = {});

  const RasterInfo& info() const { return m_info; }
  // The tile pyramid in the raster's CRS: levels coarsest first, the finest at full resolution.
  const TileGrid& grid() const { return m_grid; }
  // One tile as RGBA, its size that of grid().window(t). Throws DataError (path and GDAL's
  // message) when the data cannot be read: a truncated or corrupt file.
  RasterImage readTile(const TileId& t) const;

 private:
  RasterImage readColour(double x, double y, double w, double h, int bw, int bh) const;
  RasterImage readElevation(const TileId& t) const;
  void readBand(int band, double x, double y, double w, double h, int bw, int bh, float* out) const;

  gdal::Dataset m_ds;
  RasterInfo m_info;
  RasterOpenOptions m_options;
  TileGrid m_grid;
  std::vector<int> m_bands;             // GDAL band numbers read as R, G, B (and alpha)
  int m_alphaBand = 0;                  // 0: none
  std::vector<std::uint8_t> m_palette;  // RGBA per index (paletted)
};

// True when GDAL opens `path` as a raster (bands, and no vector layers): decides whether an input
// of `zhenmap render` is a raster layer.
bool isRasterSource(const std::string& path);

// Builds overviews of a raster with GDALBuildOverviews (inside a GeoTIFF opened for writing, else
// an external .ovr): factors 2, 4, 8, ... until the coarsest fits in one 256-pixel tile.
// `resampling` as gdaladdo's -r ("average", "nearest", "bilinear", ...). progress in [0, 1].
// Returns the factors built. Throws OpenError / DataError.
std::vector<int> buildOverviews(const std::string& path, const std::string& resampling = "average",
                                const std::function<void(double)>& progress = {});

}  // namespace zhenmap
