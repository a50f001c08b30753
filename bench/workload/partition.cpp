// Jittered-grid partition of the workload area; see partition.hpp.
#include "partition.hpp"

#include <algorithm>
#include <cmath>

#include "demo/random.hpp"

namespace zhenmap::bench {
namespace {

constexpr double kMinLon = 115.6;
constexpr double kMaxLon = 116.9;
constexpr double kMinLat = 22.9;
constexpr double kMaxLat = 23.8;
constexpr std::size_t kCellsX = 60;  // villages per row
constexpr std::size_t kCellsY = 40;
constexpr std::size_t kBlock = 4;  // a township is kBlock x kBlock villages
constexpr std::uint64_t kHoleOneIn = 20;
const char* const kCounties[] = {"445202", "445203", "445222", "445224", "445281"};

std::uint64_t mix(std::uint64_t seed, std::uint64_t salt) {
  demo::SplitMix64 r(seed ^ (salt * 0x9E3779B97F4A7C15ULL));
  return r.next();
}

// 1-D value noise in [-1, 1]: random values at knots, cubic Hermite (smoothstep) between them.
// Only +, -, * and /: the same bits on every IEEE-754 platform.
class ValueNoise {
 public:
  ValueNoise(std::uint64_t seed, std::size_t knots) : m_values(knots + 1) {
    demo::SplitMix64 r(seed);
    for (double& v : m_values) v = r.uniform(-1.0, 1.0);
  }
  double operator()(double t) const {
    const double x = t * static_cast<double>(m_values.size() - 1);
    const std::size_t i = std::min(static_cast<std::size_t>(x), m_values.size() - 2);
    const double f = x - static_cast<double>(i);
    const double s = f * f * (3.0 - 2.0 * f);
    return m_values[i] + (m_values[i + 1] - m_values[i]) * s;
  }

 private:
  std::vector<double> m_values;
};

class Grid {
 public:
  Grid(std::uint64_t seed, std::size_t extraPerEdge) : m_seed(seed), m_extra(extraPerEdge) {
    m_dx = (kMaxLon - kMinLon) / static_cast<double>(kCellsX);
    m_dy = (kMaxLat - kMinLat) / static_cast<double>(kCellsY);
    demo::SplitMix64 r(mix(seed, 1));
    m_nodes.resize((kCellsX + 1) * (kCellsY + 1));
    for (std::size_t j = 0; j <= kCellsY; ++j) {
      for (std::size_t i = 0; i <= kCellsX; ++i) {
        const double jx = (i == 0 || i == kCellsX) ? 0.0 : r.uniform(-0.22, 0.22);
        const double jy = (j == 0 || j == kCellsY) ? 0.0 : r.uniform(-0.22, 0.22);
        m_nodes[j * (kCellsX + 1) + i] = {kMinLon + (static_cast<double>(i) + jx) * m_dx,
                                          kMinLat + (static_cast<double>(j) + jy) * m_dy};
      }
    }
    m_horizontal.resize(kCellsX * (kCellsY + 1));
    m_vertical.resize((kCellsX + 1) * kCellsY);
    for (std::size_t j = 0; j <= kCellsY; ++j) {
      for (std::size_t i = 0; i < kCellsX; ++i) m_horizontal[j * kCellsX + i] = edge(node(i, j), node(i + 1, j), 2 * (j * kCellsX + i));
    }
    for (std::size_t j = 0; j < kCellsY; ++j) {
      for (std::size_t i = 0; i <= kCellsX; ++i) m_vertical[j * (kCellsX + 1) + i] = edge(node(i, j), node(i, j + 1), 2 * (j * (kCellsX + 1) + i) + 1);
    }
  }

  Vec2 node(std::size_t i, std::size_t j) const { return m_nodes[j * (kCellsX + 1) + i]; }
  double dx() const { return m_dx; }
  double dy() const { return m_dy; }

  // Appends the edge from its start (without its end node), forward or reversed.
  void appendHorizontal(std::vector<Vec2>& ring, std::size_t i, std::size_t j, bool forward) const {
    append(ring, m_horizontal[j * kCellsX + i], forward);
  }
  void appendVertical(std::vector<Vec2>& ring, std::size_t i, std::size_t j, bool forward) const {
    append(ring, m_vertical[j * (kCellsX + 1) + i], forward);
  }

