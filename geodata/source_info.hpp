// What a data source holds, for `zhenmap info` and the layer dialog: driver, layers, geometry
// types, feature counts, CRS, extent, fields, encoding and geometry problems (GEOS validity).
// A layer without a CRS is reported (crs empty), not an error; what GDAL cannot read is listed
// (skipped) and the rest reported, as readSource reads it.
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
  std::int64_t featureCount = 0;  // features read (what ogrinfo lists)
  std::int64_t declaredFeatureCount = -1;  // GDAL's count (OGR_L_GetFeatureCount, forced); -1 unknown
  bool readable = true;                    // false: nothing could be read (skipped says why)
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
  std::vector<SkippedItem> skipped;   // what GDAL could not read (at most kMaxSkippedListed)
  std::size_t skippedCount = 0;       // all of them
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
// validate it. Throws OpenError when the source cannot be opened and the first layer's error when
// no layer can be read, like readSource; a layer that cannot be read is listed with
// readable = false and its error in skipped. Throws CrsError for an assignCrs PROJ does not know.
SourceInfo inspectSource(const std::string& path, const InspectOptions& options = {});

}  // namespace zhenmap
