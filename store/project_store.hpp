// A zhenmap project: one SpatiaLite file with the layer tables of schema.hpp. Opens (read-only when
// the file is not writable), lists layers, reads features and their history, and commits an
// EditBuffer in ONE transaction (BEGIN IMMEDIATE, WAL) with optimistic concurrency and audit rows.
// One ProjectStore per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.hpp"
#include "store/edit_buffer.hpp"
#include "store/schema.hpp"
#include "store/validation.hpp"

namespace zhenmap::store {

struct LayerInfo {
  std::string name;
  std::string titleZh;
  std::string geometryType;  // POINT, LINESTRING, MULTIPOLYGON (EPSG:4490)
  std::int64_t featureCount = 0;
  bool syntheticGeometry = false;
  std::string description;
};

struct Feature {
  std::int64_t id = 0;
  std::int64_t version = 0;
  Row attributes;  // every field of the layer spec
};

struct AuditEntry {
  std::int64_t id = 0;
  std::string layer;
  std::int64_t featureId = 0;
  std::string field;
  std::string oldValue;  // "NULL" for null, "(redacted)" for sensitive fields
  std::string newValue;
  std::int64_t newVersion = 0;
  std::string user;
  std::string time;  // ISO 8601 UTC
  std::string reason;
  std::string context;  // "" (ordinary editing) or "presentation" (made live in a meeting)
};

// One cell that someone else changed since the buffer read its row.
struct Conflict {
  std::string layer;
  std::int64_t id = 0;
  std::string field;
  std::int64_t baseVersion = 0;   // the version the edit was based on
  std::int64_t theirVersion = 0;  // the version in the file now (0: the row was deleted)
  std::string theirs;             // display values (sensitive fields redacted)
  std::string yours;
};

class ConflictError : public DataError {
 public:
  ConflictError(std::vector<Conflict> conflicts, const std::string& path);
  const std::vector<Conflict>& conflicts() const { return m_conflicts; }

 private:
  std::vector<Conflict> m_conflicts;
};

struct CommitOptions {
  // A constructor rather than an aggregate, so {user, reason} stays valid without naming context.
  CommitOptions(std::string user_ = {}, std::string reason_ = {}, std::string context_ = {})
      : user(std::move(user_)), reason(std::move(reason_)), context(std::move(context_)) {}
  std::string user;    // empty: $USER, else "unknown"
  std::string reason;  // stored in every audit row of the commit
  // Stored in every audit row: "" (NULL, ordinary editing) or "presentation" (made live in a meeting).
  std::string context;
};

struct CommitResult {
  std::size_t features = 0;  // rows updated
  std::size_t cells = 0;     // audit rows written
};

class StoreBackend;

// The one store interface of the app. A project lives in a SpatiaLite file (the code here) or on
// a PostgreSQL + PostGIS server (PgStore, addresses "PG:dbname=... host=..."); both have the same
// schema, validation, undo buffer, one-transaction commit, audit log and conflict rule.
class ProjectStore {
 public:
  // One row of a layer without its geometry: id, version, the values in layer-spec field order.
  using RowFn = std::function<void(std::int64_t id, std::int64_t version, const std::vector<Value>& values)>;

  // Opens an existing project: a file path, or a server address ("PG:..." or "postgresql://...",
  // see pg_store.hpp; busyTimeoutMs is then the lock timeout). ReadWrite falls back to read-only when the file or its directory is
  // not writable (readOnly() says so; commits then throw ReadOnlyError). Throws OpenError.
  static ProjectStore open(const std::string& path, OpenMode mode = OpenMode::ReadWrite, int busyTimeoutMs = 5000);
  // Creates a new, empty project (the file must not exist).
  static ProjectStore create(const std::string& path);

  // The SQLite connection of a file project. Throws DataError for a server project.
  Database& database();
  const std::string& path() const;
  bool readOnly() const;
  // True for a project on a PostgreSQL server.
  bool isServer() const { return m_backend != nullptr; }
  // Why this user may not edit the feature (read-only file, a server role without the right, a
  // row of another work team's township), or nullopt when it may. For the table UI.
  std::optional<std::string> readOnlyReason(const std::string& layer, std::int64_t id);

  std::vector<LayerInfo> layers();
  // Throws DataError when the layer or feature does not exist.
  Feature readFeature(const std::string& layer, std::int64_t id);
  // Calls fn for every feature in id order with its geometry as ISO WKB (EPSG:4490 lon/lat).
  void forEachFeature(const std::string& layer,
                      const std::function<void(const Feature&, const std::string& wkb)>& fn);
  // Every row of a layer in id order, without geometry (the attribute table).
  void forEachRow(const std::string& layer, const RowFn& fn);
  // Audit entries of one feature, oldest first.
  std::vector<AuditEntry> history(const std::string& layer, std::int64_t id);

  // One result row of query(): integers, reals, text or NULL, in the select list's order.
  using QueryRowFn = std::function<void(const std::vector<Value>& row)>;
  // A read-only query on either engine (meeting mode, statistics): SQL that SQLite/SpatiaLite and
  // PostgreSQL/PostGIS both accept, `?` placeholders bound to `params` in order.
  void query(const std::string& sql, const std::vector<Value>& params, const QueryRowFn& fn);

  // The buffer's value for a cell, else the stored one.
  Value currentValue(const EditBuffer& buffer, const CellKey& cell);
  // Validates one value (type, enum, range, ...) and records it in the buffer. Cross-field rules
  // and references are checked by validatePending() and commit(). Throws ValidationError.
  void setValue(EditBuffer& buffer, const CellKey& cell, const Value& value);
  // Parses user text for the cell's field first (CLI, forms).
  void setText(EditBuffer& buffer, const CellKey& cell, const std::string& text);
  // Checks every edited row as it would be after commit. Throws ValidationError.
  void validatePending(const EditBuffer& buffer);

  // Writes the whole buffer in one transaction, or nothing. On success the buffer is cleared.
  // Throws ValidationError, ConflictError, ReadOnlyError, SqliteError (busy() after the busy
  // timeout when another writer holds the lock), PgError (server projects; connectionLost() when
  // the connection dropped: the next call reconnects); in every failure the buffer is left
  // unchanged. Conflicts are per cell: another writer's change of a different field of the same
  // row merges; a change of the same field is a conflict (theirs and yours).
  CommitResult commit(EditBuffer& buffer, const CommitOptions& options = {});

  ProjectStore(ProjectStore&& other) noexcept;
  ProjectStore& operator=(ProjectStore&& other) noexcept;
  ~ProjectStore();
  ProjectStore(const ProjectStore&) = delete;
  ProjectStore& operator=(const ProjectStore&) = delete;

 private:
  explicit ProjectStore(Database db);
  explicit ProjectStore(std::unique_ptr<StoreBackend> backend);
  // A prepared statement kept for reuse (per-cell reads of setValue/currentValue).
  Statement& cached(const std::string& sql);
  Database m_db;
  std::map<std::string, Statement> m_cache;  // declared after m_db: finalized before it closes
  std::unique_ptr<StoreBackend> m_backend;   // a server project (m_db is then not open)
};

// The layer spec or a DataError naming the unknown layer.
const LayerSpec& requireLayer(const std::string& name);
// The field spec or a ValidationError; id, version and geom are not editable fields.
const FieldSpec& requireField(const LayerSpec& layer, const std::string& field);

}  // namespace zhenmap::store
