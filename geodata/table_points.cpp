// Points from spreadsheets and CSV; see table_points.hpp. Cell values are typed in
// table_values.cpp, projected X/Y columns are handled in projectedPoints().
#include "table_points.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "crs_guess.hpp"
#include "errors.hpp"
#include "sheet_header.hpp"
#include "table_values.hpp"

namespace zhenmap {

namespace {

using coord::DecimalMeaning;
using offsets::LonLatSystem;

bool chinaLon(double v) { return v >= 73.0 && v <= 136.0; }
bool chinaLat(double v) { return v >= 3.0 && v <= 54.0; }

// One row's coordinates under one reading, before the system conversion.
struct Parsed {
  bool ok = false;
  double lon = 0.0, lat = 0.0;
  bool axisKnown = false;  // hemisphere marks said which value is which
  bool swapped = false;    // the values were swapped to get here (per row)
  RowIssue issue;
};

struct DataRow {
  std::size_t gridRow;
  std::int64_t number;
  std::string a, b;  // x and y text, or the pair text in a
};

Parsed reject(std::int64_t row, const std::string& field, const std::string& code, const std::string& message) {
  Parsed p;
  p.issue = {row, field, code, message};
  return p;
}

Parsed parseXY(const DataRow& r, DecimalMeaning meaning, const std::string& xName, const std::string& yName) {
  if (r.a.empty() && r.b.empty()) return reject(r.number, "", "empty_coordinate", "no coordinates");
  if (r.a.empty()) return reject(r.number, xName, "empty_coordinate", "the longitude (" + xName + ") is empty");
  if (r.b.empty()) return reject(r.number, yName, "empty_coordinate", "the latitude (" + yName + ") is empty");
  const auto x = coord::parseAngle(r.a, meaning);
  if (!x) return reject(r.number, xName, "bad_coordinate", xName + ": " + x.error().message);
  const auto y = coord::parseAngle(r.b, meaning);
  if (!y) return reject(r.number, yName, "bad_coordinate", yName + ": " + y.error().message);
  Parsed p;
  p.ok = true;
  p.lon = x->degrees;
  p.lat = y->degrees;
  if (x->axis != coord::Axis::Unknown || y->axis != coord::Axis::Unknown) {
    if (x->axis == y->axis) return reject(r.number, "", "bad_coordinate", "both values are marked for the same axis");
    p.axisKnown = true;
    if (x->axis == coord::Axis::Lat || y->axis == coord::Axis::Lon) {
      std::swap(p.lon, p.lat);
      p.swapped = true;
    }
  }
  return p;
}

Parsed parsePair(const DataRow& r, DecimalMeaning meaning, coord::PairOrder order, const std::string& name) {
  if (r.a.empty()) return reject(r.number, name, "empty_coordinate", "no coordinates");
  const auto ll = coord::parseLonLat(r.a, order, meaning);
  if (!ll) return reject(r.number, name, "bad_coordinate", name + ": " + ll.error().message);
  Parsed p;
  p.ok = true;
  p.lon = ll->lon;
  p.lat = ll->lat;
  p.axisKnown = ll->orderFromText;
  p.swapped = ll->swapped;
  return p;
}

bool looksSwapped(const Parsed& p) {
  if (std::fabs(p.lat) > 90.0 && std::fabs(p.lon) <= 90.0) return true;
  return chinaLat(p.lon) && chinaLon(p.lat) && !(chinaLon(p.lon) && chinaLat(p.lat));
}

struct Pass {
  DecimalMeaning meaning;
  std::vector<Parsed> rows;  // one per DataRow
};

// Swaps whole columns when most rows need it; then swaps (or rejects) the odd rows, with a flag.
bool settleSwaps(Pass& pass, const TablePointsOptions& o, bool pairMode, std::vector<RowIssue>& flags) {
  std::size_t ok = 0, swapped = 0;
  for (const Parsed& p : pass.rows) {
    if (!p.ok) continue;
    ++ok;
    if (pairMode ? p.swapped : (!p.axisKnown && looksSwapped(p))) ++swapped;
  }
  const bool columns = ok > 0 && swapped * 2 > ok;
  for (Parsed& p : pass.rows) {
    if (!p.ok) continue;
    bool odd;
    if (pairMode && p.axisKnown) {
      // parseLonLat already put the values in order; the order most rows use is the column's
      // order, and a row written the other way is odd.
      odd = p.swapped != columns;
    } else {
      if (!pairMode && columns && !p.axisKnown) std::swap(p.lon, p.lat);
      odd = !p.axisKnown && looksSwapped(p);
      if (odd) std::swap(p.lon, p.lat);
    }
    if (!odd) continue;
    const std::string msg = "longitude and latitude are swapped in this row";
    if (o.rejectSwapped) {
      p.ok = false;
      p.issue = {p.issue.row, "", "lonlat_swapped", msg};
    } else {
      flags.push_back({p.issue.row, "", "lonlat_swapped", msg + " (read the other way round)"});
    }
  }
  return columns;
}

void checkRanges(Pass& pass, bool allowOutside) {
  for (Parsed& p : pass.rows) {
    if (!p.ok) continue;
    if (std::fabs(p.lat) > 90.0) {
      p.ok = false;
      p.issue = {p.issue.row, "", "bad_coordinate", "a latitude beyond 90 degrees"};
    } else if (!allowOutside && offsets::outsideChina(p.lon, p.lat)) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "%.6f, %.6f is outside China", p.lon, p.lat);
      p.ok = false;
      p.issue = {p.issue.row, "", "outside_china", buf};
    }
  }
}

