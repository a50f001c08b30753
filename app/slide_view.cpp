// The presentation screen's map; see slide_view.hpp.
#include "slide_view.hpp"

#include <glad/gl.h>

namespace zhenmap {

namespace {
bool sameCamera(const Camera& a, const Camera& b) {
  return a.width() == b.width() && a.height() == b.height() && a.center().x == b.center().x &&
         a.center().y == b.center().y && a.unitsPerPixel() == b.unitsPerPixel();
}
}  // namespace

SlideView::SlideView() = default;

void SlideView::upload() {
  std::vector<Buckets> all = m_layers;
  all.insert(all.end(), m_highlights.begin(), m_highlights.end());
  m_scene.setLayers(all);
  ++m_version;
}

void SlideView::setScene(SlideScene scene, MapDecorations decorations, std::optional<GlyphAtlas> atlas) {
  m_layers = std::move(scene.buckets);
  upload();
  m_scene.setLabels(std::move(scene.labels), std::move(atlas));
  m_scene.setMapCrs(decorations.mapCrs);
  m_scene.setDecorations(std::move(decorations));
  ++m_version;
}

void SlideView::setHighlights(std::vector<Buckets> highlights) {
  m_highlights = std::move(highlights);
  upload();
}

void SlideView::draw(const Camera& camera, int fbHeight) {
  const int w = camera.width(), h = camera.height();
  if (!m_fast || m_fast->width() != w || m_fast->height() != h) {
    m_fast = std::make_unique<OffscreenTarget>(w, h, 0);
    m_quality = std::make_unique<OffscreenTarget>(w, h, 4);  // as renderHeadless draws an export
    m_drawn.reset();
  }
  const auto now = std::chrono::steady_clock::now();
  const bool changed = !m_drawn || !sameCamera(*m_drawn, camera) || m_drawnVersion != m_version;
  if (changed) {
    // Moving: a quick single-sampled picture; the exact one once the view rests for 150 ms.
    m_fast->bind();
    m_scene.draw(camera);
    m_drawn = camera;
    m_drawnVersion = m_version;
    m_lastChange = now;
    m_atRest = false;
    ++m_renders;
  } else if (!m_atRest && now - m_lastChange > std::chrono::milliseconds(150)) {
    m_quality->bind();
    m_scene.draw(camera);
    m_atRest = true;
    ++m_renders;
    ++m_restingRenders;
  }
  (m_atRest ? *m_quality : *m_fast).blitTo(0, 0, fbHeight - h);
}

}  // namespace zhenmap
