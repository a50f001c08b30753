// Picking for identify, hover and selection: screen position -> features, through each layer's
// spatial index (geodata identify), and the highlight drawn for picked features.
#pragma once

#include <memory>
#include <vector>

#include "camera.hpp"
#include "layer.hpp"
#include "tessellator.hpp"

namespace zhenmap {

struct PickHit {
  std::size_t layer = 0;    // index into the layers given
  std::size_t feature = 0;  // index into that layer's features
  double distancePx = 0.0;  // 0 inside a polygon
};

// Features under screen position px (pixels from the top-left), topmost layer first, nearest first
// within a layer. Lines and points count within tolerancePx (points: at least their marker radius).
// Layers flagged false in `visible` (if given) are skipped. Any thread.
std::vector<PickHit> pick(const std::vector<std::shared_ptr<const LayerData>>& layers, const Camera& camera, Vec2 px,
                          double tolerancePx = 4.0, const std::vector<bool>& visible = {});

// Buckets that draw the given features of a layer as a highlight on top of the map: a thick
// outline (polygons, lines) or an enlarged ringed marker (points). hover: lighter, thinner.
Buckets highlightBuckets(const LayerData& layer, const std::vector<std::size_t>& features, bool hover = false);

}  // namespace zhenmap