std::function<bool(Vec2)> areaTest(const TablePointsOptions& o, std::string& name) {
  if (o.inside) {
    name = "the given polygons";
    return o.inside;
  }
  if (o.expectedExtent) {
    name = "the expected extent";
    const Box b = *o.expectedExtent;
    return [b](Vec2 p) { return p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY; };
  }
  name = "China";
  return [](Vec2 p) { return !offsets::outsideChina(p.x, p.y); };
}

CoordinateReading evaluate(const Pass& pass, LonLatSystem system, const std::function<bool(Vec2)>& test) {
  CoordinateReading r;
  r.system = system;
  r.dmmss = pass.meaning == DecimalMeaning::DMmss;
  for (const Parsed& p : pass.rows) {
    if (!p.ok) continue;
    ++r.total;
    if (test(offsets::toWgs84({p.lon, p.lat}, system))) ++r.inside;
  }
  return r;
}

// The passes worth trying: decimal always (unless d.mmss is asked for); d.mmss when asked, or in
// auto when every coordinate is a bare number that reads as d.mmss.
std::vector<Pass> passes(const std::vector<DataRow>& rows, const TablePointsOptions& o, bool pairMode,
                         const std::string& xName, const std::string& yName, bool canCompare) {
  std::vector<DecimalMeaning> meanings;
  if (o.degrees != TablePointsOptions::Degrees::DMmss) meanings.push_back(DecimalMeaning::Degrees);
  if (o.degrees == TablePointsOptions::Degrees::DMmss) meanings.push_back(DecimalMeaning::DMmss);
  if (o.degrees == TablePointsOptions::Degrees::Auto && canCompare) {
    bool all = true, any = false;
    for (const DataRow& r : rows) {
      for (const std::string* t : {&r.a, &r.b}) {
        if (t->empty()) continue;
        any = true;
        const std::string n = coord::normalizeCoordinateText(*t);
        const bool bare = n.find_first_of("'\"\xC2") == std::string::npos;  // no marks (° is C2 B0)
        if (!bare || (!pairMode && !coord::plausibleDMmss(*t)) ||
            (pairMode && !coord::parseLonLat(*t, o.pairOrder, DecimalMeaning::DMmss).ok())) {
          all = false;
        }
      }
      if (!all) break;
    }
    if (all && any) meanings.push_back(DecimalMeaning::DMmss);
  }
  std::vector<Pass> out;
  for (DecimalMeaning m : meanings) {
    Pass p{m, {}};
    for (const DataRow& r : rows)
      p.rows.push_back(pairMode ? parsePair(r, m, o.pairOrder, xName) : parseXY(r, m, xName, yName));
    for (std::size_t i = 0; i < rows.size(); ++i) p.rows[i].issue.row = rows[i].number;
    out.push_back(std::move(p));
  }
  return out;
}

// Most coordinate cells are plain numbers beyond any degree value: projected metres.
bool projectedColumns(const std::vector<DataRow>& rows) {
  std::size_t numbers = 0, big = 0;
  for (const DataRow& r : rows) {
    const auto x = parseRealText(r.a), y = parseRealText(r.b);
    if (!x || !y) continue;
    ++numbers;
    if (std::fabs(*x) > 360.0 || std::fabs(*y) > 360.0) ++big;
  }
  return numbers > 0 && big * 10 >= numbers * 9;
}

