// The import planner's view of a project layer: a store LayerSpec as a geodata TargetLayer
// (types, required, domains with their Chinese and English labels, ranges, code digits, the
// Chinese alias plus the common column names of each standard field). For `import-plan` now and
// for the lead's `import` and the import dialog.
#pragma once

#include <string>

#include "import_plan.hpp"
#include "store/schema.hpp"

namespace zhenmap {

TargetLayer targetFromSpec(const store::LayerSpec& spec);

// The standard layer called `name`; throws DataError naming the layers when there is none.
TargetLayer standardTarget(const std::string& name);

}  // namespace zhenmap
