// CPU tessellation of a display layer into GPU-ready buckets, at several levels of detail:
// triangles for fills (covering exactly what the polygon's rings fill by the even-odd rule, part
// by part, valid or not: see README "Fill semantics"), extruded triangles for lines and outlines
// (joins, caps, dashes, casing; widths in pixels, applied in the vertex shader), instances for
// markers.
// Features are grouped into spatial tiles so a frame draws only what is visible. Pure CPU work:
// run it on a worker thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "fill_coverage.hpp"
#include "layer.hpp"
#include "line_builder.hpp"
#include "outline_arcs.hpp"
#include "style.hpp"

namespace zhenmap {

struct FillVertex {
  float x, y;  // relative to Buckets::origin
  Rgba color;
};

// 20 bytes: the style (width, dashes, casing, colours) lives in LevelBuckets::lineStyles, one
// entry per distinct style, looked up by the vertex shader; a vertex holds only where it is.
constexpr float kExtrudeScale = 8192.0f;  // ex, ey in units of half the width times this (|e| < 4)
struct LineVertex {
  float x, y;              // relative to Buckets::origin
  std::int16_t ex, ey;     // extrusion direction in units of half the width, times kExtrudeScale
  float dist;              // map units along the line, for dashes
  std::uint32_t style;     // index into LevelBuckets::lineStyles
  Vec2 extrude() const { return {ex / double(kExtrudeScale), ey / double(kExtrudeScale)}; }
};

struct MarkerInstance {
  float x, y;  // relative to Buckets::origin
  Rgba fill;
  Rgba stroke;
  float size;         // px
  float strokeWidth;  // px
  float shape;        // MarkerShape as a number
  float count;        // 1 for a feature, n for a cluster of n
};

// A contiguous range of each primitive, covering the features whose centres fall in one tile.
struct Tile {
  Box bounds;  // union of the features' boxes (map CRS)
  std::uint32_t fillFirst = 0, fillCount = 0;  // indices
  std::uint32_t lineFirst = 0, lineCount = 0;  // indices
  std::uint32_t markerFirst = 0, markerCount = 0;
};

// One level of detail. Polygons and lines are simplified with `tolerance` (map units); points are
// clustered on a grid of `tolerance` cells. Level 0 has tolerance 0: the data as it is.
struct LevelBuckets {
  double tolerance = 0.0;
  std::vector<FillVertex> fillVertices;
  std::vector<std::uint32_t> fillIndices;
  std::vector<LineVertex> lineVertices;
  std::vector<std::uint32_t> lineIndices;
  std::vector<LineStyle> lineStyles;  // indexed by LineVertex::style
  std::vector<MarkerInstance> markers;
  std::vector<Tile> tiles;
  std::size_t vertexCount() const { return fillVertices.size() + lineVertices.size() + markers.size(); }
  std::size_t bytes() const;  // of the vertex and index arrays (what the GPU buffers hold)
};

struct Buckets {
  std::string name;
  Vec2 origin;  // subtracted (in double) from every coordinate before it becomes float
  Box extent;
  LayerStyle style;
  GeomKind kind = GeomKind::None;  // of the layer's drawable features
  bool hasCasing = false;
  std::vector<LevelBuckets> levels;  // ascending tolerance, levels[0].tolerance == 0
  std::size_t invalidPolygons = 0;   // GEOS-invalid polygons drawn (filled by the even-odd rule all the same)
  std::size_t skippedFeatures = 0;   // no drawable geometry, or hidden by the style
  // Where the opaque fills cover the map in one colour (fill_coverage.hpp); built with level 0.
  std::shared_ptr<const FillCoverage> coverage;
};

// Point clustering. Layers of fewer points draw every point at every zoom (a few hundred markers
// cost little; their own symbols, e.g. pins, stay). Larger ones get clustering levels: on a grid
// whose cells span half to all of kClusterCellMaxPx on screen where drawn (chooseLevel), a cell
// keeps its points as they are when they are at most kClusterMaxSingles and do not overlap with
// the cell at kClusterCellMaxPx, and becomes one cluster marker otherwise; level 0 (every point)
// is drawn once zoomed in past the finest grid.
constexpr std::size_t kClusterMinPoints = 1000;
constexpr double kClusterCellMaxPx = 64.0;
constexpr std::uint32_t kClusterMaxSingles = 12;

// The fewest points a layer in `style` needs to be clustered: kClusterMinPoints, or never when
// the style turns clustering off ("cluster": false). The level split (window, benchmark) and the
// legend ask here; tessellate() applies the same rule with TessellateOptions::clusterMinPoints
// (which tests lower) in place of kClusterMinPoints.
inline std::size_t clusterMinPointsFor(const LayerStyle& style) {
  return style.cluster ? kClusterMinPoints : SIZE_MAX;
}

// The marker of a cluster of `count` points (> 1) whose most frequent class draws `of`: a circle
// in that fill inside a translucent ring of it, sized by the count (log scale, at most 3x).
Symbol clusterSymbol(const Symbol& of, std::uint32_t count);

struct TessellateOptions {
  // Simplification tolerances / cluster cells in map units for the coarser levels; empty = derived
  // from the layer's extent. Level 0 (no simplification) is always built unless skipDetail is set.
  std::vector<double> tolerances;
  bool skipDetail = false;        // build only the coarser levels (fast first frame)
  std::size_t clusterMinPoints = kClusterMinPoints;  // point layers with fewer features are never clustered
  unsigned threads = 0;                 // levels built in parallel; 0 = one per hardware thread
  const std::atomic<bool>* cancel = nullptr;
  // A polygon layer's outline arcs (outlineArcsFor), when the caller shares them between calls
  // for the same layer and style; built here otherwise.
  const OutlineArcs* outlineArcs = nullptr;
  // A polygon layer's fill coverage, built alongside level 0 (not for highlights).
  bool buildCoverage = true;
};

// What a polygon layer's levels share to draw each shared boundary once (outline_arcs.hpp).
OutlineArcs outlineArcsFor(const LayerData& layer, const LayerStyle& style);

// Where a polygon layer's fills, as the style draws them, cover the map (null if nowhere).
std::shared_ptr<const FillCoverage> fillCoverageFor(const LayerData& layer, const LayerStyle& style);

// The level tolerances the tessellator derives for a layer extent.
std::vector<double> defaultTolerances(const Box& extent, GeomKind kind);

// Progressive levels of detail: the tolerances to build first so that a view at unitsPerPixel
// (usually the full extent) draws exactly what it would draw with every level built (the level
// chooseLevel picks there, and the coarser ones), and the rest, to build afterwards.
struct LevelSplit {
  std::vector<double> first;
  std::vector<double> later;  // includes 0 (full detail)
};
LevelSplit splitLevels(const Box& extent, GeomKind kind, double unitsPerPixel, std::size_t featureCount,
                       std::size_t clusterMinPoints = kClusterMinPoints);
GeomKind drawableKind(const LayerData& layer);

// Tessellates the given levels of several layers on `threads` threads (0: one per hardware
// thread), one (layer, level) per task, full detail first (the longest): result i holds layer i's
// levels (none where tolerances[i] is empty). Throws what tessellate throws.
std::vector<Buckets> tessellateLevels(const std::vector<const LayerData*>& layers, const std::vector<LayerStyle>& styles,
                                      const std::vector<std::vector<double>>& tolerances, unsigned threads = 0,
                                      const std::atomic<bool>* cancel = nullptr);

// Moves the levels of `more` (same layer and style, other tolerances) into `into`, sorted.
void mergeLevels(Buckets& into, Buckets&& more);

// Throws ExpressionError (from the style) when a style expression does not fit the layer.
Buckets tessellate(const LayerData& layer, const LayerStyle& style, const TessellateOptions& options = {});

// Picks the level to draw at a resolution (map units per pixel): the coarsest whose tolerance is
// at most a pixel for polygons and lines (as QGIS simplifies while drawing by default), or at
// most kClusterCellMaxPx of cluster cell for points.
std::size_t chooseLevel(const Buckets& b, double unitsPerPixel);

}  // namespace zhenmap
