// Feature tables and sources; see feature_table.hpp.
#include "feature_table.hpp"

namespace zhenmap {

int fieldIndex(const std::vector<TableField>& fields, const std::string& name) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

FeatureSource tableSource(const FeatureTable& table) {
  FeatureSource s;
  s.name = table.layer;
  s.crs = table.crs;
  s.geometryType = table.geometryType;
  s.fields = table.fields;
  const FeatureTable* t = &table;
  s.forEach = [t](const std::function<bool(const TableRow&)>& visit) {
    for (const TableRow& r : t->rows) {
      if (!visit(r)) break;
    }
  };
  return s;
}

std::string describeIssue(const RowIssue& issue, const std::string& rowLabel) {
  std::string s = rowLabel + " " + std::to_string(issue.row);
  if (!issue.field.empty()) s += ", " + issue.field;
  return s + ": " + issue.message;
}

}  // namespace zhenmap
