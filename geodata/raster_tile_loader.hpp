// Tiles of a local raster (raster_source.hpp) read on worker threads, each with its own GDAL
// dataset: the TileLoader of orthophotos and DEMs.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "raster_source.hpp"
#include "tile_loader.hpp"

namespace zhenmap {

class RasterTileLoader : public QueuedTileLoader {
 public:
  // Opens the raster once on the calling thread (throws as RasterSource does), then starts
  // `threads` readers (0: two).
  explicit RasterTileLoader(const std::string& path, const RasterOpenOptions& options = {}, int threads = 0);
  ~RasterTileLoader() override;

  const TileGrid& grid() const override { return m_grid; }
  const RasterInfo& info() const { return m_info; }
  LoaderStatus status() const override;

 private:
  std::optional<TileResult> load(const TileId& t, int worker) override;

  std::string m_path;
  RasterOpenOptions m_options;
  RasterInfo m_info;
  TileGrid m_grid;
  std::vector<std::unique_ptr<RasterSource>> m_sources;  // one per worker, opened on first use
  mutable std::mutex m_errorMutex;
  std::string m_lastError;
};

}  // namespace zhenmap
