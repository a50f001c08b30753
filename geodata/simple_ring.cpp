// Conservative ring simplicity proof; see simple_ring.hpp.
#include "simple_ring.hpp"

#include <algorithm>

namespace zhenmap {

namespace {

enum class Side { Left, Right, Unknown };  // Unknown: collinear, or too close to call in doubles

// The sign of the orientation of c relative to the line a -> b, decided exactly as GEOS's
// CGAlgorithmsDD::orientationIndexFilter decides it in double precision (same terms, same error
// bound, DP_SAFE_EPSILON = 1e-15). Where that filter defers to double-double arithmetic, and
// wherever the points are collinear, this answers Unknown.
Side side(Vec2 a, Vec2 b, Vec2 c) {
  constexpr double kSafeEpsilon = 1e-15;
  const double detLeft = (a.x - c.x) * (b.y - c.y);
  const double detRight = (a.y - c.y) * (b.x - c.x);
  const double det = detLeft - detRight;
  double detSum = 0;
  if (detLeft > 0.0) {
    if (detRight <= 0.0) return det > 0 ? Side::Left : det < 0 ? Side::Right : Side::Unknown;
    detSum = detLeft + detRight;
  } else if (detLeft < 0.0) {
    if (detRight >= 0.0) return det > 0 ? Side::Left : det < 0 ? Side::Right : Side::Unknown;
    detSum = -detLeft - detRight;
  } else {
    return det > 0 ? Side::Left : det < 0 ? Side::Right : Side::Unknown;
  }
  const double bound = kSafeEpsilon * detSum;
  if (det >= bound && det > 0) return Side::Left;
  if (-det >= bound && det < 0) return Side::Right;
  return Side::Unknown;
}

// Both c and d strictly on the same side of the line a -> b: the segments cannot meet, and
// GEOS's LineIntersector concludes the same from the same test.
bool sameSide(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
  const Side sc = side(a, b, c);
  return sc != Side::Unknown && sc == side(a, b, d);
}

}  // namespace

// Along a ring the envelopes' minimum x rises and falls in long monotone runs (a village outline
// has a handful), so the sweep order is a merge of those runs rather than a full sort.
void SimpleRingCheck::orderByMinX(std::size_t segments) {
  constexpr std::size_t kMaxRuns = 32;  // beyond that a plain sort is as quick
  m_order.clear();
  m_runEnds.clear();
  std::size_t k = 0;
  while (k < segments) {
    std::size_t end = k + 1;
    while (end < segments && m_boxes[end].minX >= m_boxes[end - 1].minX) ++end;
    if (end - k == 1) {  // not rising: take the falling run, reversed
      while (end < segments && m_boxes[end].minX <= m_boxes[end - 1].minX) ++end;
      for (std::size_t i = end; i-- > k;) m_order.push_back({m_boxes[i].minX, static_cast<std::uint32_t>(i)});
    } else {
      for (std::size_t i = k; i < end; ++i) m_order.push_back({m_boxes[i].minX, static_cast<std::uint32_t>(i)});
    }
    m_runEnds.push_back(m_order.size());
    k = end;
  }
  const auto byMinX = [](const Start& a, const Start& b) { return a.minX < b.minX; };
  if (m_runEnds.size() > kMaxRuns) {
    std::sort(m_order.begin(), m_order.end(), byMinX);
    return;
  }
  while (m_runEnds.size() > 1) {  // merge neighbouring runs pairwise until one is left
    m_merged.resize(m_order.size());
    std::size_t begin = 0, kept = 0;
    for (std::size_t r = 0; r < m_runEnds.size(); r += 2) {
      const std::size_t mid = m_runEnds[r];
      const std::size_t end = r + 1 < m_runEnds.size() ? m_runEnds[r + 1] : mid;
      std::merge(m_order.begin() + static_cast<std::ptrdiff_t>(begin),
                 m_order.begin() + static_cast<std::ptrdiff_t>(mid), m_order.begin() + static_cast<std::ptrdiff_t>(mid),
                 m_order.begin() + static_cast<std::ptrdiff_t>(end),
                 m_merged.begin() + static_cast<std::ptrdiff_t>(begin), byMinX);
      m_runEnds[kept++] = end;
      begin = end;
    }
    m_runEnds.resize(kept);
    m_order.swap(m_merged);
  }
}

bool SimpleRingCheck::provedSimple(const Vec2* pts, std::size_t n) {
  if (n < 4 || !(pts[0] == pts[n - 1])) return false;
  // GEOS removes consecutive repeated points before noding and counting; copy only when needed.
  const Vec2* p = pts;
  std::size_t m = n;
  bool repeated = false;
  for (std::size_t i = 1; i < n && !repeated; ++i) repeated = pts[i] == pts[i - 1];
  if (repeated) {
    m_points.clear();
    m_points.push_back(pts[0]);
    for (std::size_t i = 1; i < n; ++i) {
      if (!(pts[i] == m_points.back())) m_points.push_back(pts[i]);
    }
    p = m_points.data();
    m = m_points.size();
  }
  if (m < 4) return false;  // GEOS: "Too few points"
  const std::size_t segments = m - 1;

  // Adjacent segments (including the last and the first) meet only at their shared vertex unless
  // they are collinear: require a certain turn at every vertex.
  for (std::size_t k = 0; k < segments; ++k) {
    const Vec2 before = p[k == 0 ? segments - 1 : k - 1];
    if (side(before, p[k], p[k + 1]) == Side::Unknown) return false;
  }

  // Every other pair of segments whose envelopes meet must be separated by a certain orientation
  // test. Envelopes are swept in order of their minimum x.
  m_boxes.resize(segments);
  for (std::size_t k = 0; k < segments; ++k) {
    Box b;
    b.expand(p[k]);
    b.expand(p[k + 1]);
    m_boxes[k] = b;
  }
  orderByMinX(segments);
  for (std::size_t i = 0; i < segments; ++i) {
    const std::uint32_t a = m_order[i].segment;
    const Box& ba = m_boxes[a];
    for (std::size_t j = i + 1; j < segments && m_order[j].minX <= ba.maxX; ++j) {
      const std::uint32_t b = m_order[j].segment;
      const Box& bb = m_boxes[b];
      if (bb.minY > ba.maxY || ba.minY > bb.maxY) continue;
      const std::size_t delta = a > b ? a - b : b - a;
      if (delta <= 1 || delta >= segments - 1) continue;  // adjacent: checked above
      if (!sameSide(p[a], p[a + 1], p[b], p[b + 1]) && !sameSide(p[b], p[b + 1], p[a], p[a + 1])) return false;
    }
  }
  return true;
}

}  // namespace zhenmap
