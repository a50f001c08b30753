// Matching boundary features (a township or village layer from the natural resources bureau) to
// the official division codes: 9-digit township and 12-digit village codes of the National Bureau
// of Statistics, read from the reference lists (data/jieyang/jieyang_towns.csv and
// jieyang_villages.csv: county_code, county_name, town_code, town_name[, village_code,
// village_name]). By a code field when there is one (19-digit land-survey unit codes included), else
// by name with the county (and for villages the township) as context: official names carry
// suffixes (村民委员会, 居民委员会, 街道办事处) that field data often leaves out.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "feature_table.hpp"

namespace zhenmap {

struct DivisionUnit {
  std::string code;  // 9 or 12 digits
  std::string name;  // official name
  std::string countyCode, countyName;
  std::string townCode, townName;  // for villages: their township; for townships: themselves
};

struct DivisionMatch {
  std::optional<std::string> code;
  std::string how;      // "code", "name", "name without suffix"
  std::string problem;  // when unmatched: "unmatched" or "ambiguous" (a RowIssue code)
  std::string message;  // why not, naming the candidates when ambiguous
};

class DivisionCatalog {
 public:
  // Throws OpenError / DataError when a file is missing or lacks the columns.
  static DivisionCatalog load(const std::string& townsCsv, const std::string& villagesCsv);

  const std::vector<DivisionUnit>& towns() const { return m_towns; }
  const std::vector<DivisionUnit>& villages() const { return m_villages; }

  // `county` (name or 6-digit code) and `town` (name or 9-digit code) narrow the search; "" for
  // none. A code in `name` is looked up as a code.
  DivisionMatch matchTown(const std::string& name, const std::string& county = {}) const;
  DivisionMatch matchVillage(const std::string& name, const std::string& town = {},
                             const std::string& county = {}) const;

 private:
  DivisionMatch match(const std::vector<DivisionUnit>& units, std::size_t digits, const std::string& name,
                      const std::string& town, const std::string& county) const;
  std::vector<DivisionUnit> m_towns, m_villages;
};

// A division name without its administrative suffix, for matching: 灰寨镇 -> 灰寨, 进东社区居民委员会
// -> 进东, 新寨村委会 -> 新寨.
std::string divisionStem(const std::string& name);

struct BoundaryMatchOptions {
  enum class Level { Town, Village } level = Level::Town;
  // Fields of the table; "" finds them by name (code/代码/XZQDM..., name/名称/XZQMC..., county/县区,
  // town/乡镇).
  std::string codeField, nameField, countyField, townField;
  std::string county;  // a county (name or code) for every feature, when the table has no field
};

struct BoundaryMatchResult {
  std::vector<std::optional<std::string>> codes;  // one per table row
  std::size_t byCode = 0, byName = 0;
  std::vector<RowIssue> unmatched;  // row, field, "unmatched"/"ambiguous", message
  std::vector<std::string> notes;   // which fields were used
};

// Throws DataError when the table has neither a code nor a name field.
BoundaryMatchResult matchBoundaries(const FeatureTable& table, const DivisionCatalog& catalog,
                                    const BoundaryMatchOptions& options = {});

// The matched codes as a text field `field` of the table (replacing a field of that name), ready
// for planImport; rows without a code (unmatched, ambiguous, a repeat) move to the table's rejects
// with the matcher's reason. `result` must come from this table.
void addCodeColumn(FeatureTable& table, const BoundaryMatchResult& result, const std::string& field = "code");

// For PlanOptions::codeLookup: township_code and village_code from names (a "镇/村" text gives
// the township from its first part and the village from its second).
std::function<std::optional<std::string>(const std::string&, const std::string&, std::string*)> divisionCodeLookup(
    const DivisionCatalog& catalog, std::string county = {});

}  // namespace zhenmap
