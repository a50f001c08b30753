// The cells of one spreadsheet (XLSX, XLS, ODS through GDAL's drivers) or CSV file as text, with
// the row numbers the user sees (Excel row 5, CSV line 12), before any header is known: GDAL reads
// with headers disabled and every field as text, so the header detection and number parsing are
// ours. CSV text is read as UTF-8, or GB18030 (GBK) when it is not UTF-8, or the encoding given,
// and split with GDAL's CSV tokenizer (separator detected). Merged cells of XLSX are listed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zhenmap {

struct SheetGrid {
  std::string path;
  std::string sheet;                            // the sheet read ("" for CSV)
  std::vector<std::string> sheets;              // every sheet of the workbook, in order
  std::string rowLabel = "row";                 // "row" (spreadsheets) or "line" (CSV)
  std::string encoding;                         // CSV: "UTF-8", "GB18030" (detected) or the one given
  std::vector<std::int64_t> rowNumbers;         // per row of `cells`
  std::vector<std::vector<std::string>> cells;  // trimmed UTF-8; rows may be shorter than others
  std::vector<std::string> mergedRanges;        // "A1:H1" (XLSX only)

  std::size_t columnCount() const;
  const std::string& cell(std::size_t row, std::size_t column) const;  // "" beyond a row's end
};

struct SheetReadOptions {
  std::string sheet;     // by name; "" the first sheet with any content
  std::string encoding;  // CSV text encoding (iconv name); "" detect
};

// Throws OpenError for a missing, unreadable or misnamed file, a sheet that does not exist, an
// unknown encoding. An empty sheet is returned empty (the caller reports it with context).
SheetGrid readSheetGrid(const std::string& path, const SheetReadOptions& options = {});

// "A", "B", ..., "Z", "AA" for 0, 1, ..., 25, 26.
std::string columnLetter(std::size_t index);
// The 0-based column of "C" / "AA" (case-insensitive), or -1.
int columnFromLetter(const std::string& letters);

// True for the extensions readSheetGrid reads: xlsx, xlsm, xls, ods, csv, tsv, txt.
bool isTabularExtension(const std::string& path);

}  // namespace zhenmap
