// What a store connection lets a project file run; see schema_guard.hpp.
#include "store/schema_guard.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace zhenmap::store {

namespace {

// Virtual-table modules a project may use: R*Tree spatial indexes and the tables SpatiaLite's
// metadata creates (SpatialIndex, ElementaryGeometries, KNN), json_each/json_tree. All read the
// project file only.
const char* const kKeptModules[] = {
    "rtree",      "rtree_i32",   "json_each", "json_tree",   "VirtualSpatialIndex", "VirtualElementary",
    "VirtualKNN", "VirtualKNN2", "MbrCache",  "VirtualBBox", "VirtualRouting",      "VirtualNetwork",
    nullptr};

// Functions that reach outside the project file (files, other databases, the network, any SQL
// text): SpatiaLite registers most of them only with SPATIALITE_SECURITY=relaxed.
const std::set<std::string> kOutsideFunctions = {"blobfromfile",
                                                 "blobtofile",
                                                 "eval",
                                                 "exportdbf",
                                                 "exportdxf",
                                                 "exportgeojson",
                                                 "exportgeojson2",
                                                 "exportkml",
                                                 "exportshp",
                                                 "importdbf",
                                                 "importdxf",
                                                 "importdxffromdir",
                                                 "importgeojson",
                                                 "importshp",
                                                 "importwfs",
                                                 "importxls",
                                                 "importzipdbf",
                                                 "importzipshp",
                                                 "proj_guesssridfromshp",
                                                 "proj_guesssridfromzipshp",
                                                 "sqlproc_fromfile",
                                                 "sqlproc_setlogfile",
                                                 "sqlproc_execute",
                                                 "sqlproc_executeloop",
                                                 "storedproc_execute",
                                                 "storedproc_executeloop",
                                                 "xb_loadxml",
                                                 "xb_storexml",
                                                 "zipfile_cds",
                                                 "zipfile_dbfn",
                                                 "zipfile_numdbf",
                                                 "zipfile_numshp",
                                                 "zipfile_shpn",
                                                 "readfile",
                                                 "writefile",
                                                 "edit"};

// Functions a schema may call although SQLite does not mark them innocuous. Each is pure (its
// result depends on its arguments only) or, for RTreeAlign, writes only the spatial index of the
// row being written.
const std::set<std::string> kTrustedSchemaFunctions = {
    "geometryconstraints",  // SpatiaLite's geometry column triggers: type, SRID, dimensions
    "rtreealign",           // SpatiaLite's spatial index triggers
    // JSON functions (the styles table's CHECK (json_valid(...))): pure; SQLite 3.40 does not
    // flag them innocuous.
    "json", "json_array", "json_array_length", "json_extract", "json_insert", "json_object", "json_patch", "json_quote",
    "json_remove", "json_replace", "json_set", "json_type", "json_valid", "json_group_array", "json_group_object", "->",
    "->>"};

constexpr int kInnocuous = 0x200000;  // SQLITE_INNOCUOUS, as pragma function_list shows it

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

StmtPtr prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return nullptr;
  }
  return StmtPtr(raw);
}

std::string text(sqlite3_stmt* s, int col) {
  const auto* p = sqlite3_column_text(s, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
           : std::string();
}

void refuseOutside(sqlite3_context* ctx, int, sqlite3_value**) {
  sqlite3_result_error(ctx, "this function reaches outside the project file; zhenmap does not run it", -1);
}

std::string quoteIdent(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// The names of the functions a statement's program calls (EXPLAIN lists triggers' programs too).
// A statement SQLite refuses to compile because the schema makes an unsafe use of a function (one
// marked SQLITE_DIRECTONLY: load_extension, the stand-ins restrictConnection installs) names that
// function; other compile errors (a view one cannot write, a missing function) mean the statement
// cannot run either, and name nothing.
std::set<std::string> calledFunctions(sqlite3* db, const std::string& sql) {
  std::set<std::string> out;
  StmtPtr s = prepare(db, "EXPLAIN " + sql);
  if (!s) {
    const std::string error = sqlite3_errmsg(db);
    const std::string unsafe = "unsafe use of ";
    if (error.rfind(unsafe, 0) == 0) out.insert(lower(error.substr(unsafe.size(), error.rfind('(') - unsafe.size())));
    return out;
  }
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    const std::string op = text(s.get(), 1);
    if (op != "Function" && op != "PureFunc" && op.rfind("Agg", 0) != 0) continue;
    const std::string p4 = text(s.get(), 5);  // "name(nargs)"
    out.insert(lower(p4.substr(0, p4.rfind('('))));
  }
  return out;
}

// Where a refused function is called: a trigger on the table whose text names it, else the
// table's (or view's) own definition.
std::string culprit(sqlite3* db, const std::string& type, const std::string& name, const std::string& function) {
  if (StmtPtr s = prepare(db,
                          "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 "
                          "AND instr(lower(sql), ?2) > 0 ORDER BY name")) {
    sqlite3_bind_text(s.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 2, function.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) == SQLITE_ROW) {
      return "trigger '" + text(s.get(), 0) + "' on " + type + " '" + name + "' that calls " + function + "()";
    }
  }
  return type + " '" + name + "' whose " + (type == "view" ? "query calls " : "checks or defaults call ") + function +
         "()";
}

}  // namespace

