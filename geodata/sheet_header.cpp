// Header and coordinate column detection; see sheet_header.hpp.
#include "sheet_header.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "coord_text.hpp"
#include "errors.hpp"
#include "table_values.hpp"

namespace zhenmap {

namespace {

constexpr std::size_t kHeaderSearchRows = 20;

struct CellRange {
  int col0, row0, col1, row1;  // 0-based columns, row numbers as the sheet numbers them
  std::string text;            // "A1:H1"
};

std::optional<std::pair<int, int>> parseCellRef(const std::string& ref) {
  std::size_t i = 0;
  while (i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i]))) ++i;
  const int col = columnFromLetter(ref.substr(0, i));
  int row = 0;
  const auto r = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
  if (col < 0 || i == ref.size() || r.ec != std::errc() || r.ptr != ref.data() + ref.size()) return std::nullopt;
  return std::make_pair(col, row);
}

std::optional<CellRange> parseRange(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const auto a = parseCellRef(text.substr(0, colon)), b = parseCellRef(text.substr(colon + 1));
  if (!a || !b) return std::nullopt;
  return CellRange{a->first, a->second, b->first, b->second, text};
}

bool isNumberText(const std::string& s) {
  double v = 0;
  const char* b = s.data() + (s.size() > 0 && s[0] == '+' ? 1 : 0);
  const auto r = std::from_chars(b, s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool looksLikeDate(const std::string& s) {
  int digits = 0, seps = 0;
  for (unsigned char c : s) {
    if (std::isdigit(c)) {
      ++digits;
    } else if (c == '-' || c == '/' || c == '.' || c == ' ' || c == ':') {
      ++seps;
    } else if (c < 0x80) {
      return false;
    }
  }
  return digits >= 6 && (seps >= 2 || s.find("\xE5\xB9\xB4") != std::string::npos);  // 年
}

// A cell that holds a value rather than a name: a number, a coordinate, a date.
bool isDataCell(const std::string& s) {
  if (s.empty()) return false;
  return isNumberText(s) || coord::parseAngle(s).ok() || coord::parseLonLat(s).ok() || looksLikeDate(s);
}

struct RowStats {
  std::size_t nonEmpty = 0, text = 0;
};

RowStats stats(const std::vector<std::string>& row) {
  RowStats s;
  for (const std::string& c : row) {
    if (c.empty()) continue;
    ++s.nonEmpty;
    if (!isDataCell(c)) ++s.text;
  }
  return s;
}

enum class CoordRole { None, X, Y, Pair };

// How strongly a header name says longitude (X), latitude (Y) or both (Pair): 3 exact, 2 contains.
std::pair<CoordRole, int> coordinateRole(const std::string& raw) {
  const std::string n = normalizeHeaderName(raw);
  static const std::set<std::string> kX = {"经度", "东经", "lon", "lng", "long", "longitude", "经度e", "东经e"};
  static const std::set<std::string> kY = {"纬度", "北纬", "lat", "latitude", "纬度n", "北纬n"};
  static const std::set<std::string> kXWeak = {"x", "x坐标", "坐标x", "xcoord", "point_x", "pointx"};
  static const std::set<std::string> kYWeak = {"y", "y坐标", "坐标y", "ycoord", "point_y", "pointy"};
  if (kX.count(n)) return {CoordRole::X, 3};
  if (kY.count(n)) return {CoordRole::Y, 3};
  if (kXWeak.count(n)) return {CoordRole::X, 1};
  if (kYWeak.count(n)) return {CoordRole::Y, 1};
  const auto has = [&](const char* w) { return n.find(w) != std::string::npos; };
  if (has("经纬度") || has("lonlat") || has("latlon") || has("lnglat") || has("coordinates"))
    return {CoordRole::Pair, 2};
  if (has("经度") || has("东经") || has("longitude")) return {CoordRole::X, 2};
  if (has("纬度") || has("北纬") || has("latitude")) return {CoordRole::Y, 2};
  if (has("坐标") || has("coordinate") || has("位置")) return {CoordRole::Pair, 1};
  return {CoordRole::None, 0};
}

std::optional<std::size_t> rowIndexOf(const SheetGrid& grid, std::int64_t number) {
  for (std::size_t i = 0; i < grid.rowNumbers.size(); ++i) {
    if (grid.rowNumbers[i] == number) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> findHeaderRow(const SheetGrid& grid) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < grid.cells.size() && rows.size() < kHeaderSearchRows; ++i) {
    if (stats(grid.cells[i]).nonEmpty > 0) rows.push_back(i);
  }
  // A row that names a coordinate column is the header, whatever is above it.
  for (std::size_t i : rows) {
    const RowStats s = stats(grid.cells[i]);
    const bool named = std::any_of(grid.cells[i].begin(), grid.cells[i].end(),
                                   [](const std::string& c) { return coordinateRole(c).second >= 2; });
    if (named && s.nonEmpty >= 2 && s.text * 2 >= s.nonEmpty) return i;
  }
  for (std::size_t i : rows) {
    const RowStats s = stats(grid.cells[i]);
    if (s.nonEmpty >= 2 && s.text * 10 >= s.nonEmpty * 6) return i;
  }
  return std::nullopt;
}

// The text of the merged cell covering (rowIndex, col) from its top-left cell, when col is not
// that top-left column itself.
std::string mergedCover(const SheetGrid& grid, const std::vector<CellRange>& ranges, std::size_t rowIndex, int col) {
  const std::int64_t number = grid.rowNumbers[rowIndex];
  for (const CellRange& r : ranges) {
    if (number < r.row0 || number > r.row1 || col <= r.col0 || col > r.col1) continue;
    if (const auto top = rowIndexOf(grid, r.row0)) return grid.cell(*top, static_cast<std::size_t>(r.col0));
  }
  return {};
}

// A repeated name becomes NAME_2, NAME_3, ...: the first of those that no column is called
// already (columns "a", "a", "a_2" give "a", "a_3", "a_2"; ./dev.sh fuzz, sheet_header).
void makeUnique(std::vector<std::string>& names, std::vector<std::string>& notes) {
  const std::set<std::string> given(names.begin(), names.end());
  std::set<std::string> used;
  std::map<std::string, int> next;
  for (std::string& n : names) {
    if (used.insert(n).second) continue;
    int& k = next.try_emplace(n, 2).first->second;
    std::string renamed;
    do {
      renamed = n + "_" + std::to_string(k++);
    } while (given.count(renamed) || used.count(renamed));
    notes.push_back("column '" + n + "' appears more than once; the repeat is called '" + renamed + "'");
    n = renamed;
    used.insert(n);
  }
}

}  // namespace

std::string normalizeHeaderName(const std::string& name) {
  std::string out;
  for (char c : foldText(name)) {
    if (c != '_' && c != '-') out += c;
  }
  // A unit or note in brackets at the end: 经度(°), 投资(万元) keeps its name without it.
  const std::size_t open = out.find_first_of("(["), close = out.find_last_of(")]");
  if (open != std::string::npos && open > 0 && close == out.size() - 1) out.erase(open);
  return out;
}

namespace {

// Text only, filling columns the upper row leaves blank or covers with a merged cell.
bool isLowerHeader(const SheetGrid& grid, const std::vector<CellRange>& ranges, std::size_t upper, std::size_t lower) {
  const RowStats s = stats(grid.cells[lower]);
  if (s.nonEmpty == 0 || s.text != s.nonEmpty || stats(grid.cells[upper]).nonEmpty < 2) return false;
  for (std::size_t c = 0; c < grid.columnCount(); ++c) {
    if (!grid.cell(lower, c).empty() &&
        (grid.cell(upper, c).empty() || !mergedCover(grid, ranges, upper, static_cast<int>(c)).empty())) {
      return true;
    }
  }
  return false;
}

void noteTitles(const SheetGrid& grid, std::size_t firstRow, std::vector<std::string>& notes) {
  for (std::size_t i = 0; i < firstRow; ++i) {
    const auto first =
        std::find_if(grid.cells[i].begin(), grid.cells[i].end(), [](const std::string& c) { return !c.empty(); });
    if (first == grid.cells[i].end()) continue;
    notes.push_back(grid.rowLabel + " " + std::to_string(grid.rowNumbers[i]) + " ('" + *first +
                    "') is a title above the header");
  }
}

// One name per column: the lower header row's where it has one, else the upper's, else the text
// of a merged cell over it, else column_D.
std::vector<std::string> columnNames(const SheetGrid& grid, const std::vector<CellRange>& ranges, std::size_t firstRow,
                                     bool twoRows) {
  std::vector<std::string> names;
  for (std::size_t c = 0; c < grid.columnCount(); ++c) {
    std::string name =
        twoRows && !grid.cell(firstRow + 1, c).empty() ? grid.cell(firstRow + 1, c) : grid.cell(firstRow, c);
    if (name.empty()) {
      const std::string cover = mergedCover(grid, ranges, firstRow, static_cast<int>(c));
      name = cover.empty() ? "column_" + columnLetter(c) : cover;
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace

SheetHeader detectHeader(const SheetGrid& grid, std::int64_t headerRow) {
  const DataError::Context where{grid.path, grid.sheet, {}};
  const bool empty = std::none_of(grid.cells.begin(), grid.cells.end(), [](const auto& r) { return !r.empty(); });
  if (empty) {
    throw DataError(grid.sheet.empty() ? "the file is empty" : "the sheet '" + grid.sheet + "' is empty", where);
  }
  std::optional<std::size_t> found;
  if (headerRow > 0) {
    found = rowIndexOf(grid, headerRow);
    if (!found) throw DataError("there is no " + grid.rowLabel + " " + std::to_string(headerRow), where);
  } else {
    found = findHeaderRow(grid);
  }
  if (!found) throw DataError("no header " + grid.rowLabel + ": the first rows hold no column names", where);
  SheetHeader h;
  h.firstRow = *found;
  std::vector<CellRange> ranges;
  for (const std::string& m : grid.mergedRanges) {
    if (auto r = parseRange(m)) ranges.push_back(*r);
  }
  // A header over two rows: a group row above the names found (坐标 over 经度 | 纬度), or a row of
  // names below the one found, with data right below it.
  bool twoRows = false;
  if (headerRow == 0 && h.firstRow > 0 && isLowerHeader(grid, ranges, h.firstRow - 1, h.firstRow) &&
      stats(grid.cells[h.firstRow - 1]).text == stats(grid.cells[h.firstRow - 1]).nonEmpty) {
    --h.firstRow;
    twoRows = true;
  } else if (headerRow == 0 && h.firstRow + 2 < grid.cells.size()) {
    const RowStats below = stats(grid.cells[h.firstRow + 2]);
    twoRows = isLowerHeader(grid, ranges, h.firstRow, h.firstRow + 1) && below.nonEmpty > below.text;
  }
  noteTitles(grid, h.firstRow, h.notes);
  h.dataRow = h.firstRow + (twoRows ? 2 : 1);
  if (twoRows) {
    h.notes.push_back("the header spans " + grid.rowLabel + "s " + std::to_string(grid.rowNumbers[h.firstRow]) + "-" +
                      std::to_string(grid.rowNumbers[h.firstRow + 1]));
  }
  h.names = columnNames(grid, ranges, h.firstRow, twoRows);
  makeUnique(h.names, h.notes);
  const std::int64_t lastHeader = grid.rowNumbers[h.dataRow - 1];
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    if (ranges[k].row0 <= lastHeader) {
      h.mergedHeaderCells.push_back(ranges[k].text);
      h.notes.push_back("merged cells " + ranges[k].text + " in the title/header rows");
    }
  }
  bool anyData = false;
  for (std::size_t i = h.dataRow; i < grid.cells.size() && !anyData; ++i) anyData = !grid.cells[i].empty();
  if (!anyData) {
    throw DataError(
        "no data below the header (" + grid.rowLabel + " " + std::to_string(grid.rowNumbers[h.firstRow]) + ")", where);
  }
  return h;
}

CoordinateColumns findCoordinateColumns(const SheetGrid& grid, const SheetHeader& header, const std::string& xField,
                                        const std::string& yField, const std::string& pairField) {
  const DataError::Context where{grid.path, grid.sheet, {}};
  std::string list;
  for (const std::string& n : header.names) list += (list.empty() ? "" : ", ") + n;
  const auto resolve = [&](const std::string& wanted) -> std::size_t {
    for (std::size_t i = 0; i < header.names.size(); ++i) {
      if (header.names[i] == wanted) return i;
    }
    for (std::size_t i = 0; i < header.names.size(); ++i) {
      if (normalizeHeaderName(header.names[i]) == normalizeHeaderName(wanted)) return i;
    }
    const int letter = columnFromLetter(wanted);
    if (letter >= 0 && static_cast<std::size_t>(letter) < header.names.size()) return static_cast<std::size_t>(letter);
    throw DataError("no column '" + wanted + "' (columns: " + list + ")", where);
  };
  CoordinateColumns out;
  if (!xField.empty() || !yField.empty()) {
    if (xField.empty() || yField.empty())
      throw DataError("give both the longitude (x) and latitude (y) columns", where);
    out.x = resolve(xField);
    out.y = resolve(yField);
    if (*out.x == *out.y) {  // "经度" and "C" may name one column (./dev.sh fuzz, sheet_header)
      throw DataError("the longitude (x) and latitude (y) columns are both column " + columnLetter(*out.x) + " (" +
                          header.names[*out.x] + ")",
                      where);
    }
    out.how = "as given";
    return out;
  }
  if (!pairField.empty()) {
    out.pair = resolve(pairField);
    out.how = "as given";
    return out;
  }
  int bx = 0, by = 0, bp = 0;
  for (std::size_t i = 0; i < header.names.size(); ++i) {
    const auto [role, strength] = coordinateRole(header.names[i]);
    if (role == CoordRole::X && strength > bx) bx = strength, out.x = i;
    if (role == CoordRole::Y && strength > by) by = strength, out.y = i;
    if (role == CoordRole::Pair && strength > bp) bp = strength, out.pair = i;
  }
  if (out.x && out.y && *out.x != *out.y) {
    out.pair.reset();
    out.how = "by name: " + header.names[*out.x] + " (" + columnLetter(*out.x) + "), " + header.names[*out.y] + " (" +
              columnLetter(*out.y) + ")";
    return out;
  }
  out.x.reset();
  out.y.reset();
  if (!out.pair) {
    throw DataError("no coordinate columns among: " + list +
                        "; name them 经度/纬度 (lon/lat, x/y) or 坐标, or choose them (--x-field/--y-field)",
                    where);
  }
  // A merged group cell (坐标 over two columns) with no names below: the two columns it covers.
  const std::size_t p = *out.pair;
  if (p + 1 < header.names.size() && header.names[p + 1] == header.names[p] + "_2") {
    out.x = p;
    out.y = p + 1;
    out.pair.reset();
    out.how = "the two columns under the merged header " + header.names[p] + " (" + columnLetter(p) + ":" +
              columnLetter(p + 1) + ")";
    return out;
  }
  out.how = "by name: " + header.names[p] + " (" + columnLetter(p) + ") holds both values";
  return out;
}

}  // namespace zhenmap
