// OGR -> Geometry conversion; see ogr_geometry.hpp.
#include "ogr_geometry.hpp"

#include "gdal_handles.hpp"

namespace zhenmap {

namespace {

GeomKind kindOf(OGRwkbGeometryType flat) {
  switch (flat) {
    case wkbPoint:
    case wkbMultiPoint:
      return GeomKind::Point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return GeomKind::Line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbTriangle:
    case wkbTIN:
    case wkbPolyhedralSurface:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      return GeomKind::Polygon;
    default:
      return GeomKind::None;
  }
}

// Appends the vertices of a simple curve (line string or ring); returns the count appended.
std::size_t appendPoints(OGRGeometryH curve, Geometry& g) {
  const int n = OGR_G_GetPointCount(curve);
  if (n <= 0) return 0;
  const std::size_t start = g.points.size();
  g.points.resize(start + static_cast<std::size_t>(n));
  constexpr int stride = static_cast<int>(sizeof(Vec2));
  OGR_G_GetPoints(curve, &g.points[start].x, stride, &g.points[start].y, stride, nullptr, 0);
  return static_cast<std::size_t>(n);
}

void closeRing(Geometry& g) { g.rings.push_back(static_cast<std::uint32_t>(g.points.size())); }

void append(OGRGeometryH geom, Geometry& g) {
  const OGRwkbGeometryType flat = wkbFlatten(OGR_G_GetGeometryType(geom));
  const GeomKind kind = kindOf(flat);
  if (kind == GeomKind::None && flat != wkbGeometryCollection) return;
  if (kind != GeomKind::None) {
    if (g.kind == GeomKind::None) g.kind = kind;
    if (g.kind != kind) return;
  }
  switch (flat) {
    case wkbPoint:
      if (OGR_G_IsEmpty(geom)) return;
      if (appendPoints(geom, g) > 0) closeRing(g);
      return;
    case wkbLineString:
      if (appendPoints(geom, g) > 0) closeRing(g);
      return;
    case wkbPolygon:
    case wkbTriangle: {
      const int rings = OGR_G_GetGeometryCount(geom);
      const std::size_t firstRing = g.ringCount();
      for (int i = 0; i < rings; ++i) {
        if (appendPoints(OGR_G_GetGeometryRef(geom, i), g) > 0) {
          closeRing(g);
        } else if (i == 0) {
          return;  // no exterior ring: the polygon is empty
        }
      }
      if (g.ringCount() > firstRing) g.parts.push_back(static_cast<std::uint32_t>(g.ringCount()));
      return;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbTIN:
    case wkbPolyhedralSurface:
      for (int i = 0; i < OGR_G_GetGeometryCount(geom); ++i) append(OGR_G_GetGeometryRef(geom, i), g);
      return;
    default: {
      gdal::GeometryPtr linear(OGR_G_GetLinearGeometry(geom, 0.0, nullptr));
      if (linear && wkbFlatten(OGR_G_GetGeometryType(linear.get())) != flat) append(linear.get(), g);
      return;
    }
  }
}

}  // namespace

Geometry fromOgr(OGRGeometryH geom) {
  Geometry g;
  if (!geom) return g;
  g.rings.reserve(2);  // room for the common one-ring polygon or single line without regrowing
  g.parts.reserve(2);
  g.rings.push_back(0);
  g.parts.push_back(0);
  append(geom, g);
  if (g.kind != GeomKind::Polygon) g.parts.clear();
  if (g.points.empty()) {
    const GeomKind kind = g.kind != GeomKind::None ? g.kind : kindOf(wkbFlatten(OGR_G_GetGeometryType(geom)));
    g = Geometry{};
    g.kind = kind == GeomKind::None ? GeomKind::Point : kind;  // an empty collection is still "empty"
  }
  return g;
}

}  // namespace zhenmap
