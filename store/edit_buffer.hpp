// The edit buffer: uncommitted attribute changes as a diff over the project store, with undo/redo.
// Each change is an undo step; repeated edits of the same cell merge into one step (until
// sealStep()). The buffer knows nothing of SQLite: ProjectStore fills in the original value and row
// version when a feature is first edited, and commits the buffer in one transaction.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/value.hpp"

namespace zhenmap::store {

struct FeatureKey {
  std::string layer;
  std::int64_t id = 0;
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

class EditBuffer {
 public:
  // Sets a cell. `original` and `baseVersion` describe the stored row; they are remembered on the
  // first edit of a cell / feature and ignored afterwards. Setting a cell back to its original
  // value removes the change (still one undo step).
  void set(const CellKey& cell, Value value, const Value& original, std::int64_t baseVersion);

  bool canUndo() const { return !m_undo.empty(); }
  bool canRedo() const { return !m_redo.empty(); }
  void undo();
  void redo();
  // Ends merging: the next edit of the same cell becomes a new undo step.
  void sealStep() { m_sealed = true; }

  bool empty() const { return m_changes.empty(); }
  std::size_t size() const { return m_changes.size(); }
  const std::map<CellKey, PendingChange>& changes() const { return m_changes; }
  std::optional<Value> pending(const CellKey& cell) const;
  std::optional<std::int64_t> baseVersion(const FeatureKey& feature) const;
  // Forgets everything (after a successful commit, or to discard the edits).
  void clear();

 private:
  struct Step {
    CellKey cell;
    std::optional<PendingChange> before;  // nullopt: the cell had no pending change
    std::optional<PendingChange> after;
    std::int64_t baseVersion = 0;
  };
  void apply(const CellKey& cell, const std::optional<PendingChange>& state, std::int64_t baseVersion);

  std::map<CellKey, PendingChange> m_changes;
  std::map<FeatureKey, std::pair<std::int64_t, int>> m_versions;  // base version, changed cell count
  std::vector<Step> m_undo;
  std::vector<Step> m_redo;
  bool m_sealed = true;
};

}  // namespace zhenmap::store
