// A static packed R-tree (items sorted along a Hilbert curve, nodes filled completely) over the
// bounding boxes of a layer's features, for viewport queries and identify. Immutable after
// construction, so any number of threads may query it at once.
#pragma once

#include <cstdint>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

class SpatialIndex {
 public:
  // Item i has bounds boxes[i]; empty boxes are left out (those items are never found).
  explicit SpatialIndex(const std::vector<Box>& boxes, std::uint32_t nodeSize = 16);

  // Items whose box intersects `box` (touching counts), ascending.
  std::vector<std::uint32_t> query(const Box& box) const;
  // The same, appended to `out` in tree order (unsorted); no allocation when `out` has room.
  void query(const Box& box, std::vector<std::uint32_t>& out) const;

  std::size_t size() const { return m_itemCount; }  // items indexed (non-empty boxes)
  Box bounds() const { return m_boxes.empty() ? Box{} : m_boxes.back(); }

 private:
  std::uint32_t m_nodeSize;
  std::size_t m_itemCount = 0;
  std::vector<Box> m_boxes;             // leaves first, then each level up; the root is last
  std::vector<std::uint32_t> m_ids;     // leaves: item id; inner nodes: position of first child
  std::vector<std::size_t> m_levelEnd;  // end position in m_boxes of each level, leaves first
};

}  // namespace zhenmap
