// Label candidates from a layer: GEOS interior points for polygons, path middles for lines, the
// points themselves; text laid out once with the default font. See label_placement.hpp.
#include <geos_c.h>

#include <algorithm>
#include <cmath>

#include "font.hpp"
#include "geos_convert.hpp"
#include "geos_handles.hpp"
#include "label_placement.hpp"

namespace zhenmap {

namespace {
bool finite(Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// First coordinate of a GEOS point or line string.
bool firstCoordinate(const geos::Context& ctx, const GEOSGeometry* g, Vec2& out) {
  if (!g || GEOSisEmpty_r(ctx.get(), g) != 0) return false;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), g);
  if (!seq) return false;
  double x = 0, y = 0;
  if (!GEOSCoordSeq_getXY_r(ctx.get(), seq, 0, &x, &y)) return false;
  out = {x, y};
  return finite(out);
}

// The centre of the largest circle inside the largest part (the most room for a label); the
// GEOS point on surface if that fails; the box centre as the last resort.
Vec2 polygonAnchor(const geos::Context& ctx, const Geometry& g) {
  geos::GeometryPtr best;
  double bestArea = -1;
  for (std::size_t part = 0; part < g.partCount(); ++part) {
    geos::GeometryPtr poly = geos::polygonPartToGeos(ctx, g, part);
    double area = 0;
    if (!poly || !GEOSArea_r(ctx.get(), poly.get(), &area)) continue;
    if (area > bestArea) {
      bestArea = area;
      best = std::move(poly);
    }
  }
  if (!best) return g.bounds().center();
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  GEOSGeom_getXMin_r(ctx.get(), best.get(), &minX);
  GEOSGeom_getYMin_r(ctx.get(), best.get(), &minY);
  GEOSGeom_getXMax_r(ctx.get(), best.get(), &maxX);
  GEOSGeom_getYMax_r(ctx.get(), best.get(), &maxY);
  const double size = std::max(maxX - minX, maxY - minY);
  Vec2 anchor;
  if (size > 0) {
    // Simplify first: the circle search costs grow with the vertex count, and a label does not
    // need more precision than a hundredth of the polygon's size.
    geos::GeometryPtr simple = geos::own(ctx, GEOSTopologyPreserveSimplify_r(ctx.get(), best.get(), size / 400));
    const GEOSGeometry* input = simple && GEOSisEmpty_r(ctx.get(), simple.get()) == 0 ? simple.get() : best.get();
    geos::GeometryPtr mic = geos::own(ctx, GEOSMaximumInscribedCircle_r(ctx.get(), input, size / 200));
    if (firstCoordinate(ctx, mic.get(), anchor)) return anchor;
  }
  geos::GeometryPtr pos = geos::own(ctx, GEOSPointOnSurface_r(ctx.get(), best.get()));
  if (firstCoordinate(ctx, pos.get(), anchor)) return anchor;
  return g.bounds().center();
}

// The longest ring of a line geometry, its cumulative lengths, and its middle.
bool lineAnchor(const Geometry& g, LabelCandidate& c) {
  double bestLength = -1;
  std::size_t bestRing = 0;
  for (std::size_t r = 0; r < g.ringCount(); ++r) {
    double len = 0;
    for (std::uint32_t i = g.rings[r] + 1; i < g.rings[r + 1]; ++i) {
      len += std::hypot(g.points[i].x - g.points[i - 1].x, g.points[i].y - g.points[i - 1].y);
    }
    if (len > bestLength) {
      bestLength = len;
      bestRing = r;
    }
  }
  if (bestLength < 0) return false;
  c.path.assign(g.points.begin() + g.rings[bestRing], g.points.begin() + g.rings[bestRing + 1]);
  if (c.path.empty() || !std::all_of(c.path.begin(), c.path.end(), finite)) return false;
  c.pathLength.resize(c.path.size());
  c.pathLength[0] = 0;
  for (std::size_t i = 1; i < c.path.size(); ++i) {
    c.pathLength[i] = c.pathLength[i - 1] + std::hypot(c.path[i].x - c.path[i - 1].x, c.path[i].y - c.path[i - 1].y);
  }
  c.anchorAlong = c.pathLength.back() * 0.5;
  if (c.path.size() == 1) {
    c.anchor = c.path[0];
    return true;
  }
  const auto it = std::lower_bound(c.pathLength.begin(), c.pathLength.end(), c.anchorAlong);
  const std::size_t i =
      std::clamp<std::size_t>(static_cast<std::size_t>(it - c.pathLength.begin()), 1, c.path.size() - 1);
  const double seg = c.pathLength[i] - c.pathLength[i - 1];
  const double t = seg > 0 ? (c.anchorAlong - c.pathLength[i - 1]) / seg : 0.0;
  c.anchor = {c.path[i - 1].x + t * (c.path[i].x - c.path[i - 1].x),
              c.path[i - 1].y + t * (c.path[i].y - c.path[i - 1].y)};
  return true;
}
}  // namespace

std::vector<LabelCandidate> makeLabelCandidates(const LayerData& layer, const std::vector<std::string>& textPerFeature,
                                                const LabelStyle& style) {
  const Font& font = Font::defaultFont();
  geos::Context ctx;
  std::vector<LabelCandidate> out;
  const std::size_t n = std::min(layer.features.size(), textPerFeature.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (textPerFeature[i].empty()) continue;
    const Feature& f = layer.features[i];
    const Geometry& g = f.displayGeometry();
    if (g.empty()) continue;
    LabelCandidate c;
    c.featureIndex = i;
    c.style = style;
    c.text = layoutLine(font, textPerFeature[i], style.sizePx);
    if (c.text.codepoints.empty()) continue;
    c.featureBounds = g.bounds();
    switch (g.kind) {
      case GeomKind::Polygon:
        c.kind = LabelKind::Polygon;
        c.anchor = polygonAnchor(ctx, g);
        break;
      case GeomKind::Line:
        c.kind = LabelKind::Line;
        if (!lineAnchor(g, c)) continue;
        break;
      case GeomKind::Point:
        c.kind = LabelKind::Point;
        c.anchor = g.points.front();
        break;
      case GeomKind::None:
        continue;
    }
    if (!finite(c.anchor)) continue;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace zhenmap
