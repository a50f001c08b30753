// Polygon outlines as arcs. Where the polygons of a layer share a boundary (villages side by
// side), each ring drew that boundary itself: twice over, and, once simplified for a coarser
// level, as two lines a pixel apart. Here a ring is cut at its junctions into arcs, and each arc
// is put in one canonical form, so the boundary two rings share is the same arc from both sides:
// the tessellator simplifies it once and draws it once (llvmpipe pays per triangle). Boundaries
// that do not share their vertices exactly are drawn from each side, as before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

struct OutlineArc {
  std::vector<Vec2> points;
  bool closed = false;  // a whole ring without a junction (its first point is not repeated)
};

class OutlineArcs {
 public:
  // geometries[k]: the outline of the layer's k-th feature, or null where it draws none. Counts,
  // for every point of every ring (closing point repeated or not; non-finite and repeated points
  // skipped), how many ring positions in all hold the same point: one sort, no lookups, so the
  // levels of a layer can share it. The geometries must outlive this.
  explicit OutlineArcs(std::vector<const Geometry*> geometries);

  std::size_t size() const { return m_geometries.size(); }
  const Geometry* geometry(std::size_t k) const { return m_geometries[k]; }

  // How many ring positions hold each point of ring r of geometry k (as cleaned above).
  std::vector<std::size_t> held(std::size_t k, std::size_t r) const;

  // Ring r of geometry k (none where it is null) cut into arcs at its junctions: points held three times or more, and
  // points held more often than a neighbour along the ring (where a shared boundary ends). A
  // ring without junctions is one closed arc. Each arc is in canonical form: open arcs run from
  // the lesser end point (x, then y), closed ones start at their least point and go on towards
  // the lesser neighbour. A ring of two distinct points is one open arc; fewer, none.
  std::vector<OutlineArc> arcs(std::size_t k, std::size_t r) const;

 private:
  std::vector<const Geometry*> m_geometries;
  std::vector<std::size_t> m_firstRing;  // per geometry: its first ring's index in m_ringStart
  std::vector<std::size_t> m_ringStart;  // per ring of every geometry: its first point in m_held
  std::vector<std::uint8_t> m_held;      // holders per cleaned ring point, at most 255
};

// The arcs drawn so far on one level, per line style.
class DrawnArcs {
 public:
  // Whether `arc` in a line style with key `style` is met here for the first time; remembers
  // it. Arcs are compared by a 64-bit hash of all their points.
  bool firstTime(const OutlineArc& arc, std::uint64_t style);

 private:
  std::unordered_set<std::uint64_t> m_seen;
};

}  // namespace zhenmap
