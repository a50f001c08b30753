// Quadtree cutting of polygons for fills, ring by ring; see fill_split.hpp.
#include "fill_split.hpp"

#include <algorithm>
#include <cmath>

namespace zhenmap {

namespace {

using Ring = std::vector<Vec2>;  // open: the first point is not repeated at the end

constexpr int kMaxDepth = 24;  // 2^-24 of the part's size is far below a pixel at any level's scale

void addClosedRing(Geometry& g, const Vec2* pts, std::size_t n) {
  g.points.insert(g.points.end(), pts, pts + n);
  g.points.push_back(pts[0]);
  g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
}

Geometry rectangle(const Box& b) {
  Geometry g;
  g.kind = GeomKind::Polygon;
  g.points = {{b.minX, b.minY}, {b.maxX, b.minY}, {b.maxX, b.maxY}, {b.minX, b.maxY}, {b.minX, b.minY}};
  g.rings = {0, 5};
  g.parts = {0, 1};
  return g;
}

// Where segment p-q crosses the line where coordinate `axis` (0: x, 1: y) equals c. Computed
// from the end points in a fixed order, so the cells on both sides of a cut get the same point;
// an end point on the line is returned as it is.
Vec2 crossing(Vec2 p, Vec2 q, int axis, double c) {
  const bool swap = q.x < p.x || (q.x == p.x && q.y < p.y);
  const Vec2 a = swap ? q : p, b = swap ? p : q;
  const double a0 = axis == 0 ? a.x : a.y, b0 = axis == 0 ? b.x : b.y;
  const double a1 = axis == 0 ? a.y : a.x, b1 = axis == 0 ? b.y : b.x;
  if (a0 == c) return a;
  if (b0 == c) return b;
  const double t = (c - a0) / (b0 - a0);
  const double v = std::clamp(a1 + t * (b1 - a1), std::min(a1, b1), std::max(a1, b1));
  return axis == 0 ? Vec2{c, v} : Vec2{v, c};
}

// The part of ring `in` where coordinate `axis` >= c (`above`) or <= c (Sutherland-Hodgman):
// the parts outside become runs along the line. Consecutive repeated points are dropped.
void clipRing(const Ring& in, int axis, double c, bool above, Ring& out) {
  out.clear();
  if (in.empty()) return;
  auto inside = [&](Vec2 p) {
    const double v = axis == 0 ? p.x : p.y;
    return above ? v >= c : v <= c;
  };
  auto push = [&](Vec2 p) {
    if (out.empty() || !(out.back() == p)) out.push_back(p);
  };
  Vec2 prev = in.back();
  bool prevIn = inside(prev);
  for (const Vec2& cur : in) {
    const bool curIn = inside(cur);
    if (curIn != prevIn) push(crossing(prev, cur, axis, c));
    if (curIn) push(cur);
    prev = cur;
    prevIn = curIn;
  }
  if (out.size() > 1 && out.front() == out.back()) out.pop_back();
}

// Every edge of the ring runs along a side of the cell.
bool onCellSides(const Ring& r, const Box& cell) {
  for (std::size_t i = 0; i < r.size(); ++i) {
    const Vec2 p = r[i], q = r[i + 1 < r.size() ? i + 1 : 0];
    if (p.x == q.x && (p.x == cell.minX || p.x == cell.maxX)) continue;
    if (p.y == q.y && (p.y == cell.minY || p.y == cell.maxY)) continue;
    return false;
  }
  return true;
}

// Whether ring r winds an odd number of times around p (crossings of a ray towards +x).
bool windsOdd(const Ring& r, Vec2 p) {
  bool odd = false;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    const Vec2 a = r[i], b = r[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) odd = !odd;
  }
  return odd;
}

class Cutter {
 public:
  Cutter(const FillSplitOptions& options, std::vector<Geometry>& pieces) : m_options(options), m_pieces(pieces) {}

