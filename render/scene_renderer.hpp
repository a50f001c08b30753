// One map scene drawn the same way by every output: the layers, then the labels (collisions
// resolved), then the decorations (title, legend, scale bar, north arrow). `zhenmap render`
// (renderHeadless), slide export and the window's presentation screen all draw through it, so the
// same scene and camera give the same pixels in all of them. GL thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "camera.hpp"
#include "crs_transform.hpp"
#include "glyph_atlas.hpp"
#include "label_renderer.hpp"
#include "map_decorations.hpp"
#include "map_renderer.hpp"

namespace zhenmap {

class SceneRenderer {
 public:
  SceneRenderer();  // compiles the programs; needs a current GL 3.3 context

  // Layers drawn by painters (raster layers) under the vector layers, bottom first; takes effect
  // with the next setLayers.
  void setUnderlays(std::vector<std::shared_ptr<LayerPainter>> underlays) { m_underlays = std::move(underlays); }
  // Replaces every layer (bottom first), over the underlays.
  void setLayers(const std::vector<Buckets>& layers);
  // Label candidates of the scene (empty: no labels); an atlas built on a worker saves building
  // it here.
  void setLabels(std::vector<LabelCandidate> labels, std::optional<GlyphAtlas> atlas = std::nullopt);
  void setDecorations(std::optional<MapDecorations> decorations) { m_decorations = std::move(decorations); }
  void setBackground(Rgba background) { m_background = background; }
  // The map CRS, for scale-dependent visibility (the scale denominator on the ellipsoid).
  void setMapCrs(const std::string& mapCrs);

  MapRenderer& map() { return m_map; }
  const MapRenderer& map() const { return m_map; }

  // Clears to the background and draws layers, labels and decorations into the bound target,
  // whose viewport must match the camera.
  void draw(const Camera& camera);

 private:
  MapRenderer m_map;
  std::vector<std::shared_ptr<LayerPainter>> m_underlays;
  LabelRenderer m_labels;
  DecorationRenderer m_decorationRenderer;
  std::optional<MapDecorations> m_decorations;
  bool m_hasLabels = false;
  Rgba m_background = rgba(0xf4, 0xf1, 0xea);
  std::string m_mapCrs;
  std::optional<CrsTransform> m_toWgs84;  // for the scale denominator (none: PROJ rejects the CRS)
};

}  // namespace zhenmap