// Points in a projected CRS: the one given, else the guess from the numbers, trying both the GIS
// order (x east) and the Chinese survey order (X north, Y east).
void projectedPoints(const std::vector<DataRow>& rows, const SheetGrid& grid,
                     const std::vector<std::size_t>& attributeColumns, const TablePointsOptions& o, TablePoints& out) {
  FeatureTable& table = out.table;
  TablePointsReport& rep = out.report;
  Box e, swappedBox;
  for (const DataRow& r : rows) {
    const auto x = parseRealText(r.a), y = parseRealText(r.b);
    if (!x || !y) continue;
    e.expand(Vec2{*x, *y});
    swappedBox.expand(Vec2{*y, *x});
  }
  const CrsGuess asIs = guessCrs(e), survey = guessCrs(swappedBox);
  const bool northFirst = survey.confidence > asIs.confidence;
  const CrsGuess& guess = northFirst ? survey : asIs;
  std::string crs = o.assignCrs;
  if (crs.empty()) {
    if (guess.crs.empty() || guess.confidence < 0.5) {
      throw DataError("the columns " + rep.xColumn + "/" + rep.yColumn +
                          " hold projected coordinates whose CRS cannot be told (" + guess.reason + "); assign one",
                      {grid.path, grid.sheet, {}});
    }
    crs = guess.crs;
  }
  rep.projected = true;
  table.crs = crs;
  table.notes.push_back("the columns " + rep.xColumn + "/" + rep.yColumn + " hold projected metres" +
                        (northFirst ? " in survey order (" + rep.xColumn + " is the northing)" : std::string()) + ": " +
                        crs + (o.assignCrs.empty() ? " (guessed: " + guess.reason + ")" : " (as given)"));
  for (const DataRow& r : rows) {
    const auto x = parseRealText(r.a), y = parseRealText(r.b);
    if (!x || !y) {
      const std::string& bad = !x ? rep.xColumn : rep.yColumn;
      table.rejects.push_back(
          {r.number, bad, r.a.empty() || r.b.empty() ? "empty_coordinate" : "bad_coordinate", bad + ": not a number"});
      continue;
    }
    const Vec2 p = northFirst ? Vec2{*y, *x} : Vec2{*x, *y};
    table.rows.push_back(typedRow(grid, r.gridRow, r.number, attributeColumns, table.fields, pointWkb(p)));
  }
}

}  // namespace

std::string describeReading(const CoordinateReading& r) {
  return std::string(offsets::lonLatSystemName(r.system)) + (r.dmmss ? ", d.mmss" : ", decimal") + ": " +
         std::to_string(r.inside) + " of " + std::to_string(r.total) + " inside";
}

std::function<bool(Vec2)> insideAnyPolygon(std::vector<Geometry> polygons) {
  std::vector<Box> boxes;
  for (const Geometry& g : polygons) boxes.push_back(g.bounds());
  return [polygons = std::move(polygons), boxes = std::move(boxes)](Vec2 p) {
    for (std::size_t i = 0; i < polygons.size(); ++i) {
      const Box& b = boxes[i];
      if (p.x < b.minX || p.x > b.maxX || p.y < b.minY || p.y > b.maxY) continue;
      const Geometry& g = polygons[i];
      for (std::size_t part = 0; part + 1 < g.parts.size(); ++part) {
        if (evenOddContains(g, p, g.parts[part], g.parts[part + 1])) return true;
      }
    }
    return false;
  };
}

