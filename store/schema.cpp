// Schema of the project store; see schema.hpp.
#include "store/schema.hpp"

#include <sqlite3.h>

#include <functional>
#include <memory>

#include "store/database.hpp"

namespace zhenmap::store {

namespace {

FieldSpec field(std::string name, FieldType type, std::string alias) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.aliasZh = std::move(alias);
  return f;
}
FieldSpec req(FieldSpec f) {
  f.required = true;
  return f;
}
FieldSpec oneOf(FieldSpec f, std::vector<std::string> values) {
  f.oneOf = std::move(values);
  return f;
}
FieldSpec range(FieldSpec f, std::optional<double> lo, std::optional<double> hi) {
  f.min = lo;
  f.max = hi;
  return f;
}
FieldSpec code(std::string name, std::string alias, int digits, std::string references) {
  FieldSpec f = field(std::move(name), FieldType::Text, std::move(alias));
  f.digits = digits;
  f.references = std::move(references);
  return f;
}
FieldSpec text(std::string name, std::string alias, std::size_t maxLength) {
  FieldSpec f = field(std::move(name), FieldType::Text, std::move(alias));
  f.maxLength = maxLength;
  return f;
}
FieldSpec sensitive(FieldSpec f) {
  f.sensitive = true;
  return f;
}
FieldSpec references(FieldSpec f, std::string target) {
  f.references = std::move(target);
  return f;
}
FieldSpec unique(FieldSpec f) {
  f.unique = true;
  return f;
}

std::vector<LayerSpec> buildSpecs() {
  using T = FieldType;
  const std::vector<std::string> statuses = {"planned", "started", "completed"};
  std::vector<LayerSpec> v;
  v.push_back({"townships", "MULTIPOLYGON", "乡镇",
               {unique(req(code("code", "乡镇代码", 9, ""))), req(text("name", "名称", 40)),
                req(code("county_code", "县区代码", 6, "")), req(text("kind", "类型", 20))},
               {"length(county_code) = 6"}});
  v.push_back({"villages", "MULTIPOLYGON", "村(社区)",
               {unique(req(code("code", "村代码", 12, ""))), req(text("name", "名称", 60)),
                req(code("township_code", "所属乡镇", 9, "townships(code)"))},
               {"substr(code, 1, 9) = township_code"}});
  v.push_back({"work_teams", "POINT", "驻镇帮镇扶村工作队",
               {req(code("township_code", "驻点乡镇", 9, "townships(code)")), req(text("name", "名称", 80)),
                text("assisting_units", "帮扶单位", 400), req(range(field("cadres", T::Integer, "队员人数"), 1, 100)),
                text("notes", "备注", 2000)},
               {}});
  v.push_back({"project_sites", "POINT", "项目点",
               {req(text("name", "项目名称", 120)),
                req(oneOf(field("programme", T::Text, "项目类别"),
                          {"county_library", "beautiful_town", "industry_assistance", "public_service", "other"})),
                req(oneOf(field("status", T::Text, "状态"), statuses)),
                req(code("township_code", "所属乡镇", 9, "townships(code)")),
                code("village_code", "所属村", 12, "villages(code)"),
                range(field("budget_wan", T::Real, "预算(万元)"), 0.0, 1.0e7),
                range(field("funds_raised_wan", T::Real, "已筹资金(万元)"), 0.0, 1.0e7),
                references(range(field("team_id", T::Integer, "负责工作队"), 1, std::nullopt), "work_teams(id)"),
                field("start_date", T::Date, "开工日期"), field("completion_date", T::Date, "完工日期"),
                text("notes", "备注", 2000)},
               {"completion_date IS NULL OR start_date IS NULL OR completion_date >= start_date",
                "village_code IS NULL OR substr(village_code, 1, 9) = township_code"}});
  v.push_back({"scenic_routes", "LINESTRING", "风貌带与立面改造线路",
               {req(text("name", "线路名称", 120)),
                req(oneOf(field("kind", T::Text, "类型"), {"scenic_belt", "street_facade", "greenway"})),
                req(code("township_code", "所属乡镇", 9, "townships(code)")),
                req(range(field("planned_km", T::Real, "规划长度(公里)"), 0.0, 1000.0)),
                req(range(field("built_km", T::Real, "已建长度(公里)"), 0.0, 1000.0)),
                req(oneOf(field("status", T::Text, "状态"), statuses))},
               {"built_km <= planned_km"}});
  v.push_back({"households", "POINT", "防返贫监测户",
               {unique(req(text("household_id", "户编号(匿名)", 40))),
                req(code("village_code", "所属村", 12, "villages(code)")),
                req(range(field("members", T::Integer, "家庭人口"), 1, 30)),
                req(oneOf(field("risk_level", T::Text, "风险等级"), {"high", "medium", "low"})),
                text("risk_type", "风险类型", 80),
                req(oneOf(field("monitoring_status", T::Text, "监测状态"), {"monitoring", "risk_eliminated"})),
                text("measures", "帮扶措施", 2000), field("last_visit", T::Date, "最近走访"),
                sensitive(text("head_name", "户主姓名", 40)), sensitive(text("id_number", "身份证号", 40)),
                sensitive(text("phone", "联系电话", 40))},
               {}});
  return v;
}

std::string quoteText(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string number(double d) { return std::to_string(d); }

std::string columnDdl(const FieldSpec& f) {
  const std::string& n = f.name;
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

const char* kMetadataDdl = R"SQL(
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE layer_metadata (
  layer TEXT PRIMARY KEY, title_zh TEXT NOT NULL, geometry_type TEXT NOT NULL,
  synthetic_geometry INTEGER NOT NULL DEFAULT 0 CHECK (synthetic_geometry IN (0, 1)),
  description TEXT);
CREATE TABLE field_metadata (
  layer TEXT NOT NULL REFERENCES layer_metadata(layer), field TEXT NOT NULL,
  alias_zh TEXT NOT NULL, type TEXT NOT NULL,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  sensitive INTEGER NOT NULL CHECK (sensitive IN (0, 1)),
  PRIMARY KEY (layer, field));
CREATE TABLE styles (
  layer TEXT PRIMARY KEY REFERENCES layer_metadata(layer), style_json TEXT NOT NULL CHECK (json_valid(style_json)));
CREATE TABLE bookmarks (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
  CHECK (min_lon < max_lon AND min_lat < max_lat));
CREATE TABLE slides (
  id INTEGER PRIMARY KEY, position INTEGER NOT NULL UNIQUE, title TEXT NOT NULL,
  bookmark_id INTEGER REFERENCES bookmarks(id), visible_layers TEXT, notes TEXT);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY, layer TEXT NOT NULL, feature_id INTEGER NOT NULL, field TEXT NOT NULL,
  old_value TEXT, new_value TEXT, new_version INTEGER NOT NULL, user TEXT NOT NULL,
  time TEXT NOT NULL, reason TEXT);
CREATE INDEX audit_log_feature ON audit_log(layer, feature_id);
)SQL";

const char* typeName(FieldType t) {
  switch (t) {
    case FieldType::Integer: return "integer";
    case FieldType::Real: return "real";
    case FieldType::Date: return "date";
    case FieldType::Text: break;
  }
  return "text";
}

void createVersion1(Database& db) {
  db.exec("SELECT InitSpatialMetaData('NONE')");
  db.exec("SELECT InsertEpsgSrid(" + std::to_string(kStoreSrid) + ")");
  db.exec(kMetadataDdl);
  Statement layerRow = db.prepare("INSERT INTO layer_metadata (layer, title_zh, geometry_type) VALUES (?, ?, ?)");
  Statement fieldRow = db.prepare(
      "INSERT INTO field_metadata (layer, field, alias_zh, type, required, sensitive) VALUES (?, ?, ?, ?, ?, ?)");
  for (const LayerSpec& layer : layerSpecs()) {
    std::string ddl = "CREATE TABLE " + layer.name +
                      " (id INTEGER PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)";
    for (const FieldSpec& f : layer.fields) ddl += ",\n  " + columnDdl(f);
    for (const std::string& c : layer.tableChecks) ddl += ",\n  CHECK (" + c + ")";
    db.exec(ddl + ")");
    for (const FieldSpec& f : layer.fields) {
      if (!f.references.empty() && !f.unique) {
        db.exec("CREATE INDEX " + layer.name + "_" + f.name + " ON " + layer.name + "(" + f.name + ")");
      }
    }
    const std::string srid = std::to_string(kStoreSrid);
    Statement add = db.prepare("SELECT AddGeometryColumn(?, 'geom', " + srid + ", ?, 'XY', 1)");
    add.bind(1, layer.name).bind(2, layer.geometryType);
    if (!add.step() || add.getInt(0) != 1) db.fail("cannot add the geometry column of " + layer.name, SQLITE_ERROR);
    Statement index = db.prepare("SELECT CreateSpatialIndex(?, 'geom')");
    index.bind(1, layer.name);
    if (!index.step() || index.getInt(0) != 1) db.fail("cannot index " + layer.name, SQLITE_ERROR);
    layerRow.bind(1, layer.name).bind(2, layer.titleZh).bind(3, layer.geometryType).run();
    for (const FieldSpec& f : layer.fields) {
      fieldRow.bind(1, layer.name).bind(2, f.name).bind(3, f.aliasZh).bind(4, std::string(typeName(f.type)));
      fieldRow.bind(5, std::int64_t{f.required}).bind(6, std::int64_t{f.sensitive}).run();
    }
  }
}

// SpatiaLite keeps geometry_columns_time.last_update with a trigger that fires for EVERY updated
// row, attribute edits included: about a third of the cost of a 10,000-cell commit. The store
// bumps last_update once per layer and commit instead (ProjectStore::commit).
void dropPerRowTimestampTriggers(Database& db) {
  for (const LayerSpec& layer : layerSpecs()) db.exec("DROP TRIGGER IF EXISTS \"tmu_" + layer.name + "_geom\"");
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

struct Migration {
  int version;
  const char* description;
  std::function<void(Database&)> apply;
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "initial schema", createVersion1},
      {2, "one last_update per commit instead of SpatiaLite's per-row update trigger", dropPerRowTimestampTriggers},
      {3, "meeting mode: slide filters, audit context, audit log by time", addMeetingMode}};
  return list;
}

void applyFrom(Database& db, int from) {
  Transaction tx(db);
  for (const Migration& m : migrations()) {
    if (m.version <= from) continue;
    m.apply(db);
    Statement s = db.prepare(
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    s.bind(1, std::int64_t{m.version}).bind(2, std::string(m.description)).run();
  }
  tx.commit();
}

}  // namespace

const std::vector<LayerSpec>& layerSpecs() {
  static const std::vector<LayerSpec> specs = buildSpecs();
  return specs;
}

const LayerSpec* findLayer(std::string_view name) {
  for (const LayerSpec& l : layerSpecs()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const FieldSpec* findField(const LayerSpec& layer, std::string_view field) {
  for (const FieldSpec& f : layer.fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

std::string columnDefinition(const FieldSpec& field) { return columnDdl(field); }

void createSchema(Database& db) {
  if (schemaVersion(db) != 0) throw OpenError("the file already holds a zhenmap project", {db.path()});
  applyFrom(db, 0);
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
  for (const LayerSpec& layer : layerSpecs()) {
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
  applyFrom(db, v);
}

}  // namespace zhenmap::store
