// Writing a layer for other programs: GeoPackage, Shapefile (.cpg UTF-8 and .prj), GeoJSON, KML,
// KMZ, XLSX and CSV (coordinates in lon/lat or x/y columns, UTF-8 with a byte-order mark so Excel
// reads the Chinese right), from any FeatureSource (a GDAL layer, a table read for import, a
// project layer). Reprojection (--crs), phone-map coordinates (GCJ-02/BD-09 for Amap/Baidu
// users), an OGR SQL attribute filter, and fields marked sensitive left out unless asked for.
// The output is written beside the target under a temporary name and renamed into place when
// complete, so a crash or an error never leaves a half-written file (a Shapefile's parts are
// renamed one after another: only a crash between those renames can mix old and new parts).
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "china_offsets.hpp"
#include "errors.hpp"
#include "feature_table.hpp"

namespace zhenmap {

// A request that cannot be carried out as asked (unknown extension, the file exists, --crs with
// --coords): the user's to fix, not the data's.
class ExportUsageError : public DataError {
 public:
  using DataError::DataError;
};

struct ExportOptions {
  std::string format;  // "gpkg", "shp", "geojson", "kml", "kmz", "xlsx", "csv"; "" from the extension
  std::string crs;     // output CRS; "" the source's (KML/KMZ: always WGS84 lon/lat)
  // Phone-map coordinates: the output is lon/lat shifted to GCJ-02 or BD-09 (not with `crs`).
  std::optional<offsets::LonLatSystem> coords;
  std::string where;                                   // OGR SQL attribute filter on the source's fields
  bool includeSensitive = false;                       // write fields marked sensitive
  bool overwrite = false;                              // replace an existing output
  std::string layerName;                               // "" the source's name
  std::function<void(std::size_t features)> progress;  // features read so far, now and then
  const std::atomic<bool>* cancel = nullptr;           // throws CancelledError, nothing written
};

struct ExportResult {
  std::string path;
  std::string format;
  std::size_t features = 0;                   // written
  std::string crs;                            // of the written coordinates ("" unknown)
  std::vector<std::string> leftOut;           // sensitive fields not written
  std::vector<std::string> sensitiveWritten;  // sensitive fields written (includeSensitive)
  std::vector<std::string> files;             // every file written
  std::vector<std::string> warnings;          // GDAL's (Shapefile field names shortened, ...)
};

// The format for a file name ("gpkg" for a.GPKG, "geojson" for .json too), or "".
std::string exportFormatFor(const std::string& path);

// Throws ExportUsageError, DataError (a bad filter, GDAL refusing a feature), CrsError,
// CancelledError. On any failure nothing is left at `path` that was not there before.
ExportResult exportFeatures(const FeatureSource& source, const std::string& path, const ExportOptions& options = {});

}  // namespace zhenmap
