// Geodesic measurement with PROJ's geodesic.h; see measure.hpp.
#include "measure.hpp"

#include <geodesic.h>

#include <cmath>
#include <cstdio>

namespace zhenmap {

namespace {

geod_geodesic makeGeodesic(const Ellipsoid& e) {
  geod_geodesic g{};
  geod_init(&g, e.a, e.f);
  return g;
}

struct GeodesicCache {
  Ellipsoid ellipsoid;
  geod_geodesic geodesic;
};

std::string printed(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

}  // namespace

const geod_geodesic& geodesicOf(const Ellipsoid& e) {
  static const geod_geodesic cgcs2000 = makeGeodesic(kCgcs2000);
  if (e.a == kCgcs2000.a && e.f == kCgcs2000.f) return cgcs2000;
  // Other ellipsoids (tests, a sphere): the last one asked for on this thread.
  thread_local GeodesicCache last{e, makeGeodesic(e)};
  if (last.ellipsoid.a != e.a || last.ellipsoid.f != e.f) last = {e, makeGeodesic(e)};
  return last.geodesic;
}

double geodesicDistance(Vec2 a, Vec2 b, const Ellipsoid& e) {
  const geod_geodesic& g = geodesicOf(e);
  double s12 = 0.0;
  geod_inverse(&g, a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12;
}

double geodesicLength(const std::vector<Vec2>& lonLat, const Ellipsoid& e) {
  const geod_geodesic& g = geodesicOf(e);
  double total = 0.0;
  for (std::size_t i = 1; i < lonLat.size(); ++i) {
    double s12 = 0.0;
    geod_inverse(&g, lonLat[i - 1].y, lonLat[i - 1].x, lonLat[i].y, lonLat[i].x, &s12, nullptr, nullptr);
    total += s12;
  }
  return total;
}

PolygonMeasure geodesicPolygon(const std::vector<Vec2>& lonLat, const Ellipsoid& e) {
  PolygonMeasure m;
  if (lonLat.size() < 2) return m;
  const geod_geodesic& g = geodesicOf(e);
  geod_polygon p{};
  geod_polygon_init(&p, 0);
  for (const Vec2& v : lonLat) geod_polygon_addpoint(&g, &p, v.y, v.x);
  double area = 0.0, perimeter = 0.0;
  geod_polygon_compute(&g, &p, 0, 1, &area, &perimeter);
  m.area = lonLat.size() >= 3 ? std::fabs(area) : 0.0;
  m.perimeter = perimeter;
  return m;
}

std::string distanceText(double metres) {
  if (!std::isfinite(metres)) return "—";
  if (metres < 1000.0) return printed("%.0f m", metres);
  if (metres < 100000.0) return printed("%.2f km", metres / 1000.0);
  return printed("%.1f km", metres / 1000.0);
}

std::string areaText(double squareMetres) {
  if (!std::isfinite(squareMetres)) return "—";
  if (squareMetres < 10000.0) return printed("%.0f m²", squareMetres);
  if (squareMetres < 1.0e6) return printed("%.2f ha", squareMetres / 10000.0);
  return printed("%.2f km²", squareMetres / 1.0e6);
}

}  // namespace zhenmap
