// Polygon triangulation with the GLU tessellator (libGLU from Mesa: a sweep-line algorithm,
// O(n log n), robust with holes and touching rings). GEOS's constrained Delaunay triangulation
// gives the same coverage but clips ears in O(n^2), too slow for polygons of thousands of
// vertices. No GL context is involved; one Triangulator per thread.
#pragma once

#include <memory>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

// Which points a set of rings fills: odd (inside an odd number of rings: how GDAL, QGIS and
// the OGC area read a polygon's rings, valid or not), or positive (rings wound around the point
// more often counter-clockwise than clockwise: with counter-clockwise rings only, their union).
enum class WindingRule { Odd, Positive };

class Triangulator {
 public:
  Triangulator();
  ~Triangulator();
  Triangulator(const Triangulator&) = delete;
  Triangulator& operator=(const Triangulator&) = delete;

  // Triangles covering what the rings of polygon parts [firstPart, lastPart) of g fill together
  // by `rule` (odd: holes excluded), appended to `out` three vertices at a time.
  // Rings of fewer than three points and non-finite points are skipped. Returns false if GLU
  // reported an error (the triangles of that call are then dropped).
  bool triangulate(const Geometry& g, std::size_t firstPart, std::size_t lastPart, std::vector<Vec2>& out,
                   WindingRule rule = WindingRule::Odd);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace zhenmap
