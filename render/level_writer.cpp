// LevelWriter; see level_writer.hpp.
#include "level_writer.hpp"

#include <algorithm>
#include <cmath>

namespace zhenmap {

namespace {

bool finite(Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// Whether the boxes of two parts of g overlap (a sweep over their minimum x).
bool partBoxesOverlap(const Geometry& g) {
  if (g.partCount() < 2) return false;
  std::vector<Box> boxes(g.partCount());
  for (std::size_t part = 0; part < g.partCount(); ++part) {
    for (std::uint32_t i = g.rings[g.parts[part]]; i < g.rings[g.parts[part + 1]]; ++i) {
      if (finite(g.points[i])) boxes[part].expand(g.points[i]);
    }
  }
  std::erase_if(boxes, [](const Box& b) { return b.empty(); });
  std::sort(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) { return a.minX < b.minX; });
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    for (std::size_t j = i + 1; j < boxes.size() && boxes[j].minX <= boxes[i].maxX; ++j) {
      if (boxes[i].intersects(boxes[j])) return true;
    }
  }
  return false;
}

}  // namespace

LevelWriter::LevelWriter(LevelBuckets& level, Vec2 origin, const LayerStyle& style)
    : m_level(level),
      m_origin(origin),
      m_lines(level.lineVertices, level.lineIndices, level.lineStyles, origin, style.join, style.cap),
      m_outlines(level.lineVertices, level.lineIndices, level.lineStyles, origin, style.join, LineCap::Round) {}

void LevelWriter::beginTile(int tile) {
  if (tile == m_currentTile) return;
  endTile();
  m_currentTile = tile;
  Tile t;
  t.fillFirst = static_cast<std::uint32_t>(m_level.fillIndices.size());
  t.lineFirst = static_cast<std::uint32_t>(m_level.lineIndices.size());
  t.markerFirst = static_cast<std::uint32_t>(m_level.markers.size());
  m_level.tiles.push_back(t);
}

void LevelWriter::endTile() {
  if (m_level.tiles.empty()) return;
  Tile& t = m_level.tiles.back();
  t.fillCount = static_cast<std::uint32_t>(m_level.fillIndices.size()) - t.fillFirst;
  t.lineCount = static_cast<std::uint32_t>(m_level.lineIndices.size()) - t.lineFirst;
  t.markerCount = static_cast<std::uint32_t>(m_level.markers.size()) - t.markerFirst;
}

void LevelWriter::fill(const Geometry& g, Rgba color, const FillSplitOptions* split, bool partsMayOverlap) {
  if (((color >> 24) & 0xff) == 0 || g.partCount() == 0) return;
  m_triangles.clear();
  for (std::size_t part = 0; part < g.partCount(); ++part) fillPart(g, part, split);
  if (partsMayOverlap && partBoxesOverlap(g)) mergeOverlaps();
  m_shared.clear();
  for (const Vec2& p : m_triangles) {
    const auto [it, added] = m_shared.try_emplace(p, static_cast<std::uint32_t>(m_level.fillVertices.size()));
    if (added) {
      m_level.fillVertices.push_back({static_cast<float>(p.x - m_origin.x), static_cast<float>(p.y - m_origin.y), color});
    }
    m_level.fillIndices.push_back(it->second);
  }
}

void LevelWriter::fillPart(const Geometry& g, std::size_t part, const FillSplitOptions* split) {
  if (split) {
    Box b;
    std::size_t n = 0;
    for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) {
      for (std::uint32_t i = g.rings[r]; i < g.rings[r + 1]; ++i) {
        if (finite(g.points[i])) b.expand(g.points[i]);
      }
      n += g.rings[r + 1] - g.rings[r];
    }
    if (n > split->maxVertices && std::max(b.width(), b.height()) > split->minCell) {
      m_pieces.clear();
      splitForFill(g, part, *split, m_pieces);
      const std::size_t before = m_triangles.size();
      bool done = true;
      for (const Geometry& piece : m_pieces) {
        done = done && m_triangulator.triangulate(piece, 0, piece.partCount(), m_triangles);
      }
      if (done) return;
      m_triangles.resize(before);  // a piece GLU cannot take: the part whole, as without cutting
    }
  }
  m_triangulator.triangulate(g, part, part + 1, m_triangles);
}

void LevelWriter::mergeOverlaps() {
  Geometry all;
  all.kind = GeomKind::Polygon;
  all.rings = {0};
  all.parts = {0};
  for (std::size_t i = 0; i + 2 < m_triangles.size(); i += 3) {
    const Vec2 a = m_triangles[i], b = m_triangles[i + 1], c = m_triangles[i + 2];
    const double area2 = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
    if (area2 == 0.0) continue;
    all.points.insert(all.points.end(), {a, area2 > 0 ? b : c, area2 > 0 ? c : b, a});
    all.rings.push_back(static_cast<std::uint32_t>(all.points.size()));
    all.parts.push_back(static_cast<std::uint32_t>(all.rings.size() - 1));
  }
  m_merged.clear();
  if (m_triangulator.triangulate(all, 0, all.partCount(), m_merged, WindingRule::Positive)) m_triangles.swap(m_merged);
}

}  // namespace zhenmap
