// Raster layers from files and basemap names; see raster_inputs.hpp.
#include "raster_inputs.hpp"

#include "raster_tile_loader.hpp"
#include "settings.hpp"

namespace zhenmap {

std::shared_ptr<RasterLayer> openRasterFile(const std::string& path, const RasterInputOptions& options) {
  RasterOpenOptions open;
  open.assignCrs = options.assignCrs;
  auto loader = std::make_shared<RasterTileLoader>(path, open);
  try {
    return std::make_shared<RasterLayer>(loader, options.mapCrs);
  } catch (const CrsError& e) {
    throw CrsError(e.what(), {path});
  }
}

std::string missingKeyMessage(const TileServiceSpec& spec) {
  return (spec.title.empty() ? spec.name : spec.title) + " needs a " + spec.keyName +
         " key: enter it once with `zhenmap tiles key " + spec.keyName + "` (it reads the key from standard input)";
}

std::vector<TileServiceSpec> basemapSpecs(const std::string& arg, const Settings& settings) {
  std::vector<TileServiceSpec> specs = basemapSources(arg);
  for (TileServiceSpec& s : specs) {
    if (!s.keyName.empty() && s.key.empty()) {
      const auto k = settings.tileKeys.find(s.keyName);
      if (k == settings.tileKeys.end() || k->second.empty()) throw MissingKeyError(missingKeyMessage(s));
      s.key = k->second;
    }
    for (const std::string& name : {s.name, s.keyName}) {
      if (const auto a = settings.approvalNumbers.find(name); !name.empty() && a != settings.approvalNumbers.end()) {
        s.approvalNumber = a->second;
      }
    }
  }
  return specs;
}

std::vector<std::shared_ptr<RasterLayer>> openBasemap(const std::string& arg, const Settings& settings,
                                                      const RasterInputOptions& options) {
  std::vector<std::shared_ptr<RasterLayer>> layers;
  for (TileServiceSpec& spec : basemapSpecs(arg, settings)) {
    ServiceLoaderOptions lo;
    lo.cacheDir = options.cacheDir.empty() ? TileCache::defaultDirectory() : options.cacheDir;
    lo.offline = options.offline;
    lo.http = options.http;
    auto loader = std::make_shared<ServiceTileLoader>(std::move(spec), lo);
    layers.push_back(std::make_shared<RasterLayer>(loader, options.mapCrs));
  }
  return layers;
}

}  // namespace zhenmap
