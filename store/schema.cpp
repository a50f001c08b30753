// Schema of the project store on SQLite: DDL of the metadata and layer tables, creation, and the
// migrations of older files; see schema.hpp.
#include "store/schema.hpp"

#include <sqlite3.h>

#include <functional>
#include <memory>

#include "store/database.hpp"
#include "store/schema_metadata.hpp"
#include "store/sqlite_audit.hpp"
#include "store/validation.hpp"

namespace zhenmap::store {

namespace {

std::string quoteText(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string number(double d) { return std::to_string(d); }

std::string ident(const std::string& name) { return "\"" + name + "\""; }

// The metadata tables as this version creates them (older files get there by the migrations).
const char* kMetadataDdl = R"SQL(
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE layer_metadata (
  layer TEXT PRIMARY KEY, title_zh TEXT NOT NULL, geometry_type TEXT NOT NULL,
  synthetic_geometry INTEGER NOT NULL DEFAULT 0 CHECK (synthetic_geometry IN (0, 1)),
  description TEXT, position INTEGER, rules TEXT CHECK (rules IS NULL OR json_valid(rules)),
  township_expression TEXT);
CREATE TABLE field_metadata (
  layer TEXT NOT NULL REFERENCES layer_metadata(layer), field TEXT NOT NULL,
  alias_zh TEXT NOT NULL, type TEXT NOT NULL,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  sensitive INTEGER NOT NULL CHECK (sensitive IN (0, 1)),
  position INTEGER, is_unique INTEGER NOT NULL DEFAULT 0, domain TEXT CHECK (domain IS NULL OR json_valid(domain)),
  min_value REAL, max_value REAL, digits INTEGER NOT NULL DEFAULT 0, max_length INTEGER NOT NULL DEFAULT 0,
  ref TEXT, default_value TEXT, role TEXT,
  PRIMARY KEY (layer, field));
CREATE TABLE styles (
  layer TEXT PRIMARY KEY REFERENCES layer_metadata(layer), style_json TEXT NOT NULL CHECK (json_valid(style_json)));
CREATE TABLE bookmarks (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
  CHECK (min_lon < max_lon AND min_lat < max_lat));
CREATE TABLE slides (
  id INTEGER PRIMARY KEY, position INTEGER NOT NULL UNIQUE, title TEXT NOT NULL,
  bookmark_id INTEGER REFERENCES bookmarks(id), visible_layers TEXT, notes TEXT,
  filters TEXT CHECK (filters IS NULL OR json_valid(filters)));
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
)SQL";

struct Migration {
  int version;
  const char* description;
  // Applies the step to a file at version - 1; nullptr for the initial schema (createSchema).
  std::function<void(Database&)> apply;
};

// SpatiaLite keeps geometry_columns_time.last_update with a trigger that fires for EVERY updated
// row, attribute edits included: about a third of the cost of a 10,000-cell commit. The store
// bumps last_update once per layer and commit instead (the backends' commits).
void dropPerRowTimestampTrigger(Database& db, const std::string& layer) {
  db.exec("DROP TRIGGER IF EXISTS \"tmu_" + layer + "_geom\"");
}

void dropPerRowTimestampTriggers(Database& db) {
  for (const LayerSpec& layer : standardLayers()) dropPerRowTimestampTrigger(db, layer.name);
}

// Meeting mode: a slide may filter its layers ({"layer": "SQL expression"}), and an audit row says
// in which context its edit was made (NULL: ordinary editing, 'presentation': live in a meeting).
// "Progress since" reads the audit log by time.
void addMeetingMode(Database& db) {
  db.exec(R"SQL(
ALTER TABLE slides ADD COLUMN filters TEXT CHECK (filters IS NULL OR json_valid(filters));
ALTER TABLE audit_log ADD COLUMN context TEXT CHECK (context IS NULL OR context IN ('presentation'));
CREATE INDEX audit_log_time ON audit_log(time);
)SQL");
}

// Layers described by the file itself: the full field and layer descriptions move into the
// metadata tables (the files so far hold only the standard layers, described by the template).
void addLayerDescriptions(Database& db) {
  db.exec(R"SQL(
ALTER TABLE layer_metadata ADD COLUMN position INTEGER;
ALTER TABLE layer_metadata ADD COLUMN rules TEXT CHECK (rules IS NULL OR json_valid(rules));
ALTER TABLE layer_metadata ADD COLUMN township_expression TEXT;
ALTER TABLE field_metadata ADD COLUMN position INTEGER;
ALTER TABLE field_metadata ADD COLUMN is_unique INTEGER NOT NULL DEFAULT 0;
ALTER TABLE field_metadata ADD COLUMN domain TEXT CHECK (domain IS NULL OR json_valid(domain));
ALTER TABLE field_metadata ADD COLUMN min_value REAL;
ALTER TABLE field_metadata ADD COLUMN max_value REAL;
ALTER TABLE field_metadata ADD COLUMN digits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE field_metadata ADD COLUMN max_length INTEGER NOT NULL DEFAULT 0;
ALTER TABLE field_metadata ADD COLUMN ref TEXT;
ALTER TABLE field_metadata ADD COLUMN default_value TEXT;
ALTER TABLE field_metadata ADD COLUMN role TEXT;
)SQL");
  int position = 0;
  for (const LayerSpec& layer : standardLayers()) {
    Statement has = db.prepare("SELECT 1 FROM layer_metadata WHERE layer = ?");
    has.bind(1, Value{layer.name});
    if (has.step()) writeLayerMetadata(db, layer, position);
    ++position;
  }
}

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "initial schema", nullptr},
      {2, "one last_update per commit instead of SpatiaLite's per-row update trigger", dropPerRowTimestampTriggers},
      {3, "meeting mode: slide filters, audit context, audit log by time", addMeetingMode},
      {4, "layers described in the file: field types, domains, rules, roles (user-defined layers)",
       addLayerDescriptions},
      {5, "audit rows and row versions written by triggers whoever writes; hash-chained audit log", addDatabaseAudit}};
  return list;
}

