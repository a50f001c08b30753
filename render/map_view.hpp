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

// Renders headless (EGL surfaceless + FBO) and returns the picture. Creates and destroys its own
// GL context on the calling thread. Throws std::runtime_error if no GL context can be made.
Image renderHeadless(const std::vector<Buckets>& layers, const MapViewOptions& options);

}  // namespace zhenmap
