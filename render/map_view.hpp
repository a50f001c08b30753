// What one picture of the map shows: the layers to draw (already tessellated), the size, the
// extent and the background. Shared by `zhenmap render`, the tests and the window's start view.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "camera.hpp"
#include "image.hpp"
#include "label_placement.hpp"
#include "layer_painter.hpp"
#include "map_decorations.hpp"
#include "tessellator.hpp"

namespace zhenmap {

struct MapViewOptions {
  int width = 1280;
  int height = 960;
  std::optional<Box> extent;  // map CRS; default: the union of all layer extents
  Rgba background = rgba(0xf4, 0xf1, 0xea);
  std::string mapCrs = "EPSG:3857";          // for scale-dependent visibility and the scale bar
  std::vector<LabelCandidate> labels;        // drawn over every layer, collisions resolved
  std::optional<MapDecorations> decorations;  // title, legend, scale bar, north arrow
  // Layers drawn under the vector layers, bottom first (raster layers: their tiles must be at
  // hand already, see RasterLayer::waitForTiles); their GL objects are released afterwards.
  std::vector<std::shared_ptr<LayerPainter>> underlays;
  Box underlayExtent;  // map CRS: counted in the default extent with the layers'
};

// The camera that shows options.extent (or all layers) in a width x height picture.
Camera initialCamera(const std::vector<Buckets>& layers, const MapViewOptions& options);

// The GL side of one headless picture (context, target, compiled programs), made on a thread of
// its own from construction on, so that a command can read its data meanwhile: loading the GL
// driver (about 140 MB of libraries, read from disk when the page cache has dropped them) and
// compiling the programs then cost the picture nothing. The destructor waits for that thread.
class HeadlessGl {
 public:
  HeadlessGl(int width, int height);
  ~HeadlessGl();
  HeadlessGl(const HeadlessGl&) = delete;
  HeadlessGl& operator=(const HeadlessGl&) = delete;

  struct Parts;
  // Waits for the set-up, makes its context current on the calling thread and hands it over
  // (once); rethrows what the set-up threw.
  std::unique_ptr<Parts> take();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Renders headless (EGL surfaceless + FBO) and returns the picture. Creates and destroys its own
// GL context on the calling thread, or uses the one `gl` prepared (its size must be the
// options'). Throws std::runtime_error if no GL context can be made.
Image renderHeadless(const std::vector<Buckets>& layers, const MapViewOptions& options, HeadlessGl* gl = nullptr);

}  // namespace zhenmap
