// Demo geometry helpers; see demo_geometry.hpp.
#include "demo/demo_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zhenmap::demo {

namespace {

void collectPolygons(const GeosContext& ctx, const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
  const int type = GEOSGeomTypeId_r(ctx.get(), g);
  if (type == GEOS_POLYGON) {
    double area = 0;
    if (GEOSArea_r(ctx.get(), g, &area) == 1 && area > 0) out.push_back(GEOSGeom_clone_r(ctx.get(), g));
    return;
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx.get(), g);
    for (int i = 0; i < n; ++i) collectPolygons(ctx, GEOSGetGeometryN_r(ctx.get(), g, i), out);
  }
}

GeomPtr makePoint(const GeosContext& ctx, Vec2 p) {
  return own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "point");
}

}  // namespace

GeomPtr polygonalPart(const GeosContext& ctx, const GEOSGeometry* g) {
  std::vector<GEOSGeometry*> parts;
  collectPolygons(ctx, g, parts);
  GEOSGeometry* multi = GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, parts.data(),
                                                    static_cast<unsigned>(parts.size()));
  if (!multi) {
    for (GEOSGeometry* p : parts) GEOSGeom_destroy_r(ctx.get(), p);
  }
  return own(ctx, multi, "multipolygon");
}

GeomPtr fromWkb(const GeosContext& ctx, const std::string& wkb) {
  return own(ctx,
             GEOSGeomFromWKB_buf_r(ctx.get(), reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size()),
             "WKB reading");
}

std::string toWkb(const GeosContext& ctx, const GEOSGeometry* g) {
  WkbWriterPtr writer(GEOSWKBWriter_create_r(ctx.get()), WkbWriterDeleter{ctx.get()});
  if (!writer) throw DataError("cannot create a GEOS WKB writer");
  GEOSWKBWriter_setOutputDimension_r(ctx.get(), writer.get(), 2);
  std::size_t size = 0;
  unsigned char* buf = GEOSWKBWriter_write_r(ctx.get(), writer.get(), g, &size);
  if (!buf) throw DataError("GEOS WKB writing failed: " + ctx.lastError());
  std::string out(reinterpret_cast<const char*>(buf), size);
  GEOSFree_r(ctx.get(), buf);
  return out;
}

Box envelope(const GeosContext& ctx, const GEOSGeometry* g) {
  Box b;
  GEOSGeom_getXMin_r(ctx.get(), g, &b.minX);
  GEOSGeom_getYMin_r(ctx.get(), g, &b.minY);
  GEOSGeom_getXMax_r(ctx.get(), g, &b.maxX);
  GEOSGeom_getYMax_r(ctx.get(), g, &b.maxY);
  return b;
}

PreparedPtr prepare(const GeosContext& ctx, const GEOSGeometry* g) {
  PreparedPtr p(GEOSPrepare_r(ctx.get(), g), PreparedDeleter{ctx.get()});
  if (!p) throw DataError("GEOS cannot prepare a geometry: " + ctx.lastError());
  return p;
}

Vec2 randomPointIn(const GeosContext& ctx, const GEOSGeometry* area, const GEOSPreparedGeometry* prepared,
                   const Box& box, SplitMix64& rng) {
  for (int attempt = 0; attempt < 2000; ++attempt) {
    const Vec2 p{rng.uniform(box.minX, box.maxX), rng.uniform(box.minY, box.maxY)};
    GeomPtr pt = makePoint(ctx, p);
    if (GEOSPreparedContainsProperly_r(ctx.get(), prepared, pt.get()) == 1) return p;
  }
  GeomPtr surface = own(ctx, GEOSPointOnSurface_r(ctx.get(), area), "point on surface");
  Vec2 p;
  GEOSGeomGetX_r(ctx.get(), surface.get(), &p.x);
  GEOSGeomGetY_r(ctx.get(), surface.get(), &p.y);
  return p;
}

std::vector<GeomPtr> partition(const GeosContext& ctx, const GEOSGeometry* area, std::size_t n, SplitMix64& rng) {
  std::vector<GeomPtr> cells;
  if (n == 0) return cells;
  if (n == 1) {
    cells.push_back(polygonalPart(ctx, area));
    return cells;
  }
  const Box box = envelope(ctx, area);
  PreparedPtr prepared = prepare(ctx, area);
  // Best-candidate sampling spreads the seeds, so no cell is a sliver.
  std::vector<Vec2> seeds;
  for (std::size_t i = 0; i < n; ++i) {
    Vec2 best{};
    double bestDistance = -1;
    for (int c = 0; c < 12; ++c) {
      const Vec2 p = randomPointIn(ctx, area, prepared.get(), box, rng);
      double nearest = std::numeric_limits<double>::infinity();
      for (const Vec2& s : seeds) nearest = std::min(nearest, std::hypot(s.x - p.x, s.y - p.y));
      if (nearest > bestDistance && std::find(seeds.begin(), seeds.end(), p) == seeds.end()) {
        best = p;
        bestDistance = nearest;
      }
    }
    seeds.push_back(best);
  }
  std::vector<GEOSGeometry*> points;
  for (const Vec2& s : seeds) points.push_back(makePoint(ctx, s).release());
  GeomPtr multipoint = own(ctx,
                           GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOINT, points.data(),
                                                       static_cast<unsigned>(points.size())),
                           "multipoint");
  GeomPtr voronoi = own(ctx, GEOSVoronoiDiagram_r(ctx.get(), multipoint.get(), area, 0.0, 0), "Voronoi diagram");
  const int count = GEOSGetNumGeometries_r(ctx.get(), voronoi.get());
  cells.resize(n);
  for (int i = 0; i < count; ++i) {
    const GEOSGeometry* cell = GEOSGetGeometryN_r(ctx.get(), voronoi.get(), i);
    PreparedPtr preparedCell = prepare(ctx, cell);
    for (std::size_t s = 0; s < n; ++s) {
      if (cells[s]) continue;
      GeomPtr seed = makePoint(ctx, seeds[s]);
      if (GEOSPreparedContains_r(ctx.get(), preparedCell.get(), seed.get()) != 1) continue;
      GeomPtr clipped = own(ctx, GEOSIntersection_r(ctx.get(), cell, area), "intersection");
      cells[s] = polygonalPart(ctx, clipped.get());
      break;
    }
  }
  for (std::size_t s = 0; s < n; ++s) {
    if (!cells[s] || GEOSisEmpty_r(ctx.get(), cells[s].get())) {
      throw DataError("Voronoi partition left seed " + std::to_string(s) + " without a cell");
    }
  }
  return cells;
}

}  // namespace zhenmap::demo