void recordMigration(Database& db, const Migration& m) {
  Statement s = db.prepare(
      "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, "
      "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  s.bind(1, std::int64_t{m.version}).bind(2, std::string(m.description)).run();
}

}  // namespace

std::string sqliteColumnDdl(const FieldSpec& f) {
  const std::string n = ident(f.name);
  std::string sql = n;
  std::vector<std::string> checks;
  switch (f.type) {
    case FieldType::Integer:
      sql += " INTEGER";
      checks.push_back("typeof(" + n + ") = 'integer'");
      break;
    case FieldType::Real:
      sql += " REAL";
      checks.push_back("typeof(" + n + ") IN ('real', 'integer')");
      break;
    case FieldType::Text:
      sql += " TEXT";
      checks.push_back("typeof(" + n + ") = 'text'");
      break;
    case FieldType::Date:
      sql += " TEXT";
      checks.push_back("date(" + n + ") IS " + n);
      break;
  }
  if (f.required) sql += " NOT NULL";
  if (f.unique) sql += " UNIQUE";
  if (!f.oneOf.empty()) {
    std::string list;
    for (const auto& o : f.oneOf) list += (list.empty() ? "" : ", ") + quoteText(o);
    checks.push_back(n + " IN (" + list + ")");
  }
  if (f.min) checks.push_back(n + " >= " + number(*f.min));
  if (f.max) checks.push_back(n + " <= " + number(*f.max));
  if (f.digits > 0) {
    checks.push_back("length(" + n + ") = " + std::to_string(f.digits) + " AND " + n + " NOT GLOB '*[^0-9]*'");
  }
  if (f.maxLength > 0) checks.push_back("length(" + n + ") <= " + std::to_string(f.maxLength));
  std::string all;
  for (const auto& c : checks) all += (all.empty() ? "" : " AND ") + ("(" + c + ")");
  sql += " CHECK (" + n + " IS NULL OR (" + all + "))";
  if (!f.references.empty()) sql += " REFERENCES " + f.references;
  return sql;
}

