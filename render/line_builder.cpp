// Polyline extrusion geometry; see line_builder.hpp. All directions are unit vectors in map
// space; map and screen differ by a uniform scale (and a y flip handled by the camera), so
// angles and unit lengths carry over to pixels unchanged.
#include "line_builder.hpp"

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
  m_vertices.push_back({static_cast<float>(p.x - m_origin.x), static_cast<float>(p.y - m_origin.y),
                        static_cast<float>(e.x), static_cast<float>(e.y), static_cast<float>(dist), m_style.width,
                        m_style.dashOn, m_style.dashOff, m_style.casingWidth, m_style.color, m_style.casing});
  return static_cast<std::uint32_t>(m_vertices.size() - 1);
}

void LineBuilder::fan(Vec2 p, Vec2 from, Vec2 to, double dist) {
  double a0 = std::atan2(from.y, from.x);
  double a1 = std::atan2(to.y, to.x);
  double sweep = a1 - a0;
  while (sweep > kPi) sweep -= 2 * kPi;
  while (sweep < -kPi) sweep += 2 * kPi;
  const int steps = std::max(1, static_cast<int>(std::ceil(std::abs(sweep) / (kPi / 8))));
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
      const int steps = 8;
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
  m_style = style;
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
