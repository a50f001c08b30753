// Opaque fill coverage on a grid; see fill_coverage.hpp.
#include "fill_coverage.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>


namespace zhenmap {

namespace {

std::uint64_t mix(std::uint64_t h) {  // a 64-bit finaliser: every input bit moves every output bit
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v + 0.0); }  // -0 hashes as +0

bool lessPoint(Vec2 a, Vec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }

// One ring's side of a segment, in canonical direction (from the lesser end point).
struct Side {
  std::uint64_t hash;
  std::uint32_t a, b;  // global point numbers (see Points)
  std::uint32_t info;  // colour number << 1 | whether the fill lies left of a -> b
};

// The points of the filled features' display geometries, numbered one after another.
class Points {
 public:
  void add(const Geometry* g) {
    m_first.push_back(m_count);
    m_geometries.push_back(g);
    m_count += g->points.size();
  }
  std::size_t count() const { return m_count; }
  std::size_t first(std::size_t k) const { return m_first[k]; }
  Vec2 at(std::size_t n) const {
    const std::size_t k = static_cast<std::size_t>(std::upper_bound(m_first.begin(), m_first.end(), n) - m_first.begin()) - 1;
    return m_geometries[k]->points[n - m_first[k]];
  }

 private:
  std::vector<const Geometry*> m_geometries;
  std::vector<std::size_t> m_first;
  std::size_t m_count = 0;
};

}  // namespace

