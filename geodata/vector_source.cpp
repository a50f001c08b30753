// GDAL/OGR reading into display layers; see vector_source.hpp.
#include "vector_source.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <cmath>
#include <mutex>

#include "crs_transform.hpp"
#include "errors.hpp"
#include "gdal_handles.hpp"

namespace zhenmap {

void gdal::ensureRegistered() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
  });
}

namespace {

void appendRing(OGRGeometryH ring, Geometry& g) {
  const int n = OGR_G_GetPointCount(ring);
  const std::size_t start = g.points.size();
  g.points.resize(start + static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    g.points[start + static_cast<std::size_t>(i)] = {OGR_G_GetX(ring, i), OGR_G_GetY(ring, i)};
  }
  g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
}

void appendGeometry(OGRGeometryH geom, Geometry& g) {
  const OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(geom));
  switch (t) {
    case wkbPoint:
      if (OGR_G_IsEmpty(geom)) return;
      if (g.kind == GeomKind::None) g.kind = GeomKind::Point;
      if (g.kind != GeomKind::Point) return;
      g.points.push_back({OGR_G_GetX(geom, 0), OGR_G_GetY(geom, 0)});
      g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
      return;
    case wkbLineString:
      if (g.kind == GeomKind::None) g.kind = GeomKind::Line;
      if (g.kind != GeomKind::Line) return;
      appendRing(geom, g);
      return;
    case wkbPolygon: {
      if (g.kind == GeomKind::None) g.kind = GeomKind::Polygon;
      if (g.kind != GeomKind::Polygon) return;
      const int n = OGR_G_GetGeometryCount(geom);
      if (n == 0) return;
      for (int i = 0; i < n; ++i) appendRing(OGR_G_GetGeometryRef(geom, i), g);
      g.parts.push_back(static_cast<std::uint32_t>(g.ringCount()));
      return;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (int i = 0; i < OGR_G_GetGeometryCount(geom); ++i) appendGeometry(OGR_G_GetGeometryRef(geom, i), g);
      return;
    default: {
      // Curves and other exotic types: linearise, then append.
      gdal::GeometryPtr linear(OGR_G_GetLinearGeometry(geom, 0.0, nullptr));
      if (linear && wkbFlatten(OGR_G_GetGeometryType(linear.get())) != t) appendGeometry(linear.get(), g);
      return;
    }
  }
}

Geometry toGeometry(OGRGeometryH geom) {
  Geometry g;
  g.rings.push_back(0);
  g.parts.push_back(0);
  appendGeometry(geom, g);
  if (g.kind != GeomKind::Polygon) g.parts.clear();
  if (g.points.empty()) g = Geometry{};
  return g;
}

std::string srsDefinition(OGRSpatialReferenceH srs) {
  if (!srs) return {};
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE) {
    CPLFree(wkt);
    return {};
  }
  gdal::CplString owned(wkt);
  return owned.get();
}

}  // namespace

std::vector<LayerData> readVectorSource(const std::string& path, const ReadOptions& options) {
  gdal::ensureRegistered();
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  CPLPopErrorHandler();
  if (!ds) {
    std::string why = CPLGetLastErrorMsg();
    throw OpenError(why.empty() ? "not a readable vector data source" : why, {path, {}, {}});
  }
  std::vector<LayerData> out;
  const int layerCount = GDALDatasetGetLayerCount(ds.get());
  for (int li = 0; li < layerCount; ++li) {
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), li);
    LayerData data;
    data.source = path;
    data.name = OGR_L_GetName(layer);
    data.mapCrs = options.mapCrs;
    data.sourceCrs = srsDefinition(OGR_L_GetSpatialRef(layer));
    std::string from = data.sourceCrs.empty() ? options.assignCrs : data.sourceCrs;
    if (from.empty()) {
      throw CrsError("the source declares no CRS; assign one", {path, data.name, {}});
    }
    CrsTransform transform(from, options.mapCrs);
    OGR_L_ResetReading(layer);
    while (gdal::Feature f{OGR_L_GetNextFeature(layer)}) {
      Feature feat;
      feat.fid = OGR_F_GetFID(f.get());
      if (OGRGeometryH geom = OGR_F_GetGeometryRef(f.get())) feat.geometry = toGeometry(geom);
      transform.forward(feat.geometry.points.data(), feat.geometry.points.size());
      for (const Vec2& p : feat.geometry.points) {
        if (std::isfinite(p.x) && std::isfinite(p.y)) data.extent.expand(p);
      }
      data.features.push_back(std::move(feat));
    }
    out.push_back(std::move(data));
  }
  return out;
}

}  // namespace zhenmap
