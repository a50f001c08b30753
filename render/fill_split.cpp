// Quadtree cutting of polygons for fills; see fill_split.hpp.
#include "fill_split.hpp"

#include <cmath>

#include "geos_convert.hpp"

namespace zhenmap {

namespace {

Geometry rectangle(const Box& b) {
  Geometry g;
  g.kind = GeomKind::Polygon;
  g.points = {{b.minX, b.minY}, {b.maxX, b.minY}, {b.maxX, b.maxY}, {b.minX, b.maxY}, {b.minX, b.minY}};
  g.rings = {0, 5};
  g.parts = {0, 1};
  return g;
}

// False when GEOS failed on a clip (the pieces are then incomplete).
bool cut(const geos::Context& ctx, const GEOSGeometry* g, const Box& cell, const FillSplitOptions& o,
         std::vector<Geometry>& pieces, int depth) {
  const int n = GEOSGetNumCoordinates_r(ctx.get(), g);
  // The depth cap ends the cutting where many vertices meet at one point (no cell around it
  // ever holds few): 2^-24 of the polygon's size is far below a pixel at any level's scale.
  if (n <= static_cast<int>(o.maxVertices) || std::max(cell.width(), cell.height()) <= o.minCell || depth >= 24) {
    Geometry piece = geos::polygonalToGeometry(ctx, g);
    if (!piece.points.empty()) pieces.push_back(std::move(piece));
    return true;
  }
  // Halve the longer side only when the cell is more than twice as long as wide, so cells stay
  // squarish; the cut coordinates are computed once, so neighbours share them exactly.
  const double midX = 0.5 * (cell.minX + cell.maxX), midY = 0.5 * (cell.minY + cell.maxY);
  const bool cutX = cell.width() >= 0.5 * cell.height(), cutY = cell.height() >= 0.5 * cell.width();
  std::vector<Box> parts;
  for (int i = 0; i < (cutX ? 2 : 1); ++i) {
    for (int j = 0; j < (cutY ? 2 : 1); ++j) {
      parts.push_back({cutX ? (i == 0 ? cell.minX : midX) : cell.minX, cutY ? (j == 0 ? cell.minY : midY) : cell.minY,
                       cutX ? (i == 0 ? midX : cell.maxX) : cell.maxX, cutY ? (j == 0 ? midY : cell.maxY) : cell.maxY});
    }
  }
  for (const Box& b : parts) {
    geos::GeometryPtr clipped = geos::own(ctx, GEOSClipByRect_r(ctx.get(), g, b.minX, b.minY, b.maxX, b.maxY));
    if (!clipped) return false;
    if (GEOSisEmpty_r(ctx.get(), clipped.get()) == 1) continue;
    double area = 0.0;
    // Wholly inside: the cell itself (two triangles), however many vertices the clip kept.
    if (GEOSArea_r(ctx.get(), clipped.get(), &area) && std::abs(area - b.width() * b.height()) <= 1e-9 * b.width() * b.height()) {
      pieces.push_back(rectangle(b));
      continue;
    }
    if (!cut(ctx, clipped.get(), b, o, pieces, depth + 1)) return false;
  }
  return true;
}

}  // namespace

bool splitForFill(const geos::Context& ctx, const Geometry& polygons, const FillSplitOptions& options,
                  std::vector<Geometry>& pieces) {
  if (polygons.points.size() <= options.maxVertices) {
    pieces.push_back(polygons);
    return true;
  }
  geos::GeometryPtr g = geos::polygonsToGeos(ctx, polygons, true);
  if (!g) return false;
  const std::size_t before = pieces.size();
  if (!cut(ctx, g.get(), polygons.bounds(), options, pieces, 0)) {
    pieces.resize(before);
    return false;
  }
  return true;
}

}  // namespace zhenmap
