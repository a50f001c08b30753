// Label candidates from a layer: GEOS interior points for polygons, path middles for lines, the
// points themselves; text laid out once with the default font. See label_placement.hpp.
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

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


// Part `part` of g as a one-part polygon whose rings keep only vertices at least `tol` apart
// (rings that would collapse are kept whole).
Geometry thinnedPart(const Geometry& g, std::size_t part, double tol) {
  Geometry out;
  out.kind = GeomKind::Polygon;
  out.rings.push_back(0);
  for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) {
    const std::size_t start = out.points.size();
    const Vec2* first = &g.points[g.rings[r]];
    const std::size_t n = g.rings[r + 1] - g.rings[r];
    out.points.push_back(first[0]);
    for (std::size_t i = 1; i < n; ++i) {
      const Vec2 last = out.points.back();
      if (std::abs(first[i].x - last.x) >= tol || std::abs(first[i].y - last.y) >= tol || i + 1 == n) {
        out.points.push_back(first[i]);
      }
    }
    if (out.points.size() - start < 4) {
      out.points.resize(start);
      out.points.insert(out.points.end(), first, first + n);
    }
    out.rings.push_back(static_cast<std::uint32_t>(out.points.size()));
  }
  out.parts = {0, static_cast<std::uint32_t>(out.rings.size() - 1)};
  return out;
}

// The centre of the largest circle inside the largest part (the most room for a label); the
// GEOS point on surface if that fails; the box centre as the last resort.
Vec2 polygonAnchor(const geos::Context& ctx, const Geometry& g) {
  std::size_t best = 0;
  double bestArea = -1;
  for (std::size_t part = 0; part < g.partCount(); ++part) {
    double area = 0;
    for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) {
      area += (r == g.parts[part] ? 1 : -1) * std::abs(0.5 * ringArea2(g, r));
    }
    if (area > bestArea) {
      bestArea = area;
      best = part;
    }
  }
  if (bestArea < 0) return g.bounds().center();
  Box box;
  for (std::uint32_t i = g.rings[g.parts[best]]; i < g.rings[g.parts[best] + 1]; ++i) box.expand(g.points[i]);
  const double size = std::max(box.width(), box.height());
  Vec2 anchor;
  if (size > 0) {
    // The circle search grows with the vertex count, and a label needs no more precision than
    // 2% of the polygon's size: search a thinned copy (0.25 ms for a wiggly 3,700-vertex polygon
    // instead of 1 ms at 0.3%), then check the centre against the original, since thinning may
    // let a ring cross itself.
    geos::GeometryPtr thin = geos::polygonPartToGeos(ctx, thinnedPart(g, best, size / 50), 0);
    geos::GeometryPtr mic;
    if (thin) mic = geos::own(ctx, GEOSMaximumInscribedCircle_r(ctx.get(), thin.get(), size / 50));
    if (firstCoordinate(ctx, mic.get(), anchor) && evenOddContains(g, anchor, g.parts[best], g.parts[best + 1])) return anchor;
  }
  geos::GeometryPtr poly = geos::polygonPartToGeos(ctx, g, best);
  geos::GeometryPtr pos;
  if (poly) pos = geos::own(ctx, GEOSPointOnSurface_r(ctx.get(), poly.get()));
  if (firstCoordinate(ctx, pos.get(), anchor)) return anchor;
  return box.center();
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

std::vector<std::string> fieldTexts(const LayerData& layer, const std::string& field) {
  std::size_t index = 0;
  while (index < layer.fields.size() && layer.fields[index].name != field) ++index;
  if (index == layer.fields.size()) {
    throw std::invalid_argument("layer " + layer.name + " has no field '" + field + "' to label with");
  }
  std::vector<std::string> texts;
  texts.reserve(layer.features.size());
  for (const Feature& f : layer.features) {
    texts.push_back(index < f.attributes.size() ? toDisplayString(f.attributes[index], layer.fields[index].type)
                                                : std::string());
  }
  return texts;
}

std::vector<LabelCandidate> makeLabelCandidates(const LayerData& layer, const std::vector<std::string>& textPerFeature,
                                                const LabelStyle& style) {
  const Font& font = Font::defaultFont();
  geos::Context ctx;
  std::vector<LabelCandidate> out;
  const std::size_t n = std::min(layer.features.size(), textPerFeature.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (textPerFeature[i].empty()) continue;
    const Feature& f = layer.features[i];
    const Geometry& g = f.geometry;
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