  // rings: clipped to `cell`, none of them along its sides only; inverted: the cell is filled
  // where the rings leave it empty (rings along the sides, dropped, wound an odd number of times).
  void cut(const std::vector<Ring>& rings, bool inverted, const Box& cell, int depth) {
    std::size_t n = 0;
    for (const Ring& r : rings) n += r.size();
    if (n <= m_options.maxVertices || std::max(cell.width(), cell.height()) <= m_options.minCell ||
        depth >= kMaxDepth) {
      emit(rings, inverted, cell);
      return;
    }
    // Halve the longer side only when the cell is more than twice as long as wide, so cells stay
    // squarish; the cut coordinates are computed once, so neighbours share them exactly.
    const double midX = 0.5 * (cell.minX + cell.maxX), midY = 0.5 * (cell.minY + cell.maxY);
    const bool cutX = cell.width() >= 0.5 * cell.height(), cutY = cell.height() >= 0.5 * cell.width();
    for (int i = 0; i < (cutX ? 2 : 1); ++i) {
      for (int j = 0; j < (cutY ? 2 : 1); ++j) {
        const Box b{cutX && i == 1 ? midX : cell.minX, cutY && j == 1 ? midY : cell.minY,
                    cutX && i == 0 ? midX : cell.maxX, cutY && j == 0 ? midY : cell.maxY};
        std::vector<Ring> inside;
        bool flip = inverted;
        for (const Ring& r : rings) {
          // Only the new sides cut: the rings already lie within the parent cell.
          m_a = r;
          if (b.minX != cell.minX) clipInto(0, b.minX, true);
          if (b.maxX != cell.maxX) clipInto(0, b.maxX, false);
          if (b.minY != cell.minY) clipInto(1, b.minY, true);
          if (b.maxY != cell.maxY) clipInto(1, b.maxY, false);
          if (m_a.size() < 3) continue;  // no area: winds around nothing
          if (onCellSides(m_a, b)) {
            flip = flip != windsOdd(m_a, b.center());
            continue;
          }
          inside.push_back(m_a);
        }
        if (inside.empty()) {
          if (flip) m_pieces.push_back(rectangle(b));
          continue;
        }
        cut(inside, flip, b, depth + 1);
      }
    }
  }

  void emit(const std::vector<Ring>& rings, bool inverted, const Box& cell) {
    Geometry g;
    g.kind = GeomKind::Polygon;
    g.rings = {0};
    for (const Ring& r : rings) addClosedRing(g, r.data(), r.size());
    if (inverted) {
      const Vec2 box[4] = {
          {cell.minX, cell.minY}, {cell.maxX, cell.minY}, {cell.maxX, cell.maxY}, {cell.minX, cell.maxY}};
      addClosedRing(g, box, 4);
    }
    g.parts = {0, static_cast<std::uint32_t>(g.ringCount())};
    m_pieces.push_back(std::move(g));
  }

 private:
  void clipInto(int axis, double c, bool above) {
    clipRing(m_a, axis, c, above, m_b);
    m_a.swap(m_b);
  }

  const FillSplitOptions& m_options;
  std::vector<Geometry>& m_pieces;
  Ring m_a, m_b;  // scratch
};

}  // namespace

void splitForFill(const Geometry& g, std::size_t part, const FillSplitOptions& options, std::vector<Geometry>& pieces) {
  std::vector<Ring> rings;
  Box bounds;
  for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) {
    Ring ring;
    for (std::uint32_t i = g.rings[r]; i < g.rings[r + 1]; ++i) {
      const Vec2 p = g.points[i];
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
      if (ring.empty() || !(ring.back() == p)) ring.push_back(p);
    }
    if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
    if (ring.size() < 3) continue;  // no area
    for (const Vec2& p : ring) bounds.expand(p);
    rings.push_back(std::move(ring));
  }
  if (rings.empty()) return;
  Cutter(options, pieces).cut(rings, false, bounds, 0);
}

}  // namespace zhenmap
