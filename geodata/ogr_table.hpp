// Layers of any GDAL vector source as feature tables (import) or feature streams (export), with
// the field exchange formats need: KML/KMZ (every folder read into one table with a `folder`
// field, the placemark's colour in a `style` field), GPX (waypoints, routes or tracks chosen),
// and any other driver GDAL has. Coordinates come out east/north (lon/lat), Z/M dropped.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "feature_table.hpp"

namespace zhenmap {

struct LayerReadOptions {
  std::string layer;      // by name; "" the only layer (GPX: the one kind that has features)
  std::string assignCrs;  // the CRS of a layer that declares none
  std::string encoding;   // a Shapefile's text encoding over its .cpg
  std::string where;      // OGR SQL attribute filter ("status = 'completed'")
  bool flatten = true;    // drop Z and M (the project store is 2D)
};

// Streams one layer (export of any GDAL data). The source stays open while the FeatureSource
// lives. Throws OpenError / DataError (no such layer, several layers and none chosen, a bad
// filter) / CrsError (assignCrs unknown).
FeatureSource openOgrSource(const std::string& path, const LayerReadOptions& options = {});

// Reads one layer whole; KML/KMZ read every folder into one table. Throws like openOgrSource;
// a KMZ without a KML document inside gets its own message.
FeatureTable readOgrTable(const std::string& path, const LayerReadOptions& options = {});

// The layers of a source with their feature counts, for a chooser.
std::vector<std::pair<std::string, std::int64_t>> listLayers(const std::string& path, const std::string& encoding = {});

}  // namespace zhenmap
