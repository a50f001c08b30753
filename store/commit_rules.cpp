// The rules both backends apply while committing a plan; see commit_plan.hpp.
#include "store/commit_plan.hpp"
#include "store/geometry_check.hpp"
#include "store/project_store.hpp"

namespace zhenmap::store {

void updateConflicts(const LayerSpec& spec, const CommitPlan::Update& update, const StoredState& stored,
                     std::vector<Conflict>& out) {
  if (stored.found && stored.version == update.base) return;
  const std::int64_t theirVersion = stored.found ? stored.version : 0;
  for (std::size_t n = 0; n < update.cells.size(); ++n) {
    const FieldSpec& f = *update.cells[n].first;
    const PendingChange& c = *update.cells[n].second;
    if (stored.found && stored.cells[n] == c.original) continue;  // another field changed: merge
    out.push_back({spec.name,
                   update.id,
                   f.name,
                   update.base,
                   theirVersion,
                   stored.found ? displayValue(f, stored.cells[n]) : "(deleted)",
                   displayValue(f, c.value),
                   {},
                   {}});
  }
  if (update.geometry && (!stored.found || stored.wkb != update.geometry->original)) {
    out.push_back({spec.name, update.id, "geom", update.base, theirVersion,
                   stored.found ? geometryWkt(stored.wkb) : "(deleted)", geometryWkt(update.geometry->wkb),
                   stored.found ? stored.wkb : std::string(), update.geometry->wkb});
  }
}

void deleteConflict(const LayerSpec& spec, const CommitPlan::Delete& del, bool found, std::int64_t version,
                    std::vector<Conflict>& out) {
  if (found && version == del.base) return;
  out.push_back({spec.name,
                 del.id,
                 "*",
                 del.base,
                 found ? version : 0,
                 found ? "changed (version " + std::to_string(version) + ")" : "(deleted)",
                 "(deleted)",
                 {},
                 {}});
}

void validateInsert(const LayerSpec& spec, const PendingInsert& feature, const ReferenceLookup& exists) {
  validateRow(spec, feature.attributes);
  validateReferences(exists, spec, feature.attributes);
  checkGeometry(spec, feature.wkb);
}

void checkNotReferenced(const std::vector<const LayerSpec*>& schema, const LayerSpec& spec,
                        const CommitPlan::Delete& del, const ReferenceLookup& exists) {
  for (const LayerSpec* other : schema) {
    for (const FieldSpec& f : other->fields) {
      const auto open = f.references.find('(');
      if (open == std::string::npos || f.references.substr(0, open) != spec.name) continue;
      const std::string column = f.references.substr(open + 1, f.references.size() - open - 2);
      Value key{del.id};
      if (column != "id") {
        const auto it = del.stored->attributes.find(column);
        key = it == del.stored->attributes.end() ? Value{} : it->second;
      }
      if (isNull(key) || !exists(other->name, f.name, key)) continue;
      throw ValidationError(
          "cannot delete: features of " + other->name + " still refer to it (" + f.name + " = " + toText(key) + ")",
          "*", {"", spec.name, del.id});
    }
  }
}

}  // namespace zhenmap::store
