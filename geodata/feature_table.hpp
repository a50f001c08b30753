// A layer read for import or handed to an exporter: field definitions (with aliases and the
// sensitive flag), rows with their geometry as ISO WKB and typed values, and the row numbers as
// the user sees them (Excel row 5, CSV line 12), with the rows a reader rejected and why.
// FeatureSource is the streaming form an exporter takes: any producer (a GDAL layer, a table read
// here, a project layer of the store) fills in the fields and a forEach callback.
#pragma once

#include <ogr_core.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "attributes.hpp"

namespace zhenmap {

struct TableField {
  std::string name;  // UTF-8
  FieldType type = FieldType::Text;
  std::string alias;       // display name (Chinese), "" when none
  bool sensitive = false;  // personal data: exporters leave it out unless asked
  int width = 0;
  int precision = 0;
};

struct TableRow {
  std::int64_t fid = -1;               // the source's feature id
  std::int64_t sourceRow = -1;         // as the user sees it: spreadsheet row, CSV line, else the fid
  std::string wkb;                     // ISO WKB in the table's CRS, east/north (lon/lat) order; empty: no geometry
  std::vector<AttributeValue> values;  // one per field; Text fields may hold any text
};

// A row a reader or planner left out (a reject) or kept with a remark (a flag).
struct RowIssue {
  std::int64_t row = -1;  // as the user sees it (TableRow::sourceRow)
  std::string field;      // the column or field concerned; "" for the whole row
  // Stable key for translations and tests: "empty_coordinate", "bad_coordinate", "outside_china",
  // "lonlat_swapped", "not_a_number", "not_a_date", "required", "not_allowed", "duplicate_key",
  // "wrong_geometry", "too_long", "out_of_range", "no_geometry", "unmatched", "ambiguous".
  std::string code;
  std::string message;  // English, one line; never the value of a sensitive field
};

struct FeatureTable {
  std::string source;                            // path
  std::string layer;                             // sheet or layer name
  std::string crs;                               // "EPSG:4490", another definition, or "" when unknown
  OGRwkbGeometryType geometryType = wkbUnknown;  // wkbNone: attributes only
  std::string rowLabel = "feature";              // "row" (spreadsheets), "line" (CSV), "feature"
  std::vector<TableField> fields;
  std::vector<TableRow> rows;
  std::vector<RowIssue> rejects;   // rows left out
  std::vector<RowIssue> flags;     // rows kept, worth a look
  std::vector<std::string> notes;  // what the reader decided (header row, columns, coordinates)
};

// The index of a field by name, or -1.
int fieldIndex(const std::vector<TableField>& fields, const std::string& name);

// A stream of features for exporters.
struct FeatureSource {
  std::string name;  // layer name for the output
  std::string crs;   // of the WKB; "" unknown
  OGRwkbGeometryType geometryType = wkbUnknown;
  std::vector<TableField> fields;
  // Calls visit for every feature in order until it returns false. Throws what the producer throws.
  std::function<void(const std::function<bool(const TableRow&)>& visit)> forEach;
};

// A source over a table (which must outlive it).
FeatureSource tableSource(const FeatureTable& table);

// "row 5: ..." with the table's row label.
std::string describeIssue(const RowIssue& issue, const std::string& rowLabel);

}  // namespace zhenmap