 private:
  // Both end nodes plus m_extra points; offsets perpendicular to the chord are a function of the
  // position along it, so the polyline is simple, and taper to zero at the nodes.
  std::vector<Vec2> edge(Vec2 a, Vec2 b, std::uint64_t id) const {
    const double ex = b.x - a.x, ey = b.y - a.y;
    const double len = std::sqrt(ex * ex + ey * ey);
    const double nx = -ey / len, ny = ex / len;
    const ValueNoise coarse(mix(m_seed, 1000 + 2 * id), 5);
    const ValueNoise fine(mix(m_seed, 1001 + 2 * id), std::clamp<std::size_t>(m_extra / 4, 2, 400));
    std::vector<Vec2> pts;
    pts.reserve(m_extra + 2);
    pts.push_back(a);
    const double n = static_cast<double>(m_extra + 1);
    for (std::size_t k = 1; k <= m_extra; ++k) {
      const double t = static_cast<double>(k) / n;
      const double off = 4.0 * t * (1.0 - t) * len * (0.06 * coarse(t) + 0.01 * fine(t));
      pts.push_back({a.x + ex * t + nx * off, a.y + ey * t + ny * off});
    }
    pts.push_back(b);
    return pts;
  }
  static void append(std::vector<Vec2>& ring, const std::vector<Vec2>& e, bool forward) {
    if (forward) {
      ring.insert(ring.end(), e.begin(), e.end() - 1);
    } else {
      ring.insert(ring.end(), e.rbegin(), e.rend() - 1);
    }
  }

