// Draws tessellated layers from GPU-resident buffers. One code path for the window (GLFW) and
// headless output (EGL + FBO): the caller binds the target, the renderer draws into it.
// Construct, upload and draw on the thread that owns the GL context.
#pragma once

#include <memory>
#include <vector>

#include "camera.hpp"
#include "gl_objects.hpp"
#include "tessellator.hpp"

namespace zhenmap {

class MapRenderer {
 public:
  MapRenderer();  // compiles the shader programs; needs a current GL 3.3 context
  ~MapRenderer();
  MapRenderer(const MapRenderer&) = delete;
  MapRenderer& operator=(const MapRenderer&) = delete;

  // Uploads a layer's buckets; layers draw in the order they were added (first at the bottom).
  void addLayer(const Buckets& buckets);
  void clearLayers();
  std::size_t layerCount() const;
  std::size_t gpuBytes() const;  // vertex and index buffer bytes held

  // Clears to background and draws every layer. The viewport must match camera's size.
  void draw(const Camera& camera, Rgba background) const;

 private:
  struct GpuLayer;
  gl::Program m_fillProgram;
  gl::Program m_lineProgram;
  std::vector<std::unique_ptr<GpuLayer>> m_layers;
};

}  // namespace zhenmap
