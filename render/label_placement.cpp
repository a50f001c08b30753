// Label placement with collision avoidance in screen space; see label_placement.hpp.
#include "label_placement.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace zhenmap {

namespace {
struct BoxF {
  float minX, minY, maxX, maxY;
};

bool overlaps(const BoxF& a, const BoxF& b) {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

// Placed boxes bucketed into square cells over the placement area: one linked list per cell,
// kept in flat arrays so a placement allocates little.
class CollisionGrid {
 public:
  CollisionGrid(const BoxF& area, float cell)
      : m_area(area),
        m_cell(cell),
        m_cols(std::clamp(static_cast<int>(std::ceil((area.maxX - area.minX) / cell)), 1, 4096)),
        m_rows(std::clamp(static_cast<int>(std::ceil((area.maxY - area.minY) / cell)), 1, 4096)),
        m_head(static_cast<std::size_t>(m_cols) * static_cast<std::size_t>(m_rows), -1) {}

  bool isFree(const BoxF& b) const {
    int x0, y0, x1, y1;
    range(b, x0, y0, x1, y1);
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) {
        for (int e = m_head[static_cast<std::size_t>(y) * m_cols + x]; e >= 0; e = m_entries[e].next) {
          if (overlaps(m_boxes[m_entries[e].box], b)) return false;
        }
      }
    }
    return true;
  }
  void insert(const BoxF& b) {
    const auto index = static_cast<int>(m_boxes.size());
    m_boxes.push_back(b);
    int x0, y0, x1, y1;
    range(b, x0, y0, x1, y1);
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) {
        int& head = m_head[static_cast<std::size_t>(y) * m_cols + x];
        m_entries.push_back({index, head});
        head = static_cast<int>(m_entries.size()) - 1;
      }
    }
  }

 private:
  struct Entry {
    int box;
    int next;
  };
  void range(const BoxF& b, int& x0, int& y0, int& x1, int& y1) const {
    auto col = [&](float v) {
      return std::clamp(static_cast<int>(std::floor((v - m_area.minX) / m_cell)), 0, m_cols - 1);
    };
    auto row = [&](float v) {
      return std::clamp(static_cast<int>(std::floor((v - m_area.minY) / m_cell)), 0, m_rows - 1);
    };
    x0 = col(b.minX);
    x1 = col(b.maxX);
    y0 = row(b.minY);
    y1 = row(b.maxY);
  }

  BoxF m_area;
  float m_cell;
  int m_cols, m_rows;
  std::vector<int> m_head;
  std::vector<Entry> m_entries;
  std::vector<BoxF> m_boxes;
};

BoxF shifted(const BoxF& b, Vec2 s) {
  const auto x = static_cast<float>(s.x), y = static_cast<float>(s.y);
  return {b.minX + x, b.minY + y, b.maxX + x, b.maxY + y};
}

// Where a horizontal label's baseline starts relative to the anchor, snapped to whole pixels.
struct Offset {
  float x, y;
};
Offset snapped(float x, float y) { return {std::round(x), std::round(y)}; }

BoxF horizontalBox(const LabelCandidate& c, Offset o) {
  const float pad = c.style.haloPx + 1.0f;
  return {o.x - pad, o.y - c.text.ascent - pad, o.x + c.text.width + pad, o.y + c.text.descent + pad};
}

PlacedLabel horizontal(const LabelCandidate& c, Offset o) {
  PlacedLabel p;
  const BoxF b = horizontalBox(c, o);
  p.minX = b.minX;
  p.minY = b.minY;
  p.maxX = b.maxX;
  p.maxY = b.maxY;
  p.glyphs.reserve(c.text.codepoints.size());
  for (std::size_t i = 0; i < c.text.codepoints.size(); ++i) {
    p.glyphs.push_back({c.text.codepoints[i], o.x + c.text.penX[i], o.y, 1.0f, 0.0f});
  }
  return p;
}

// Baseline offset that puts the middle of the em box on the anchor.
float centredBaseline(const TextLine& t) { return 0.5f * (t.ascent - t.descent); }

