// The offline tile cache of one tile source: one SQLite file in the MBTiles layout (a `tiles`
// table with TMS rows, a `metadata` table), plus a `tile_usage` side table that records when each
// tile was last used, its size and whether it is pinned ("prepare for meeting"). The file is
// kept under a size limit by evicting the least recently used unpinned tiles; pinned tiles are
// never evicted. Thread-safe (one connection behind a mutex); a full disk (or a full file) is a
// CacheFullError, after which the caller keeps showing tiles without storing them.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "errors.hpp"
#include "tile_grid.hpp"

struct sqlite3;

namespace zhenmap {

// The cache cannot be opened or written (not a cache, permissions, SQLite errors).
class CacheError : public DataError {
 public:
  using DataError::DataError;
};
// The disk, or the file's page limit, is full: nothing more can be stored.
class CacheFullError : public CacheError {
 public:
  using CacheError::CacheError;
};

struct TileCacheOptions {
  std::uint64_t maxBytes = 1024ull << 20;  // tile bytes kept; pinned tiles count but are never evicted
  // SQLite's max_page_count for this connection (0: unlimited): the way tests simulate a full disk.
  std::uint64_t maxPageCount = 0;
};

struct TileCacheStats {
  std::uint64_t tiles = 0;
  std::uint64_t bytes = 0;
  std::uint64_t pinnedTiles = 0;
  std::uint64_t pinnedBytes = 0;
};

class TileCache {
 public:
  // Opens or creates the file (and its folder). `grid` gives each level's row count for the
  // TMS row flip. Throws CacheError.
  TileCache(const std::string& path, const TileGrid& grid, TileCacheOptions options = {});
  ~TileCache();
  TileCache(const TileCache&) = delete;
  TileCache& operator=(const TileCache&) = delete;

  const std::string& path() const { return m_path; }

  // The stored bytes of a tile (and marks it used), or nothing.
  std::optional<std::string> get(const TileId& t);
  bool contains(const TileId& t);
  // Stores a tile (replacing an older copy), then evicts least recently used unpinned tiles while
  // over the limit. Throws CacheFullError when the disk or file is full, CacheError otherwise.
  void put(const TileId& t, const std::string& data, bool pin = false);
  // Pins tiles already stored; returns how many were found.
  std::size_t pin(const std::vector<TileId>& tiles);
  void unpinAll();
  void setMetadata(const std::string& name, const std::string& value);
  std::optional<std::string> metadata(const std::string& name);
  TileCacheStats stats();
  // Mean stored tile size (0 when empty): for download estimates.
  double meanTileBytes();

  // The default cache folder: $XDG_CACHE_HOME/zhenmap/tiles, else ~/.cache/zhenmap/tiles.
  static std::string defaultDirectory();

 private:
  void exec(const char* sql);
  [[noreturn]] void fail(const std::string& what, int code);
  void evict();
  int tmsRow(const TileId& t) const;

  std::mutex m_mutex;
  sqlite3* m_db = nullptr;
  std::string m_path;
  std::vector<int> m_rows;  // matrix height per level
  TileCacheOptions m_options;
  std::uint64_t m_clock = 0;  // the last "last used" stamp handed out
  std::uint64_t m_bytes = 0;  // total stored tile bytes
};

}  // namespace zhenmap
