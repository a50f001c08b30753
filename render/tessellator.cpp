// Tessellation with GEOS (re-entrant _r API, one context per call); see tessellator.hpp.
#include "tessellator.hpp"

#include <geos_c.h>

#include <cmath>
#include <memory>
#include <stdexcept>

namespace zhenmap {

namespace {

class GeosContext {
 public:
  GeosContext() : m_ctx(GEOS_init_r()) {}
  ~GeosContext() { GEOS_finish_r(m_ctx); }
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  GEOSContextHandle_t get() const { return m_ctx; }

 private:
  GEOSContextHandle_t m_ctx;
};

struct GeomDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

bool finite(Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// Builds one GEOS polygon from rings [r0, r1) of g; rings with fewer than 3 distinct points or
// non-finite coordinates are left out; unclosed rings are closed.
GEOSGeometry* makePolygon(GEOSContextHandle_t ctx, const Geometry& g, std::uint32_t r0, std::uint32_t r1) {
  std::vector<GEOSGeometry*> rings;
  for (std::uint32_t r = r0; r < r1; ++r) {
    const std::uint32_t a = g.rings[r], b = g.rings[r + 1];
    std::vector<double> xy;
    xy.reserve((b - a + 1) * 2);
    bool ok = true;
    for (std::uint32_t i = a; i < b; ++i) {
      if (!finite(g.points[i])) {
        ok = false;
        break;
      }
      xy.push_back(g.points[i].x);
      xy.push_back(g.points[i].y);
    }
    if (!ok || xy.size() < 6) {
      if (r == r0) break;  // no usable shell: no polygon
      continue;
    }
    if (xy[0] != xy[xy.size() - 2] || xy[1] != xy[xy.size() - 1]) {
      xy.push_back(xy[0]);
      xy.push_back(xy[1]);
    }
    if (xy.size() < 8) {
      if (r == r0) break;
      continue;
    }
    GEOSCoordSequence* seq =
        GEOSCoordSeq_copyFromBuffer_r(ctx, xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
    GEOSGeometry* ring = seq ? GEOSGeom_createLinearRing_r(ctx, seq) : nullptr;
    if (ring) rings.push_back(ring);
  }
  if (rings.empty()) return nullptr;
  GEOSGeometry* shell = rings.front();
  return GEOSGeom_createPolygon_r(ctx, shell, rings.data() + 1, static_cast<unsigned>(rings.size() - 1));
}

void appendTriangles(GEOSContextHandle_t ctx, const GEOSGeometry* tris, Vec2 origin, Rgba color, Buckets& out) {
  const int n = GEOSGetNumGeometries_r(ctx, tris);
  double xy[8];
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* tri = GEOSGetGeometryN_r(ctx, tris, i);
    const GEOSGeometry* ring = GEOSGetExteriorRing_r(ctx, tri);
    const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
    unsigned size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &size) || size != 4) continue;
    GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy, 0, 0);
    const auto base = static_cast<std::uint32_t>(out.fillVertices.size());
    for (int k = 0; k < 3; ++k) {
      out.fillVertices.push_back({static_cast<float>(xy[2 * k] - origin.x), static_cast<float>(xy[2 * k + 1] - origin.y),
                                  color});
    }
    out.fillIndices.insert(out.fillIndices.end(), {base, base + 1, base + 2});
  }
}

// MakeValid can return a collection mixing polygons with collapsed lines and points: keep the
// polygonal parts, which is what a fill can draw.
GeomPtr polygonalPart(GEOSContextHandle_t ctx, GeomPtr g) {
  if (!g) return g;
  const int type = GEOSGeomTypeId_r(ctx, g.get());
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
  std::vector<GEOSGeometry*> polys;
  for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g.get()); ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, g.get(), i);
    const int t = GEOSGeomTypeId_r(ctx, part);
    if (t == GEOS_POLYGON) {
      polys.push_back(GEOSGeom_clone_r(ctx, part));
    } else if (t == GEOS_MULTIPOLYGON) {
      for (int k = 0; k < GEOSGetNumGeometries_r(ctx, part); ++k) {
        polys.push_back(GEOSGeom_clone_r(ctx, GEOSGetGeometryN_r(ctx, part, k)));
      }
    }
  }
  return GeomPtr(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())),
                 GeomDeleter{ctx});
}