struct PathPoint {
  float x, y;    // relative to the anchor, pixels
  float dx, dy;  // unit direction on screen
};

PathPoint pointAlong(const LabelCandidate& c, double arcPx, double upp) {
  const double arc = std::clamp(arcPx * upp, 0.0, c.pathLength.back());
  const auto it = std::lower_bound(c.pathLength.begin(), c.pathLength.end(), arc);
  const std::size_t i =
      std::clamp<std::size_t>(static_cast<std::size_t>(it - c.pathLength.begin()), 1, c.path.size() - 1);
  const Vec2 a = c.path[i - 1], b = c.path[i];
  const double seg = c.pathLength[i] - c.pathLength[i - 1];
  const double t = seg > 0 ? (arc - c.pathLength[i - 1]) / seg : 0.0;
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  PathPoint p;
  p.x = static_cast<float>((a.x + t * (b.x - a.x) - c.anchor.x) / upp);
  p.y = static_cast<float>(-(a.y + t * (b.y - a.y) - c.anchor.y) / upp);
  p.dx = len > 0 ? static_cast<float>((b.x - a.x) / len) : 1.0f;
  p.dy = len > 0 ? static_cast<float>(-(b.y - a.y) / len) : 0.0f;
  return p;
}

// Glyphs along the middle of a line, kept upright; false when the line is too short or bends
// too sharply under the text.
bool alongPath(const LabelCandidate& c, double upp, PlacedLabel& out, std::vector<BoxF>& boxes) {
  if (c.path.size() < 2) return false;
  const TextLine& t = c.text;
  const double lengthPx = c.pathLength.back() / upp;
  if (lengthPx < t.width + t.sizePx) return false;
  const double start = std::clamp(c.anchorAlong / upp - t.width * 0.5, 0.0, lengthPx - t.width);
  const bool reversed = pointAlong(c, start + t.width, upp).x < pointAlong(c, start, upp).x;
  const float baseline = centredBaseline(t);
  const float half = 0.6f * t.sizePx + c.style.haloPx + 1.0f;
  out = PlacedLabel{};
  boxes.clear();
  float prevDx = 0, prevDy = 0;
  for (std::size_t i = 0; i < t.codepoints.size(); ++i) {
    const float adv = (i + 1 < t.codepoints.size() ? t.penX[i + 1] : t.width) - t.penX[i];
    const double mid = t.penX[i] + adv * 0.5;
    PathPoint p = pointAlong(c, reversed ? start + t.width - mid : start + mid, upp);
    if (reversed) {
      p.dx = -p.dx;
      p.dy = -p.dy;
    }
    if (i > 0 && p.dx * prevDx + p.dy * prevDy < 0.7f) return false;  // bends more than ~45 degrees
    prevDx = p.dx;
    prevDy = p.dy;
    const float u = -adv * 0.5f, v = baseline;
    out.glyphs.push_back({t.codepoints[i], p.x + u * p.dx - v * p.dy, p.y + u * p.dy + v * p.dx, p.dx, p.dy});
    boxes.push_back({p.x - half, p.y - half, p.x + half, p.y + half});
  }
  out.minX = out.minY = 1e30f;
  out.maxX = out.maxY = -1e30f;
  for (const BoxF& b : boxes) {
    out.minX = std::min(out.minX, b.minX);
    out.minY = std::min(out.minY, b.minY);
    out.maxX = std::max(out.maxX, b.maxX);
    out.maxY = std::max(out.maxY, b.maxY);
  }
  return true;
}

bool contains(const Box& b, Vec2 p) { return p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY; }
}  // namespace

Vec2 snappedAnchor(const Camera& camera, Vec2 anchor) {
  const Vec2 s = camera.mapToScreen(anchor);
  return {std::round(s.x), std::round(s.y)};
}

