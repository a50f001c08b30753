// Checks before an insert; see insert_check.hpp.
#include "store/insert_check.hpp"

#include "store/store_backend.hpp"

namespace zhenmap::store {

std::optional<std::pair<const LayerSpec*, const FieldSpec*>> townshipLayer(const ProjectStore& project) {
  for (const LayerSpec* spec : project.layerSpecs()) {
    if (spec->geometryType != "MULTIPOLYGON") continue;
    for (const FieldSpec& f : spec->fields) {
      if (f.role == "township_code" && f.unique) return std::make_pair(spec, &f);
    }
  }
  return std::nullopt;
}

InsertCheck checkInsert(ProjectStore& project, const std::string& layer, const Row& attributes,
                        const std::string& wkb) {
  const LayerSpec& spec = project.requireLayer(layer);
  InsertCheck check;
  if (project.readOnly()) {
    check.refusal = "the project is open read-only";
    return check;
  }
  const auto townships = townshipLayer(project);
  if (townships && townships->first != &spec) {
    check.townships = project.codesAt(townships->first->name, townships->second->name, wkb);
    if (check.townships.empty()) {
      check.warnings.push_back("the new " + layer + " feature lies outside every township of the project (" +
                               townships->first->name + ")");
    }
  }
  check.refusal = project.backend().insertRefusal(spec, attributes, wkb);
  return check;
}

}  // namespace zhenmap::store
