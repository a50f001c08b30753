// The shared scene drawing; see scene_renderer.hpp.
#include "scene_renderer.hpp"

#include <cmath>

#include "errors.hpp"
#include "map_annotations.hpp"

namespace zhenmap {

SceneRenderer::SceneRenderer() { setMapCrs("EPSG:3857"); }

void SceneRenderer::setMapCrs(const std::string& mapCrs) {
  if (mapCrs == m_mapCrs) return;
  m_mapCrs = mapCrs;
  try {
    m_toWgs84.emplace(mapCrs, "EPSG:4326");
  } catch (const CrsError&) {
    m_toWgs84.reset();
  }
}

void SceneRenderer::setLayers(const std::vector<Buckets>& layers) {
  m_map.clearLayers();
  for (const auto& p : m_underlays) m_map.addPainterLayer(p);
  for (const Buckets& b : layers) m_map.addLayer(b);
}

void SceneRenderer::setLabels(std::vector<LabelCandidate> labels, std::optional<GlyphAtlas> atlas) {
  m_hasLabels = !labels.empty();
  if (atlas) {
    m_labels.setCandidates(std::move(labels), std::move(*atlas));
  } else {
    m_labels.setCandidates(std::move(labels));
  }
}

void SceneRenderer::draw(const Camera& camera) {
  const double scale = m_toWgs84 ? scaleDenominator(camera, *m_toWgs84) : 0.0;
  m_map.draw(camera, m_background, std::isfinite(scale) ? scale : 0.0);
  if (m_hasLabels) m_labels.draw(camera);
  if (m_decorations) m_decorationRenderer.draw(camera, *m_decorations);
}

}  // namespace zhenmap
