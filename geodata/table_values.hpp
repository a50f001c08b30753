// Text cells as typed values: integers (no leading zeros: codes stay text), reals, dates as teams
// write them (2024-03-01, 2024/3/1, 2024.03.01, 2024年3月1日, with a time or not), and the type of
// a whole column (the narrowest type every value fits). Shared by the table readers and the
// import planner.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attributes.hpp"
#include "feature_table.hpp"
#include "geometry.hpp"
#include "sheet_grid.hpp"

namespace zhenmap {

// Text for comparing names and labels: full-width ASCII forms (Ｌｏｎ，（）) and the ideographic
// space as ASCII, ASCII letters in lower case, spaces removed. Other characters unchanged.
std::string foldText(const std::string& text);

std::optional<std::int64_t> parseIntegerText(const std::string& text);
// Also "1,234.5" (thousands separators), "12%" is not a number.
std::optional<double> parseRealText(const std::string& text);
// hasTime says whether a time of day was given.
std::optional<DateTime> parseDateText(const std::string& text, bool* hasTime = nullptr);

// The field of each column, typed by its values over `rows` (grid row indices).
std::vector<TableField> typedFields(const SheetGrid& grid, const std::vector<std::string>& names,
                                    const std::vector<std::size_t>& columns, const std::vector<std::size_t>& rows);
// One grid row as a table row with values of the fields' types.
TableRow typedRow(const SheetGrid& grid, std::size_t gridRow, std::int64_t number,
                  const std::vector<std::size_t>& columns, const std::vector<TableField>& fields, std::string wkb);

// ISO WKB of a 2D point (little endian).
std::string pointWkb(Vec2 p);

}  // namespace zhenmap
