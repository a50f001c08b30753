// Headless one-shot rendering; see map_view.hpp.
#include "map_view.hpp"

#include <cmath>
#include <exception>
#include <stdexcept>
#include <thread>

#include "egl_context.hpp"
#include "offscreen_target.hpp"
#include "scene_renderer.hpp"
#include "timing.hpp"

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

struct HeadlessGl::Parts {
  int width, height;
  EglContext context;
  OffscreenTarget target;
  SceneRenderer scene;
  Parts(int w, int h) : width(w), height(h), target(w, h) {}
};

struct HeadlessGl::State {
  std::unique_ptr<Parts> parts;
  std::exception_ptr error;
  std::thread thread;
  bool taken = false;
};

HeadlessGl::HeadlessGl(int width, int height) : m_state(std::make_unique<State>()) {
  State* st = m_state.get();
  st->thread = std::thread([st, width, height] {
    try {
      st->parts = std::make_unique<Parts>(width, height);
      timingMark("render: GL context, target and shaders ready (in the background)");
      st->parts->context.release();
    } catch (...) {
      st->parts.reset();
      st->error = std::current_exception();
    }
  });
}

HeadlessGl::~HeadlessGl() {
  if (m_state->thread.joinable()) m_state->thread.join();
  // Parts not taken are destroyed here: their context must be current to release its objects.
  if (m_state->parts) {
    try {
      m_state->parts->context.makeCurrent();
    } catch (const std::exception&) {
      (void)m_state->parts.release();  // no context to release the objects in: leave them to exit
    }
  }
}

std::unique_ptr<HeadlessGl::Parts> HeadlessGl::take() {
  if (m_state->thread.joinable()) m_state->thread.join();
  if (m_state->taken) throw std::logic_error("HeadlessGl::take called twice");
  m_state->taken = true;
  if (m_state->error) std::rethrow_exception(m_state->error);
  m_state->parts->context.makeCurrent();
  return std::move(m_state->parts);
}

Image renderHeadless(const std::vector<Buckets>& layers, const MapViewOptions& options, HeadlessGl* gl) {
  timingMark("render: start");
  std::unique_ptr<HeadlessGl::Parts> parts = gl ? gl->take() : std::make_unique<HeadlessGl::Parts>(options.width, options.height);
  if (parts->width != options.width || parts->height != options.height) {
    throw std::logic_error("renderHeadless: the prepared GL target has another size");
  }
  timingMark("render: GL context, target and shaders ready");
  SceneRenderer& scene = parts->scene;
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
  parts->target.bind();
  scene.draw(initialCamera(layers, options));
  glFinish();
  timingMark("render: drawn");
  Image image = parts->target.readPixels();
  timingMark("render: pixels read");
  return image;
}

}  // namespace zhenmap
