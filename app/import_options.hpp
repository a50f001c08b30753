// The command-line options of reading a file for import (`import-plan` here; the project's
// `import` takes the same): which sheet or layer, coordinate columns, number style and order,
// the coordinate system (wgs84/cgcs2000/gcj02/bd09/auto), a reference area for `auto`, the CRS
// and encoding of files that lack them, field and value mappings, the key field.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "import_plan.hpp"
#include "import_source.hpp"

namespace zhenmap {

struct ImportCliOptions {
  std::string sourceLayer;  // sheet, layer or KML folder
  std::string xField, yField, pairField;
  std::string order = "auto";    // lonlat, latlon, auto
  std::string degrees = "auto";  // auto, decimal, dmmss
  std::string coords = "auto";   // wgs84, cgcs2000, gcj02, bd09, auto
  std::string area;              // FILE or FILE:LAYER with polygons for `auto`
  std::int64_t headerRow = 0;
  std::string assignCrs, encoding, where;
  std::vector<std::string> maps;    // SRC=DST
  std::vector<std::string> values;  // FIELD:TEXT=CODE
  std::vector<std::string> sets;    // FIELD=VALUE for rows that leave FIELD empty
  std::string key;
  std::string county;  // context for township/village names
  bool rejectSwapped = false;
};

void addImportOptions(CLI::App* app, ImportCliOptions& o);

// Throws std::invalid_argument with a message for the `error:` line (exit 1).
ImportReadOptions readOptionsFrom(const ImportCliOptions& o);
PlanOptions planOptionsFrom(const ImportCliOptions& o);

}  // namespace zhenmap
