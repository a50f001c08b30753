// Polyline extrusion geometry; see line_builder.hpp. All directions are unit vectors in map
// space; map and screen differ by a uniform scale (and a y flip handled by the camera), so
// angles and unit lengths carry over to pixels unchanged.
#include "line_builder.hpp"

#include <algorithm>
#include <cmath>

#include "tessellator.hpp"

namespace zhenmap {

namespace {
constexpr double kPi = 3.14159265358979323846;
Vec2 sub(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
Vec2 plus(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
Vec2 scale(Vec2 a, double s) { return {a.x * s, a.y * s}; }
double dot(Vec2 a, Vec2 b) { return a.x * b.x + a.y * b.y; }
double cross(Vec2 a, Vec2 b) { return a.x * b.y - a.y * b.x; }
double length(Vec2 a) { return std::hypot(a.x, a.y); }
Vec2 normalOf(Vec2 dir) { return {-dir.y, dir.x}; }
}  // namespace

std::uint32_t LineBuilder::vertex(Vec2 p, Vec2 e, double dist) {
  auto q = [](double v) {
    return static_cast<std::int16_t>(std::lround(std::clamp(v, -3.99, 3.99) * kExtrudeScale));
  };
  m_vertices.push_back({static_cast<float>(p.x - m_origin.x), static_cast<float>(p.y - m_origin.y), q(e.x), q(e.y),
                        static_cast<float>(dist), m_styleIndex});
  return static_cast<std::uint32_t>(m_vertices.size() - 1);
}

// Two vertices per point: where a joint's mitre is at most twice the half width (a turn of up to
// 120 degrees) both segments share the mitred pair; sharper joints get a pair per segment and a
// bevel triangle. Caps other than butt push the end pairs out by half the width.
void LineBuilder::addThin(bool closed) {
  const std::size_t n = m_points.size();
  const std::size_t segments = closed && n > 2 ? n : n - 1;
  const bool ring = segments == n;
  std::vector<Vec2>& nrm = m_normals;
  std::vector<double>& len = m_lengths;
  nrm.resize(segments);
  len.resize(segments);
  for (std::size_t s = 0; s < segments; ++s) {
    const Vec2 d = sub(m_points[(s + 1) % n], m_points[s]);
    len[s] = length(d);
    nrm[s] = normalOf(scale(d, 1.0 / len[s]));
  }
  struct Pair {
    std::uint32_t l, r;  // +extrusion, -extrusion
  };
  auto pair = [&](Vec2 p, Vec2 e, double dist) {
    const std::uint32_t l = vertex(p, e, dist);
    return Pair{l, vertex(p, scale(e, -1.0), dist)};
  };
  auto capped = [&](Vec2 p, Vec2 nm, Vec2 out, double dist) {
    if (m_cap == LineCap::Butt) return pair(p, nm, dist);
    const std::uint32_t l = vertex(p, plus(nm, out), dist);
    return Pair{l, vertex(p, plus(scale(nm, -1.0), out), dist)};
  };
  auto mitre = [](Vec2 n0, Vec2 n1, Vec2& m) {
    const double c = 1.0 + dot(n0, n1);  // 2 cos^2(theta/2); mitre length 1/cos(theta/2) <= 2
    if (c < 0.5) return false;
    m = scale(plus(n0, n1), 1.0 / c);
    return true;
  };
  auto bevel = [&](Pair end, Pair start, Vec2 n0, Vec2 n1) {
    // Outer side of the bend: the two pairs' outer vertices and the inner one of the first.
    if (cross(n0, n1) > 0) {
      m_indices.insert(m_indices.end(), {end.l, end.r, start.r});
    } else {
      m_indices.insert(m_indices.end(), {end.r, end.l, start.l});
    }
  };

  double dist = 0.0;
  Pair first{}, start{};
  Vec2 m{};
  if (!ring) {
    start = capped(m_points[0], nrm[0], Vec2{-nrm[0].y, nrm[0].x}, 0.0);  // out = -direction
  } else if (mitre(nrm[segments - 1], nrm[0], m)) {
    start = pair(m_points[0], m, 0.0);
  } else {
    start = pair(m_points[0], nrm[0], 0.0);
  }
  first = start;
  for (std::size_t s = 0; s < segments; ++s) {
    const Vec2 b = m_points[(s + 1) % n];
    dist += len[s];
    Pair end{}, next{};
    if (s + 1 == segments) {
      if (!ring) {
        end = capped(b, nrm[s], Vec2{nrm[s].y, -nrm[s].x}, dist);  // out = direction
      } else if (mitre(nrm[s], nrm[0], m)) {
        end = pair(b, m, dist);  // the first pair's place, at the ring's full length (dashes)
      } else {
        end = pair(b, nrm[s], dist);
        bevel(end, first, nrm[s], nrm[0]);
      }
    } else if (mitre(nrm[s], nrm[s + 1], m)) {
      end = next = pair(b, m, dist);
    } else {
      end = pair(b, nrm[s], dist);
      next = pair(b, nrm[s + 1], dist);
      bevel(end, next, nrm[s], nrm[s + 1]);
    }
    m_indices.insert(m_indices.end(), {start.l, start.r, end.r, start.l, end.r, end.l});
    start = next;
  }
}

void LineBuilder::fan(Vec2 p, Vec2 from, Vec2 to, double dist) {
  double a0 = std::atan2(from.y, from.x);
  double a1 = std::atan2(to.y, to.x);
  double sweep = a1 - a0;
  while (sweep > kPi) sweep -= 2 * kPi;
  while (sweep < -kPi) sweep += 2 * kPi;
  const int steps = std::max(1, static_cast<int>(std::ceil(std::abs(sweep) / m_roundStep)));
  const std::uint32_t centre = vertex(p, {0, 0}, dist);
  std::uint32_t prev = vertex(p, from, dist);
  for (int i = 1; i <= steps; ++i) {
    const double a = a0 + sweep * i / steps;
    const std::uint32_t next = vertex(p, {std::cos(a), std::sin(a)}, dist);
    m_indices.insert(m_indices.end(), {centre, prev, next});
    prev = next;
  }
}

void LineBuilder::join(Vec2 p, Vec2 n0, Vec2 n1, double dist) {
  const double turn = cross(n0, n1);
  if (std::abs(turn) < 1e-12 && dot(n0, n1) > 0) return;  // straight on
  // The outer side of the bend is where the two segments' quads leave a gap.
  const double side = turn > 0 ? -1.0 : 1.0;
  const Vec2 a = scale(n0, side), b = scale(n1, side);
  if (m_join == LineJoin::Round) {
    fan(p, a, b, dist);
    return;
  }
  const double c = 1.0 + dot(n0, n1);  // 2 cos^2(theta/2)
  const std::uint32_t centre = vertex(p, {0, 0}, dist);
  const std::uint32_t va = vertex(p, a, dist);
  const std::uint32_t vb = vertex(p, b, dist);
  if (m_join == LineJoin::Miter && c > 0.5) {  // miter length 1/cos(theta/2) <= 2
    const std::uint32_t vm = vertex(p, scale(plus(a, b), 1.0 / c), dist);
    m_indices.insert(m_indices.end(), {centre, va, vm, centre, vm, vb});
  } else {
    m_indices.insert(m_indices.end(), {centre, va, vb});
  }
}

void LineBuilder::cap(Vec2 p, Vec2 dir, Vec2 n, double dist, bool start) {
  const Vec2 out = start ? scale(dir, -1.0) : dir;
  switch (m_cap) {
    case LineCap::Butt:
      return;
    case LineCap::Round: {
      // Half a turn from n through `out` to -n.
      const int steps = std::max(2, static_cast<int>(std::ceil(kPi / m_roundStep)));
      const std::uint32_t centre = vertex(p, {0, 0}, dist);
      std::uint32_t prev = vertex(p, n, dist);
      for (int i = 1; i <= steps; ++i) {
        const double t = kPi * i / steps;
        const std::uint32_t next = vertex(p, plus(scale(n, std::cos(t)), scale(out, std::sin(t))), dist);
        m_indices.insert(m_indices.end(), {centre, prev, next});
        prev = next;
      }
      return;
    }
    case LineCap::Square: {
      const std::uint32_t a = vertex(p, n, dist), b = vertex(p, scale(n, -1.0), dist);
      const std::uint32_t c = vertex(p, plus(n, out), dist), d = vertex(p, plus(scale(n, -1.0), out), dist);
      m_indices.insert(m_indices.end(), {a, b, d, a, d, c});
      return;
    }
  }
}

void LineBuilder::add(const Vec2* points, std::size_t count, bool closed, const LineStyle& style) {
  if (style.width <= 0.0f) return;
  if (!(m_style == style) || m_styles.empty()) {
    m_style = style;
    std::size_t i = 0;
    while (i < m_styles.size() && !(m_styles[i] == style)) ++i;
    if (i == m_styles.size()) m_styles.push_back(style);
    m_styleIndex = static_cast<std::uint32_t>(i);
  }
  m_points.clear();
  for (std::size_t i = 0; i < count; ++i) {
    const Vec2 p = points[i];
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    if (!m_points.empty() && m_points.back() == p) continue;
    m_points.push_back(p);
  }
  if (closed && m_points.size() > 2 && m_points.front() == m_points.back()) m_points.pop_back();
  const std::size_t n = m_points.size();
  if (n < 2) return;
  const double outerPx = style.width + 2.0 * style.casingWidth;
  if (outerPx <= kThinLinePx) {
    addThin(closed);
    return;
  }
  // Round joins and caps in steps whose chords stay within a fifth of a pixel of the arc.
  m_roundStep = std::clamp(2.0 * std::acos(1.0 - 0.2 / std::max(0.5 * outerPx, 0.2)), kPi / 16, kPi / 2);
  const std::size_t segments = closed && n > 2 ? n : n - 1;

  double dist = 0.0;
  Vec2 firstNormal{}, prevNormal{};
  for (std::size_t i = 0; i < segments; ++i) {
    const Vec2 a = m_points[i], b = m_points[(i + 1) % n];
    const Vec2 d = sub(b, a);
    const double len = length(d);
    const Vec2 dir = scale(d, 1.0 / len);
    const Vec2 nrm = normalOf(dir);
    if (i == 0) {
      firstNormal = nrm;
      if (!closed || n == 2) cap(a, dir, nrm, dist, true);
    } else {
      join(a, prevNormal, nrm, dist);
    }
    const std::uint32_t v0 = vertex(a, nrm, dist), v1 = vertex(a, scale(nrm, -1.0), dist);
    const std::uint32_t v2 = vertex(b, nrm, dist + len), v3 = vertex(b, scale(nrm, -1.0), dist + len);
    m_indices.insert(m_indices.end(), {v0, v1, v3, v0, v3, v2});
    dist += len;
    prevNormal = nrm;
    if (i + 1 == segments) {
      if (closed && n > 2) {
        join(m_points[0], nrm, firstNormal, dist);
      } else {
        cap(b, dir, nrm, dist, false);
      }
    }
  }
}

}  // namespace zhenmap
