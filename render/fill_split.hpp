// Large polygons cut along a quadtree before triangulation. A sweep-line triangulation of a
// polygon with thousands of vertices is mostly long slivers from one side to the other, and
// llvmpipe rasterises a triangle in every 64-pixel tile it crosses, partially: a view filled by
// a few such polygons cost several times the same view filled by large triangles (8 ms against
// 3 ms for the small workload zoomed in). Cutting a polygon into quadrants until each piece has
// few vertices, or is a few tens of pixels across at the scale its level is drawn, keeps slivers
// inside small pieces along the boundary and leaves the interior as whole rectangles (two
// triangles each). GEOS clips by rectangle, so the pieces tile the polygon exactly: same area,
// same pixels.
#pragma once

#include <vector>

#include "geometry.hpp"
#include "geos_handles.hpp"

namespace zhenmap {

struct FillSplitOptions {
  std::size_t maxVertices = 16;  // a piece with at most this many vertices is not cut further
  double minCell = 0.0;          // map units: a cell this small or smaller is not cut further
};

// Appends the pieces of `polygons` (a valid polygonal Geometry) to `pieces`: the geometry itself
// when it is small enough, else the non-empty parts of its quadtree cells. Returns false (and
// appends nothing) when GEOS cannot take the geometry; the caller then triangulates it whole.
bool splitForFill(const geos::Context& ctx, const Geometry& polygons, const FillSplitOptions& options,
                  std::vector<Geometry>& pieces);

}  // namespace zhenmap
