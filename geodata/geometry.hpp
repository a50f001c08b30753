// Display geometry: flat, double-precision coordinates in the map CRS (east, north order).
// One Geometry holds all parts of one feature; Z/M are dropped for display.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace zhenmap {

struct Vec2 {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Vec2&, const Vec2&) = default;
};

struct Box {
  double minX = std::numeric_limits<double>::infinity();
  double minY = std::numeric_limits<double>::infinity();
  double maxX = -std::numeric_limits<double>::infinity();
  double maxY = -std::numeric_limits<double>::infinity();

  bool empty() const { return !(minX <= maxX && minY <= maxY); }
  double width() const { return maxX - minX; }
  double height() const { return maxY - minY; }
  Vec2 center() const { return {(minX + maxX) * 0.5, (minY + maxY) * 0.5}; }
  void expand(Vec2 p) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  void expand(const Box& b) {
    if (b.empty()) return;
    expand(Vec2{b.minX, b.minY});
    expand(Vec2{b.maxX, b.maxY});
  }
  bool intersects(const Box& b) const {
    return !(b.minX > maxX || b.maxX < minX || b.minY > maxY || b.maxY < minY);
  }
};

enum class GeomKind : std::uint8_t { None, Point, Line, Polygon };

// Points: every vertex is one point (multi-points have several).
// Lines: each ring is one line string.
// Polygons: parts[i]..parts[i+1] are the rings of polygon i, the first one the exterior.
struct Geometry {
  GeomKind kind = GeomKind::None;
  std::vector<Vec2> points;
  std::vector<std::uint32_t> rings;  // start index of each ring in points, plus points.size()
  std::vector<std::uint32_t> parts;  // start ring of each polygon, plus ring count (polygons only)

  std::size_t ringCount() const { return rings.empty() ? 0 : rings.size() - 1; }
  std::size_t partCount() const { return parts.empty() ? 0 : parts.size() - 1; }
  bool empty() const { return points.empty(); }
  Box bounds() const {
    Box b;
    for (const Vec2& p : points) b.expand(p);
    return b;
  }
};

// Twice the signed area of ring r of g (shoelace, positive when it turns counter-clockwise),
// whether or not the ring repeats its first point at the end.
inline double ringArea2(const Geometry& g, std::size_t r) {
  double a = 0.0;
  const std::uint32_t first = g.rings[r], end = g.rings[r + 1];
  for (std::uint32_t i = first, j = end - 1; i < end; j = i++) {
    a += g.points[j].x * g.points[i].y - g.points[i].x * g.points[j].y;
  }
  return a;
}

// Even-odd rule over rings [firstRing, lastRing) of g (a part's rings, or all of them). A point
// on an edge may count either way.
inline bool evenOddContains(const Geometry& g, Vec2 p, std::size_t firstRing, std::size_t lastRing) {
  bool inside = false;
  for (std::size_t r = firstRing; r < lastRing; ++r) {
    for (std::uint32_t i = g.rings[r], j = g.rings[r + 1] - 1; i < g.rings[r + 1]; j = i++) {
      const Vec2 a = g.points[i], b = g.points[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

// Whether the fill of polygon g covers p: p lies inside some part by the even-odd rule over that
// part's rings (README "Fill semantics": how GDAL and QGIS fill polygons, valid or not).
inline bool fillContains(const Geometry& g, Vec2 p) {
  for (std::size_t part = 0; part < g.partCount(); ++part) {
    if (evenOddContains(g, p, g.parts[part], g.parts[part + 1])) return true;
  }
  return false;
}

}  // namespace zhenmap
