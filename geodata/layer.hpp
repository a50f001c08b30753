// A layer ready for display: features with geometry in the map CRS. Immutable once published,
// shared between the UI thread, the renderer and background jobs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

struct Feature {
  std::int64_t fid = -1;
  Geometry geometry;  // map CRS
};

struct LayerData {
  std::string source;  // path or connection string
  std::string name;
  std::string mapCrs;     // CRS of the coordinates in features
  std::string sourceCrs;  // CRS the source declares (empty when it declares none)
  std::vector<Feature> features;
  Box extent;  // in mapCrs
};

}  // namespace zhenmap
