// Geometries the store writes: ISO WKB in EPSG:4490 (CGCS2000 lon/lat), checked with GEOS against
// the layer's geometry type and for validity (a self-intersecting polygon is refused with the
// place GEOS names), and converted for people: WKT for messages and conflicts, WKT in any CRS
// into the store's WKB (the CLI's --wkt/--crs).
#pragma once

#include <string>

#include "store/schema.hpp"

namespace zhenmap::store {

// The geometry as the layer stores it: a POLYGON becomes a one-part MULTIPOLYGON for a
// MULTIPOLYGON layer; output is 2D little-endian ISO WKB. Throws ValidationError (field "geom")
// for WKB that does not parse, an empty geometry, the wrong type for the layer, coordinates
// outside lon/lat ranges, or an invalid geometry (GEOS's reason and location).
std::string checkGeometry(const LayerSpec& layer, const std::string& wkb);

// WKT of a WKB geometry with at most `decimals` decimals ("" for empty input, "(unreadable)" for
// WKB that does not parse).
std::string geometryWkt(const std::string& wkb, int decimals = 7);

// Parses WKT and transforms it from `crs` (anything PROJ accepts; "" = EPSG:4490) into the
// store's lon/lat, as ISO WKB. Throws ValidationError for WKT that does not parse, CrsError for
// a CRS PROJ rejects, ValidationError for points the transformation cannot reach.
std::string wkbFromWkt(const std::string& wkt, const std::string& crs = "");

// A point on the geometry (inside a polygon, on a line), as WKB: where a feature "is".
std::string pointOnSurface(const std::string& wkb);

}  // namespace zhenmap::store
