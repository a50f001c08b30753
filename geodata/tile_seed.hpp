// "Prepare for meeting": the tiles of an area over a range of zoom levels, how many there are and
// roughly how many bytes, then downloading the missing ones into the source's cache, pinned so
// that eviction never removes them. Shared by `zhenmap tiles seed` and the window's dialog.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http_fetcher.hpp"
#include "tile_cache.hpp"
#include "tile_source.hpp"

namespace zhenmap {

struct SeedPlan {
  std::vector<TileId> tiles;      // every tile of the area and levels, coarse levels first
  std::size_t alreadyCached = 0;  // of them, in the cache now
  double estimatedBytes = 0;      // to download (the missing ones)
};

// The tiles of `area` (in areaCrs, e.g. EPSG:4490 lon/lat) on levels zMin..zMax (clamped to the
// grid). Throws CrsError. `cache` (optional) tells which are there and their mean size; without
// it a typical size for the format is assumed.
SeedPlan planSeed(const TileServiceSpec& spec, const Box& area, const std::string& areaCrs, int zMin, int zMax,
                  TileCache* cache);

struct SeedProgress {
  std::size_t done = 0;  // tiles handled (downloaded, already there, or failed)
  std::size_t total = 0;
  std::size_t downloaded = 0;
  std::size_t failed = 0;
  std::uint64_t bytes = 0;  // downloaded
};

struct SeedResult {
  SeedProgress progress;
  std::string firstError;  // the first failure, as the loader words it
  bool cancelled = false;
  bool cacheFull = false;  // stopped: the cache could not store more
};

// Downloads the plan's missing tiles into the cache and pins every tile of the plan. progress is
// called from the calling thread every few tiles; cancel (optional) stops it.
SeedResult seedTiles(const TileServiceSpec& spec, TileCache& cache, const SeedPlan& plan, const HttpOptions& http,
                     const std::function<void(const SeedProgress&)>& progress = {},
                     const std::atomic<bool>* cancel = nullptr);

}  // namespace zhenmap
