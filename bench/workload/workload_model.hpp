// The synthetic benchmark workload in memory: layers of features (geometry in EPSG:4490 lon/lat and
// attributes named as in the project store's schema), and the sizes the generator knows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "geometry.hpp"
#include "store/validation.hpp"

namespace zhenmap::bench {

struct WorkFeature {
  Geometry geometry;  // Polygon kind: one or more polygons (written as MULTIPOLYGON)
  store::Row row;     // store field name -> value
};

struct WorkLayer {
  std::string name;  // the store table name (townships, villages, ...)
  std::vector<WorkFeature> features;
};

struct Workload {
  std::vector<WorkLayer> layers;  // in store creation order: referenced tables first
  std::uint64_t polygonVertices = 0;  // all ring vertices of townships and villages (closing ones included)
};

struct SizeSpec {
  std::string name;
  std::uint64_t targetPolygonVertices = 0;
};

// tiny (smoke test), small (~0.4 M), large (~10 M), huge (~50 M). Throws std::invalid_argument.
SizeSpec sizeByName(const std::string& name);

struct WorkloadOptions {
  std::uint64_t seed = 20261129;
  std::uint64_t targetPolygonVertices = 400'000;
  std::size_t households = 10'000;
};

// Deterministic: the same options give bit-identical coordinates and attributes.
Workload generateWorkload(const WorkloadOptions& options);

// The layer by name; throws std::out_of_range.
const WorkLayer& findLayer(const Workload& w, const std::string& name);

}  // namespace zhenmap::bench
