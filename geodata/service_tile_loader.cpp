// Online tiles through the offline cache; see service_tile_loader.hpp.
#include "service_tile_loader.hpp"

#include <cstdio>
#include <filesystem>

#include "gdal_handles.hpp"
#include "tile_decode.hpp"

namespace zhenmap {

std::uint64_t tileRequestId(const TileId& t) {
  return (std::uint64_t(std::uint32_t(t.z)) << 58) | (std::uint64_t(std::uint32_t(t.x)) << 29) |
         std::uint64_t(std::uint32_t(t.y));
}

TileId tileFromRequestId(std::uint64_t id) {
  constexpr std::uint64_t mask = (std::uint64_t(1) << 29) - 1;
  return {int(id >> 58), int((id >> 29) & mask), int(id & mask)};
}

ServiceTileLoader::ServiceTileLoader(TileServiceSpec spec, ServiceLoaderOptions options)
    : m_spec(std::move(spec)), m_options(std::move(options)) {
  gdal::ensureRegistered();  // here, before any worker decodes a tile with GDAL
  m_offline = m_options.offline;
  if (!m_options.cacheDir.empty()) {
    const std::string path = (std::filesystem::path(m_options.cacheDir) / (m_spec.name + ".mbtiles")).string();
    m_cache = std::make_unique<TileCache>(path, m_spec.grid, m_options.cache);
    try {
      // MBTiles metadata: what the file holds. The template is stored without any key.
      if (!m_cache->metadata("name")) {
        m_cache->setMetadata("name", m_spec.title.empty() ? m_spec.name : m_spec.title);
        m_cache->setMetadata("format", m_spec.format.find("jpeg") != std::string::npos ? "jpg" : "png");
        m_cache->setMetadata("type", "baselayer");
        m_cache->setMetadata("version", "1");
        m_cache->setMetadata("attribution", m_spec.attribution);
        m_cache->setMetadata("zhenmap_crs", m_spec.grid.crs);
        m_cache->setMetadata("zhenmap_url", redactedTemplate(m_spec));
      }
    } catch (const CacheFullError& e) {
      m_cacheError = e.what();
    }
  }
  m_fetcher = std::make_unique<HttpFetcher>(m_options.http, [this](HttpResponse&& r) { onResponse(std::move(r)); });
  startWorkers(m_options.readers);
}

ServiceTileLoader::~ServiceTileLoader() {
  stopWorkers();
  m_fetcher.reset();
}

LoaderStatus ServiceTileLoader::status() const {
  LoaderStatus s;
  s.offline = m_offline;
  s.autoOffline = m_autoOffline;
  s.pending = pendingCount();
  s.requests = m_fetcher->attemptsStarted();
  s.cacheHits = m_cacheHits;
  std::lock_guard lock(m_errorMutex);
  s.lastError = m_lastError;
  s.cacheError = m_cacheError;
  return s;
}

std::vector<std::string> ServiceTileLoader::credits() const {
  std::vector<std::string> out;
  if (!m_spec.attribution.empty()) out.push_back(m_spec.attribution);
  if (!m_spec.approvalNumber.empty()) out.push_back("审图号：" + m_spec.approvalNumber);
  return out;
}

void ServiceTileLoader::setOffline(bool offline) {
  m_offline = offline;
  if (!offline) {
    m_autoOffline = false;
    m_networkFailures = 0;
  } else {
    goOfflineAutomatically();  // the same cleanup, without claiming it was automatic
    m_autoOffline = false;
  }
}

void ServiceTileLoader::setError(const std::string& e) {
  std::lock_guard lock(m_errorMutex);
  m_lastError = e;
}

std::optional<TileResult> ServiceTileLoader::load(const TileId& t, int) {
  TileResult r;
  r.id = t;
  if (m_cache) {
    std::optional<std::string> bytes;
    try {
      bytes = m_cache->get(t);
    } catch (const CacheError& e) {
      setError(e.what());
    }
    if (bytes) {
      r.fromCache = true;
      ++m_cacheHits;
      if (bytes->empty()) {
        r.status = TileResult::Status::Missing;  // the server had no tile here
        return r;
      }
      try {
        r.image = std::make_shared<const RasterImage>(
            decodeTileImage(*bytes, m_options.maxTilePixels, m_options.maxTilePixels));
        return r;
      } catch (const TileDecodeError&) {
        // A damaged cached copy: fetch it again when online.
      }
    }
  }
  if (m_offline) {
    r.status = TileResult::Status::Missing;
    r.error = "offline: the tile is not in the cache";
    return r;
  }
  defer(t);
  m_fetcher->submit(tileRequestId(t), tileUrl(m_spec, t), rank(t));
  return std::nullopt;
}

void ServiceTileLoader::dropped(const std::vector<TileId>& tiles) {
  for (const TileId& t : tiles) m_fetcher->cancel(tileRequestId(t));
}

double ServiceTileLoader::rank(const TileId& t) const {
  std::lock_guard lock(m_rankMutex);
  const auto it = m_rank.find(t);
  return it == m_rank.end() ? 1e9 : double(it->second);
}

void ServiceTileLoader::wished(const std::vector<TileId>& tiles) {
  {
    std::lock_guard lock(m_rankMutex);
    m_rank.clear();
    for (std::size_t i = 0; i < tiles.size(); ++i) m_rank.emplace(tiles[i], i);
  }
  // Downloads still waiting for a connection follow the new order (nearest the new centre first).
  for (const TileId& t : deferredTiles()) m_fetcher->reprioritize(tileRequestId(t), rank(t));
}

std::string ServiceTileLoader::describe(const HttpResponse& r, const TileServiceSpec& spec, const HttpOptions& http) {
  using O = HttpResponse::Outcome;
  const std::string who = spec.title.empty() ? spec.name : spec.title;
  switch (r.outcome) {
    case O::Timeout: {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", double(http.timeout.count()) / 1000.0);
      return who + ": the server did not answer within " + seconds + " s (tried " + std::to_string(r.attempts) +
             (r.attempts == 1 ? " time)" : " times)");
    }
    case O::NetworkError:
      return who + ": cannot reach the server (" + r.detail + ")";
    case O::TooLarge:
      return who + ": the server sent more than " + std::to_string(http.maxBytes >> 20) + " MB for one tile: refused";
    case O::Ok:
      return who + ": the server sent a web page instead of a tile image (often a key, quota or login page)";
    case O::HttpError:
      break;
  }
  const std::string code = "HTTP " + std::to_string(r.status);
  if (r.status == 401 || r.status == 403) {
    if (!spec.keyName.empty()) {
      return who + ": key rejected (" + code + "): check the " + spec.keyName + " key (zhenmap tiles key " +
             spec.keyName + ")";
    }
    return who + ": access denied (" + code + ")";
  }
  if (r.status == 404) return who + ": the server has no such tile (" + code + ")";
  if (r.status == 429) return who + ": the server refuses more requests for now (" + code + ", rate limit)";
  if (r.status >= 500) return who + ": server error (" + code + ")";
  return who + ": the request failed (" + code + ")";
}

void ServiceTileLoader::goOfflineAutomatically() {
  m_offline = true;
  m_fetcher->cancelAll();
  // Tiles waiting for the network come back as missing: the cache had none of them.
  for (const TileId& t : deferredTiles()) {
    deliver({t, TileResult::Status::Missing, nullptr, "offline: the tile is not in the cache", false});
  }
}

void ServiceTileLoader::onResponse(HttpResponse&& r) {
  using O = HttpResponse::Outcome;
  TileResult out;
  out.id = tileFromRequestId(r.id);
  const bool network = r.outcome == O::Timeout || r.outcome == O::NetworkError;
  if (r.outcome == O::Ok && (r.status == 204 || r.body.empty())) {
    out.status = TileResult::Status::Missing;
  } else if (r.outcome == O::Ok && !looksLikeMarkup(r.body, r.contentType)) {
    try {
      out.image = std::make_shared<const RasterImage>(
          decodeTileImage(r.body, m_options.maxTilePixels, m_options.maxTilePixels));
    } catch (const TileDecodeError& e) {
      out.status = TileResult::Status::Failed;
      out.error = (m_spec.title.empty() ? m_spec.name : m_spec.title) + ": the server sent a broken tile (" +
                  std::string(e.what()) + ")";
    }
  } else {
    out.status =
        r.outcome == O::HttpError && r.status == 404 ? TileResult::Status::Missing : TileResult::Status::Failed;
    out.error = describe(r, m_spec, m_options.http);
  }
  if (!out.error.empty()) setError(out.error);
  m_networkFailures = network ? m_networkFailures + 1 : 0;
  if (out.status != TileResult::Status::Failed && m_cache) {
    try {
      m_cache->put(out.id, out.image ? r.body : std::string());
    } catch (const CacheError& e) {
      std::lock_guard lock(m_errorMutex);
      m_cacheError = e.what();
    }
  }
  deliver(std::move(out));
  if (network && m_networkFailures >= m_options.autoOfflineAfter && !m_offline) {
    m_autoOffline = true;
    goOfflineAutomatically();
  }
}

}  // namespace zhenmap
