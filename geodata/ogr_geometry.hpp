// OGR geometry -> display Geometry: coordinates copied in bulk (OGR_G_GetPoints), Z/M dropped,
// curves linearised, multi-parts flattened into one Geometry of a single kind.
#pragma once

#include <ogr_api.h>

#include "geometry.hpp"

namespace zhenmap {

// Parts of a kind other than the first one found are dropped (a GeometryCollection mixing
// points and polygons keeps the kind of its first member). Empty rings and parts are dropped.
// A null handle gives kind None; an empty geometry gives a kind with no points, so callers can
// tell "empty" from "null".
Geometry fromOgr(OGRGeometryH geom);

}  // namespace zhenmap
