// The project store on a SpatiaLite file: one SQLite connection (Database) with a cache of
// prepared statements, reads, and the one-transaction commit (BEGIN IMMEDIATE, rollback journal,
// synchronous=FULL) in sqlite_commit.cpp. A peer of PgBackend behind StoreBackend.
// One SqliteBackend per thread.
#pragma once

#include <map>
#include <string>

#include "store/database.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

class SqliteBackend : public StoreBackend {
 public:
  // Takes an open connection to a project file of the current schema version.
  explicit SqliteBackend(Database db);

  const std::string& path() const override { return m_db.path(); }
  bool readOnly() const override { return m_db.readOnly(); }
  bool isServer() const override { return false; }
  Database* sqlite() override { return &m_db; }

  void query(const std::string& sql, const std::vector<Value>& params, const ProjectStore::QueryRowFn& fn) override;
  std::int64_t execute(const std::string& sql, const std::vector<Value>& params) override;
  void writeTransaction(const std::function<void()>& body) override;
  void readTransaction(const std::function<void()>& body) override;

  std::int64_t featureCount(const LayerSpec& spec) override;
  void forEachFeature(const LayerSpec& spec,
                      const std::function<void(const Feature&, const std::string& wkb)>& fn) override;
  void forEachRow(const LayerSpec& spec, const ProjectStore::RowFn& fn) override;
  void readRows(const LayerSpec& spec, const std::vector<std::int64_t>& ids,
                const std::vector<const FieldSpec*>& fields, const VersionedRowFn& fn) override;
  void readGeometries(const LayerSpec& spec, const std::vector<std::int64_t>& ids, const GeometryFn& fn) override;
  std::vector<std::string> codesAt(const LayerSpec& polygons, const std::string& codeField,
                                   const std::string& wkb) override;
  bool referenceExists(const std::string& table, const std::string& column, const Value& v) override;
  std::optional<std::string> readOnlyReason(const LayerSpec& spec, std::int64_t id) override;
  std::optional<std::string> insertRefusal(const LayerSpec& spec, const Row& attributes,
                                           const std::string& wkb) override;
  std::int64_t sealAudit() override;
  ChangeSet commit(const CommitPlan& plan, const CommitOptions& options) override;

 private:
  // A prepared statement kept for reuse (per-cell reads, reference checks).
  Statement& cached(const std::string& sql);
  Database m_db;
  std::map<std::string, Statement> m_cache;  // declared after m_db: finalized before it closes
  // The commits' statements, kept from one commit to the next (reset after each): preparing an
  // UPDATE compiles the layer's audit triggers into it, a good part of a one-cell commit.
  std::map<std::string, Statement> m_commitStatements;
};

}  // namespace zhenmap::store
