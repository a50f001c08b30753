// The project store's backend interface: what a place that holds a zhenmap project (a SpatiaLite
// file, a PostGIS database) must do for ProjectStore. ProjectStore keeps the one public API and
// the shared rules (validation before anything is recorded, the buffer left unchanged on every
// failure); a backend reads rows and commits a buffer in one transaction of its own.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/project_store.hpp"

namespace zhenmap::store {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  virtual const std::string& path() const = 0;
  virtual bool readOnly() const = 0;
  virtual bool isServer() const = 0;

  virtual std::vector<LayerInfo> layers() = 0;
  virtual Feature readFeature(const LayerSpec& spec, std::int64_t id) = 0;
  virtual void forEachFeature(const LayerSpec& spec,
                              const std::function<void(const Feature&, const std::string& wkb)>& fn) = 0;
  virtual void forEachRow(const LayerSpec& spec, const ProjectStore::RowFn& fn) = 0;
  virtual std::vector<AuditEntry> history(const std::string& layer, std::int64_t id) = 0;
  // The ProjectStore::query contract (`?` placeholders).
  virtual void query(const std::string& sql, const std::vector<Value>& params, const ProjectStore::QueryRowFn& fn) = 0;
  // The stored row version and value of one cell; nullopt when the feature does not exist.
  virtual std::optional<std::pair<std::int64_t, Value>> readCell(const LayerSpec& spec, const FieldSpec& field,
                                                                 std::int64_t id) = 0;
  virtual bool referenceExists(const std::string& table, const std::string& column, const Value& v) = 0;
  // Why this connection may not change the feature (nullopt: it may).
  virtual std::optional<std::string> readOnlyReason(const LayerSpec& spec, std::int64_t id) = 0;
  // The ProjectStore::commit contract.
  virtual CommitResult commit(EditBuffer& buffer, const CommitOptions& options) = 0;
};

// The commit's rule for one edited row, shared by both backends: a cell conflicts when the row is
// gone, or when its version moved past the buffer's base AND the stored value is no longer the
// one the edit started from (someone else changed THIS field). Edits of other fields of the
// same row merge. `current` holds the stored values of the edited cells, in buffer order.
struct RowCheck {
  bool found = false;
  std::int64_t storedVersion = 0;
  std::vector<Value> current;
};
void collectConflicts(const LayerSpec& spec, const std::vector<std::pair<const CellKey*, const PendingChange*>>& cells,
                      std::int64_t base, const RowCheck& row, std::vector<Conflict>& out);

// The commit time as ISO 8601 UTC, and the audit user: options.user, else $USER, else "unknown".
std::string utcNow();
std::string commitUser(const CommitOptions& options);

}  // namespace zhenmap::store
