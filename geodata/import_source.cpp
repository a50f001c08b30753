// Reading import sources; see import_source.hpp.
#include "import_source.hpp"

#include "errors.hpp"
#include "file_kind.hpp"
#include "sheet_grid.hpp"
#include "sheet_header.hpp"
#include "vector_source.hpp"

namespace zhenmap {

namespace {

// A CSV with a WKT column and no coordinate columns (a line or polygon layer): GDAL reads it.
bool hasWktColumn(const SheetGrid& grid, std::int64_t headerRow) {
  if (grid.rowLabel != "line") return false;
  SheetHeader h;
  try {
    h = detectHeader(grid, headerRow);
  } catch (const DataError&) {
    return false;  // the table reader reports it
  }
  bool wkt = false;
  for (const std::string& n : h.names) {
    const std::string k = normalizeHeaderName(n);
    wkt = wkt || k == "wkt" || k == "geometry" || k == "geom" || k == "thegeom";
  }
  if (!wkt) return false;
  try {
    findCoordinateColumns(grid, h, {}, {}, {});
    return false;  // coordinate columns too: read them as points
  } catch (const DataError&) {
    return true;
  }
}

}  // namespace

ImportSource readImportSource(const std::string& path, const ImportReadOptions& options) {
  checkExtensionMatchesContent(path);
  ImportSource out;
  if (isTabularExtension(path)) {
    TablePointsOptions points = options.points;
    if (points.sheet.sheet.empty()) points.sheet.sheet = options.layer.layer;
    if (points.sheet.encoding.empty()) points.sheet.encoding = options.layer.encoding;
    if (points.assignCrs.empty()) points.assignCrs = options.layer.assignCrs;
    const SheetGrid grid = readSheetGrid(path, points.sheet);
    if (hasWktColumn(grid, points.headerRow) && points.xField.empty() && points.pairField.empty()) {
      out.table = readOgrTable(path, options.layer);  // lines and polygons as WKT, as our CSV export writes them
      out.kind = "gdal";
      return out;
    }
    TablePoints tp = tablePointsFromGrid(grid, points);
    out.table = std::move(tp.table);
    out.points = std::move(tp.report);
    out.kind = "table";
    return out;
  }
  out.table = readOgrTable(path, options.layer);
  const std::string ext = lowerExtension(path);
  out.kind = ext == "kml" || ext == "kmz" ? "kml" : ext == "gpx" ? "gpx" : "gdal";
  return out;
}

std::vector<Geometry> readAreaPolygons(const std::string& path, const std::string& layer) {
  ReadOptions read;
  read.mapCrs = "EPSG:4490";
  read.validate = false;
  read.buildIndex = false;
  if (!layer.empty()) read.layers = {layer};
  std::vector<Geometry> out;
  for (LayerData& l : readVectorSource(path, read)) {
    for (Feature& f : l.features) {
      if (f.geometry.kind == GeomKind::Polygon) out.push_back(std::move(f.geometry));
    }
  }
  if (out.empty()) throw DataError("no polygons to compare the points with", {path, layer, {}});
  return out;
}

}  // namespace zhenmap
