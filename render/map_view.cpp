// Headless one-shot rendering; see map_view.hpp.
#include "map_view.hpp"

#include <cmath>

#include "egl_context.hpp"
#include "label_renderer.hpp"
#include "map_annotations.hpp"
#include "map_renderer.hpp"
#include "offscreen_target.hpp"

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
  MapRenderer renderer;
  // The underlays' GL objects go before the context does, whatever happens.
  struct Release {
    const std::vector<std::shared_ptr<LayerPainter>>& painters;
    ~Release() {
      for (const auto& p : painters) p->releaseGl();
    }
  } release{options.underlays};
  for (const auto& p : options.underlays) renderer.addPainterLayer(p);
  for (const Buckets& b : layers) renderer.addLayer(b);
  const Camera cam = initialCamera(layers, options);
  target.bind();
  const double scale = scaleDenominator(cam, options.mapCrs);
  renderer.draw(cam, options.background, std::isfinite(scale) ? scale : 0.0);
  if (!options.labels.empty()) {
    LabelRenderer labels;
    labels.setCandidates(options.labels);
    labels.draw(cam);
  }
  if (options.decorations) DecorationRenderer().draw(cam, *options.decorations);
  glFinish();
  return target.readPixels();
}

}  // namespace zhenmap
