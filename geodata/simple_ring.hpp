// A quick proof that a polygon ring is simple, so that GEOS's full validity check (noding the ring
// against itself) can be skipped for the common case of a one-ring polygon. Written by hand
// because GEOS has no cheaper entry point: GEOSisValid_r and GEOSisValidDetail_r run the same
// IsValidOp, and prepared geometries do not cover validity. It only ever answers "proved simple"
// when GEOS 3.11's IsValidOp would find the one-ring polygon valid: every decision it takes uses
// GEOS's own orientation filter and envelope tests, and whatever the filter cannot decide (nearly
// collinear or touching segments, repeated or too few points) answers "not proved", and the caller
// asks GEOS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

class SimpleRingCheck {
 public:
  // pts[0..n) is a closed ring (first == last), all coordinates finite. True only when the ring,
  // as the single ring of a polygon, is certainly valid for GEOS (no self-intersection or
  // self-touch, at least 4 points once repeated points are removed). False: not proved either way.
  bool provedSimple(const Vec2* pts, std::size_t n);

 private:
  std::vector<Vec2> m_points;  // the ring without consecutive repeated points, when it has some
  struct Start {
    double minX;
    std::uint32_t segment;
  };
  void orderByMinX(std::size_t segments);  // fills m_order from m_boxes

  std::vector<Box> m_boxes;            // one per segment
  std::vector<Start> m_order;          // segments by the minimum x of their envelope
  std::vector<Start> m_merged;         // scratch for merging runs
  std::vector<std::size_t> m_runEnds;  // end of each sorted run in m_order
};

}  // namespace zhenmap