std::int64_t maxValueBytes() {
  constexpr std::int64_t kDefault = std::int64_t{256} << 20;
  const char* env = std::getenv("ZHENMAP_MAX_VALUE_BYTES");
  if (!env || !*env) return kDefault;
  char* end = nullptr;
  const long long v = std::strtoll(env, &end, 10);
  return end && *end == '\0' && v >= 1024 && v <= kDefault ? v : kDefault;
}

namespace {
int limitConnection(sqlite3* db, const char**, const sqlite3_api_routines*) {
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, static_cast<int>(maxValueBytes()));
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
  return SQLITE_OK;
}
}  // namespace

void limitEveryConnection() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_auto_extension(reinterpret_cast<void (*)()>(limitConnection)); });
}

void restrictConnection(sqlite3* db) {
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, static_cast<int>(maxValueBytes()));
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);  // no other database files through this connection
  std::vector<std::pair<std::string, int>> outside;
  if (StmtPtr s = prepare(db, "SELECT name, narg FROM pragma_function_list")) {
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      std::string name = text(s.get(), 0);
      if (kOutsideFunctions.count(lower(name))) outside.emplace_back(std::move(name), sqlite3_column_int(s.get(), 1));
    }
  }
  for (const auto& [name, narg] : outside) {
    sqlite3_create_function_v2(db, name.c_str(), narg, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr, refuseOutside, nullptr,
                               nullptr, nullptr);
  }
  sqlite3_drop_modules(db, const_cast<const char**>(kKeptModules));
}

std::string untrustedSchemaUse(sqlite3* db) {
  std::set<std::string> allowed = kTrustedSchemaFunctions;
  if (StmtPtr s = prepare(db, "SELECT name, flags FROM pragma_function_list")) {
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      if (sqlite3_column_int(s.get(), 1) & kInnocuous) allowed.insert(lower(text(s.get(), 0)));
    }
  }
  // Functions SQLite implements inside its code generator (no FuncDef flags to read).
  for (const char* f : {"glob", "like", "regexp", "coalesce", "ifnull", "iif", "likelihood", "likely", "unlikely",
                        "sqlite_offset", "affinity", "implies_nonnull_row", "expr_compare", "expr_implies_expr"}) {
    allowed.insert(f);
  }
  std::vector<std::pair<std::string, std::string>> objects;  // type, name
  if (StmtPtr s = prepare(db, "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")) {
    while (sqlite3_step(s.get()) == SQLITE_ROW) objects.emplace_back(text(s.get(), 0), text(s.get(), 1));
  }
  for (const auto& [type, name] : objects) {
    const std::string q = quoteIdent(name);
    std::vector<std::string> statements;
    if (type == "view") statements.push_back("SELECT * FROM " + q);
    statements.push_back("INSERT INTO " + q + " DEFAULT VALUES");
    statements.push_back("DELETE FROM " + q);
    // Every column that can be set, so that UPDATE OF triggers and generated columns are compiled.
    std::string set;
    if (StmtPtr cols = prepare(db, "SELECT name, hidden FROM pragma_table_xinfo(?1)")) {
      sqlite3_bind_text(cols.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(cols.get()) == SQLITE_ROW) {
        if (sqlite3_column_int(cols.get(), 1) != 0) continue;  // generated or hidden
        const std::string c = quoteIdent(text(cols.get(), 0));
        set += (set.empty() ? "" : ", ") + c + " = " + c;
      }
    }
    if (!set.empty()) statements.push_back("UPDATE " + q + " SET " + set);
    for (const std::string& sql : statements) {
      for (const std::string& f : calledFunctions(db, sql)) {
        if (!allowed.count(f)) return culprit(db, type, name, f);
      }
    }
  }
  return {};
}

}  // namespace zhenmap::store