std::vector<std::uint32_t> placementOrder(const std::vector<LabelCandidate>& candidates) {
  std::vector<std::uint32_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0u);
  auto area = [](const Box& b) { return b.empty() ? 0.0 : b.width() * b.height(); };
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const LabelCandidate& ca = candidates[a];
    const LabelCandidate& cb = candidates[b];
    if (ca.style.priority != cb.style.priority) return ca.style.priority > cb.style.priority;
    return area(ca.featureBounds) > area(cb.featureBounds);
  });
  return order;
}

std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates,
                                     const std::vector<std::uint32_t>& order, const Camera& camera, const Box& region) {
  std::vector<PlacedLabel> placed;
  if (region.empty()) return placed;
  const double upp = camera.unitsPerPixel();
  const Vec2 r0 = camera.mapToScreen({region.minX, region.maxY});
  const Vec2 r1 = camera.mapToScreen({region.maxX, region.minY});
  CollisionGrid grid(
      {static_cast<float>(r0.x), static_cast<float>(r0.y), static_cast<float>(r1.x), static_cast<float>(r1.y)}, 48.0f);
  std::vector<BoxF> boxes;
  for (std::uint32_t index : order) {
    const LabelCandidate& c = candidates[index];
    if (!contains(region, c.anchor)) continue;
    const Vec2 s = snappedAnchor(camera, c.anchor);
    const TextLine& t = c.text;
    Offset options[4];
    int optionCount = 0;
    switch (c.kind) {
      case LabelKind::Polygon: {
        const double wPx = c.featureBounds.width() / upp, hPx = c.featureBounds.height() / upp;
        if (wPx >= 0.6 * t.width && hPx >= t.sizePx)
          options[optionCount++] = snapped(-0.5f * t.width, centredBaseline(t));
        break;
      }
      case LabelKind::Point: {
        const float gap = c.style.pointOffsetPx, mid = centredBaseline(t);
        options[optionCount++] = snapped(gap, mid);                           // right
        options[optionCount++] = snapped(-gap - t.width, mid);                // left
        options[optionCount++] = snapped(-0.5f * t.width, -gap - t.descent);  // above
        options[optionCount++] = snapped(-0.5f * t.width, gap + t.ascent);    // below
        break;
      }
      case LabelKind::Line: {
        PlacedLabel p;
        if (alongPath(c, upp, p, boxes)) {
          bool free = true;
          for (const BoxF& b : boxes) free = free && grid.isFree(shifted(b, s));
          if (free) {
            for (const BoxF& b : boxes) grid.insert(shifted(b, s));
            p.candidate = index;
            placed.push_back(std::move(p));
          }
          continue;
        }
        options[optionCount++] = snapped(-0.5f * t.width, centredBaseline(t));
        break;
      }
    }
    for (int k = 0; k < optionCount; ++k) {
      const BoxF b = shifted(horizontalBox(c, options[k]), s);
      if (!grid.isFree(b)) continue;
      grid.insert(b);
      placed.push_back(horizontal(c, options[k]));
      placed.back().candidate = index;
      break;
    }
  }
  return placed;
}

void LabelPlacer::setCandidates(std::vector<LabelCandidate> candidates) {
  m_candidates = std::move(candidates);
  m_order = placementOrder(m_candidates);
  m_placed.clear();
  m_valid = false;
}

bool LabelPlacer::update(const Camera& camera) {
  const Box view = camera.visibleExtent();
  const bool inside = view.minX >= m_region.minX && view.maxX <= m_region.maxX && view.minY >= m_region.minY &&
                      view.maxY <= m_region.maxY;
  if (m_valid && inside && camera.unitsPerPixel() == m_unitsPerPixel && camera.width() == m_width &&
      camera.height() == m_height) {
    return false;
  }
  m_unitsPerPixel = camera.unitsPerPixel();
  m_width = camera.width();
  m_height = camera.height();
  m_region = {view.minX - 0.5 * view.width(), view.minY - 0.5 * view.height(), view.maxX + 0.5 * view.width(),
              view.maxY + 0.5 * view.height()};
  m_placed = placeLabels(m_candidates, m_order, camera, m_region);
  m_valid = true;
  return true;
}

}  // namespace zhenmap
