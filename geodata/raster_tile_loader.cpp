// Local raster tiles on worker threads; see raster_tile_loader.hpp.
#include "raster_tile_loader.hpp"

#include "errors.hpp"

namespace zhenmap {

RasterTileLoader::RasterTileLoader(const std::string& path, const RasterOpenOptions& options, int threads)
    : m_path(path), m_options(options) {
  const int n = threads > 0 ? threads : 2;
  m_sources.resize(std::size_t(n));
  m_sources[0] = std::make_unique<RasterSource>(path, options);
  m_info = m_sources[0]->info();
  m_grid = m_sources[0]->grid();
  startWorkers(n);
}

RasterTileLoader::~RasterTileLoader() { stopWorkers(); }

LoaderStatus RasterTileLoader::status() const {
  LoaderStatus s;
  s.pending = pendingCount();
  std::lock_guard lock(m_errorMutex);
  s.lastError = m_lastError;
  return s;
}

std::optional<TileResult> RasterTileLoader::load(const TileId& t, int worker) {
  TileResult r;
  r.id = t;
  try {
    std::unique_ptr<RasterSource>& src = m_sources[std::size_t(worker)];
    if (!src) src = std::make_unique<RasterSource>(m_path, m_options);
    r.image = std::make_shared<const RasterImage>(src->readTile(t));
  } catch (const DataError& e) {
    r.status = TileResult::Status::Failed;
    r.error = e.what();
    std::lock_guard lock(m_errorMutex);
    m_lastError = r.error;
  }
  return r;
}

}  // namespace zhenmap
