// Geometry <-> GEOS conversion; see geos_convert.hpp.
#include "geos_convert.hpp"

#include <vector>

namespace zhenmap::geos {

namespace {

bool ringClosed(const Geometry& g, std::size_t ring) {
  const std::uint32_t a = g.rings[ring], b = g.rings[ring + 1];
  return b > a && g.points[a] == g.points[b - 1];
}

// A linear ring from ring `ring` of g, or null when it is degenerate (or unclosed without fix).
GEOSGeometry* makeRing(const Context& ctx, const Geometry& g, std::size_t ring, bool fixRings) {
  GEOSContextHandle_t h = ctx.get();
  const std::uint32_t a = g.rings[ring], b = g.rings[ring + 1];
  const bool closed = ringClosed(g, ring);
  if (!closed && !fixRings) return nullptr;
  const unsigned n = (b - a) + (closed ? 0u : 1u);
  if (n < 4) return nullptr;
  GEOSCoordSequence* seq = nullptr;
  if (closed) {
    seq = GEOSCoordSeq_copyFromBuffer_r(h, &g.points[a].x, n, 0, 0);
  } else {
    std::vector<Vec2> tmp(g.points.begin() + a, g.points.begin() + b);
    tmp.push_back(tmp.front());
    seq = GEOSCoordSeq_copyFromBuffer_r(h, &tmp[0].x, n, 0, 0);
  }
  if (!seq) return nullptr;
  return GEOSGeom_createLinearRing_r(h, seq);  // takes ownership of seq, also on failure
}

GEOSGeometry* makePolygon(const Context& ctx, const Geometry& g, std::size_t part, bool fixRings) {
  GEOSContextHandle_t h = ctx.get();
  const std::uint32_t r0 = g.parts[part], r1 = g.parts[part + 1];
  if (r1 <= r0) return nullptr;
  GeometryPtr shell = own(ctx, makeRing(ctx, g, r0, fixRings));
  if (!shell) return nullptr;
  std::vector<GeometryPtr> holes;
  for (std::uint32_t r = r0 + 1; r < r1; ++r) {
    GeometryPtr hole = own(ctx, makeRing(ctx, g, r, fixRings));
    if (!hole) {
      if (fixRings) continue;
      return nullptr;
    }
    holes.push_back(std::move(hole));
  }
  std::vector<GEOSGeometry*> raw;
  raw.reserve(holes.size());
  for (auto& hole : holes) raw.push_back(hole.get());
  GEOSGeometry* poly = GEOSGeom_createPolygon_r(h, shell.get(), raw.data(), static_cast<unsigned>(raw.size()));
  if (!poly) return nullptr;  // GEOS frees nothing on failure
  shell.release();
  for (auto& hole : holes) hole.release();
  return poly;
}

void appendPolygon(const Context& ctx, const GEOSGeometry* poly, Geometry& out) {
  GEOSContextHandle_t h = ctx.get();
  if (GEOSisEmpty_r(h, poly) == 1) return;
  auto appendRing = [&](const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n == 0) return false;
    const std::size_t start = out.points.size();
    out.points.resize(start + n);
    GEOSCoordSeq_copyToBuffer_r(h, seq, &out.points[start].x, 0, 0);
    out.rings.push_back(static_cast<std::uint32_t>(out.points.size()));
    return true;
  };
  if (!appendRing(GEOSGetExteriorRing_r(h, poly))) return;
  const int holes = GEOSGetNumInteriorRings_r(h, poly);
  for (int i = 0; i < holes; ++i) appendRing(GEOSGetInteriorRingN_r(h, poly, i));
  out.parts.push_back(static_cast<std::uint32_t>(out.ringCount()));
}

void collectPolygons(const Context& ctx, const GEOSGeometry* g, Geometry& out) {
  GEOSContextHandle_t h = ctx.get();
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    appendPolygon(ctx, g, out);
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collectPolygons(ctx, GEOSGetGeometryN_r(h, g, i), out);
  }
}

}  // namespace

GeometryPtr polygonsToGeos(const Context& ctx, const Geometry& g, bool fixRings) {
  std::vector<GeometryPtr> polys;
  for (std::size_t p = 0; p < g.partCount(); ++p) {
    GeometryPtr poly = own(ctx, makePolygon(ctx, g, p, fixRings));
    if (!poly) {
      if (fixRings) continue;
      return own(ctx, nullptr);
    }
    polys.push_back(std::move(poly));
  }
  std::vector<GEOSGeometry*> raw;
  raw.reserve(polys.size());
  for (auto& p : polys) raw.push_back(p.get());
  GeometryPtr multi = own(
      ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, raw.data(), static_cast<unsigned>(raw.size())));
  if (multi) {
    for (auto& p : polys) p.release();
  }
  return multi;
}

GeometryPtr polygonPartToGeos(const Context& ctx, const Geometry& g, std::size_t part) {
  return own(ctx, makePolygon(ctx, g, part, true));
}

Geometry polygonalToGeometry(const Context& ctx, const GEOSGeometry* g) {
  Geometry out;
  if (!g) return out;
  out.kind = GeomKind::Polygon;
  out.rings.push_back(0);
  out.parts.push_back(0);
  collectPolygons(ctx, g, out);
  if (out.points.empty()) return Geometry{};
  return out;
}

}  // namespace zhenmap::geos
