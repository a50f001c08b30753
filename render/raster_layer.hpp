// A raster layer on the map: the tiles of a TileLoader (a local orthophoto or DEM, or an online
// service through its cache) drawn as textured meshes under the vector layers, reprojected on the
// GPU (each tile's mesh is moved into the map CRS by PROJ to within half a screen pixel).
//
// Use, on the thread that owns the view (the window's UI thread, or a headless export):
//   update(camera)   every frame or when the view changes: works out the tiles the view needs at
//                    the level its resolution calls for, asks the loader for the missing ones
//                    (nearest the centre first; others are cancelled) and takes in finished ones;
//                    no GL, no waiting;
//   paint(camera)    on the GL thread (MapRenderer::addPainterLayer calls it in layer order):
//                    uploads what arrived and draws; where a tile is still missing, a coarser
//                    tile already at hand is drawn scaled up in its place;
//   waitForTiles()   headless: update until the view is complete or a time limit passes.
// Brightness, contrast, saturation, greyscale and opacity are applied in the fragment shader.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gl_objects.hpp"
#include "layer_painter.hpp"
#include "tile_loader.hpp"

namespace zhenmap {

class CrsTransform;

struct RasterStyle {
  float opacity = 1.0f;     // multiplied with the renderer's layer opacity
  float brightness = 0.0f;  // -1 .. 1, added
  float contrast = 1.0f;    // 0 .. 3, around mid-grey
  float saturation = 1.0f;  // 0 .. 2
  bool greyscale = false;   // for printing under coloured vectors (saturation 0)
};

// How far the last update's view is loaded.
struct RasterViewState {
  std::size_t needed = 0;   // tiles the view needs
  std::size_t ready = 0;    // of them, at hand (uploaded or waiting for the upload)
  std::size_t missing = 0;  // of them, nothing there (404, outside the data, not in the offline cache)
  std::size_t failed = 0;   // of them, failed to load
  std::string firstError;   // of the failed (or missing) ones
  bool complete() const { return ready + missing + failed >= needed; }
};

class RasterLayer : public LayerPainter {
 public:
  // mapCrs: the map's CRS. Throws CrsError when PROJ finds no way between it and the loader's.
  RasterLayer(std::shared_ptr<TileLoader> loader, const std::string& mapCrs);
  ~RasterLayer() override;
  RasterLayer(const RasterLayer&) = delete;
  RasterLayer& operator=(const RasterLayer&) = delete;

  void setStyle(const RasterStyle& style) { m_style = style; }
  const RasterStyle& style() const { return m_style; }
  TileLoader& loader() { return *m_loader; }
  // The data's extent in the map CRS (for "zoom to layer").
  Box mapExtent() const;
  // Attribution and approval number (审图号) to show in the map corner.
  std::vector<std::string> credits() const { return m_loader->credits(); }

  // True when something the picture shows changed since the last call (tiles arrived, failed,
  // or the view needs other tiles): the window then draws a new frame instead of reusing one.
  bool update(const Camera& camera);
  RasterViewState viewState() const;
  // Headless: updates until the view is complete or `timeout` passes; returns the state then.
  RasterViewState waitForTiles(const Camera& camera, std::chrono::milliseconds timeout);

  void paint(const Camera& camera, float opacity) override;
  void releaseGl() override;
  std::size_t gpuTiles() const { return m_gpu.size(); }
  // Most tiles kept on the GPU (least recently drawn go first); at least the view's.
  void setGpuTileBudget(std::size_t tiles) { m_gpuBudget = tiles; }

 private:
  struct GpuTile;
  struct Arrived {
    std::shared_ptr<const RasterImage> image;
  };
  bool takeResults();  // true when anything came
  GpuTile* upload(const TileId& t, const RasterImage& img, double tolerance);
  void buildMesh(GpuTile& g, const TileId& t, double tolerance);
  void drawTile(GpuTile& g, const Camera& camera, bool blendOpaque);
  void evict();

  std::shared_ptr<TileLoader> m_loader;
  std::string m_mapCrs;
  std::unique_ptr<CrsTransform> m_gridToMap;  // used inversely for the view
  RasterStyle m_style;
  std::vector<TileId> m_needed;             // the last update's view
  std::map<TileId, Arrived> m_arrived;      // decoded, not uploaded yet
  std::map<TileId, std::string> m_missing;  // with why (404, not in the offline cache)
  std::map<TileId, std::pair<std::string, std::chrono::steady_clock::time_point>> m_failed;
  std::map<TileId, std::unique_ptr<GpuTile>> m_gpu;
  std::size_t m_gpuBudget = 384;
  std::uint64_t m_frame = 0;
  gl::Program m_program;
};

}  // namespace zhenmap
