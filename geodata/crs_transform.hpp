// Coordinate transformation with PROJ, always in visualisation order (east/north, lon/lat),
// whatever axis order the CRS definitions declare. One object per thread: PROJ contexts are not
// shared between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

class CrsTransform {
 public:
  // Accepts anything proj_create accepts: "EPSG:4490", WKT, PROJ strings, "OGC:CRS84".
  // Throws CrsError when PROJ rejects either CRS or finds no operation between them.
  CrsTransform(const std::string& from, const std::string& to);
  ~CrsTransform();
  CrsTransform(CrsTransform&&) noexcept;
  CrsTransform& operator=(CrsTransform&&) noexcept;
  CrsTransform(const CrsTransform&) = delete;
  CrsTransform& operator=(const CrsTransform&) = delete;

  // True when both CRSs are the same, so transforming is a no-op.
  bool identity() const;
  // Transforms in place. Points PROJ cannot transform become NaN (callers report them).
  void forward(Vec2* pts, std::size_t n) const;
  Vec2 forward(Vec2 p) const {
    forward(&p, 1);
    return p;
  }
  void inverse(Vec2* pts, std::size_t n) const;
  Vec2 inverse(Vec2 p) const {
    inverse(&p, 1);
    return p;
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// A readable short name for a CRS ("EPSG:4490"), or the empty string if PROJ has no identifier.
std::string crsShortName(const std::string& definition);

// True for geographic (lon/lat) CRSs; false for projected ones and for definitions PROJ rejects.
bool crsIsGeographic(const std::string& definition);

}  // namespace zhenmap
