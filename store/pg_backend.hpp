// The project store on a PostgreSQL + PostGIS server (libpq). Same tables, validation, audit log
// and conflict rule as the SpatiaLite file; the server's transactions and row locks (SELECT ...
// FOR UPDATE) replace SQLite's write lock, and row-level security decides who may edit a row.
// A dropped connection fails the commit in progress (the server rolls it back), leaves the edit
// buffer as it was, and the next call reconnects. A peer of SqliteBackend behind StoreBackend.
// One PgBackend per thread.
#pragma once

#include <memory>
#include <string>

#include "store/pg_connection.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

// The PostgreSQL column type that holds a project field type.
const char* pgFieldType(FieldType t);

class PgBackend : public StoreBackend {
 public:
  // Connects and checks that the database holds a zhenmap project of this program's schema
  // version. Throws OpenError.
  PgBackend(const std::string& uri, OpenMode mode);

  const std::string& path() const override { return m_uri; }
  bool readOnly() const override { return m_readOnly; }
  bool isServer() const override { return true; }
  PgConnection& connection() { return m_conn; }

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

  // Reconnects when the server dropped the connection since the last call.
  PgConnection& conn();

 private:
  std::string m_uri;
  PgConnection m_conn;
  bool m_readOnly = false;
};

// `?` placeholders as $1, $2, ... outside quoted text and identifiers.
std::string pgPlaceholders(const std::string& sql);
// A value as the column's Value kind (a whole real read back as double, like SQLite's REAL).
Value pgNormalize(const FieldSpec& f, Value v);

// The SQL expression giving the township code a row of this layer belongs to (for team
// permissions), or "" for layers without one.
std::string townshipExpression(const LayerSpec& spec);

}  // namespace zhenmap::store
