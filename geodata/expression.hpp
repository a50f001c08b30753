// Expressions and filters over a layer's attributes, evaluated by SQLite: `built_km / planned_km`,
// `status = 'completed' AND budget_wan > 100`. Field names are columns (quote odd ones with "").
// One SQL dialect for styles, table filters and rules, and no hand-written parser.
#pragma once

#include <string>
#include <vector>

#include "errors.hpp"
#include "layer.hpp"

namespace zhenmap {

// The expression is not valid SQL, names an unknown field, or tries anything but reading.
class ExpressionError : public DataError {
 public:
  using DataError::DataError;
};

// One value per feature (same order as layer.features); SQL NULL becomes monostate.
std::vector<AttributeValue> evaluateExpression(const LayerData& layer, const std::string& expression);

// One flag per feature: the filter is true (NULL counts as false).
std::vector<bool> evaluateFilter(const LayerData& layer, const std::string& filter);

}  // namespace zhenmap
