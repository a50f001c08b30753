// Seeding a tile cache; see tile_seed.hpp.
#include "tile_seed.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "crs_transform.hpp"
#include "gdal_handles.hpp"
#include "service_tile_loader.hpp"
#include "tile_decode.hpp"

namespace zhenmap {

SeedPlan planSeed(const TileServiceSpec& spec, const Box& area, const std::string& areaCrs, int zMin, int zMax,
                  TileCache* cache) {
  SeedPlan plan;
  const CrsTransform toGrid(areaCrs, spec.grid.crs);
  // The area's box in the grid CRS; the resolution does not matter for the footprint.
  const GridView view = gridView(area, std::max(area.width(), area.height()) / 256.0, toGrid);
  const int finest = static_cast<int>(spec.grid.levels.size()) - 1;
  for (int z = std::max(zMin, spec.grid.minZoom); z <= std::min(zMax, finest); ++z) {
    std::vector<TileId> level = tilesInView(spec.grid, z, view);
    std::sort(level.begin(), level.end());
    plan.tiles.insert(plan.tiles.end(), level.begin(), level.end());
  }
  double mean = 0;
  if (cache) {
    for (const TileId& t : plan.tiles) plan.alreadyCached += cache->contains(t) ? 1 : 0;
    if (cache->stats().tiles >= 8) mean = cache->meanTileBytes();
  }
  if (mean <= 0) mean = spec.format.find("jpeg") != std::string::npos ? 20000.0 : 12000.0;
  plan.estimatedBytes = mean * double(plan.tiles.size() - plan.alreadyCached);
  return plan;
}

SeedResult seedTiles(const TileServiceSpec& spec, TileCache& cache, const SeedPlan& plan, const HttpOptions& http,
                     const std::function<void(const SeedProgress&)>& progress, const std::atomic<bool>* cancel) {
  gdal::ensureRegistered();  // before the fetcher's thread decodes with GDAL
  SeedResult result;
  result.progress.total = plan.tiles.size();
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<HttpResponse> responses;
  HttpFetcher fetcher(http, [&](HttpResponse&& r) {
    std::lock_guard lock(mutex);
    responses.push_back(std::move(r));
    cv.notify_one();
  });
  std::size_t next = 0, inFlight = 0;
  const std::size_t window = std::size_t(std::max(1, http.maxConnections)) * 4;
  std::vector<TileId> present;
  auto report = [&] {
    if (progress) progress(result.progress);
  };
  while (true) {
    const bool stopping = (cancel && *cancel) || result.cacheFull;
    if (stopping) {
      result.cancelled = cancel && *cancel;
      fetcher.cancelAll();
      break;
    }
    // Keep a few requests per connection queued; tiles already cached are only pinned.
    while (next < plan.tiles.size() && inFlight < window) {
      const TileId t = plan.tiles[next++];
      if (cache.contains(t)) {
        present.push_back(t);
        ++result.progress.done;
        continue;
      }
      fetcher.submit(tileRequestId(t), tileUrl(spec, t), double(next));
      ++inFlight;
    }
    if (inFlight == 0 && next >= plan.tiles.size()) break;
    std::deque<HttpResponse> batch;
    {
      std::unique_lock lock(mutex);
      cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return !responses.empty(); });
      batch.swap(responses);
    }
    for (HttpResponse& r : batch) {
      --inFlight;
      ++result.progress.done;
      const TileId t = tileFromRequestId(r.id);
      const bool ok = r.outcome == HttpResponse::Outcome::Ok;
      std::string error;
      std::string data;
      if (ok && (r.status == 204 || r.body.empty())) {
        // No tile here: stored empty, as the map does.
      } else if (ok && !looksLikeMarkup(r.body, r.contentType)) {
        try {
          decodeTileImage(r.body);
          data = std::move(r.body);
        } catch (const TileDecodeError& e) {
          error = spec.name + ": the server sent a broken tile (" + e.what() + ")";
        }
      } else if (!(r.outcome == HttpResponse::Outcome::HttpError && r.status == 404)) {
        error = ServiceTileLoader::describe(r, spec, http);
      }
      if (!error.empty()) {
        ++result.progress.failed;
        if (result.firstError.empty()) result.firstError = error;
        continue;
      }
      try {
        cache.put(t, data, true);
        ++result.progress.downloaded;
        result.progress.bytes += data.size();
      } catch (const CacheFullError& e) {
        result.cacheFull = true;
        if (result.firstError.empty()) result.firstError = e.what();
      }
    }
    report();
    if (result.progress.failed >= 8 && result.progress.downloaded == 0) {
      fetcher.cancelAll();  // every answer so far a failure (a rejected key, a wrong address): stop
      break;
    }
  }
  if (!present.empty()) {
    try {
      cache.pin(present);
    } catch (const CacheError& e) {
      if (result.firstError.empty()) result.firstError = e.what();
    }
  }
  report();
  return result;
}

}  // namespace zhenmap
