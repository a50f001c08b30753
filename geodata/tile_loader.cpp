// The wish queue shared by tile loaders; see tile_loader.hpp.
#include "tile_loader.hpp"

#include <algorithm>

namespace zhenmap {

void TileLoader::setNotify(std::function<void()> notify) {
  std::lock_guard lock(m_notifyMutex);
  m_notify = std::move(notify);
}

void TileLoader::notify() {
  std::lock_guard lock(m_notifyMutex);
  if (m_notify) m_notify();
}

void QueuedTileLoader::startWorkers(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) m_workers.emplace_back([this, i] { work(i); });
}

void QueuedTileLoader::stopWorkers() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_queue.clear();
  }
  m_cv.notify_all();
  for (std::thread& t : m_workers) t.join();
  m_workers.clear();
}

void QueuedTileLoader::want(const std::vector<TileId>& tiles) {
  std::vector<TileId> gone;
  {
    std::lock_guard lock(m_mutex);
    const std::set<TileId> wanted(tiles.begin(), tiles.end());
    m_queue.clear();
    std::set<TileId> seen;
    for (const TileId& t : tiles) {
      if (m_loading.count(t) || m_deferred.count(t) || !seen.insert(t).second) continue;
      m_queue.push_back(t);
    }
    for (auto it = m_deferred.begin(); it != m_deferred.end();) {
      if (wanted.count(*it)) {
        ++it;
      } else {
        gone.push_back(*it);
        it = m_deferred.erase(it);
      }
    }
  }
  m_cv.notify_all();
  if (!gone.empty()) dropped(gone);
  wished(tiles);
}

std::vector<TileResult> QueuedTileLoader::takeResults() {
  std::lock_guard lock(m_mutex);
  std::vector<TileResult> out;
  out.swap(m_results);
  return out;
}

void QueuedTileLoader::defer(const TileId& t) {
  std::lock_guard lock(m_mutex);
  m_loading.erase(t);
  m_deferred.insert(t);
}

void QueuedTileLoader::deliver(TileResult&& r) {
  {
    std::lock_guard lock(m_mutex);
    m_deferred.erase(r.id);
    m_loading.erase(r.id);
    m_results.push_back(std::move(r));
  }
  notify();
}

std::size_t QueuedTileLoader::pendingCount() const {
  std::lock_guard lock(m_mutex);
  return m_queue.size() + m_loading.size() + m_deferred.size();
}

std::vector<TileId> QueuedTileLoader::deferredTiles() const {
  std::lock_guard lock(m_mutex);
  return {m_deferred.begin(), m_deferred.end()};
}

void QueuedTileLoader::work(int worker) {
  while (true) {
    TileId t;
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait(lock, [&] { return m_stop || !m_queue.empty(); });
      if (m_stop) return;
      t = m_queue.front();
      m_queue.pop_front();
      m_loading.insert(t);
    }
    std::optional<TileResult> r;
    try {
      r = load(t, worker);
    } catch (const std::exception& e) {
      r = TileResult{t, TileResult::Status::Failed, nullptr, e.what(), false};
    }
    if (r) {
      deliver(std::move(*r));
    } else {
      std::lock_guard lock(m_mutex);
      m_loading.erase(t);  // defer() moved it on already, or the subclass gave up on it
    }
  }
}

}  // namespace zhenmap
