// Picking and highlights; see picking.hpp.
#include "picking.hpp"

#include <algorithm>

#include "identify.hpp"

namespace zhenmap {

std::vector<PickHit> pick(const std::vector<std::shared_ptr<const LayerData>>& layers, const Camera& camera, Vec2 px,
                          double tolerancePx, const std::vector<bool>& visible) {
  std::vector<PickHit> out;
  const Vec2 at = camera.screenToMap(px);
  const double upp = camera.unitsPerPixel();
  for (std::size_t li = layers.size(); li-- > 0;) {
    if (!layers[li] || (li < visible.size() && !visible[li])) continue;
    const LayerData& layer = *layers[li];
    double tol = tolerancePx;
    for (const Feature& f : layer.features) {
      if (f.geometry.kind == GeomKind::Point) tol = std::max(tol, 6.0);  // about a marker's radius
      if (f.geometry.kind != GeomKind::None) break;
    }
    for (const IdentifyHit& h : identify(layer, at, tol * upp)) out.push_back({li, h.index, h.distance / upp});
  }
  return out;
}

Buckets highlightBuckets(const LayerData& layer, const std::vector<std::size_t>& features, bool hover) {
  LayerData subset;
  subset.name = layer.name;
  subset.mapCrs = layer.mapCrs;
  for (std::size_t i : features) {
    if (i >= layer.features.size()) continue;
    Feature f = layer.features[i];
    f.attributes.clear();
    subset.extent.expand(f.geometry.bounds());
    subset.features.push_back(std::move(f));
  }
  LayerStyle style;
  const Rgba colour = hover ? rgba(0x00, 0xb4, 0xff, 200) : rgba(0xff, 0xd4, 0x00);
  style.symbol.fill = hover ? rgba(0x00, 0xb4, 0xff, 40) : rgba(0xff, 0xd4, 0x00, 70);
  style.symbol.stroke = colour;
  style.symbol.strokeWidth = hover ? 2.0f : 3.5f;
  style.symbol.lineWidth = hover ? 5.0f : 7.0f;
  style.symbol.casing = rgba(0x20, 0x20, 0x20, 160);
  style.symbol.casingWidth = 1.0f;
  style.symbol.shape = MarkerShape::Circle;
  style.symbol.size = hover ? 14.0f : 18.0f;
  TessellateOptions opts;
  opts.tolerances = {};
  opts.buildCoverage = false;  // drawn on top: never the bottom layer
  return tessellate(subset, style, opts);
}

}  // namespace zhenmap
