// Raster layers from what a user names: a raster file (orthophoto, DEM, MBTiles, GeoPackage tiles,
// VRT) or a basemap (a tile service preset or an XYZ URL template), with the service's key taken
// from the user's settings and its tiles going through the offline cache. Used by `zhenmap render`
// and `zhenmap tiles`; the window makes its raster layers the same way.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "errors.hpp"
#include "raster_layer.hpp"
#include "raster_source.hpp"
#include "service_tile_loader.hpp"

namespace zhenmap {

class Settings;

// A service needs a key the settings do not hold.
class MissingKeyError : public DataError {
 public:
  using DataError::DataError;
};

struct RasterInputOptions {
  std::string mapCrs = "EPSG:3857";
  std::string assignCrs;  // for raster files that declare no CRS
  bool offline = false;   // tile services: the cache only, no request
  std::string cacheDir;   // "" : TileCache::defaultDirectory()
  HttpOptions http;
};

// A local raster file. Throws OpenError / CrsError (path in the message).
std::shared_ptr<RasterLayer> openRasterFile(const std::string& path, const RasterInputOptions& options);

// The tile sources a basemap argument stands for, keys and approval numbers filled in from the
// settings. Throws std::invalid_argument (neither preset nor template) and MissingKeyError.
std::vector<TileServiceSpec> basemapSpecs(const std::string& arg, const Settings& settings);

// Layers (bottom first) for a basemap argument. Throws as basemapSpecs, and CacheError.
std::vector<std::shared_ptr<RasterLayer>> openBasemap(const std::string& arg, const Settings& settings,
                                                      const RasterInputOptions& options);

// The message for a service whose key is missing (also what the window shows).
std::string missingKeyMessage(const TileServiceSpec& spec);

}  // namespace zhenmap
