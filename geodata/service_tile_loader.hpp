// Tiles of an online service (tile_source.hpp) through its offline cache (tile_cache.hpp): a
// wanted tile is read from the cache when it is there, else downloaded (http_fetcher.hpp),
// checked, decoded and stored. Offline mode, asked for or automatic after repeated network
// failures, reads only the cache and makes no request at all. Failures become short messages
// that say what to do ("key rejected", "the server sent a web page instead of a tile") and never
// hold the key or a URL.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http_fetcher.hpp"
#include "tile_cache.hpp"
#include "tile_loader.hpp"
#include "tile_source.hpp"

namespace zhenmap {

struct ServiceLoaderOptions {
  std::string cacheDir;  // the cache file is cacheDir/<spec.name>.mbtiles; "" for no cache
  TileCacheOptions cache;
  HttpOptions http;
  bool offline = false;
  int autoOfflineAfter = 3;  // consecutive network failures (after retries) that switch offline
  int maxTilePixels = 1024;  // a tile image wider or taller than this is refused
  int readers = 1;           // threads reading and decoding cached tiles
};

class ServiceTileLoader : public QueuedTileLoader {
 public:
  // Throws CacheError when the cache cannot be opened.
  ServiceTileLoader(TileServiceSpec spec, ServiceLoaderOptions options);
  ~ServiceTileLoader() override;

  const TileGrid& grid() const override { return m_spec.grid; }
  LoaderStatus status() const override;
  std::vector<std::string> credits() const override;
  const TileServiceSpec& spec() const { return m_spec; }
  // Offline: the cache only (going back online also clears an automatic switch).
  void setOffline(bool offline);
  bool offline() const { return m_offline; }
  TileCache* cache() { return m_cache.get(); }

  // The message for a failed response (public for the seeding command and tests).
  static std::string describe(const HttpResponse& r, const TileServiceSpec& spec, const HttpOptions& http);

 private:
  std::optional<TileResult> load(const TileId& t, int worker) override;
  void dropped(const std::vector<TileId>& tiles) override;
  void wished(const std::vector<TileId>& tiles) override;
  double rank(const TileId& t) const;
  void onResponse(HttpResponse&& r);
  void setError(const std::string& e);
  void goOfflineAutomatically();

  TileServiceSpec m_spec;
  ServiceLoaderOptions m_options;
  std::unique_ptr<TileCache> m_cache;
  std::atomic<bool> m_offline{false};
  std::atomic<bool> m_autoOffline{false};
  std::atomic<int> m_networkFailures{0};
  std::atomic<std::uint64_t> m_cacheHits{0};
  mutable std::mutex m_rankMutex;
  std::map<TileId, std::size_t> m_rank;  // place in the latest wish list: the fetch priority
  mutable std::mutex m_errorMutex;
  std::string m_lastError;
  std::string m_cacheError;
  std::unique_ptr<HttpFetcher> m_fetcher;  // last: destroyed first, its thread calls onResponse
};

// Request ids for tiles (and back): z, x and y packed into 64 bits.
std::uint64_t tileRequestId(const TileId& t);
TileId tileFromRequestId(std::uint64_t id);

}  // namespace zhenmap
