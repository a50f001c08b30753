// SQLite/SpatiaLite RAII wrapper; see database.hpp.
#include "store/database.hpp"

#include <spatialite.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <utility>

#include "store/schema_guard.hpp"

namespace zhenmap::store {

std::string toText(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, *d);  // shortest text that reads back exactly
    return std::string(buf, r.ptr);
  }
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return "NULL";
}

Database::Database(const std::string& path, OpenMode mode, int busyTimeoutMs) : m_path(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (mode != OpenMode::Create && !exists) throw OpenError("no such project file", {path});
  m_readOnly = mode == OpenMode::ReadOnly;
  if (mode == OpenMode::ReadWrite) {
    // A file (or its directory, where the WAL and journal live) we cannot write opens read-only.
    const fs::path dir = fs::absolute(path, ec).parent_path();
    // Root passes access() checks, so a file without any write permission bit counts as read-only too.
    struct stat st {};
    const bool noWriteBits = ::stat(path.c_str(), &st) == 0 && (st.st_mode & 0222) == 0;
    if (noWriteBits || access(path.c_str(), W_OK) != 0 || access(dir.c_str(), W_OK) != 0) m_readOnly = true;
  }
  const int flags = m_readOnly ? SQLITE_OPEN_READONLY
                               : SQLITE_OPEN_READWRITE | (mode == OpenMode::Create ? SQLITE_OPEN_CREATE : 0);
  limitEveryConnection();
  const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    close();
    throw OpenError("cannot open project: " + msg, {path});
  }
  sqlite3_extended_result_codes(m_db, 1);
  m_spatialiteCache = spatialite_alloc_connection();
  spatialite_init_ex(m_db, m_spatialiteCache, 0);
  restrictConnection(m_db);  // after SpatiaLite, which registers the functions it removes
  // After SpatiaLite's init, which sets a busy timeout of its own.
  sqlite3_busy_timeout(m_db, busyTimeoutMs);
  try {
    exec("PRAGMA foreign_keys = ON");
    checkSchema();
    if (!m_readOnly) {
      // A rollback journal, not WAL. In WAL mode every connection holds a lock on the file for as
      // long as it is open, and POSIX drops all of a process's locks on a file when any descriptor
      // of it is closed: GDAL probing or reading the project (the map layers) does exactly that.
      // Another process closing its connection (sqlite3, a second zhenmap) then thinks it is the
      // last one and deletes the WAL under our open connection: later commits went into a deleted
      // file and were lost (ui.test_table_edit). A rollback journal holds locks only during a
      // transaction. A file another connection keeps in WAL stays so (busy), which is safe.
      // PERSIST: the journal is kept between commits with its header zeroed (so it is never taken
      // for a hot journal) instead of deleted, which saves each commit an unlink, a create and a
      // sync of the folder: a one-cell commit 1.19 -> 1.01 ms, median of 5 interleaved rounds of
      // 40 (issue 24). journal_size_limit: a big commit's journal is cut back to 256 KiB after
      // it (a one-cell commit writes about 35 KiB).
      const int modeRc = sqlite3_exec(m_db, "PRAGMA journal_mode = PERSIST", nullptr, nullptr, nullptr);
      if (modeRc != SQLITE_OK && (modeRc & 0xff) != SQLITE_BUSY) fail("cannot set the journal mode", modeRc);
      exec("PRAGMA synchronous = FULL");
      exec("PRAGMA journal_size_limit = 262144");
      // Large commits stay in memory until COMMIT instead of spilling pages early.
      exec("PRAGMA cache_size = -32768");
      // Statement journals in memory: a batched UPDATE with audit triggers keeps one, and on
      // disk it cost ~48,000 small writes to a temporary file per 10,000 audited edits (issue 24).
      exec("PRAGMA temp_store = MEMORY");
    }
  } catch (const SqliteError& e) {
    close();
    throw OpenError(std::string("cannot open project: ") + e.what(), {path});
  } catch (...) {
    close();
    throw;
  }
}

