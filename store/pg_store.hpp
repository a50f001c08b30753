// The project store on a PostgreSQL + PostGIS server (libpq). Same tables, validation, audit log
// and conflict rule as the SpatiaLite file; the server's transactions and row locks (SELECT ...
// FOR UPDATE) replace SQLite's write lock, and row-level security decides who may edit a row.
// A dropped connection fails the commit in progress (the server rolls it back), leaves the edit
// buffer as it was, and the next call reconnects. One PgStore per thread.
#pragma once

#include <memory>
#include <string>

#include "store/pg_connection.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

// The PostgreSQL column type that holds a project field type.
const char* pgFieldType(FieldType t);

class PgStore : public StoreBackend {
 public:
  // Connects and checks that the database holds a zhenmap project of this program's schema
  // version. Throws OpenError.
  PgStore(const std::string& uri, OpenMode mode);

  const std::string& path() const override { return m_uri; }
  bool readOnly() const override { return m_readOnly; }
  bool isServer() const override { return true; }
  PgConnection& connection() { return m_conn; }

  std::vector<LayerInfo> layers() override;
  Feature readFeature(const LayerSpec& spec, std::int64_t id) override;
  void forEachFeature(const LayerSpec& spec,
                      const std::function<void(const Feature&, const std::string& wkb)>& fn) override;
  void forEachRow(const LayerSpec& spec, const ProjectStore::RowFn& fn) override;
  std::vector<AuditEntry> history(const std::string& layer, std::int64_t id) override;
  void query(const std::string& sql, const std::vector<Value>& params, const ProjectStore::QueryRowFn& fn) override;
  std::optional<std::pair<std::int64_t, Value>> readCell(const LayerSpec& spec, const FieldSpec& field,
                                                         std::int64_t id) override;
  bool referenceExists(const std::string& table, const std::string& column, const Value& v) override;
  std::optional<std::string> readOnlyReason(const LayerSpec& spec, std::int64_t id) override;
  CommitResult commit(EditBuffer& buffer, const CommitOptions& options) override;

 private:
  // Reconnects when the server dropped the connection since the last call.
  PgConnection& conn();
  std::string m_uri;
  PgConnection m_conn;
  bool m_readOnly = false;
  bool m_auditContext = false;  // audit_log has the meeting-mode context column
};

// The SQL expression giving the township code a row of this layer belongs to (for team
// permissions), or "" for layers without one.
std::string townshipExpression(const LayerSpec& spec);

}  // namespace zhenmap::store
