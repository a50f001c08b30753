// Where a polygon layer's opaque fills cover the map wholly, in one colour. A view zoomed in on a
// town lies inside the township layer at the bottom of the map, and every pixel of it is that
// layer's fill: llvmpipe took 2.4 ms of the small workload's 4.3 ms frame there to draw the fill
// triangles (about 1.1 ms even for one triangle over 1920x1080), and takes 0.4 ms to clear. When
// the bottom layer covers the view in one colour, the renderer clears to that colour and skips
// the layer's fill triangles (map_renderer.cpp): the pixels of the full-detail fills. Simplified
// levels may open slivers of up to a pixel between neighbours; the clear closes them.
//
// Built once per layer and style from the features at full detail, on a grid of cells:
// - the boundary of the fills' union is found by matching the rings' segments exactly. A
//   segment that rings of the same opaque colour hold from both sides (two townships side by
//   side, an enclave in its hole) lies inside the union; every other segment is boundary, and
//   every cell it touches is marked. Boundaries that do not share their vertices exactly are
//   boundary from both sides: less is found covered, nothing wrongly.
// - cells left unmarked form connected regions that no boundary crosses, so each lies wholly
//   inside or outside the fills; one point-in-polygon test per region (even-odd, against the
//   filled features whose box holds the point) says which, and in what colour. A region inside a translucent fill, or inside fills of different colours,
//   is not covered.
// A view is covered when every cell it touches is covered in the same colour (summed-area
// tables: constant time per frame).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "layer.hpp"
#include "style.hpp"

namespace zhenmap {

class FillCoverage {
 public:
  // fills[i]: the colour feature i of `layer` is filled in; alpha 0 where it draws no fill.
  // `cells`: the grid's cells along the longer side of the fills' extent. Null when nothing is
  // covered (no opaque fill, an extent of no area, no cell wholly inside), or past 2^32 points.
  // Invalid polygons (filled by the even-odd rule over raw rings) cover nothing.
  static std::shared_ptr<const FillCoverage> build(const LayerData& layer, const std::vector<Rgba>& fills,
                                                   int cells = 512);

  // The colour every point of `box` is filled in, when the fills cover all of it in one opaque
  // colour; nothing otherwise (also where box reaches beyond the fills' extent).
  std::optional<Rgba> solidColor(const Box& box) const;

  int columns() const { return m_columns; }
  int rows() const { return m_rows; }
  std::size_t coveredCells() const { return m_coveredCells; }
  std::size_t boundarySegments() const { return m_boundarySegments; }

 private:
  Box m_extent;
  double m_cell = 0.0;
  int m_columns = 0, m_rows = 0;
  std::vector<std::uint16_t> m_color;  // per cell: 1 + index into m_colors, 0 when not covered
  std::vector<Rgba> m_colors;
  // Summed-area tables, (columns + 1) x (rows + 1): cells not covered, colour numbers, their squares.
  std::vector<std::uint32_t> m_uncovered;
  std::vector<std::uint64_t> m_sum, m_sumSquares;
  std::size_t m_coveredCells = 0;
  std::size_t m_boundarySegments = 0;
};

}  // namespace zhenmap