void Database::checkSchema() {
  // Checked once per file version in this process: the check compiles a statement per table.
  namespace fs = std::filesystem;
  static std::mutex mutex;
  static std::set<std::string> trusted;
  std::error_code ec;
  const auto size = fs::file_size(m_path, ec);
  const auto time = fs::last_write_time(m_path, ec).time_since_epoch().count();
  struct stat st {};
  ::stat(m_path.c_str(), &st);
  const std::string key = fs::absolute(m_path, ec).string() + "|" + std::to_string(size) + "|" + std::to_string(time) +
                          "|" + std::to_string(st.st_ino) + "|" + std::to_string(sqlite3_total_changes(m_db));
  {
    std::lock_guard lock(mutex);
    if (trusted.count(key)) return;
  }
  const std::string use = untrustedSchemaUse(m_db);
  if (!use.empty()) {
    throw UntrustedFileError("the project file carries a " + use +
                                 ", which zhenmap does not run: a file from elsewhere may not run code; the file "
                                 "was not changed",
                             {m_path});
  }
  std::lock_guard lock(mutex);
  trusted.insert(key);
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_spatialiteCache(std::exchange(other.m_spatialiteCache, nullptr)),
      m_path(std::move(other.m_path)),
      m_readOnly(other.m_readOnly) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    m_db = std::exchange(other.m_db, nullptr);
    m_spatialiteCache = std::exchange(other.m_spatialiteCache, nullptr);
    m_path = std::move(other.m_path);
    m_readOnly = other.m_readOnly;
  }
  return *this;
}

void Database::close() noexcept {
  if (m_db) sqlite3_close_v2(m_db);
  m_db = nullptr;
  if (m_spatialiteCache) spatialite_cleanup_ex(m_spatialiteCache);
  m_spatialiteCache = nullptr;
}

void Database::fail(const std::string& what, int code) const {
  std::string msg = what;
  if (m_db) msg += ": " + std::string(sqlite3_errmsg(m_db));
  const int c = m_db ? sqlite3_extended_errcode(m_db) : code;
  if ((c & 0xff) == SQLITE_READONLY) throw ReadOnlyError("project is read-only: " + msg, {m_path});
  if ((c & 0xff) == SQLITE_TOOBIG) {
    msg += " (a value larger than " + std::to_string(maxValueBytes()) + " bytes, the most zhenmap reads)";
  }
  throw SqliteError(msg, c, {m_path});
}

void Database::exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) fail("cannot run '" + sql.substr(0, 60) + "'", rc);
}

Statement Database::prepare(std::string_view sql) const { return Statement(*this, sql); }

Statement::Statement(const Database& db, std::string_view sql) : m_db(&db) {
  const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
  if (rc != SQLITE_OK) db.fail("cannot prepare '" + std::string(sql.substr(0, 80)) + "'", rc);
}

Statement::~Statement() {
  if (m_stmt) sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (m_stmt) sqlite3_finalize(m_stmt);
    m_db = other.m_db;
    m_stmt = std::exchange(other.m_stmt, nullptr);
  }
  return *this;
}

Statement& Statement::bind(int index, const Value& v) {
  int rc = SQLITE_OK;
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    rc = sqlite3_bind_int64(m_stmt, index, *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    rc = sqlite3_bind_double(m_stmt, index, *d);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    rc = sqlite3_bind_text(m_stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else {
    rc = sqlite3_bind_null(m_stmt, index);
  }
  if (rc != SQLITE_OK) m_db->fail("cannot bind parameter " + std::to_string(index), rc);
  return *this;
}

Statement& Statement::bindInt(int index, std::int64_t v) {
  const int rc = sqlite3_bind_int64(m_stmt, index, v);
  if (rc != SQLITE_OK) m_db->fail("cannot bind parameter " + std::to_string(index), rc);
  return *this;
}

Statement& Statement::bindText(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) m_db->fail("cannot bind parameter " + std::to_string(index), rc);
  return *this;
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size) {
  const int rc = sqlite3_bind_blob64(m_stmt, index, data, size, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) m_db->fail("cannot bind blob " + std::to_string(index), rc);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(m_stmt);
  m_db->fail("statement failed", rc);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::string Statement::getText(int col) const {
  const auto* p = sqlite3_column_text(m_stmt, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(m_stmt, col)) : std::string();
}

std::string Statement::getBlob(int col) const {
  const void* p = sqlite3_column_blob(m_stmt, col);
  return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(m_stmt, col)) : std::string();
}

Value Statement::getValue(int col) const {
  switch (sqlite3_column_type(m_stmt, col)) {
    case SQLITE_INTEGER: return getInt(col);
    case SQLITE_FLOAT: return getDouble(col);
    case SQLITE_NULL: return std::monostate{};
    default: return getText(col);
  }
}

Transaction::Transaction(Database& db, Kind kind) : m_db(&db) {
  db.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  if (m_open) sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  m_db->exec("COMMIT");
  m_open = false;
}

}  // namespace zhenmap::store
