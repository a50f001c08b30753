// Reading any file a team brings for import into a FeatureTable: spreadsheets and CSV with
// coordinate columns (table_points), KML/KMZ with folders and styles, GPX, and every other GDAL
// vector format (ogr_table). A file whose extension lies gets a clear error first.
#pragma once

#include <optional>
#include <string>

#include "ogr_table.hpp"
#include "table_points.hpp"

namespace zhenmap {

struct ImportReadOptions {
  LayerReadOptions layer;     // layer/sheet name, --assign-crs, --encoding, --where
  TablePointsOptions points;  // spreadsheets and CSV (its sheet and encoding come from `layer`)
};

struct ImportSource {
  FeatureTable table;
  std::optional<TablePointsReport> points;  // for spreadsheets and CSV
  std::string kind;                         // "table", "kml", "gpx", "gdal"
};

// Throws OpenError / DataError / CrsError with the file, sheet or layer.
ImportSource readImportSource(const std::string& path, const ImportReadOptions& options = {});

// The lon/lat polygons (EPSG:4490) of a polygon layer, for TablePointsOptions::inside (`auto`).
std::vector<Geometry> readAreaPolygons(const std::string& path, const std::string& layer = {});

}  // namespace zhenmap
