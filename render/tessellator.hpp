// CPU tessellation of a display layer into buckets: triangles for fills (GEOS constrained
// Delaunay triangulation, from a repaired copy when a polygon is invalid), segments for outlines
// and lines, markers for points. Pure CPU work: safe to run on a worker thread.
#pragma once

#include <cstdint>

#include "layer.hpp"
#include "style.hpp"

namespace zhenmap {

struct FillVertex {
  float x, y;  // relative to the bucket origin
  Rgba color;
};

struct LineSegment {
  float ax, ay, bx, by;  // relative to the bucket origin
  Rgba color;
};

struct Buckets {
  Vec2 origin;  // subtracted (in double) from every coordinate before it becomes float
  std::vector<FillVertex> fillVertices;
  std::vector<std::uint32_t> fillIndices;
  std::vector<LineSegment> outlines;  // polygon rings and line strings
  std::vector<LineSegment> markers;   // points: zero-length segments drawn as squares
  std::size_t repairedPolygons = 0;   // features drawn from a MakeValid copy
  std::size_t skippedFeatures = 0;    // empty or non-finite geometry
  Box extent;
  LayerStyle style;
};

Buckets tessellate(const LayerData& layer, const LayerStyle& style);

}  // namespace zhenmap
