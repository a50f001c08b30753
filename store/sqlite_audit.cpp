// Audit and version triggers of a project file; see sqlite_audit.hpp.
#include "store/sqlite_audit.hpp"

#include "store/audit_chain.hpp"
#include "store/database.hpp"
#include "store/schema_metadata.hpp"

namespace zhenmap::store {

namespace {

std::string ident(const std::string& name) { return "\"" + name + "\""; }
std::string literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}
// "zhenmap:<layer>:<what>": names no layer or field name can make collide (':' is not in them).
std::string triggerName(const LayerSpec& layer, const std::string& what) {
  return ident("zhenmap:" + layer.name + ":" + what);
}

// The text the audit log keeps for a value: a whole real without ".0" (as the server writes
// it), a sensitive field only as "(redacted)".
std::string textOf(const FieldSpec& f, const std::string& ref) {
  const std::string v = ref + "." + ident(f.name);
  if (f.sensitive) return "CASE WHEN " + v + " IS NULL THEN NULL ELSE '(redacted)' END";
  if (f.type == FieldType::Real) {
    return "CASE WHEN typeof(" + v + ") = 'real' AND " + v + " = CAST(" + v + " AS INTEGER) AND abs(" + v +
           ") < 1e15 THEN CAST(CAST(" + v + " AS INTEGER) AS TEXT) ELSE CAST(" + v + " AS TEXT) END";
  }
  return "CAST(" + v + " AS TEXT)";
}

// The whole row as JSON (sensitive fields redacted), with its geometry.
std::string rowJson(const LayerSpec& layer, const std::string& ref) {
  std::string sql = "json_object(";
  for (const FieldSpec& f : layer.fields) {
    const std::string v = ref + "." + ident(f.name);
    sql += literal(f.name) + ", " + (f.sensitive ? "CASE WHEN " + v + " IS NULL THEN NULL ELSE '(redacted)' END" : v) +
           ", ";
  }
  return sql + "'geom', 'spatialite:' || hex(" + ref + ".geom))";
}

// One audit row: its values (layer, feature id, action, field, old, new, new version) and the
// commit's context, or 'external' with the time when no zhenmap commit is running.
std::string insertAudit(const std::string& values) {
  return "INSERT INTO audit_log (layer, feature_id, action, field, old_value, new_value, new_version, user, time, "
         "reason, context) SELECT " +
         values +
         ", coalesce(c.user, 'external'), coalesce(c.time, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), c.reason, "
         "CASE WHEN c.id IS NULL THEN 'external' ELSE c.context END "
         "FROM (SELECT 1) AS one LEFT JOIN audit_context AS c ON c.id = 1;";
}

const char* kAuditLogDdl = R"SQL(
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY, layer TEXT NOT NULL, feature_id INTEGER NOT NULL,
  action TEXT NOT NULL DEFAULT 'update' CHECK (action IN ('insert', 'update', 'delete')),
  field TEXT NOT NULL, old_value TEXT, new_value TEXT, new_version INTEGER NOT NULL, user TEXT NOT NULL,
  time TEXT NOT NULL, reason TEXT,
  context TEXT CHECK (context IS NULL OR context IN ('presentation', 'external', 'import', 'restore')),
  hash TEXT);
CREATE INDEX audit_log_feature ON audit_log(layer, feature_id);
CREATE INDEX audit_log_time ON audit_log(time);
CREATE INDEX audit_log_unsealed ON audit_log(id) WHERE hash IS NULL;
)SQL";

}  // namespace