std::shared_ptr<const FillCoverage> FillCoverage::build(const LayerData& layer, const std::vector<Rgba>& fills, int cells) {
  // Colour numbers: 1.. for opaque colours, 0 for translucent fills (they cover nothing).
  std::map<Rgba, std::uint16_t> numbers;
  std::vector<Rgba> colors;
  auto numberOf = [&](Rgba c) -> std::uint32_t {
    if ((c >> 24) != 0xff) return 0;
    const auto [it, added] = numbers.try_emplace(c, static_cast<std::uint16_t>(colors.size() + 1));
    if (added) {
      if (colors.size() >= 0xfffe) {  // more colours than a cell can name: the rest cover nothing
        numbers.erase(it);
        return 0;
      }
      colors.push_back(c);
    }
    return it->second;
  };
  std::vector<std::size_t> filled;  // feature indices drawn with a fill
  std::vector<std::uint32_t> number;
  std::vector<Box> bounds;
  Points points;
  Box extent;
  bool anyOpaque = false;
  for (std::size_t i = 0; i < layer.features.size() && i < fills.size(); ++i) {
    const Geometry& g = layer.features[i].geometry;
    if ((fills[i] >> 24) == 0 || g.kind != GeomKind::Polygon || g.partCount() == 0) continue;
    filled.push_back(i);
    // An invalid polygon is filled by the even-odd rule over its raw rings, which the sides
    // below (shell left, holes right) do not follow: it covers nothing, and its segments are
    // all boundary.
    number.push_back(layer.features[i].status == GeometryStatus::Invalid ? 0 : numberOf(fills[i]));
    anyOpaque = anyOpaque || number.back() != 0;
    points.add(&g);
    bounds.push_back(g.bounds());
    extent.expand(bounds.back());
  }
  if (!anyOpaque || extent.empty() || !(extent.width() > 0.0 && extent.height() > 0.0) ||
      points.count() >= (std::size_t{1} << 32)) {
    return nullptr;
  }

  auto out = std::make_shared<FillCoverage>();
  FillCoverage& c = *out;
  c.m_extent = extent;
  c.m_colors = colors;
  c.m_cell = std::max(extent.width(), extent.height()) / std::max(1, cells);
  c.m_columns = std::max(1, static_cast<int>(std::ceil(extent.width() / c.m_cell)));
  c.m_rows = std::max(1, static_cast<int>(std::ceil(extent.height() / c.m_cell)));
  const int cols = c.m_columns, rows = c.m_rows;
  std::vector<std::uint8_t> marked(static_cast<std::size_t>(cols) * rows, 0);

  // Every cell a segment touches, edges and corners included: the segment in steps of half a
  // cell, each marking the cells of its box grown by a hair.
  auto mark = [&](Vec2 a, Vec2 b) {
    const double eps = 1e-6 * c.m_cell;
    const int steps = std::max(1, static_cast<int>(std::ceil(std::hypot(b.x - a.x, b.y - a.y) / (0.5 * c.m_cell))));
    auto column = [&](double x) { return std::clamp(static_cast<int>(std::floor((x - extent.minX) / c.m_cell)), 0, cols - 1); };
    auto row = [&](double y) { return std::clamp(static_cast<int>(std::floor((y - extent.minY) / c.m_cell)), 0, rows - 1); };
    for (int s = 0; s < steps; ++s) {
      const double t0 = static_cast<double>(s) / steps, t1 = static_cast<double>(s + 1) / steps;
      const Vec2 p{a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0}, q{a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1};
      const int i0 = column(std::min(p.x, q.x) - eps), i1 = column(std::max(p.x, q.x) + eps);
      const int j0 = row(std::min(p.y, q.y) - eps), j1 = row(std::max(p.y, q.y) + eps);
      for (int j = j0; j <= j1; ++j) {
        for (int i = i0; i <= i1; ++i) marked[static_cast<std::size_t>(j) * cols + i] = 1;
      }
    }
  };

  // The segments of every filled ring, in hash bands of about two million (the sides of one
  // segment share a hash, so a band holds both); each band sorted by hash, each run of equal
  // hashes one segment.
  auto forEachSide = [&](auto&& f) {
    for (std::size_t k = 0; k < filled.size(); ++k) {
      const Geometry& g = layer.features[filled[k]].geometry;
      for (std::size_t part = 0; part < g.partCount(); ++part) {
        for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) {
          const std::uint32_t first = g.rings[r], end = g.rings[r + 1];
          const double area2 = ringArea2(g, r);
          // The fill lies left of a shell that turns counter-clockwise, and outside a hole: left
          // of one that turns clockwise. A ring of no area covers nothing: colour 0.
          const bool left = r == g.parts[part] ? area2 > 0.0 : area2 < 0.0;
          const std::uint32_t colour = area2 != 0.0 ? number[k] : 0;
          for (std::uint32_t i = first; i < end; ++i) {
            const std::uint32_t j = i + 1 < end ? i + 1 : first;
            const Vec2 p = g.points[i], q = g.points[j];
            if (p.x == q.x && p.y == q.y) continue;
            const bool forward = lessPoint(p, q);
            const Vec2 a = forward ? p : q, b = forward ? q : p;
            const std::uint64_t h = mix(mix(mix(mix(bits(a.x)) ^ bits(a.y)) ^ bits(b.x)) ^ bits(b.y));
            const auto base = static_cast<std::uint32_t>(points.first(k));
            f(Side{h, base + (forward ? i : j), base + (forward ? j : i), colour << 1 | ((forward == left) ? 1u : 0u)});
          }
        }
      }
    }
  };
  int bandBits = 0;
  while (bandBits < 6 && (points.count() >> bandBits) > (std::size_t{2} << 20)) ++bandBits;
  std::vector<Side> sides;
  for (std::uint64_t band = 0; band < (std::uint64_t{1} << bandBits); ++band) {
    sides.clear();
    forEachSide([&](const Side& s) {
      if (bandBits == 0 || (s.hash >> (64 - bandBits)) == band) sides.push_back(s);
    });
    std::sort(sides.begin(), sides.end(), [](const Side& x, const Side& y) { return x.hash < y.hash; });
    for (std::size_t s = 0; s < sides.size();) {
      std::size_t e = s + 1;
      while (e < sides.size() && sides[e].hash == sides[s].hash) ++e;
      const Vec2 a = points.at(sides[s].a), b = points.at(sides[s].b);
      bool same = true, anyLeft = false, anyRight = false, oneColour = true;
      for (std::size_t k = s; k < e; ++k) {
        const Vec2 ka = points.at(sides[k].a), kb = points.at(sides[k].b);
        same = same && ka.x == a.x && ka.y == a.y && kb.x == b.x && kb.y == b.y;
        oneColour = oneColour && (sides[k].info >> 1) == (sides[s].info >> 1);
        ((sides[k].info & 1) ? anyLeft : anyRight) = true;
      }
      if (!same) {
        // Different segments of one hash (astronomically rare): boundary, every one of them.
        for (std::size_t k = s; k < e; ++k) mark(points.at(sides[k].a), points.at(sides[k].b));
        c.m_boundarySegments += e - s;
      } else if (!(oneColour && (sides[s].info >> 1) != 0 && anyLeft && anyRight)) {
        mark(a, b);
        ++c.m_boundarySegments;
      }
      s = e;
    }
  }
  sides.clear();
  sides.shrink_to_fit();

  // Regions of unmarked cells (4-connected), each wholly in one face of the boundary: one
  // point-in-polygon test of a cell centre says what covers all of it. The even-odd rule may
  // count the centre in or out when it lies on an edge; only edges inside the union (shared in
  // one colour) can pass there, so at worst a region is left uncovered.
  c.m_color.assign(marked.size(), 0);
  std::vector<std::uint8_t> seen(marked.size(), 0);
  std::vector<std::size_t> region;
  for (std::size_t start = 0; start < marked.size(); ++start) {
    if (marked[start] || seen[start]) continue;
    region.assign(1, start);
    seen[start] = 1;
    for (std::size_t n = 0; n < region.size(); ++n) {
      const int i = static_cast<int>(region[n] % cols), j = static_cast<int>(region[n] / cols);
      const int di[] = {1, -1, 0, 0}, dj[] = {0, 0, 1, -1};
      for (int d = 0; d < 4; ++d) {
        const int ni = i + di[d], nj = j + dj[d];
        if (ni < 0 || nj < 0 || ni >= cols || nj >= rows) continue;
        const std::size_t m = static_cast<std::size_t>(nj) * cols + ni;
        if (marked[m] || seen[m]) continue;
        seen[m] = 1;
        region.push_back(m);
      }
    }
    const Vec2 centre{extent.minX + ((start % cols) + 0.5) * c.m_cell, extent.minY + ((start / cols) + 0.5) * c.m_cell};
    std::uint32_t colour = 0;
    bool covered = false, mixed = false;
    for (std::size_t k = 0; k < filled.size(); ++k) {
      const Box& b = bounds[k];
      if (centre.x < b.minX || centre.x > b.maxX || centre.y < b.minY || centre.y > b.maxY) continue;
      const Geometry& g = layer.features[filled[k]].geometry;
      if (!fillContains(g, centre)) continue;
      mixed = mixed || (covered && number[k] != colour);  // a translucent fill (0) mixes too
      covered = true;
      colour = number[k];
    }
    if (!covered || mixed || colour == 0) continue;
    for (std::size_t m : region) c.m_color[m] = static_cast<std::uint16_t>(colour);
    c.m_coveredCells += region.size();
  }

  if (c.m_coveredCells == 0) return nullptr;  // nothing to keep the tables for
  const std::size_t w = static_cast<std::size_t>(cols) + 1;
  c.m_uncovered.assign(w * (rows + 1), 0);
  c.m_sum.assign(w * (rows + 1), 0);
  c.m_sumSquares.assign(w * (rows + 1), 0);
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i < cols; ++i) {
      const std::uint64_t k = c.m_color[static_cast<std::size_t>(j) * cols + i];
      const std::size_t at = (j + 1) * w + (i + 1), up = j * w + (i + 1), left = (j + 1) * w + i, diag = j * w + i;
      c.m_uncovered[at] = (k == 0 ? 1u : 0u) + c.m_uncovered[up] + c.m_uncovered[left] - c.m_uncovered[diag];
      c.m_sum[at] = k + c.m_sum[up] + c.m_sum[left] - c.m_sum[diag];
      c.m_sumSquares[at] = k * k + c.m_sumSquares[up] + c.m_sumSquares[left] - c.m_sumSquares[diag];
    }
  }
  return out;
}

