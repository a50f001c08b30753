// Lengths on the ellipsoid (CGCS2000 = GRS80 axes) through PROJ's geodesic routines, for route
// lengths in km. Coordinates are lon/lat degrees.
#pragma once

#include <vector>

#include "geometry.hpp"

namespace zhenmap::store {

// Sum of the geodesic distances between consecutive points, in kilometres.
double geodesicLengthKm(const std::vector<Vec2>& lonLat);

}  // namespace zhenmap::store
