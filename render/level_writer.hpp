// LevelWriter: appends one level of detail's fills, lines, outlines and markers to a LevelBuckets
// (tessellator.hpp), tile by tile, with vertices relative to the layer's origin. The tessellator
// feeds it feature by feature in tile order (beginTile before each feature's output).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "fill_split.hpp"
#include "line_builder.hpp"
#include "tessellator.hpp"
#include "triangulator.hpp"

namespace zhenmap {

class LevelWriter {
 public:
  LevelWriter(LevelBuckets& level, Vec2 origin, const LayerStyle& style);

  // Starts tile `tile` unless it is the current one; the previous tile's counts are closed.
  void beginTile(int tile);
  void endTile();
  void expandTile(const Box& b) {
    if (!m_level.tiles.empty()) m_level.tiles.back().bounds.expand(b);
  }

  // Triangles covering what the polygon parts of g fill, indexed: each part by the even-odd rule
  // over its rings, valid or not, and the parts together as their union (see README "Fill
  // semantics"). The triangulator's corners are the ring points (or exact crossings), so equal
  // coordinates share one vertex. With split options, large parts are cut along a quadtree first
  // (fill_split.hpp); the pieces share the vertices of their cuts. `partsMayOverlap`: the parts
  // of an invalid multipolygon may overlap; their triangles are merged so that every point is
  // filled once (a translucent fill is not darker where they overlap).
  void fill(const Geometry& g, Rgba color, const FillSplitOptions* split = nullptr, bool partsMayOverlap = false);

  LineBuilder& lines() { return m_lines; }
  // Polygon outlines: round caps whatever the style, since arcs end at junctions, where a butt
  // cap would leave a notch and a square one a spike.
  LineBuilder& outlines() { return m_outlines; }

  void marker(Vec2 p, const Symbol& s, float count) {
    m_level.markers.push_back({static_cast<float>(p.x - m_origin.x), static_cast<float>(p.y - m_origin.y), s.fill,
                               s.stroke, s.size, s.strokeWidth, static_cast<float>(s.shape), count});
  }

 private:
  void fillPart(const Geometry& g, std::size_t part, const FillSplitOptions* split);
  // The union of m_triangles: each turned counter-clockwise, then triangulated again with the
  // positive winding rule. Left as they are if GLU fails.
  void mergeOverlaps();

  struct PointHash {
    std::size_t operator()(const Vec2& p) const {
      return std::hash<double>()(p.x) * 0x9e3779b97f4a7c15ULL ^ std::hash<double>()(p.y);
    }
  };

  LevelBuckets& m_level;
  Vec2 m_origin;
  LineBuilder m_lines;
  LineBuilder m_outlines;
  Triangulator m_triangulator;
  std::vector<Vec2> m_triangles;
  std::vector<Vec2> m_merged;
  std::vector<Geometry> m_pieces;
  std::unordered_map<Vec2, std::uint32_t, PointHash> m_shared;
  int m_currentTile = -1;
};

}  // namespace zhenmap
