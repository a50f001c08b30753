// Conversion between display Geometry (flat Vec2 arrays) and GEOS geometries, copying coordinates
// in bulk (GEOSCoordSeq_copyFromBuffer / copyToBuffer).
#pragma once

#include "geometry.hpp"
#include "geos_handles.hpp"

namespace zhenmap::geos {

// Polygons of g (parts[first]..parts[last]) as a GEOS MultiPolygon. Rings must be closed and
// have at least 4 points unless fixRings is set, in which case unclosed rings are closed and
// rings that stay degenerate are dropped (a part whose exterior is dropped is dropped whole).
// Returns null when GEOS rejects the input (see Context::lastError).
GeometryPtr polygonsToGeos(const Context& ctx, const Geometry& g, bool fixRings);

// One polygon part of g (index into parts), rings closed and degenerate rings dropped.
GeometryPtr polygonPartToGeos(const Context& ctx, const Geometry& g, std::size_t part);

// The polygonal parts of any GEOS geometry (collections are searched) as a display Geometry.
Geometry polygonalToGeometry(const Context& ctx, const GEOSGeometry* g);

}  // namespace zhenmap::geos
