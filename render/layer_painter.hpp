// A layer the map renderer draws through a callback instead of from tessellated buckets: raster
// layers (raster_layer.hpp). It takes its place in the layer order like any other layer, with the
// renderer's visibility and opacity. GL thread only.
#pragma once

#include "camera.hpp"

namespace zhenmap {

class LayerPainter {
 public:
  virtual ~LayerPainter() = default;
  // Draws into the bound framebuffer; the GL viewport matches the camera. May change the blend
  // function, program, VAO and texture bindings; must leave blending enabled.
  virtual void paint(const Camera& camera, float opacity) = 0;
  // Frees the GL objects it made (before the context goes away); paint() makes them again.
  virtual void releaseGl() {}
};

}  // namespace zhenmap