std::optional<Rgba> FillCoverage::solidColor(const Box& box) const {
  if (m_columns == 0 || box.empty() || !(box.minX >= m_extent.minX && box.minY >= m_extent.minY)) return std::nullopt;
  const double i0f = std::floor((box.minX - m_extent.minX) / m_cell), i1f = std::floor((box.maxX - m_extent.minX) / m_cell);
  const double j0f = std::floor((box.minY - m_extent.minY) / m_cell), j1f = std::floor((box.maxY - m_extent.minY) / m_cell);
  if (!(i1f < m_columns && j1f < m_rows && i0f >= 0.0 && j0f >= 0.0)) return std::nullopt;
  const auto i0 = static_cast<std::size_t>(i0f), i1 = static_cast<std::size_t>(i1f) + 1;
  const auto j0 = static_cast<std::size_t>(j0f), j1 = static_cast<std::size_t>(j1f) + 1;
  const std::size_t w = static_cast<std::size_t>(m_columns) + 1;
  auto total = [&](const auto& t) { return t[j1 * w + i1] - t[j0 * w + i1] - t[j1 * w + i0] + t[j0 * w + i0]; };
  if (total(m_uncovered) != 0) return std::nullopt;
  // Every cell covered: one colour k when the sum is n k and the sum of squares n k^2 (no spread).
  const std::uint64_t n = (i1 - i0) * (j1 - j0), k = m_color[j0 * m_columns + i0];
  if (total(m_sum) != n * k || total(m_sumSquares) != n * k * k) return std::nullopt;
  return m_colors[k - 1];
}

}  // namespace zhenmap
