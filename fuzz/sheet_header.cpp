// A spreadsheet's header and coordinate columns (sheet_header.hpp), on the grids teams make: the
// input is CSV-like text (rows by '\n', cells by ',') turned into a SheetGrid directly, so no file
// reader runs; the first byte chooses a header row to force (0: detect) and which of the three
// override names (x, y, pair) to give as column letters.
// Promises: only DataError (a clear message) on failure; a detected header lies inside the grid
// with data below it, has one unique, non-empty name per column; coordinate columns found lie
// inside the header, and x and y are two different columns.
#include <set>

#include "errors.hpp"
#include "sheet_grid.hpp"
#include "sheet_header.hpp"
#include "support/fuzz_target.hpp"

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

}  // namespace

ZHENMAP_FUZZ_TARGET(sheet_header) {
  using namespace zhenmap;
  using fuzz::check;
  if (input.empty()) return;
  const unsigned char choice = static_cast<unsigned char>(input[0]);
  SheetGrid grid;
  grid.path = "fuzz.csv";
  grid.rowLabel = "line";
  std::int64_t number = 1;
  for (const std::string& line : split(input.substr(1), '\n')) {
    if (grid.cells.size() >= 64) break;
    grid.cells.push_back(split(line, ','));
    grid.rowNumbers.push_back(number++);
  }
  const std::int64_t forced = choice % 4 == 3 ? (choice >> 2) % 6 : 0;
  SheetHeader header;
  try {
    header = detectHeader(grid, forced);
  } catch (const DataError&) {
    return;
  }
  check(header.firstRow < grid.cells.size() && header.dataRow > header.firstRow && header.dataRow <= grid.cells.size(),
        "header rows outside the grid");
  check(header.names.size() == grid.columnCount(), "not one header name per column");
  std::set<std::string> names;
  for (const std::string& n : header.names) {
    check(!n.empty(), "an empty header name");
    check(names.insert(n).second, "a repeated header name: " + n);
  }
  const std::string x = choice & 0x10 ? "B" : "", y = choice & 0x20 ? "C" : "", pair = choice & 0x40 ? "A" : "";
  try {
    const CoordinateColumns c = findCoordinateColumns(grid, header, x, y, pair);
    const std::size_t n = header.names.size();
    check(!c.x || *c.x < n, "x column outside the header");
    check(!c.y || *c.y < n, "y column outside the header");
    check(!c.pair || *c.pair < n, "pair column outside the header");
    check(!(c.x && c.y) || *c.x != *c.y, "x and y are the same column");
    (void)normalizeHeaderName(header.names.front());
  } catch (const DataError&) {
  }
}
