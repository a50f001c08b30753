// Identify by position; see identify.hpp.
#include "identify.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spatial_index.hpp"

namespace zhenmap {

double segmentDistance(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

namespace {

double ringsDistance(const Geometry& g, Vec2 p, bool closed) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t r = 0; r < g.ringCount(); ++r) {
    const std::uint32_t a = g.rings[r], b = g.rings[r + 1];
    if (b == a) continue;
    if (b - a == 1) best = std::min(best, std::hypot(p.x - g.points[a].x, p.y - g.points[a].y));
    for (std::uint32_t i = a; i + 1 < b; ++i) best = std::min(best, segmentDistance(p, g.points[i], g.points[i + 1]));
    if (closed && b - a > 2) best = std::min(best, segmentDistance(p, g.points[b - 1], g.points[a]));
  }
  return best;
}

double pointsDistance(const Geometry& g, Vec2 p) {
  double best = std::numeric_limits<double>::infinity();
  for (const Vec2& q : g.points) best = std::min(best, std::hypot(p.x - q.x, p.y - q.y));
  return best;
}

}  // namespace

std::vector<IdentifyHit> identify(const LayerData& layer, Vec2 p, double tolerance) {
  std::vector<IdentifyHit> hits;
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return hits;
  tolerance = std::max(0.0, tolerance);
  const Box search{p.x - tolerance, p.y - tolerance, p.x + tolerance, p.y + tolerance};
  std::vector<std::uint32_t> candidates;
  if (layer.index) {
    layer.index->query(search, candidates);
  } else {
    for (std::uint32_t i = 0; i < layer.features.size(); ++i) candidates.push_back(i);
  }
  for (std::uint32_t i : candidates) {
    const Feature& f = layer.features[i];
    const Geometry& g = f.geometry;
    if (g.empty() || !g.bounds().intersects(search)) continue;
    double d = std::numeric_limits<double>::infinity();
    switch (g.kind) {
      case GeomKind::Point:
        d = pointsDistance(g, p);
        break;
      case GeomKind::Line:
        d = ringsDistance(g, p, false);
        break;
      case GeomKind::Polygon:
        // Inside what the fill covers (fillContains: what is drawn, valid or not), or near an outline.
        d = fillContains(g, p) ? 0.0 : ringsDistance(g, p, true);
        break;
      case GeomKind::None:
        break;
    }
    if (d <= tolerance) hits.push_back({i, d});
  }
  std::sort(hits.begin(), hits.end(), [](const IdentifyHit& a, const IdentifyHit& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.index > b.index;
  });
  return hits;
}

}  // namespace zhenmap
