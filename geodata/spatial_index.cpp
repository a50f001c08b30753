// Packed Hilbert R-tree; see spatial_index.hpp.
#include "spatial_index.hpp"

#include <algorithm>
#include <numeric>

namespace zhenmap {

namespace {

// Position of (x, y) on a Hilbert curve over a 2^16 x 2^16 grid.
std::uint64_t hilbertIndex(std::uint32_t x, std::uint32_t y) {
  constexpr std::uint32_t n = 1u << 16;
  std::uint64_t d = 0;
  for (std::uint32_t s = n / 2; s > 0; s /= 2) {
    const std::uint32_t rx = (x & s) ? 1u : 0u;
    const std::uint32_t ry = (y & s) ? 1u : 0u;
    d += static_cast<std::uint64_t>(s) * s * ((3u * rx) ^ ry);
    if (ry == 0) {  // rotate the quadrant so the curve stays continuous
      if (rx == 1) {
        x = s - 1 - (x & (s - 1));
        y = s - 1 - (y & (s - 1));
      }
      std::swap(x, y);
    }
    x &= s - 1;
    y &= s - 1;
  }
  return d;
}

}  // namespace

SpatialIndex::SpatialIndex(const std::vector<Box>& boxes, std::uint32_t nodeSize)
    : m_nodeSize(std::max<std::uint32_t>(nodeSize, 2)) {
  std::vector<std::uint32_t> items;
  items.reserve(boxes.size());
  Box all;
  for (std::uint32_t i = 0; i < boxes.size(); ++i) {
    if (boxes[i].empty()) continue;
    items.push_back(i);
    all.expand(boxes[i]);
  }
  m_itemCount = items.size();
  if (items.empty()) return;

  const double w = all.width() > 0 ? all.width() : 1.0;
  const double h = all.height() > 0 ? all.height() : 1.0;
  constexpr double maxCell = 65535.0;
  std::vector<std::uint64_t> keys(boxes.size());
  for (std::uint32_t i : items) {
    const Vec2 c = boxes[i].center();
    const auto gx = static_cast<std::uint32_t>(maxCell * (c.x - all.minX) / w);
    const auto gy = static_cast<std::uint32_t>(maxCell * (c.y - all.minY) / h);
    keys[i] = hilbertIndex(gx, gy);
  }
  std::sort(items.begin(), items.end(),
            [&](std::uint32_t a, std::uint32_t b) { return keys[a] != keys[b] ? keys[a] < keys[b] : a < b; });

  std::size_t total = items.size(), level = items.size();
  while (level > 1) {
    level = (level + m_nodeSize - 1) / m_nodeSize;
    total += level;
  }
  m_boxes.reserve(total);
  m_ids.reserve(total);
  for (std::uint32_t i : items) {
    m_boxes.push_back(boxes[i]);
    m_ids.push_back(i);
  }
  m_levelEnd.push_back(m_boxes.size());
  std::size_t begin = 0;
  while (m_levelEnd.back() - begin > 1) {
    const std::size_t end = m_levelEnd.back();
    for (std::size_t child = begin; child < end; child += m_nodeSize) {
      Box b;
      const std::size_t last = std::min(end, child + m_nodeSize);
      for (std::size_t k = child; k < last; ++k) b.expand(m_boxes[k]);
      m_boxes.push_back(b);
      m_ids.push_back(static_cast<std::uint32_t>(child));
    }
    begin = end;
    m_levelEnd.push_back(m_boxes.size());
  }
}

void SpatialIndex::query(const Box& box, std::vector<std::uint32_t>& out) const {
  if (m_boxes.empty() || box.empty()) return;
  struct Entry {
    std::size_t node;
    std::size_t level;
  };
  std::vector<Entry> stack;
  stack.push_back({m_boxes.size() - 1, m_levelEnd.size() - 1});
  while (!stack.empty()) {
    const Entry e = stack.back();
    stack.pop_back();
    if (!m_boxes[e.node].intersects(box)) continue;
    if (e.level == 0) {
      out.push_back(m_ids[e.node]);
      continue;
    }
    const std::size_t first = m_ids[e.node];
    const std::size_t last = std::min(m_levelEnd[e.level - 1], first + m_nodeSize);
    for (std::size_t c = first; c < last; ++c) stack.push_back({c, e.level - 1});
  }
}

std::vector<std::uint32_t> SpatialIndex::query(const Box& box) const {
  std::vector<std::uint32_t> out;
  query(box, out);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace zhenmap
