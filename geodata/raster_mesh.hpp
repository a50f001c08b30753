// The reprojection mesh of one raster tile: a regular grid over the tile whose vertices are moved
// into the map CRS by PROJ, refined (1, 2, 4, ... cells a side) until the triangles it is drawn
// with stray from the true transformation by less than a tolerance (half a screen pixel of the
// view, in map units). The GPU then only interpolates inside small triangles.
#pragma once

#include <vector>

#include "geometry.hpp"
#include "tile_grid.hpp"

namespace zhenmap {

class CrsTransform;

struct TileMesh {
  int cells = 0;               // cells along each side; (cells + 1)^2 vertices, row by row from the top
  std::vector<Vec2> position;  // map CRS; NaN where PROJ cannot transform the point
  std::vector<Vec2> uv;        // 0..1 across the tile image, v down
  double maxError = 0;         // the largest deviation found at the final subdivision, map units
  double tolerance = 0;        // what it was refined for
};

// Builds the mesh of tile `t` of `grid`; gridToMap goes from the grid's CRS to the map CRS.
// maxCells bounds the refinement (a tile that still errs then keeps the finest mesh).
TileMesh buildTileMesh(const TileGrid& grid, const TileId& t, const CrsTransform& gridToMap, double tolerance,
                       int maxCells = 64);

// The mesh's triangles (two per cell, split along the top-left to bottom-right diagonal), as
// vertex indices; cells with a vertex PROJ could not transform are left out.
std::vector<unsigned> meshIndices(const TileMesh& mesh);

}  // namespace zhenmap
