// Points from a spreadsheet or CSV (XLSX, XLS, ODS, CSV): the header found (title rows, two-row
// headers), the coordinate columns found by name or chosen, every row's coordinates parsed
// (decimal, DMS, d.mmss, either order, full-width), rows without usable coordinates rejected with
// their row number and reason, lon/lat swapped per row or per column detected, and the phone-map
// systems (GCJ-02, BD-09) converted to CGCS2000 lon/lat (EPSG:4490). With `auto`, every reading
// (WGS84/GCJ-02/BD-09, decimal/d.mmss) is tried and the one that puts the most points inside the
// given polygons (the project's villages) wins; the report says which and how many fall outside.
// Columns holding projected metres (Gauss-Kruger X/Y, survey order) give points in that CRS.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "china_offsets.hpp"
#include "coord_text.hpp"
#include "feature_table.hpp"
#include "geometry.hpp"
#include "sheet_grid.hpp"

namespace zhenmap {

struct TablePointsOptions {
  SheetReadOptions sheet;      // which sheet, CSV encoding
  std::int64_t headerRow = 0;  // > 0: the header's row number; 0: detect
  std::string xField, yField;  // longitude/latitude columns (header text or letter); "" detect
  std::string pairField;       // one column with both values; "" detect
  coord::PairOrder pairOrder = coord::PairOrder::Auto;
  enum class Degrees { Auto, Decimal, DMmss } degrees = Degrees::Auto;
  // The system the coordinates were taken in; nullopt: auto (needs `inside` or expectedExtent to
  // tell; without either WGS84/CGCS2000 is assumed and said so).
  std::optional<offsets::LonLatSystem> coords;
  // True for a CGCS2000 lon/lat inside the area the points belong to (the project's villages).
  std::function<bool(Vec2)> inside;
  std::optional<Box> expectedExtent;  // lon/lat; used when `inside` is not given
  bool rejectSwapped = false;         // a row with lon/lat swapped is rejected instead of fixed
  bool allowOutsideChina = false;     // keep rows outside China instead of rejecting them
  std::string assignCrs;              // the CRS of projected X/Y columns; "" guess it
};

// One way of reading the coordinates and how well it fits.
struct CoordinateReading {
  offsets::LonLatSystem system = offsets::LonLatSystem::Wgs84;
  bool dmmss = false;
  std::size_t inside = 0;  // points inside the polygons / extent / China
  std::size_t total = 0;   // points read
};

struct TablePointsReport {
  std::string sheet;
  std::int64_t headerRow = 0;                // as the user sees it
  std::string xColumn, yColumn, pairColumn;  // header names ("" when not used)
  std::string columnsHow;                    // how they were found
  bool columnsSwapped = false;               // the longitude column holds latitudes (fixed)
  bool projected = false;                    // the columns hold projected metres (table CRS)
  CoordinateReading chosen;
  std::vector<CoordinateReading> readings;  // every reading tried, best first (auto)
  bool autoChosen = false;
  std::string area;           // what `inside` counted against
  std::size_t emptyRows = 0;  // blank rows skipped
  std::vector<std::string> mergedHeaderCells;
};

struct TablePoints {
  FeatureTable table;  // EPSG:4490 points (or the projected CRS), coordinate columns left out
  TablePointsReport report;
};

// Throws OpenError / DataError (empty sheet, no header, no coordinate columns, ...) with the
// file and sheet; row problems are rejects in the table, not exceptions.
TablePoints readTablePoints(const std::string& path, const TablePointsOptions& options = {});
TablePoints tablePointsFromGrid(const SheetGrid& grid, const TablePointsOptions& options = {});

// `inside` for a set of lon/lat polygons (kind Polygon; bounding boxes checked first).
std::function<bool(Vec2)> insideAnyPolygon(std::vector<Geometry> polygons);

// One line per reading for reports: "gcj02, decimal: 118 of 120 inside".
std::string describeReading(const CoordinateReading& r);

}  // namespace zhenmap
