// A pure import planner: given a source layer (any FeatureTable: spreadsheet points, KML, GPX,
// Shapefile, ...) and a description of the target layer (fields with types, domains, required
// flags, aliases), it decides which source field fills which target field (by name, alias or an
// explicit SRC=DST), maps domain values (已完工 -> completed), converts every row (types, dates,
// ranges, code digits, geometry kind and CRS) and collects every rejected row with its number,
// field and reason. Nothing is written: the project store applies the plan in one transaction.
// planReport() is the dry-run text; rejectsCsv() the --report file.
#pragma once

#include <ogr_core.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "feature_table.hpp"

namespace zhenmap {

// One allowed value of a domain field: the stored code and the words people write for it.
struct AllowedValue {
  std::string code;                 // "completed"
  std::vector<std::string> labels;  // "已完工", "Completed", ...
};

struct TargetField {
  std::string name;
  FieldType type = FieldType::Text;  // Integer, Real, Text or Date
  std::string alias;                 // the Chinese alias (项目名称)
  std::vector<std::string> aliases;  // more column names that mean this field (名称, 项目, name)
  bool required = false;
  bool unique = false;
  bool sensitive = false;             // values never appear in messages
  std::vector<AllowedValue> allowed;  // empty: any value
  std::optional<double> min, max;
  int digits = 0;             // > 0: exactly this many ASCII digits (9/12-digit division codes)
  std::size_t maxLength = 0;  // > 0: at most this many characters
};

struct TargetLayer {
  std::string name;
  OGRwkbGeometryType geometry = wkbPoint;  // wkbPoint, wkbLineString, wkbMultiPolygon, ...; wkbNone
  std::string crs = "EPSG:4490";           // the planned rows' geometry CRS (east/north order)
  std::vector<TargetField> fields;
};

struct PlanOptions {
  // Explicit SRC=DST mappings, over the automatic ones; DST "" leaves SRC out.
  std::vector<std::pair<std::string, std::string>> fieldMap;
  // Per target field: source text -> stored code, over the labels and the built-in synonyms.
  std::map<std::string, std::map<std::string, std::string>> valueMap;
  bool builtinSynonyms = true;  // 在建 -> started, 已完工 -> completed, 规划 -> planned, ...
  // Per target field: a text value for rows where no column fills it or the cell is empty
  // (--set programme=county_library), converted like a cell.
  std::map<std::string, std::string> defaults;
  // A target field whose value identifies a feature (--key): repeats within the file are rejected.
  std::string keyField;
  // Looks up a code field's value when the text is a name (a township name for township_code):
  // returns the code, or nullopt with *why set. Optional.
  std::function<std::optional<std::string>(const std::string& field, const std::string& text, std::string* why)>
      codeLookup;
};

struct FieldMapping {
  int source = -1;         // index into the source table's fields
  std::string sourceName;  // 状态
  std::string target;      // status
  std::string how;         // "name", "alias", "given"
};

struct ValueMapping {
  std::string field, text, code;
  std::size_t rows = 0;
};

struct PlannedRow {
  std::int64_t sourceRow = -1;
  std::int64_t fid = -1;
  std::string wkb;                     // ISO WKB in TargetLayer::crs, the target's geometry kind; "" for wkbNone
  std::vector<AttributeValue> values;  // one per target field: Integer as int64, Real as double,
                                       // Text as string, Date as DateTime; null when not given
};

struct ImportPlan {
  std::string source;
  std::string sourceLayer;
  std::string targetLayer;
  std::string rowLabel = "feature";
  std::size_t sourceRows = 0;  // rows the reader produced plus those it rejected
  std::vector<FieldMapping> mappings;
  std::vector<std::string> unmappedSource;   // source fields not imported
  std::vector<std::string> emptyTarget;      // target fields nothing fills
  std::vector<std::string> missingRequired;  // required target fields nothing fills (every row rejects)
  std::vector<ValueMapping> valueMappings;   // text -> code as applied, with row counts
  std::vector<PlannedRow> rows;              // rows that convert, in source order
  std::vector<RowIssue> rejects;             // the reader's and the planner's, by row
  std::vector<RowIssue> flags;               // rows kept with a remark
  std::vector<std::string> notes;            // the reader's notes, geometry conversion

  std::size_t rejectedRows() const;  // distinct rows
};

// Never throws for row problems (they are rejects); throws DataError when the source's CRS is
// unknown but the target needs geometry, CrsError when PROJ cannot transform.
ImportPlan planImport(const FeatureTable& source, const TargetLayer& target, const PlanOptions& options = {});

// The dry-run text: mappings, value maps, counts, the first `maxRejects` rejects.
std::string planReport(const ImportPlan& plan, std::size_t maxRejects = 50);

// "row,field,code,message" lines (UTF-8 with a byte-order mark, for Excel), rejects then flags.
std::string rejectsCsv(const ImportPlan& plan);

// Common column names of the project's standard fields (name, status, budget_wan, start_date,
// ...), for TargetField::aliases.
std::vector<std::string> commonAliases(const std::string& fieldName);

}  // namespace zhenmap
