// The window's map picture; see map_view_widget.hpp.
#include "map_view_widget.hpp"

#include <glad/gl.h>

#include <cmath>
#include <cstdio>

#include "map_annotations.hpp"

namespace zhenmap {

MapViewWidget::MapViewWidget() : m_toWgs84("EPSG:3857", "EPSG:4326") {}

void MapViewWidget::draw(int x, int y, int fbw, int fbh, int fbHeight) {
  m_camera.setViewport(std::max(fbw, 1), std::max(fbh, 1));
  const int w = m_camera.width(), h = m_camera.height();
  if (!m_fast[0] || m_fast[0]->width() != w || m_fast[0]->height() != h) {
    m_fast[0] = std::make_unique<OffscreenTarget>(w, h, 0);
    m_fast[1] = std::make_unique<OffscreenTarget>(w, h, 0);
    m_quality = std::make_unique<OffscreenTarget>(w, h, 4);
    m_key.clear();
    m_shown = {};
    m_source = {};
  }
  const std::string k = key();
  const auto now = std::chrono::steady_clock::now();
  const bool sameScene = k == m_key && m_shown.target;
  const Camera& was = m_shown.camera;
  const bool zoomed = m_camera.unitsPerPixel() != was.unitsPerPixel();
  if (!sameScene || zoomed || m_camera.center().x != was.center().x || m_camera.center().y != was.center().y) {
    m_key = k;
    m_lastChange = now;
    m_qualityPending = true;
    const double scale = scaleDenominator(m_camera, m_toWgs84);
    m_scale = std::isfinite(scale) ? scale : 0.0;
    const Rgba background = rgba(0xf4, 0xf1, 0xea);
    FrameStats stats;
    // A zoom first tries a preview scaled from the last exact picture (frame_reuse.hpp); the
    // exact picture follows when the view rests.
    const OffscreenTarget& spare = m_source.target == m_fast[0].get() ? *m_fast[1] : *m_fast[0];
    if (sameScene && zoomed && m_source.target &&
        drawZoomPreview(m_renderer, m_camera, m_scale, background, spare, m_source, kMaxPreviewRatio, &stats)) {
      ++m_previewRenders;
      m_shown = {&spare, m_camera, m_scale};
      m_shownIsPreview = true;
    } else {
      const OffscreenTarget& to = m_shown.target == m_fast[0].get() ? *m_fast[1] : *m_fast[0];
      // Only the centre moved: the picture on show can be re-used (drawReusing checks the move),
      // unless it is a preview, which is not exact.
      const bool reused = drawReusing(m_renderer, m_showLabels ? &m_labels : nullptr, m_camera, m_scale, background,
                                      to, sameScene && !m_shownIsPreview ? &m_shown : nullptr, &stats);
      if (reused) {
        ++m_reusedRenders;
      } else {
        m_frameStats = stats;  // a re-used frame draws strips only: keep the last whole frame's
      }
      m_shown = {&to, m_camera, m_scale};
      m_shownIsPreview = false;
      m_source = m_shown;
    }
    ++m_mapRenders;
  } else if (m_qualityPending && now - m_lastChange > std::chrono::milliseconds(150)) {
    m_qualityPending = false;
    renderInto(*m_quality);
    m_shown.target = m_quality.get();
    m_shownIsPreview = false;
    m_source = m_shown;
  }
  m_shown.target->blitTo(0, x, fbHeight - y - h);
}

void MapViewWidget::renderInto(const OffscreenTarget& target) {
  target.bind();
  const double scale = scaleDenominator(m_camera, m_toWgs84);
  m_scale = std::isfinite(scale) ? scale : 0.0;
  m_frameStats = m_renderer.draw(m_camera, rgba(0xf4, 0xf1, 0xea), m_scale);
  if (m_showLabels) m_labels.draw(m_camera);
  ++m_mapRenders;
}

// Everything the map picture depends on but the camera's centre and scale; a change redraws it.
std::string MapViewWidget::key() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%d %d %d %zu %llu", m_camera.width(), m_camera.height(), m_showLabels ? 1 : 0,
                m_renderer.layerCount(), static_cast<unsigned long long>(m_sceneVersion));
  return buf;
}

}  // namespace zhenmap
