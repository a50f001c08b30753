// Large polygons cut along a quadtree before triangulation. A sweep-line triangulation of a
// polygon with thousands of vertices is mostly long slivers from one side to the other, and
// llvmpipe rasterises a triangle in every 64-pixel tile it crosses, partially: a view filled by
// a few such polygons cost several times the same view filled by large triangles (8 ms against
// 3 ms for the small workload zoomed in). Cutting a polygon into quadrants until each piece has
// few vertices, or is a few tens of pixels across at the scale its level is drawn, keeps slivers
// inside small pieces along the boundary and leaves the interior as whole rectangles (two
// triangles each).
//
// The cutting follows the fill rule, not polygon topology: a part is filled where a point lies
// inside an odd number of its rings (valid or not: self-touching rings, bow-ties, holes outside
// their shell; see README "Fill semantics"). Each ring is clipped to a cell on its own
// (Sutherland-Hodgman): the clipped ring winds around every point inside the cell as often as the
// ring does, so the pieces fill exactly what the part fills. A clipped ring left with only edges
// along the cell's sides winds the same number of times around every point inside the cell: it
// is replaced by one bit, and a cell with nothing else is a rectangle or nothing. Written here
// because GEOS's rectangle clipping (GEOSClipByRect, 3.11) wants valid input and, even on valid
// polygons whose holes touch each other or the shell at a vertex, gave cells whose area was wrong
// (the whole cell for a cell holding holes): those were drawn as rectangles of inverted fill.
#pragma once

#include <vector>

#include "geometry.hpp"

namespace zhenmap {

struct FillSplitOptions {
  std::size_t maxVertices = 16;  // a piece with at most this many vertices is not cut further
  double minCell = 0.0;          // map units: a cell this small or smaller is not cut further
};

// Appends the pieces of polygon part `part` of g to `pieces`: each a one-part polygon Geometry
// whose closed rings are filled by the even-odd rule; together they fill exactly what the part's
// rings fill by that rule. A part with at most maxVertices vertices, or no larger than minCell,
// comes back as one piece (its rings as they are). Rectangles fully inside come back as one
// five-point ring. Non-finite points are skipped.
void splitForFill(const Geometry& g, std::size_t part, const FillSplitOptions& options, std::vector<Geometry>& pieces);

}  // namespace zhenmap
