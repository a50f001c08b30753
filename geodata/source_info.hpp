// What a data source holds, for `zhenmap info` and the layer dialog: driver, layers, geometry
// types, feature counts, CRS, extent, fields, encoding and geometry problems (GEOS validity).
// A layer without a CRS is reported (crs empty), not an error.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attributes.hpp"
#include "crs_guess.hpp"
#include "layer.hpp"

namespace zhenmap {

struct LayerInfo {
  std::string name;
  std::string geometryType;       // OGR's name ("Polygon", "Multi Polygon", "3D Point", "None", ...)
  std::int64_t featureCount = 0;  // as GDAL counts them (OGR_L_GetFeatureCount, forced)
  std::string crs;                // "EPSG:4490" when identified, else WKT2; "" when the layer declares none
  std::string crsName;            // the CRS's own name ("China Geodetic Coordinate System 2000")
  bool crsMissing = false;        // the layer has geometry but declares no CRS
  bool crsAssigned = false;       // crsMissing, and InspectOptions::assignCrs gave `crs`
  std::optional<CrsGuess> crsGuess;             // for a layer without a CRS: what its coordinates look like
  std::optional<std::array<double, 4>> extent;  // minx, miny, maxx, maxy in the source CRS
  std::vector<FieldDef> fields;
  std::string encoding;
  std::size_t invalidCount = 0;       // GEOS-invalid geometries
  std::size_t emptyCount = 0;         // empty geometries
  std::size_t nullCount = 0;          // features without geometry (layers with a geometry field)
  std::size_t nonFiniteCount = 0;     // geometries with NaN/infinite coordinates
  std::vector<GeometryIssue> issues;  // all problems, feature order; locations in the source CRS
};

struct SourceInfo {
  std::string path;
  std::string driver;
  std::vector<LayerInfo> layers;
  std::vector<std::string> warnings;  // GDAL warnings while opening and reading
};

struct InspectOptions {
  std::string assignCrs;  // the CRS of layers that declare none (reported as crs, crsAssigned)
  std::string encoding;   // a Shapefile's text encoding over its .cpg (OpenOptions::encoding)
  CrsHint hint;           // for the guess of layers without a CRS
};

// Opens the source and reads every feature once (source coordinates, no reprojection) to
// validate it. Throws OpenError / DataError like readVectorSource, CrsError for an assignCrs
// PROJ does not know.
SourceInfo inspectSource(const std::string& path, const InspectOptions& options = {});

}  // namespace zhenmap
