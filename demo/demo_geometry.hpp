// Geometry helpers of the demo generator (GEOS): polygonal cleanup, WKB in and out, random points
// inside an area, and the Voronoi partition that splits an area into n cells with no gaps or
// overlaps. Coordinates are lon/lat degrees; the cells are synthetic, not real boundaries.
#pragma once

#include <string>
#include <vector>

#include "geometry.hpp"
#include "demo/random.hpp"
#include "geos_handles.hpp"

namespace zhenmap::demo {

// The demo works with geodata's GEOS owners under shorter names.
using GeosContext = geos::Context;
using GeomPtr = geos::GeometryPtr;
using geos::PreparedDeleter;
using geos::PreparedPtr;
using geos::WkbWriterDeleter;
using geos::WkbWriterPtr;
inline GeomPtr own(const GeosContext& ctx, GEOSGeometry* g, const char* what) { return geos::ownChecked(ctx, g, what); }

// The polygons of any geometry (collections included) as one MultiPolygon; empty when none.
GeomPtr polygonalPart(const GeosContext& ctx, const GEOSGeometry* g);
GeomPtr fromWkb(const GeosContext& ctx, const std::string& wkb);
std::string toWkb(const GeosContext& ctx, const GEOSGeometry* g);
Box envelope(const GeosContext& ctx, const GEOSGeometry* g);
PreparedPtr prepare(const GeosContext& ctx, const GEOSGeometry* g);

// A uniformly random point strictly inside `area` (rejection sampling in its envelope); falls
// back to GEOS's point on surface for areas that are hard to hit.
Vec2 randomPointIn(const GeosContext& ctx, const GEOSGeometry* area, const GEOSPreparedGeometry* prepared,
                   const Box& box, SplitMix64& rng);

// Splits a valid polygonal `area` into n non-empty MultiPolygons whose union is the area and whose
// interiors are disjoint: well-spread seed points inside the area, their Voronoi cells, each cell
// intersected with the area. Cell i belongs to seed i.
std::vector<GeomPtr> partition(const GeosContext& ctx, const GEOSGeometry* area, std::size_t n, SplitMix64& rng);

}  // namespace zhenmap::demo
