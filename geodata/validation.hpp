// Geometry validation with GEOS (OGC simple-features rules). The source geometry is never
// changed: an invalid polygon is reported with GEOS's reason and location, and drawn as it is
// (each part filled by the even-odd rule over its rings, as GDAL and QGIS draw it).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "geometry.hpp"

namespace zhenmap {

enum class GeometryStatus : std::uint8_t {
  Valid,
  Null,       // the feature has no geometry
  Empty,      // a geometry without coordinates
  NonFinite,  // NaN, infinite or absurdly large coordinates (also: outside the CRS transformation's domain)
  Invalid,    // GEOS says not valid (self-intersection, unclosed ring, ...)
};

// "valid", "null", "empty", "non-finite", "invalid".
const char* statusName(GeometryStatus s);

// No coordinate system reaches this far (1e12 m is about seven times the Earth's distance from
// the Sun): a coordinate beyond it is a broken record, and drawing it overflowed the renderer's
// floats (./dev.sh fuzz, wkt_geometry).
constexpr double kMaxCoordinate = 1e12;

struct ValidationResult;
// Null, empty, non-finite or beyond kMaxCoordinate; Valid (not checked further) otherwise.
ValidationResult checkCoordinates(const Geometry& g);

struct ValidationResult {
  GeometryStatus status = GeometryStatus::Valid;
  std::string reason;            // GEOS's reason for Invalid ("Self-intersection", ...), else a short text
  std::optional<Vec2> location;  // where GEOS found the problem, in the geometry's CRS
  bool valid() const { return status == GeometryStatus::Valid; }
};

// Owns a GEOS context: use one per thread. Methods are not reentrant.
class GeometryValidator {
 public:
  GeometryValidator();
  ~GeometryValidator();
  GeometryValidator(GeometryValidator&&) noexcept;
  GeometryValidator& operator=(GeometryValidator&&) noexcept;
  GeometryValidator(const GeometryValidator&) = delete;
  GeometryValidator& operator=(const GeometryValidator&) = delete;

  // Checks finiteness and emptiness, then validity with GEOSisValidDetail (polygons) or the
  // minimum point count (lines). Points are valid when finite.
  ValidationResult validate(const Geometry& g);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace zhenmap
