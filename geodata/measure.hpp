// Distance and area on the ellipsoid for the measuring tool: geodesic lengths and geodesic polygon
// areas through PROJ's geodesic routines (geodesic.h), and their readable text (m / km, m² / ha /
// km²). Coordinates are lon/lat degrees of CGCS2000, whose ellipsoid is GRS80 for every purpose
// here (the two differ by 0.1 mm in the semi-minor axis).
#pragma once

#include <string>
#include <vector>

#include "geometry.hpp"

struct geod_geodesic;  // PROJ's geodesic.h

namespace zhenmap {

struct Ellipsoid {
  double a = 6378137.0;            // semi-major axis, metres
  double f = 1.0 / 298.257222101;  // flattening (GRS80); 0 for a sphere
};

// The ellipsoid of CGCS2000 (EPSG:4490), which the project store and the status bar use.
inline constexpr Ellipsoid kCgcs2000{};

// PROJ's geodesic object of an ellipsoid (geodesic.h), for callers that need more than lengths
// and areas (azimuths, points along a line). Thread-safe; the reference stays valid.
const geod_geodesic& geodesicOf(const Ellipsoid& e = kCgcs2000);

// The shortest distance between two lon/lat points, in metres.
double geodesicDistance(Vec2 a, Vec2 b, const Ellipsoid& e = kCgcs2000);

// Sum of the geodesic segments of a path, in metres (0 for fewer than two points).
double geodesicLength(const std::vector<Vec2>& lonLat, const Ellipsoid& e = kCgcs2000);

struct PolygonMeasure {
  double area = 0.0;       // m², always >= 0 whichever way the ring turns
  double perimeter = 0.0;  // m, closing edge included
};

// The area and perimeter of the polygon whose edges are the geodesics between consecutive points
// (closed implicitly: do not repeat the first point). Fewer than three points: area 0.
PolygonMeasure geodesicPolygon(const std::vector<Vec2>& lonLat, const Ellipsoid& e = kCgcs2000);

// "850 m", "12.35 km" (metres below 1 km; 2 decimals of km below 100 km, 1 above).
std::string distanceText(double metres);
// "950 m²", "3.25 ha" (from 1 ha), "12.35 km²" (from 1 km²).
std::string areaText(double squareMetres);

}  // namespace zhenmap