namespace {

// The lon/lat reading: every pass (decimal, d.mmss) under every system tried, the best one kept.
void readLonLat(const std::vector<DataRow>& rows, const SheetGrid& grid,
                const std::vector<std::size_t>& attributeColumns, const TablePointsOptions& o, bool pairMode,
                TablePoints& out) {
  TablePointsReport& rep = out.report;
  FeatureTable& table = out.table;
  std::string areaName;
  const auto test = areaTest(o, areaName);
  const bool canCompare = o.inside || o.expectedExtent;
  std::vector<Pass> all = passes(rows, o, pairMode, pairMode ? rep.pairColumn : rep.xColumn, rep.yColumn, canCompare);
  std::vector<std::vector<RowIssue>> passFlags(all.size());
  std::vector<bool> passSwapped(all.size());
  for (std::size_t k = 0; k < all.size(); ++k) {
    passSwapped[k] = settleSwaps(all[k], o, pairMode, passFlags[k]);
    checkRanges(all[k], o.allowOutsideChina);
  }
  std::vector<LonLatSystem> systems;
  if (o.coords) {
    systems.push_back(*o.coords);
  } else if (canCompare) {
    systems = {LonLatSystem::Wgs84, LonLatSystem::Gcj02, LonLatSystem::Bd09};
  } else {
    systems.push_back(LonLatSystem::Wgs84);
    table.notes.push_back(
        "no reference area: coordinates read as WGS84/CGCS2000 (give the system, or polygons, to "
        "tell phone-map GCJ-02/BD-09 coordinates)");
  }
  std::size_t bestPass = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    for (LonLatSystem s : systems) {
      rep.readings.push_back(evaluate(all[k], s, test));
      const CoordinateReading& r = rep.readings.back();
      if (rep.readings.size() == 1 || r.inside > rep.chosen.inside) {
        rep.chosen = r;
        bestPass = k;
      }
    }
  }
  std::stable_sort(rep.readings.begin(), rep.readings.end(),
                   [](const CoordinateReading& a, const CoordinateReading& b) { return a.inside > b.inside; });
  rep.autoChosen = !o.coords || all.size() > 1;
  rep.area = areaName;
  rep.columnsSwapped = passSwapped[bestPass];
  if (rep.columnsSwapped) {
    table.notes.push_back("the columns " + rep.xColumn + "/" + rep.yColumn +
                          " hold latitudes/longitudes: read swapped");
  }
  table.notes.push_back("read as " + describeReading(rep.chosen) + " " + areaName);
  table.flags = std::move(passFlags[bestPass]);
  const Pass& pass = all[bestPass];
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Parsed& p = pass.rows[k];
    if (!p.ok) {
      table.rejects.push_back(p.issue);
      continue;
    }
    const Vec2 ll = offsets::toWgs84({p.lon, p.lat}, rep.chosen.system);
    if (canCompare && !test(ll)) {
      table.flags.push_back({rows[k].number, "", "outside_area", "the point lies outside " + areaName});
    }
    table.rows.push_back(typedRow(grid, rows[k].gridRow, rows[k].number, attributeColumns, table.fields, pointWkb(ll)));
  }
  std::sort(table.flags.begin(), table.flags.end(), [](const RowIssue& a, const RowIssue& b) { return a.row < b.row; });
}

}  // namespace

TablePoints tablePointsFromGrid(const SheetGrid& grid, const TablePointsOptions& o) {
  TablePoints out;
  const SheetHeader header = detectHeader(grid, o.headerRow);
  const CoordinateColumns cols = findCoordinateColumns(grid, header, o.xField, o.yField, o.pairField);
  TablePointsReport& rep = out.report;
  FeatureTable& table = out.table;
  table.source = grid.path;
  table.layer = grid.sheet.empty() ? "points" : grid.sheet;
  table.rowLabel = grid.rowLabel;
  table.geometryType = wkbPoint;
  table.crs = "EPSG:4490";
  table.notes = header.notes;
  rep.sheet = grid.sheet;
  rep.headerRow = grid.rowNumbers[header.firstRow];
  rep.mergedHeaderCells = header.mergedHeaderCells;
  rep.columnsHow = cols.how;
  const bool pairMode = cols.pair.has_value();
  const std::size_t ca = pairMode ? *cols.pair : *cols.x;
  const std::size_t cb = pairMode ? *cols.pair : *cols.y;
  rep.pairColumn = pairMode ? header.names[ca] : "";
  rep.xColumn = pairMode ? "" : header.names[ca];
  rep.yColumn = pairMode ? "" : header.names[cb];
  table.notes.push_back("coordinates from " + cols.how);
  if (!grid.encoding.empty()) table.notes.push_back("text encoding " + grid.encoding);
  std::vector<DataRow> rows;
  for (std::size_t i = header.dataRow; i < grid.cells.size(); ++i) {
    if (grid.cells[i].empty()) {
      ++rep.emptyRows;
      continue;
    }
    rows.push_back({i, grid.rowNumbers[i], grid.cell(i, ca), pairMode ? std::string() : grid.cell(i, cb)});
  }
  if (rep.emptyRows) table.notes.push_back(std::to_string(rep.emptyRows) + " blank " + grid.rowLabel + "s skipped");
  std::vector<std::size_t> attributeColumns, rowIndex;
  for (std::size_t c = 0; c < header.names.size(); ++c) {
    if (c != ca && c != cb) attributeColumns.push_back(c);
  }
  for (const DataRow& r : rows) rowIndex.push_back(r.gridRow);
  table.fields = typedFields(grid, header.names, attributeColumns, rowIndex);
  if (!pairMode && projectedColumns(rows)) {
    projectedPoints(rows, grid, attributeColumns, o, out);
  } else {
    readLonLat(rows, grid, attributeColumns, o, pairMode, out);
  }
  return out;
}

TablePoints readTablePoints(const std::string& path, const TablePointsOptions& options) {
  return tablePointsFromGrid(readSheetGrid(path, options.sheet), options);
}

}  // namespace zhenmap
