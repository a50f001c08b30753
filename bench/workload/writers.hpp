// Writing the workload out: a GeoPackage through GDAL/OGR and a zhenmap project (SpatiaLite, the
// store's schema, every row through the store's validation). Feature ids are 1-based positions in
// each layer, the same in both files.
#pragma once

#include <cstdint>
#include <string>

#include "workload_model.hpp"

namespace zhenmap::bench {

// ISO WKB, little-endian: POINT, LINESTRING or MULTIPOLYGON (EPSG:4490 lon/lat).
std::string toWkb(const Geometry& g);

// FNV-1a over the little-endian bytes of every coordinate, layer by layer: equal for equal data.
std::uint64_t coordinateChecksum(const Workload& w);

// Throws std::runtime_error with GDAL's message.
void writeGeoPackage(const Workload& w, const std::string& path);
// Throws the store's errors (OpenError, ValidationError, SqliteError).
void writeSpatiaLite(const Workload& w, const std::string& path);

}  // namespace zhenmap::bench
