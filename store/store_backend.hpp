// The project store's backend interface: what a place that holds a zhenmap project (a SpatiaLite
// file: SqliteBackend, a PostGIS database: PgBackend) must do for ProjectStore. The two are peers;
// ProjectStore::open picks one and nothing else in the store or the app branches on the engine.
// A backend runs portable SQL (`?` placeholders; SQL that SQLite/SpatiaLite and
// PostgreSQL/PostGIS both accept), reads rows, and commits pending edits in one transaction of
// its own. The shared rules (validation, the conflict rule) live in the store, not here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/commit_plan.hpp"
#include "store/project_store.hpp"

namespace zhenmap::store {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  virtual const std::string& path() const = 0;
  virtual bool readOnly() const = 0;
  // True for a server project (push/pull, the app's "server" label). Nothing else may branch on it.
  virtual bool isServer() const = 0;
  // The SQLite connection of a file project, nullptr on a server.
  virtual Database* sqlite() { return nullptr; }

  // The ProjectStore::query contract.
  virtual void query(const std::string& sql, const std::vector<Value>& params, const ProjectStore::QueryRowFn& fn) = 0;
  // One portable write statement outside a commit (metadata: styles, bookmarks, settings);
  // returns the rows it changed. Throws ReadOnlyError on a read-only project.
  virtual std::int64_t execute(const std::string& sql, const std::vector<Value>& params) = 0;
  // Runs `body` inside one write transaction (BEGIN IMMEDIATE / BEGIN): everything or nothing.
  virtual void writeTransaction(const std::function<void()>& body) = 0;
  // Runs `body` inside one read transaction: every read in it sees the same snapshot.
  virtual void readTransaction(const std::function<void()>& body) = 0;

  virtual std::int64_t featureCount(const LayerSpec& spec) = 0;
  virtual void forEachFeature(const LayerSpec& spec,
                              const std::function<void(const Feature&, const std::string& wkb)>& fn) = 0;
  virtual void forEachRow(const LayerSpec& spec, const ProjectStore::RowFn& fn) = 0;
  // Rows of `ids` (any order, missing ones left out) with their version and the values of `fields`
  // (in that order), in one or a few statements: the edit session's batched reads.
  using VersionedRowFn = std::function<void(std::int64_t id, std::int64_t version, const std::vector<Value>& values)>;
  virtual void readRows(const LayerSpec& spec, const std::vector<std::int64_t>& ids,
                        const std::vector<const FieldSpec*>& fields, const VersionedRowFn& fn) = 0;
  // Geometries of `ids` as ISO WKB (EPSG:4490), missing ones left out.
  using GeometryFn = std::function<void(std::int64_t id, const std::string& wkb)>;
  virtual void readGeometries(const LayerSpec& spec, const std::vector<std::int64_t>& ids, const GeometryFn& fn) = 0;
  // The ProjectStore::codesAt contract.
  virtual std::vector<std::string> codesAt(const LayerSpec& polygons, const std::string& codeField,
                                           const std::string& wkb) = 0;
  virtual bool referenceExists(const std::string& table, const std::string& column, const Value& v) = 0;
  // Why this connection may not change the feature (nullopt: it may).
  virtual std::optional<std::string> readOnlyReason(const LayerSpec& spec, std::int64_t id) = 0;
  // Why this connection may not insert the feature (nullopt: it may): a server's permissions.
  virtual std::optional<std::string> insertRefusal(const LayerSpec& spec, const Row& attributes,
                                                   const std::string& wkb) = 0;
  // The ProjectStore::sealAudit contract.
  virtual std::int64_t sealAudit() = 0;
  // Writes the plan in one transaction, or nothing (the EditSession::commit contract).
  virtual ChangeSet commit(const CommitPlan& plan, const CommitOptions& options) = 0;
};

// The commit time as ISO 8601 UTC, and the audit user: options.user, else $USER, else "unknown".
std::string utcNow();
std::string commitUser(const CommitOptions& options);

}  // namespace zhenmap::store
