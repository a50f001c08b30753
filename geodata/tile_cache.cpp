// The MBTiles-layout tile cache; see tile_cache.hpp.
#include "tile_cache.hpp"

#include <sqlite3.h>

#include <array>
#include <cstdlib>
#include <filesystem>

namespace zhenmap {

namespace {

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) m_code = sqlite3_extended_errcode(db);
  }
  ~Stmt() { sqlite3_finalize(m_stmt); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return m_stmt != nullptr; }
  int code() const { return m_code; }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
  }
  Stmt& bindBlob(int i, const std::string& v) {
    sqlite3_bind_blob(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bindText(int i, const std::string& v) {
    sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code (also kept in code()).
  int step() {
    if (!m_stmt) return m_code;
    const int rc = sqlite3_step(m_stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) m_code = sqlite3_extended_errcode(m_db);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? rc : m_code;
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
  std::string blob(int col) const {
    const void* p = sqlite3_column_blob(m_stmt, col);
    return p ? std::string(static_cast<const char*>(p), std::size_t(sqlite3_column_bytes(m_stmt, col))) : std::string();
  }

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt = nullptr;
  int m_code = SQLITE_OK;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,
                                  tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
CREATE TABLE IF NOT EXISTS tile_usage (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,
                                       tile_row INTEGER NOT NULL, last_used INTEGER NOT NULL,
                                       bytes INTEGER NOT NULL, pinned INTEGER NOT NULL DEFAULT 0,
                                       PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tile_usage_lru ON tile_usage (pinned, last_used);
)sql";

bool isFull(int code) { return (code & 0xff) == SQLITE_FULL; }

}  // namespace

TileCache::TileCache(const std::string& path, const TileGrid& grid, TileCacheOptions options)
    : m_path(path), m_options(options) {
  for (const TileLevel& l : grid.levels) m_rows.push_back(l.matrixHeight);
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    const std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    sqlite3_close(m_db);
    m_db = nullptr;
    throw CacheError("cannot open the tile cache: " + msg, {path});
  }
  sqlite3_busy_timeout(m_db, 5000);
  try {
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    exec(kSchema);
    if (m_options.maxPageCount > 0) {
      exec(("PRAGMA max_page_count=" + std::to_string(m_options.maxPageCount)).c_str());
    }
    Stmt s(m_db, "SELECT COALESCE(MAX(last_used), 0), COALESCE(SUM(bytes), 0) FROM tile_usage");
    if (s.step() != SQLITE_ROW) fail("cannot read the tile cache", s.code());
    m_clock = std::uint64_t(s.integer(0));
    m_bytes = std::uint64_t(s.integer(1));
  } catch (...) {
    sqlite3_close(m_db);
    m_db = nullptr;
    throw;
  }
}

TileCache::~TileCache() { sqlite3_close(m_db); }

void TileCache::fail(const std::string& what, int code) {
  const std::string msg = what + ": " + sqlite3_errstr(code);
  if (isFull(code)) {
    throw CacheFullError(msg + " (the disk or the cache file is full; tiles are shown but no longer stored)", {m_path});
  }
  throw CacheError(msg, {m_path});
}

void TileCache::exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) fail("tile cache", sqlite3_extended_errcode(m_db));
}

int TileCache::tmsRow(const TileId& t) const {
  const int rows = t.z >= 0 && std::size_t(t.z) < m_rows.size() ? m_rows[std::size_t(t.z)] : (1 << t.z);
  return rows - 1 - t.y;
}

