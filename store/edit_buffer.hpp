// The edit session's storage: uncommitted edits as a diff over the project store, with grouped
// undo/redo. Four kinds of pending change, each a "slot": a cell of a stored feature, the
// geometry of a stored feature, a feature to insert (attributes + geometry, a temporary negative
// id until commit), a stored feature to delete. Every change records the slot's state before and
// after; a group of changes (one user action) is one undo step, and repeated edits of the same
// cell or geometry merge into one step until sealStep(). The buffer knows nothing of SQL or
// validation: EditSession fills in original values and row versions and commits the buffer.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "store/validation.hpp"
#include "store/value.hpp"

namespace zhenmap::store {

struct FeatureKey {
  std::string layer;
  std::int64_t id = 0;  // < 0: a feature inserted in this session (temporary id)
  auto operator<=>(const FeatureKey&) const = default;
};

struct CellKey {
  std::string layer;
  std::int64_t id = 0;
  std::string field;
  auto operator<=>(const CellKey&) const = default;
  FeatureKey feature() const { return {layer, id}; }
};

struct PendingChange {
  Value original;  // the value in the store when the feature was read
  Value value;     // the value to write
};

// A new geometry for a stored feature; WKB in EPSG:4490 lon/lat.
struct PendingGeometry {
  std::string original;  // as stored when the edit began
  std::string wkb;
};

// A feature to insert: every attribute it gets (fields left out are NULL) and its geometry.
struct PendingInsert {
  Row attributes;
  std::string wkb;
};

// A stored feature to delete, with what it held when the delete was recorded.
struct PendingDelete {
  Row attributes;
  std::string wkb;
};

class EditBuffer {
 public:
  // Sets a cell of a stored feature. `original` and `baseVersion` describe the stored row; they
  // are remembered on the first edit of a cell / feature and ignored afterwards. Setting a cell
  // back to its original value removes the change (still one undo step).
  void set(const CellKey& cell, Value value, const Value& original, std::int64_t baseVersion);
  // Sets the geometry of a stored feature (back to the original: the change goes).
  void setGeometry(const FeatureKey& feature, std::string wkb, const std::string& original, std::int64_t baseVersion);
  // Adds a feature to insert and returns its temporary id (-1, -2, ...).
  std::int64_t insert(const std::string& layer, PendingInsert feature);
  // Changes a feature inserted in this session (attributes and geometry as a whole).
  void updateInsert(const FeatureKey& feature, PendingInsert now);
  // Deletes a stored feature (its pending cell and geometry edits go with it, in the same step),
  // or drops a feature inserted in this session.
  void remove(const FeatureKey& feature, PendingDelete stored, std::int64_t baseVersion);

  // Everything recorded between beginGroup() and the matching endGroup() is one undo step.
  // Groups nest; only the outermost counts. cancelGroup() takes back what the open group did.
  void beginGroup();
  void endGroup();
  void cancelGroup();
  bool canUndo() const { return !m_undo.empty(); }
  bool canRedo() const { return !m_redo.empty(); }
  // The features an undo/redo touches are added to `touched` when given.
  void undo(std::set<FeatureKey>* touched = nullptr);
  void redo(std::set<FeatureKey>* touched = nullptr);
  // Ends merging: the next edit of the same cell becomes a new undo step.
  void sealStep() { m_sealed = true; }

  bool empty() const;
  // Pending cells of stored features.
  std::size_t size() const { return m_changes.size(); }
  const std::map<CellKey, PendingChange>& changes() const { return m_changes; }
  const std::map<FeatureKey, PendingGeometry>& geometries() const { return m_geometries; }
  const std::map<FeatureKey, PendingInsert>& inserts() const { return m_inserts; }
  const std::map<FeatureKey, PendingDelete>& deletes() const { return m_deletes; }
  std::optional<Value> pending(const CellKey& cell) const;
  std::optional<std::int64_t> baseVersion(const FeatureKey& feature) const;
  // Forgets everything (after a successful commit, or to discard the edits).
  void clear();

  // After a conflict (EditSession::resolveConflicts), outside the undo history: drop one pending
  // change, or move a stored feature's edits onto a newer row version (`original`: the values
  // now stored, for the cells and geometry that stay pending). Both clear the undo history.
  void forget(const CellKey& cell);
  void forgetGeometry(const FeatureKey& feature);
  void forgetFeature(const FeatureKey& feature);
  void rebase(const FeatureKey& feature, std::int64_t baseVersion, const Row& original, const std::string& wkb);

 private:
  enum class Kind { Cell, Geometry, Insert, Delete };
  using State = std::variant<std::monostate, PendingChange, PendingGeometry, PendingInsert, PendingDelete>;
  struct Step {
    Kind kind;
    CellKey key;  // field "" for whole-feature slots
    State before;
    State after;
    std::int64_t baseVersion = 0;
  };
  using Group = std::vector<Step>;

  State current(Kind kind, const CellKey& key) const;
  void apply(Kind kind, const CellKey& key, const State& state, std::int64_t baseVersion);
  void record(Kind kind, const CellKey& key, State after, std::int64_t baseVersion, bool mergeable);
  void countFeature(const FeatureKey& feature, std::int64_t baseVersion, int delta);

  std::map<CellKey, PendingChange> m_changes;
  std::map<FeatureKey, PendingGeometry> m_geometries;
  std::map<FeatureKey, PendingInsert> m_inserts;
  std::map<FeatureKey, PendingDelete> m_deletes;
  std::map<FeatureKey, std::pair<std::int64_t, int>> m_versions;  // base version, pending slots
  std::vector<Group> m_undo;
  std::vector<Group> m_redo;
  Group m_open;  // the group being recorded
  int m_depth = 0;
  bool m_sealed = true;
  std::int64_t m_nextTemporaryId = -1;
};

}  // namespace zhenmap::store
