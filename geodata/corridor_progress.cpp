// Linear referencing of routes on the ellipsoid; see corridor_progress.hpp.
#include "corridor_progress.hpp"

#include <geodesic.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "crs_transform.hpp"
#include "measure.hpp"

namespace zhenmap {

namespace {

// CGCS2000 (EPSG:4490, the store's CRS).
const geod_geodesic& grs80() { return geodesicOf(kCgcs2000); }

double segmentMetres(Vec2 a, Vec2 b, double* azimuth) {
  double s12 = 0, azi1 = 0, azi2 = 0;
  geod_inverse(&grs80(), a.y, a.x, b.y, b.x, &s12, &azi1, &azi2);
  if (azimuth) *azimuth = azi1;
  return s12;
}

double numberOf(const AttributeValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return 0.0;
}

std::size_t fieldIndex(const LayerData& layer, const std::string& name) {
  if (const auto i = findField(layer, name)) return *i;
  throw std::invalid_argument("layer " + layer.name + " has no field " + name);
}

void appendLine(Geometry& g, const std::vector<Vec2>& line) {
  if (line.size() < 2) return;
  if (g.rings.empty()) g.rings.push_back(0);
  g.points.insert(g.points.end(), line.begin(), line.end());
  g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
  g.kind = GeomKind::Line;
}

}  // namespace

double ellipsoidLengthKm(const std::vector<Vec2>& lonLat) {
  double m = 0;
  for (std::size_t i = 1; i < lonLat.size(); ++i) m += segmentMetres(lonLat[i - 1], lonLat[i], nullptr);
  return m / 1000.0;
}

std::pair<std::vector<Vec2>, std::vector<Vec2>> splitAtKm(const std::vector<Vec2>& lonLat, double km) {
  std::pair<std::vector<Vec2>, std::vector<Vec2>> out;
  if (lonLat.size() < 2) return out;
  if (!(km > 0)) {
    out.second = lonLat;
    return out;
  }
  double left = km * 1000.0;
  out.first.push_back(lonLat.front());
  for (std::size_t i = 1; i < lonLat.size(); ++i) {
    double azimuth = 0;
    const double s = segmentMetres(lonLat[i - 1], lonLat[i], &azimuth);
    if (left < s) {
      double lat = 0, lon = 0;
      geod_direct(&grs80(), lonLat[i - 1].y, lonLat[i - 1].x, azimuth, left, &lat, &lon, nullptr);
      const Vec2 cut{lon, lat};
      out.first.push_back(cut);
      out.second.push_back(cut);
      out.second.insert(out.second.end(), lonLat.begin() + static_cast<std::ptrdiff_t>(i), lonLat.end());
      return out;
    }
    left -= s;
    out.first.push_back(lonLat[i]);
  }
  return out;  // km reaches the end: all built
}

std::string progressText(double builtKm, double plannedKm) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f / %.1f km", std::round(builtKm * 10.0) / 10.0,
                std::round(plannedKm * 10.0) / 10.0);
  return buf;
}

ProgressLayers splitRoutesByProgress(const LayerData& routes, const std::string& builtField,
                                     const std::string& plannedField) {
  const std::size_t bi = fieldIndex(routes, builtField);
  const std::size_t pi = fieldIndex(routes, plannedField);
  ProgressLayers out;
  for (LayerData* l : {&out.built, &out.remaining}) {
    l->source = routes.source;
    l->mapCrs = routes.mapCrs;
    l->sourceCrs = routes.sourceCrs;
    l->geometryType = routes.geometryType;
    l->encoding = routes.encoding;
    l->fields = routes.fields;
  }
  out.built.name = routes.name + "_built";
  out.remaining.name = routes.name + "_remaining";
  const bool transform = !routes.mapCrs.empty() && routes.mapCrs != "EPSG:4490";
  std::optional<CrsTransform> toLonLat;
  if (transform) toLonLat.emplace(routes.mapCrs, "EPSG:4490");
  for (const Feature& f : routes.features) {
    Feature built, remaining;
    built.fid = remaining.fid = f.fid;
    built.attributes = remaining.attributes = f.attributes;
    if (f.geometry.kind == GeomKind::Line) {
      double builtLeft = numberOf(f.attributes[bi]);
      const double planned = numberOf(f.attributes[pi]);
      const bool allBuilt = planned > 0 && builtLeft >= planned;
      for (std::size_t r = 0; r + 1 < f.geometry.rings.size(); ++r) {
        std::vector<Vec2> line(f.geometry.points.begin() + f.geometry.rings[r],
                               f.geometry.points.begin() + f.geometry.rings[r + 1]);
        if (toLonLat) toLonLat->forward(line.data(), line.size());
        const double length = ellipsoidLengthKm(line);
        auto parts = splitAtKm(line, allBuilt ? length + 1.0 : builtLeft);
        builtLeft -= length;
        for (std::vector<Vec2>* p : {&parts.first, &parts.second}) {
          if (toLonLat) toLonLat->inverse(p->data(), p->size());
        }
        appendLine(built.geometry, parts.first);
        appendLine(remaining.geometry, parts.second);
      }
    }
    for (auto [feature, layer] : {std::pair{&built, &out.built}, std::pair{&remaining, &out.remaining}}) {
      layer->extent.expand(feature->geometry.bounds());
      layer->features.push_back(std::move(*feature));
    }
  }
  return out;
}

}  // namespace zhenmap
