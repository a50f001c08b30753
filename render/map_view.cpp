// Headless one-shot rendering; see map_view.hpp.
#include "map_view.hpp"

#include <cmath>

#include "egl_context.hpp"
#include "offscreen_target.hpp"
#include "scene_renderer.hpp"

namespace zhenmap {

Camera initialCamera(const std::vector<Buckets>& layers, const MapViewOptions& options) {
  Camera cam;
  cam.setViewport(options.width, options.height);
  Box all;
  for (const Buckets& b : layers) all.expand(b.extent);
  all.expand(options.underlayExtent);
  if (options.extent) {
    cam.fit(*options.extent, 0.0);
  } else {
    cam.fit(all);
  }
  return cam;
}

Image renderHeadless(const std::vector<Buckets>& layers, const MapViewOptions& options) {
  EglContext context;
  OffscreenTarget target(options.width, options.height);
  SceneRenderer scene;
  // The underlays' GL objects go before the context does, whatever happens.
  struct Release {
    const std::vector<std::shared_ptr<LayerPainter>>& painters;
    ~Release() {
      for (const auto& p : painters) p->releaseGl();
    }
  } release{options.underlays};
  scene.setUnderlays(options.underlays);
  scene.setLayers(layers);
  scene.setLabels(options.labels);
  scene.setDecorations(options.decorations);
  scene.setBackground(options.background);
  scene.setMapCrs(options.mapCrs);
  target.bind();
  scene.draw(initialCamera(layers, options));
  glFinish();
  return target.readPixels();
}

}  // namespace zhenmap
