// Identify: which features of a layer are under a map position. Polygons by exact point-in-polygon
// (GEOS prepared geometry, boundary included), lines and points by distance within a tolerance.
#pragma once

#include <cstddef>
#include <vector>

#include "layer.hpp"

namespace zhenmap {

struct IdentifyHit {
  std::size_t index = 0;  // position in LayerData::features
  double distance = 0.0;  // map units; 0 inside a polygon
};

// p and tolerance in the layer's map CRS units (the caller converts pixels: tolerance =
// pixels * map units per pixel). Polygons hit when p is inside what their fill covers (each part
// by the even-odd rule, as drawn, valid or not) or within tolerance of their outline. Nearest
// first; ties: the feature drawn last (higher index) first. Uses layer.index when present. Call
// from any thread.
std::vector<IdentifyHit> identify(const LayerData& layer, Vec2 p, double tolerance);

// Distance from p to segment ab.
double segmentDistance(Vec2 p, Vec2 a, Vec2 b);

}  // namespace zhenmap
