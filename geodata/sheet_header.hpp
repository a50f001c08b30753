// Finding the header of a spreadsheet as teams lay them out: a title row or two above it (often a
// merged cell across the table), a header spread over two rows under a merged group cell (坐标 over
// 经度 | 纬度), empty or repeated names. And finding the coordinate columns among the names:
// 经度/纬度/东经/北纬/lon/lat/longitude/latitude/x/y, or one column holding both (坐标, 经纬度).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sheet_grid.hpp"

namespace zhenmap {

struct SheetHeader {
  std::size_t firstRow = 0;                    // index into grid.cells of the (first) header row
  std::size_t dataRow = 0;                     // index of the first row below the header
  std::vector<std::string> names;              // one per column, unique, never empty ("column_D" for a blank)
  std::vector<std::string> notes;              // title rows, two-row header, renamed columns, merged cells
  std::vector<std::string> mergedHeaderCells;  // merged ranges that touch the title/header rows
};

// Throws DataError when the grid has no row that can be a header or no rows below it.
// `headerRow` > 0 names the header's row number (as the user sees it) instead of detecting it.
SheetHeader detectHeader(const SheetGrid& grid, std::int64_t headerRow = 0);

struct CoordinateColumns {
  std::optional<std::size_t> x, y, pair;  // x/y (lon/lat) columns, or one column with both
  std::string how;                        // "by name", "given", "merged header 坐标 over C:D"
};

// By header name; `xField`/`yField`/`pairField` (a header name or a column letter) override.
// Throws DataError naming the headers when nothing fits or a given name does not exist.
CoordinateColumns findCoordinateColumns(const SheetGrid& grid, const SheetHeader& header, const std::string& xField,
                                        const std::string& yField, const std::string& pairField);

// A header name reduced for matching: ASCII case folded, full-width forms and spaces removed,
// a trailing unit in brackets dropped ("经度（°）" -> "经度").
std::string normalizeHeaderName(const std::string& name);

}  // namespace zhenmap
