// Reading vector data through GDAL/OGR: any driver GDAL has, by path or connection string.
#pragma once

#include <string>
#include <vector>

#include "layer.hpp"

namespace zhenmap {

struct ReadOptions {
  std::string mapCrs = "EPSG:3857";
  std::string assignCrs;  // used when the source declares no CRS
};

// Reads every layer of a source into display layers in options.mapCrs.
// Throws OpenError when the source cannot be opened, DataError for read failures.
std::vector<LayerData> readVectorSource(const std::string& path, const ReadOptions& options = {});

}  // namespace zhenmap
