// What EditSession::commit hands a backend: the pending edits grouped by layer in the project's
// layer order, with the layer and field specs resolved, and the rules both backends apply while
// writing it (conflicts for cells, geometry and deletes; inserts validated as whole rows; a
// feature others still refer to is not deleted).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "store/edit_buffer.hpp"
#include "store/schema.hpp"
#include "store/validation.hpp"

namespace zhenmap::store {

struct Conflict;

struct CommitPlan {
  struct Update {
    std::int64_t id = 0;
    std::int64_t base = 0;  // the row version the edits started from
    std::vector<std::pair<const FieldSpec*, const PendingChange*>> cells;
    const PendingGeometry* geometry = nullptr;
  };
  struct Insert {
    std::int64_t temporaryId = 0;
    const PendingInsert* feature = nullptr;
  };
  struct Delete {
    std::int64_t id = 0;
    std::int64_t base = 0;
    const PendingDelete* stored = nullptr;
  };
  struct Layer {
    const LayerSpec* spec = nullptr;
    std::vector<Insert> inserts;
    std::vector<Update> updates;  // in id order
    std::vector<Delete> deletes;  // in id order
  };
  // Inserts and updates go out layer by layer in this order (referenced layers first), deletes
  // in the reverse order (referring layers first).
  std::vector<Layer> layers;
  std::vector<const LayerSpec*> schema;  // every layer of the project
};

// What a backend read of a stored row while committing an update: the version, the stored values
// of the edited cells (plan order) and, when the update changes it, the stored geometry (WKB).
struct StoredState {
  bool found = false;
  std::int64_t version = 0;
  std::vector<Value> cells;
  std::string wkb;
};

// The conflict rule, the same on both engines: nothing conflicts while the row is at the base
// version. Once someone else committed it, a cell conflicts when its stored value is no longer
// the one the edit started from (they changed THIS field; edits of other fields merge), the
// geometry likewise; a row that is gone conflicts in every edited cell.
void updateConflicts(const LayerSpec& spec, const CommitPlan::Update& update, const StoredState& stored,
                     std::vector<Conflict>& out);
// A delete conflicts when the row changed since it was read (their change would be lost) or is gone.
void deleteConflict(const LayerSpec& spec, const CommitPlan::Delete& del, bool found, std::int64_t version,
                    std::vector<Conflict>& out);
// Every field, rule and reference of a feature to insert. Throws ValidationError.
void validateInsert(const LayerSpec& spec, const PendingInsert& feature, const ReferenceLookup& exists);
// Refuses to delete a feature that rows of other layers still refer to (ValidationError naming them).
void checkNotReferenced(const std::vector<const LayerSpec*>& schema, const LayerSpec& spec,
                        const CommitPlan::Delete& del, const ReferenceLookup& exists);

}  // namespace zhenmap::store