  std::uint64_t m_seed;
  std::size_t m_extra;
  double m_dx = 0, m_dy = 0;
  std::vector<Vec2> m_nodes;
  std::vector<std::vector<Vec2>> m_horizontal;  // (i, j) -> node(i,j) .. node(i+1,j)
  std::vector<std::vector<Vec2>> m_vertical;    // (i, j) -> node(i,j) .. node(i,j+1)
};

void closeRing(Geometry& g, std::vector<Vec2>& ring) {
  ring.push_back(ring.front());
  g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
  g.points.insert(g.points.end(), ring.begin(), ring.end());
}

void finishPolygon(Geometry& g) {
  g.kind = GeomKind::Polygon;
  g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
  g.parts = {0, static_cast<std::uint32_t>(g.ringCount())};
}

// A star-shaped ring around c, clockwise (a hole); reverse it for an exterior.
std::vector<Vec2> holeRing(Vec2 c, double radius, std::size_t count, std::uint64_t seed) {
  const ValueNoise wobble(seed, 7);
  std::vector<Vec2> ring;
  ring.reserve(count + 1);
  constexpr double kTwoPi = 6.283185307179586;
  for (std::size_t k = 0; k < count; ++k) {
    const double t = static_cast<double>(k) / static_cast<double>(count);
    const double r = radius * (1.0 + 0.25 * wobble(t));
    ring.push_back({c.x + r * std::cos(-kTwoPi * t), c.y + r * std::sin(-kTwoPi * t)});
  }
  return ring;
}

std::string digits(std::size_t v, int width) {
  std::string s = std::to_string(v);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

}  // namespace

Vec2 cellPoint(const VillageCell& c, double u, double v) {
  const Vec2 b{c.corners[0].x + (c.corners[1].x - c.corners[0].x) * u, c.corners[0].y + (c.corners[1].y - c.corners[0].y) * u};
  const Vec2 t{c.corners[3].x + (c.corners[2].x - c.corners[3].x) * u, c.corners[3].y + (c.corners[2].y - c.corners[3].y) * u};
  return {b.x + (t.x - b.x) * v, b.y + (t.y - b.y) * v};
}

Partition generatePartition(std::uint64_t seed, std::uint64_t targetVertices) {
  // Vertices per extra point on every edge: villages use 4 edges each, townships their perimeter,
  // holes count twice (the hole and its enclave).
  const double edgeUses = static_cast<double>(kCellsX * kCellsY * 4 + (kCellsX * kCellsY / (kBlock * kBlock)) * 4 * kBlock);
  const double holeUses = 2.0 * static_cast<double>(kCellsX * kCellsY) / static_cast<double>(kHoleOneIn);
  const double perExtra = edgeUses + holeUses;
  const double extra = std::max(0.0, (static_cast<double>(targetVertices) - edgeUses) / perExtra);
  const auto extraPerEdge = static_cast<std::size_t>(std::llround(extra));
  const Grid grid(seed, extraPerEdge);
  demo::SplitMix64 rng(mix(seed, 2));

  Partition p;
  p.townships.name = "townships";
  p.villages.name = "villages";
  const std::size_t blocksX = kCellsX / kBlock, blocksY = kCellsY / kBlock;
  for (std::size_t bj = 0; bj < blocksY; ++bj) {
    for (std::size_t bi = 0; bi < blocksX; ++bi) {
      const std::size_t townIndex = bj * blocksX + bi;
      const std::string county = kCounties[bi * 5 / blocksX];
      const std::string townCode = county + digits(100 + townIndex, 3);
      const std::string townName = "样本" + std::to_string(townIndex + 1) + (townIndex % 7 == 0 ? "街道" : "镇");
      const std::size_t i0 = bi * kBlock, j0 = bj * kBlock;

      WorkFeature town;
      std::vector<Vec2> ring;
      for (std::size_t i = i0; i < i0 + kBlock; ++i) grid.appendHorizontal(ring, i, j0, true);
      for (std::size_t j = j0; j < j0 + kBlock; ++j) grid.appendVertical(ring, i0 + kBlock, j, true);
      for (std::size_t i = i0 + kBlock; i-- > i0;) grid.appendHorizontal(ring, i, j0 + kBlock, false);
      for (std::size_t j = j0 + kBlock; j-- > j0;) grid.appendVertical(ring, i0, j, false);
      closeRing(town.geometry, ring);
      finishPolygon(town.geometry);
      town.row = {{"code", townCode}, {"name", townName}, {"county_code", county},
                  {"kind", std::string(townIndex % 7 == 0 ? "街道" : "镇")}};
      p.vertices += town.geometry.points.size();
      p.townships.features.push_back(std::move(town));
      p.townshipCentres.push_back(grid.node(i0 + kBlock / 2, j0 + kBlock / 2));
      p.townshipBoxes.push_back({kMinLon + (static_cast<double>(i0) + 0.3) * grid.dx(), kMinLat + (static_cast<double>(j0) + 0.3) * grid.dy(),
                                 kMinLon + (static_cast<double>(i0 + kBlock) - 0.3) * grid.dx(),
                                 kMinLat + (static_cast<double>(j0 + kBlock) - 0.3) * grid.dy()});

      std::size_t villageNo = 0;
      for (std::size_t j = j0; j < j0 + kBlock; ++j) {
        for (std::size_t i = i0; i < i0 + kBlock; ++i) {
          VillageCell cell;
          cell.township = townIndex;
          cell.corners[0] = grid.node(i, j);
          cell.corners[1] = grid.node(i + 1, j);
          cell.corners[2] = grid.node(i + 1, j + 1);
          cell.corners[3] = grid.node(i, j + 1);
          cell.hasHole = rng.below(kHoleOneIn) == 0;

          WorkFeature village;
          ring.clear();
          grid.appendHorizontal(ring, i, j, true);
          grid.appendVertical(ring, i + 1, j, true);
          grid.appendHorizontal(ring, i, j + 1, false);
          grid.appendVertical(ring, i, j, false);
          closeRing(village.geometry, ring);
          std::vector<Vec2> hole;
          if (cell.hasHole) {
            const double radius = 0.12 * std::min(grid.dx(), grid.dy());
            hole = holeRing(cellPoint(cell, 0.5, 0.5), radius, std::max<std::size_t>(16, extraPerEdge), mix(seed, 5000 + j * kCellsX + i));
            std::vector<Vec2> copy = hole;
            closeRing(village.geometry, copy);
          }
          finishPolygon(village.geometry);
          const std::string code = townCode + digits(++villageNo, 3);
          village.row = {{"code", code}, {"name", townName + std::to_string(villageNo) + "村"}, {"township_code", townCode}};
          cell.feature = p.villages.features.size();
          p.vertices += village.geometry.points.size();
          p.villages.features.push_back(std::move(village));
          p.cells.push_back(cell);

          if (cell.hasHole) {
            WorkFeature enclave;
            std::reverse(hole.begin(), hole.end());
            closeRing(enclave.geometry, hole);
            finishPolygon(enclave.geometry);
            const std::string enclaveCode = townCode + digits(++villageNo, 3);
            enclave.row = {{"code", enclaveCode}, {"name", townName + std::to_string(villageNo) + "村"}, {"township_code", townCode}};
            p.vertices += enclave.geometry.points.size();
            p.villages.features.push_back(std::move(enclave));
          }
        }
      }
    }
  }
  return p;
}

}  // namespace zhenmap::bench