std::optional<std::string> TileCache::get(const TileId& t) {
  std::lock_guard lock(m_mutex);
  Stmt s(m_db, "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
  s.bind(1, t.z).bind(2, t.x).bind(3, tmsRow(t));
  const int rc = s.step();
  if (rc != SQLITE_ROW) {
    if (rc != SQLITE_DONE) fail("cannot read the tile cache", rc);
    return std::nullopt;
  }
  std::string data = s.blob(0);
  // Marking it used is best effort: a full disk must not hide a cached tile.
  Stmt u(m_db,
         "INSERT INTO tile_usage (zoom_level, tile_column, tile_row, last_used, bytes) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (zoom_level, tile_column, tile_row) DO UPDATE SET last_used = excluded.last_used");
  u.bind(1, t.z).bind(2, t.x).bind(3, tmsRow(t)).bind(4, std::int64_t(++m_clock)).bind(5, std::int64_t(data.size()));
  u.step();
  return data;
}

bool TileCache::contains(const TileId& t) {
  std::lock_guard lock(m_mutex);
  Stmt s(m_db, "SELECT 1 FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
  s.bind(1, t.z).bind(2, t.x).bind(3, tmsRow(t));
  return s.step() == SQLITE_ROW;
}

void TileCache::put(const TileId& t, const std::string& data, bool pin) {
  std::lock_guard lock(m_mutex);
  const int row = tmsRow(t);
  std::int64_t oldBytes = 0;
  {
    Stmt s(m_db, "SELECT bytes FROM tile_usage WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
    s.bind(1, t.z).bind(2, t.x).bind(3, row);
    if (s.step() == SQLITE_ROW) oldBytes = s.integer(0);
  }
  int rc = sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail("cannot write the tile cache", sqlite3_extended_errcode(m_db));
  auto rollback = [&](int code) {
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    fail("cannot store a tile", code);
  };
  Stmt ins(m_db, "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)");
  ins.bind(1, t.z).bind(2, t.x).bind(3, row).bindBlob(4, data);
  if ((rc = ins.step()) != SQLITE_DONE) rollback(rc);
  Stmt use(
      m_db,
      "INSERT INTO tile_usage (zoom_level, tile_column, tile_row, last_used, bytes, pinned) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (zoom_level, tile_column, tile_row) DO UPDATE SET last_used = excluded.last_used, "
      "bytes = excluded.bytes, pinned = MAX(pinned, excluded.pinned)");
  use.bind(1, t.z).bind(2, t.x).bind(3, row).bind(4, std::int64_t(++m_clock)).bind(5, std::int64_t(data.size()));
  use.bind(6, pin ? 1 : 0);
  if ((rc = use.step()) != SQLITE_DONE) rollback(rc);
  if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) rollback(sqlite3_extended_errcode(m_db));
  m_bytes = m_bytes + data.size() - std::uint64_t(oldBytes);
  evict();
}

void TileCache::evict() {
  while (m_bytes > m_options.maxBytes) {
    std::vector<std::array<std::int64_t, 4>> victims;
    {
      Stmt s(m_db,
             "SELECT zoom_level, tile_column, tile_row, bytes FROM tile_usage WHERE pinned = 0 "
             "ORDER BY last_used LIMIT 64");
      while (s.step() == SQLITE_ROW) victims.push_back({s.integer(0), s.integer(1), s.integer(2), s.integer(3)});
    }
    if (victims.empty()) return;  // everything left is pinned
    sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (const auto& v : victims) {
      if (m_bytes <= m_options.maxBytes * 9 / 10) break;
      for (const char* sql : {"DELETE FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                              "DELETE FROM tile_usage WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?"}) {
        Stmt d(m_db, sql);
        d.bind(1, v[0]).bind(2, v[1]).bind(3, v[2]);
        d.step();
      }
      m_bytes -= std::uint64_t(v[3]);
    }
    sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    if (m_bytes <= m_options.maxBytes * 9 / 10) return;
  }
}

std::size_t TileCache::pin(const std::vector<TileId>& tiles) {
  std::lock_guard lock(m_mutex);
  std::size_t found = 0;
  sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  for (const TileId& t : tiles) {
    Stmt s(m_db, "UPDATE tile_usage SET pinned = 1 WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
    s.bind(1, t.z).bind(2, t.x).bind(3, tmsRow(t));
    if (s.step() == SQLITE_DONE) found += std::size_t(sqlite3_changes(m_db));
  }
  if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    const int code = sqlite3_extended_errcode(m_db);
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    fail("cannot pin tiles", code);
  }
  return found;
}

void TileCache::unpinAll() {
  std::lock_guard lock(m_mutex);
  exec("UPDATE tile_usage SET pinned = 0 WHERE pinned <> 0");
}

void TileCache::setMetadata(const std::string& name, const std::string& value) {
  std::lock_guard lock(m_mutex);
  Stmt s(m_db, "INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)");
  s.bindText(1, name).bindText(2, value);
  if (const int rc = s.step(); rc != SQLITE_DONE) fail("cannot write the tile cache's metadata", rc);
}

std::optional<std::string> TileCache::metadata(const std::string& name) {
  std::lock_guard lock(m_mutex);
  Stmt s(m_db, "SELECT value FROM metadata WHERE name = ?");
  s.bindText(1, name);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  return s.blob(0);
}

TileCacheStats TileCache::stats() {
  std::lock_guard lock(m_mutex);
  TileCacheStats st;
  Stmt s(m_db,
         "SELECT COUNT(*), COALESCE(SUM(bytes), 0), COALESCE(SUM(pinned <> 0), 0), "
         "COALESCE(SUM(CASE WHEN pinned <> 0 THEN bytes ELSE 0 END), 0) FROM tile_usage");
  if (s.step() == SQLITE_ROW) {
    st = {std::uint64_t(s.integer(0)), std::uint64_t(s.integer(1)), std::uint64_t(s.integer(2)),
          std::uint64_t(s.integer(3))};
  }
  return st;
}

double TileCache::meanTileBytes() {
  const TileCacheStats st = stats();
  return st.tiles ? double(st.bytes) / double(st.tiles) : 0.0;
}

std::string TileCache::defaultDirectory() {
  namespace fs = std::filesystem;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return (fs::path(xdg) / "zhenmap" / "tiles").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / ".cache" / "zhenmap" / "tiles").string();
  return (fs::temp_directory_path() / "zhenmap-tiles").string();
}

}  // namespace zhenmap