void createAuditTables(Database& db) {
  db.exec(R"SQL(
CREATE TABLE IF NOT EXISTS audit_context (
  id INTEGER PRIMARY KEY CHECK (id = 1), user TEXT NOT NULL, reason TEXT, context TEXT, time TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS zhenmap_audit_log_append_only BEFORE UPDATE ON audit_log
WHEN NOT (old.hash IS NULL AND new.hash IS NOT NULL AND old.id IS new.id AND old.layer IS new.layer
          AND old.feature_id IS new.feature_id AND old.action IS new.action AND old.field IS new.field
          AND old.old_value IS new.old_value AND old.new_value IS new.new_value
          AND old.new_version IS new.new_version AND old.user IS new.user AND old.time IS new.time
          AND old.reason IS new.reason AND old.context IS new.context)
BEGIN SELECT RAISE(ABORT, 'zhenmap: the audit log cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS zhenmap_audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'zhenmap: the audit log cannot be changed'); END;
)SQL");
}

void dropAuditTriggers(Database& db, const LayerSpec& layer) {
  for (const char* what : {"version", "bump", "new_version", "insert", "delete", "geom"}) {
    db.exec("DROP TRIGGER IF EXISTS " + triggerName(layer, what));
  }
  for (const FieldSpec& f : layer.fields) db.exec("DROP TRIGGER IF EXISTS " + triggerName(layer, "field:" + f.name));
}

void createAuditTriggers(Database& db, const LayerSpec& layer) {
  dropAuditTriggers(db, layer);
  const std::string t = ident(layer.name);
  const std::string name = literal(layer.name);
  const char* refuse = "SELECT RAISE(ABORT, 'zhenmap: a new row starts at version 1 (the database keeps versions)');";
  db.exec("CREATE TRIGGER " + triggerName(layer, "new_version") + " BEFORE INSERT ON " + t +
          " WHEN new.version IS NOT 1 BEGIN " + refuse + " END");
  // Any update leaves the row at its old version + 1, whatever the writer put into `version`
  // (tools that rewrite whole rows, such as GDAL's driver, write it back unchanged).
  db.exec("CREATE TRIGGER " + triggerName(layer, "bump") + " AFTER UPDATE ON " + t +
          " WHEN new.version IS NOT old.version + 1 BEGIN UPDATE " + t +
          " SET version = old.version + 1 WHERE id = new.id; END");
  // SQLite fires the triggers of one row newest first: created in reverse, a row's audit rows
  // come out in field order.
  for (auto it = layer.fields.rbegin(); it != layer.fields.rend(); ++it) {
    const FieldSpec& f = *it;
    const std::string c = ident(f.name);
    db.exec("CREATE TRIGGER " + triggerName(layer, "field:" + f.name) + " AFTER UPDATE OF " + c + " ON " + t +
            " WHEN old." + c + " IS NOT new." + c + " BEGIN " +
            insertAudit(name + ", new.id, 'update', " + literal(f.name) + ", " + textOf(f, "old") + ", " +
                        textOf(f, "new") + ", old.version + 1") +
            " END");
  }
  db.exec("CREATE TRIGGER " + triggerName(layer, "geom") + " AFTER UPDATE OF geom ON " + t +
          " WHEN old.geom IS NOT new.geom BEGIN " +
          insertAudit(name +
                      ", new.id, 'update', 'geom', 'spatialite:' || hex(old.geom), 'spatialite:' || hex(new.geom), "
                      "old.version + 1") +
          " END");
  db.exec("CREATE TRIGGER " + triggerName(layer, "insert") + " AFTER INSERT ON " + t + " BEGIN " +
          insertAudit(name + ", new.id, 'insert', '*', NULL, " + rowJson(layer, "new") + ", 1") + " END");
  db.exec("CREATE TRIGGER " + triggerName(layer, "delete") + " AFTER DELETE ON " + t + " BEGIN " +
          insertAudit(name + ", old.id, 'delete', '*', " + rowJson(layer, "old") + ", NULL, old.version + 1") + " END");
}

void suspendAudit(Database& db) {
  for (const LayerSpec& layer : readLayerSpecs(db)) dropAuditTriggers(db, layer);
}

void resumeAudit(Database& db) {
  for (const LayerSpec& layer : readLayerSpecs(db)) createAuditTriggers(db, layer);
}

void addDatabaseAudit(Database& db) {
  db.exec(
      "ALTER TABLE audit_log RENAME TO audit_log_v4; DROP INDEX IF EXISTS audit_log_feature; "
      "DROP INDEX IF EXISTS audit_log_time;");
  db.exec(kAuditLogDdl);
  db.exec(
      "INSERT INTO audit_log (id, layer, feature_id, action, field, old_value, new_value, new_version, user, time, "
      "reason, context) SELECT id, layer, feature_id, 'update', field, old_value, new_value, new_version, user, time, "
      "reason, context FROM audit_log_v4 ORDER BY id; DROP TABLE audit_log_v4;");
  createAuditTables(db);
  resumeAudit(db);
  sealAudit(db);
}

const char* auditLogDdl() { return kAuditLogDdl; }

std::string auditGeometryWkb(const std::string& value) {
  thread_local Database scratch(":memory:", OpenMode::Create);
  if (value.rfind("spatialite:", 0) == 0) {
    const std::string hex = value.substr(11);
    std::string blob;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
      blob += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    Statement s = scratch.prepare("SELECT AsBinary(?)");
    s.bindBlob(1, blob.data(), blob.size());
    return s.step() ? s.getBlob(0) : std::string();
  }
  if (value.rfind("ewkb:", 0) == 0) {
    Statement s = scratch.prepare("SELECT AsBinary(GeomFromEWKB(?))");
    s.bind(1, Value{value.substr(5)});
    return s.step() ? s.getBlob(0) : std::string();
  }
  return {};
}

}  // namespace zhenmap::store
