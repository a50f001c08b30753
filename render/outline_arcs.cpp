// Polygon outlines as arcs; see outline_arcs.hpp.
#include "outline_arcs.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace zhenmap {

namespace {

std::uint64_t mix(std::uint64_t z) {  // SplitMix64's finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t bits(double v) {
  return std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v);  // -0 and +0 are the same coordinate
}

std::uint64_t pointHash(Vec2 p) { return mix(bits(p.x) ^ mix(bits(p.y) + 0x9e3779b97f4a7c15ULL)); }

bool less(Vec2 a, Vec2 b) { return a.x != b.x ? a.x < b.x : a.y < b.y; }

// The ring's distinct consecutive finite points, without a repeated closing point.
std::vector<Vec2> cleanRing(const Vec2* ring, std::size_t count) {
  std::vector<Vec2> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Vec2 p = ring[i];
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    if (!out.empty() && out.back() == p) continue;
    out.push_back(p);
  }
  while (out.size() > 1 && out.back() == out.front()) out.pop_back();
  return out;
}

}  // namespace

OutlineArcs::OutlineArcs(std::vector<const Geometry*> geometries) : m_geometries(std::move(geometries)) {
  struct Key {
    std::uint64_t hash;  // of the point; only its upper 48 bits are compared
    std::uint32_t position;
  };
  std::vector<Key> keys;
  std::size_t total = 0;
  for (const Geometry* g : m_geometries) total += g ? g->points.size() : 0;
  keys.reserve(total);
  m_firstRing.reserve(m_geometries.size());
  for (const Geometry* g : m_geometries) {
    m_firstRing.push_back(m_ringStart.size());
    if (!g) continue;
    for (std::size_t r = 0; r < g->ringCount(); ++r) {
      m_ringStart.push_back(keys.size());
      for (const Vec2& p : cleanRing(&g->points[g->rings[r]], g->rings[r + 1] - g->rings[r])) {
        keys.push_back({pointHash(p), static_cast<std::uint32_t>(keys.size())});
      }
    }
  }
  m_ringStart.push_back(keys.size());
  // Equal hashes side by side: a radix sort on the hash's upper three 16-bit digits. Written
  // here because std::sort took a seventh of a 10 M-vertex layer's tessellation. Points whose
  // 48 bits collide would count as one: an extra junction, the same from both sides of a
  // boundary, so arcs stay equal (DrawnArcs hashes whole arcs).
  std::vector<Key> sorted(keys.size());
  for (int shift : {16, 32, 48}) {
    std::vector<std::size_t> start(65537, 0);
    for (const Key& k : keys) ++start[((k.hash >> shift) & 0xffff) + 1];
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    for (const Key& k : keys) sorted[start[(k.hash >> shift) & 0xffff]++] = k;
    keys.swap(sorted);
  }
  m_held.assign(keys.size(), 0);
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i + 1;
    while (j < keys.size() && (keys[j].hash >> 16) == (keys[i].hash >> 16)) ++j;
    const auto count = static_cast<std::uint8_t>(std::min<std::size_t>(j - i, 255));
    for (; i < j; ++i) m_held[keys[i].position] = count;
  }
}

std::vector<std::size_t> OutlineArcs::held(std::size_t k, std::size_t r) const {
  if (!m_geometries.at(k)) return {};
  const std::size_t ring = m_firstRing[k] + r;
  return {m_held.begin() + static_cast<std::ptrdiff_t>(m_ringStart[ring]),
          m_held.begin() + static_cast<std::ptrdiff_t>(m_ringStart[ring + 1])};
}

std::vector<OutlineArc> OutlineArcs::arcs(std::size_t k, std::size_t r) const {
  if (!m_geometries.at(k)) return {};  // built for a style in which this feature draws no outline
  const Geometry& g = *m_geometries[k];
  std::vector<Vec2> pts = cleanRing(&g.points[g.rings[r]], g.rings[r + 1] - g.rings[r]);
  const std::size_t n = pts.size();
  if (n < 2) return {};
  if (n == 2) {
    if (less(pts[1], pts[0])) std::swap(pts[0], pts[1]);
    return {OutlineArc{std::move(pts), false}};
  }
  const std::uint8_t* held = &m_held[m_ringStart[m_firstRing[k] + r]];
  std::vector<std::size_t> junctions;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t prev = held[(i + n - 1) % n], next = held[(i + 1) % n];
    if (held[i] >= 3 || held[i] > prev || held[i] > next) junctions.push_back(i);
  }
  if (junctions.empty()) {
    // Closed: start at the least point, towards its lesser neighbour.
    const std::size_t start = static_cast<std::size_t>(std::min_element(pts.begin(), pts.end(), less) - pts.begin());
    const bool forward = !less(pts[(start + n - 1) % n], pts[(start + 1) % n]);
    OutlineArc arc{{}, true};
    arc.points.reserve(n);
    for (std::size_t i = 0; i < n; ++i) arc.points.push_back(pts[forward ? (start + i) % n : (start + n - i) % n]);
    return {std::move(arc)};
  }
  std::vector<OutlineArc> out;
  out.reserve(junctions.size());
  for (std::size_t j = 0; j < junctions.size(); ++j) {
    const std::size_t from = junctions[j];
    const std::size_t to = junctions[(j + 1) % junctions.size()];
    const std::size_t length = (to + n - from) % n == 0 ? n : (to + n - from) % n;  // segments
    OutlineArc arc;
    arc.points.reserve(length + 1);
    for (std::size_t i = 0; i <= length; ++i) arc.points.push_back(pts[(from + i) % n]);
    const std::vector<Vec2>& a = arc.points;
    // From the lesser end; an arc that ends where it starts (one junction on the ring) from the
    // lesser second point.
    const bool reverse = a.front() == a.back() ? less(a[a.size() - 2], a[1]) : less(a.back(), a.front());
    if (reverse) std::reverse(arc.points.begin(), arc.points.end());
    out.push_back(std::move(arc));
  }
  return out;
}

bool DrawnArcs::firstTime(const OutlineArc& arc, std::uint64_t style) {
  std::uint64_t h = mix(style + (arc.closed ? 0x51ULL : 0x17ULL));
  for (const Vec2& p : arc.points) h = mix(h ^ pointHash(p));
  return m_seen.insert(h).second;
}

}  // namespace zhenmap