void createLayerTable(Database& db, const LayerSpec& layer, int position) {
  Statement taken = db.prepare("SELECT 1 FROM sqlite_master WHERE lower(name) = lower(?)");
  taken.bind(1, Value{layer.name});
  if (taken.step()) {
    throw ValidationError("the project already has a table named '" + layer.name + "'", "",
                          {db.path(), layer.name, std::nullopt});
  }
  const std::string table = ident(layer.name);
  std::string ddl =
      "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)";
  for (const FieldSpec& f : layer.fields) ddl += ",\n  " + sqliteColumnDdl(f);
  for (const std::string& c : tableChecks(layer)) ddl += ",\n  CHECK (" + c + ")";
  db.exec(ddl + ")");
  for (const FieldSpec& f : layer.fields) {
    if (!f.references.empty() && !f.unique) {
      db.exec("CREATE INDEX " + ident(layer.name + "_" + f.name) + " ON " + table + "(" + ident(f.name) + ")");
    }
  }
  const std::string srid = std::to_string(kStoreSrid);
  Statement add = db.prepare("SELECT AddGeometryColumn(?, 'geom', " + srid + ", ?, 'XY', 1)");
  add.bind(1, layer.name).bind(2, layer.geometryType);
  if (!add.step() || add.getInt(0) != 1) db.fail("cannot add the geometry column of " + layer.name, SQLITE_ERROR);
  Statement index = db.prepare("SELECT CreateSpatialIndex(?, 'geom')");
  index.bind(1, layer.name);
  if (!index.step() || index.getInt(0) != 1) db.fail("cannot index " + layer.name, SQLITE_ERROR);
  dropPerRowTimestampTrigger(db, layer.name);
  writeLayerMetadata(db, layer, position);
  createAuditTriggers(db, layer);
}

void createSchema(Database& db, const std::vector<LayerSpec>& layers) {
  if (schemaVersion(db) != 0) throw OpenError("the file already holds a zhenmap project", {db.path()});
  Transaction tx(db);
  db.exec("SELECT InitSpatialMetaData('NONE')");
  db.exec("SELECT InsertEpsgSrid(" + std::to_string(kStoreSrid) + ")");
  db.exec(kMetadataDdl);
  db.exec(auditLogDdl());
  createAuditTables(db);
  int position = 0;
  for (const LayerSpec& layer : layers) createLayerTable(db, layer, position++);
  for (const Migration& m : migrations()) recordMigration(db, m);
  tx.commit();
}

int schemaVersion(Database& db) {
  Statement has = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!has.step() || has.getInt(0) == 0) return 0;
  Statement v = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  return v.step() ? static_cast<int>(v.getInt(0)) : 0;
}

bool hasProjectTables(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close_v2);
  if (rc != SQLITE_OK) return false;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(),
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                         "('schema_migrations', 'styles')",
                         -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return false;  // not a database at all, or damaged beyond its first page
  }
  const bool both = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 2;
  sqlite3_finalize(stmt);
  return both;
}

void checkProjectStructure(Database& db) {
  const int v = schemaVersion(db);
  if (v > kSchemaVersion) {
    throw DamagedProjectError("project schema version " + std::to_string(v) + " is newer than this zhenmap (" +
                                  std::to_string(kSchemaVersion) + "); open it with a newer zhenmap",
                              {db.path()});
  }
  Statement columns = db.prepare("SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'geom'");
  Statement registered =
      db.prepare("SELECT count(*) FROM geometry_columns WHERE f_table_name = lower(?1) AND f_geometry_column = 'geom'");
  // From version 4 the file describes its own layers; older files hold the standard ones.
  const std::vector<LayerSpec> layers = v >= 4 ? readLayerSpecs(db) : standardLayers();
  for (const LayerSpec& layer : layers) {
    columns.bind(1, layer.name);
    registered.bind(1, layer.name);
    const bool hasColumn = columns.step() && columns.getInt(0) == 1;
    const bool isRegistered = registered.step() && registered.getInt(0) == 1;
    columns.reset();
    registered.reset();
    if (!hasColumn || !isRegistered) {
      throw DamagedProjectError("the layer table " + layer.name +
                                    " has no geometry column geom: the file is damaged or was changed outside zhenmap",
                                {db.path()});
    }
  }
}

void migrate(Database& db) {
  const int v = schemaVersion(db);
  if (v == 0) throw OpenError("not a zhenmap project (no schema_migrations table)", {db.path()});
  checkProjectStructure(db);
  if (v == kSchemaVersion) return;
  if (db.readOnly()) throw ReadOnlyError("project needs a schema upgrade but is read-only", {db.path()});
  Transaction tx(db);
  for (const Migration& m : migrations()) {
    if (m.version <= v) continue;
    m.apply(db);
    recordMigration(db, m);
  }
  tx.commit();
}

}  // namespace zhenmap::store
