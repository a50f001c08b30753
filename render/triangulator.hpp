// Polygon triangulation with the GLU tessellator (libGLU from Mesa: a sweep-line algorithm,
// O(n log n), robust with holes and touching rings). GEOS's constrained Delaunay triangulation
// gives the same coverage but clips ears in O(n^2), too slow for polygons of thousands of
// vertices. No GL context is involved; one Triangulator per thread.
#pragma once

#include <memory>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

class Triangulator {
 public:
  Triangulator();
  ~Triangulator();
  Triangulator(const Triangulator&) = delete;
  Triangulator& operator=(const Triangulator&) = delete;

  // Triangles covering polygon parts [firstPart, lastPart) of g (odd winding: holes excluded),
  // appended to `out` three vertices at a time. Returns false if GLU reported an error (the
  // triangles of that call are then dropped).
  bool triangulate(const Geometry& g, std::size_t firstPart, std::size_t lastPart, std::vector<Vec2>& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace zhenmap
