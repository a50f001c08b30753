// Corridor progress for meeting mode: each scenic route split at its built length along the line,
// measured on the ellipsoid (linear referencing with PROJ's geodesic routines), so the built part
// can be drawn solid and the remaining planned part dashed; and "built / planned km" texts.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "geometry.hpp"
#include "layer.hpp"

namespace zhenmap {

// Geodesic length of a lon/lat polyline on the GRS80 ellipsoid (CGCS2000), in kilometres.
double ellipsoidLengthKm(const std::vector<Vec2>& lonLat);

// Splits a lon/lat polyline at `km` from its start, measured along the geodesics between its
// vertices on the GRS80 ellipsoid. The split point lies on the geodesic of its segment (PROJ's
// geod_direct), not on a straight line in degrees. km <= 0 gives an empty first part; km at or
// beyond the line's length gives an empty second part. Both parts share the split point.
std::pair<std::vector<Vec2>, std::vector<Vec2>> splitAtKm(const std::vector<Vec2>& lonLat, double km);

// "12.4 / 18.0 km": one decimal, rounded half away from zero.
std::string progressText(double builtKm, double plannedKm);

// The routes of a layer (map CRS `routes.mapCrs`) split into two line layers in the same CRS:
// `built` (name routes.name + "_built") and `remaining` (routes.name + "_remaining"), feature i
// of each keeping the attributes of its route. The split uses the numeric fields builtField and
// plannedField; a route with built >= planned is all built, with built <= 0 all remaining.
// Throws std::invalid_argument when the layer lacks either field.
struct ProgressLayers {
  LayerData built;
  LayerData remaining;
};
ProgressLayers splitRoutesByProgress(const LayerData& routes, const std::string& builtField,
                                     const std::string& plannedField);

}  // namespace zhenmap
