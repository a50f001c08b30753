// Asynchronous tile loading, the one interface the renderer sees for every raster layer: local
// rasters (RasterTileLoader) and online services with their offline cache (ServiceTileLoader).
// The owner says which tiles it wants, most urgent first (want), and collects decoded tiles
// (takeResults) from any thread; loading happens on the loader's own worker threads, so a frame
// never waits for I/O. Tiles no longer wanted are dropped from the queue (and their transfers
// cancelled); a tile is delivered once per time it is asked for and not yet delivered.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "raster_image.hpp"
#include "tile_grid.hpp"

namespace zhenmap {

struct TileResult {
  TileId id;
  enum class Status {
    Ok,       // image holds the tile
    Missing,  // nothing there (outside the data, HTTP 404/204, not in the offline cache)
    Failed,   // could not be loaded: error says why (never a key or a URL)
  } status = Status::Ok;
  std::shared_ptr<const RasterImage> image;
  std::string error;
  bool fromCache = false;
};

struct LoaderStatus {
  bool offline = false;         // only the cache is read (asked for, or automatic)
  bool autoOffline = false;     // went offline by itself when the network failed
  std::size_t pending = 0;      // wanted and not yet delivered
  std::uint64_t requests = 0;   // HTTP attempts made (retries count)
  std::uint64_t cacheHits = 0;  // tiles served from the offline cache
  std::string lastError;        // the latest failure, for the status bar ("" when none)
  std::string cacheError;       // the cache could not store tiles (full disk): shown, not fatal
};

class TileLoader {
 public:
  virtual ~TileLoader() = default;
  // The pyramid the tile ids refer to, in its CRS. Fixed for the loader's life.
  virtual const TileGrid& grid() const = 0;
  // Replaces the wish list: tiles to load, most urgent first. Tiles queued or in transfer that
  // are not in it are dropped; tiles in it already being loaded are not loaded twice.
  virtual void want(const std::vector<TileId>& tiles) = 0;
  // Finished tiles since the last call (any thread).
  virtual std::vector<TileResult> takeResults() = 0;
  virtual LoaderStatus status() const = 0;
  // Credits to show in the map corner (attribution, approval number); may be empty.
  virtual std::vector<std::string> credits() const { return {}; }
  // Called from a worker thread whenever results are ready (e.g. to wake the window's loop).
  void setNotify(std::function<void()> notify);

 protected:
  void notify();

 private:
  std::mutex m_notifyMutex;
  std::function<void()> m_notify;
};

// A TileLoader with a wish queue served by worker threads; subclasses load one tile at a time.
class QueuedTileLoader : public TileLoader {
 public:
  void want(const std::vector<TileId>& tiles) override;
  std::vector<TileResult> takeResults() override;

 protected:
  // Starts `threads` workers; call from the subclass constructor once it is ready to load.
  void startWorkers(int threads);
  // Stops and joins the workers; call first thing in the subclass destructor.
  void stopWorkers();
  // Loads one tile on worker `worker`. To finish later instead (a download), call defer(t)
  // before handing the work on, return nullopt, and deliver() when done.
  virtual std::optional<TileResult> load(const TileId& t, int worker) = 0;
  // Called (under no lock) when want() drops deferred tiles: cancel their work; they are
  // forgotten, and a late deliver() of one is still passed on.
  virtual void dropped(const std::vector<TileId>&) {}
  // Called (under no lock) with every new wish list, most urgent first: re-rank deferred work.
  virtual void wished(const std::vector<TileId>&) {}
  void defer(const TileId& t);
  void deliver(TileResult&& r);
  // Tiles wanted and not yet delivered (queued, loading or deferred).
  std::size_t pendingCount() const;
  std::vector<TileId> deferredTiles() const;

 private:
  void work(int worker);
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<TileId> m_queue;   // not started, most urgent first
  std::set<TileId> m_loading;   // in load()
  std::set<TileId> m_deferred;  // load() handed them on
  std::vector<TileResult> m_results;
  std::vector<std::thread> m_workers;
  bool m_stop = false;
};

}  // namespace zhenmap