void appendRingSegments(const Geometry& g, std::size_t ring, Vec2 origin, Rgba color, bool close,
                        std::vector<LineSegment>& out) {
  const std::uint32_t a = g.rings[ring], b = g.rings[ring + 1];
  if (b - a < 2) return;
  auto seg = [&](Vec2 p, Vec2 q) {
    if (!finite(p) || !finite(q) || p == q) return;
    out.push_back({static_cast<float>(p.x - origin.x), static_cast<float>(p.y - origin.y),
                   static_cast<float>(q.x - origin.x), static_cast<float>(q.y - origin.y), color});
  };
  for (std::uint32_t i = a; i + 1 < b; ++i) seg(g.points[i], g.points[i + 1]);
  if (close) seg(g.points[b - 1], g.points[a]);
}

}  // namespace

Buckets tessellate(const LayerData& layer, const LayerStyle& style) {
  Buckets out;
  out.style = style;
  out.extent = layer.extent;
  out.origin = layer.extent.empty() ? Vec2{0, 0} : layer.extent.center();
  GeosContext geos;
  GEOSContextHandle_t ctx = geos.get();
  const std::vector<Rgba>& palette = style.fillPalette.empty() ? defaultPalette() : style.fillPalette;

  for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
    const Geometry& g = layer.features[fi].geometry;
    const Rgba fill = palette[fi % palette.size()];
    bool anyFinite = false;
    for (const Vec2& p : g.points) anyFinite = anyFinite || finite(p);
    if (g.empty() || !anyFinite) {
      ++out.skippedFeatures;
      continue;
    }
    switch (g.kind) {
      case GeomKind::Point:
        for (const Vec2& p : g.points) {
          if (!finite(p)) continue;
          const float x = static_cast<float>(p.x - out.origin.x), y = static_cast<float>(p.y - out.origin.y);
          out.markers.push_back({x, y, x, y, fill});
        }
        break;
      case GeomKind::Line:
        for (std::size_t r = 0; r < g.ringCount(); ++r) appendRingSegments(g, r, out.origin, fill, false, out.outlines);
        break;
      case GeomKind::Polygon: {
        std::vector<GEOSGeometry*> polys;
        for (std::size_t p = 0; p < g.partCount(); ++p) {
          if (GEOSGeometry* poly = makePolygon(ctx, g, g.parts[p], g.parts[p + 1])) polys.push_back(poly);
        }
        if (polys.empty()) {
          ++out.skippedFeatures;
          break;
        }
        GeomPtr multi(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys.data(),
                                                  static_cast<unsigned>(polys.size())),
                      GeomDeleter{ctx});
        GeomPtr valid{nullptr, GeomDeleter{ctx}};
        const GEOSGeometry* toTriangulate = multi.get();
        if (GEOSisValid_r(ctx, multi.get()) != 1) {
          valid = polygonalPart(ctx, GeomPtr(GEOSMakeValid_r(ctx, multi.get()), GeomDeleter{ctx}));
          ++out.repairedPolygons;
          toTriangulate = valid.get();
        }
        if (toTriangulate) {
          GeomPtr tris(GEOSConstrainedDelaunayTriangulation_r(ctx, toTriangulate), GeomDeleter{ctx});
          if (tris) appendTriangles(ctx, tris.get(), out.origin, fill, out);
        }
        for (std::size_t r = 0; r < g.ringCount(); ++r) {
          appendRingSegments(g, r, out.origin, style.strokeColor, true, out.outlines);
        }
        break;
      }
      case GeomKind::None:
        ++out.skippedFeatures;
        break;
    }
  }
  return out;
}

}  // namespace zhenmap
