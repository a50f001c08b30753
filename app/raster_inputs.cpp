// Raster layers from files and basemap names; see raster_inputs.hpp.
#include "raster_inputs.hpp"

#include "raster_tile_loader.hpp"
#include "settings.hpp"
#include "wmts_capabilities.hpp"

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

namespace {

// "wmts:CAPABILITIES_URL#LAYER[@MATRIX_SET]": the capabilities fetched and read. A key in the
// capabilities address ({tk}, or written out) is asked of every tile as well.
TileServiceSpec wmtsSpec(const std::string& arg, const Settings& settings) {
  const std::size_t hash = arg.rfind('#');
  if (hash == std::string::npos || hash + 1 >= arg.size()) {
    throw std::invalid_argument("a WMTS basemap is wmts:CAPABILITIES_URL#LAYER[@MATRIX_SET]");
  }
  std::string url = arg.substr(5, hash - 5);
  std::string layer = arg.substr(hash + 1), set;
  if (const std::size_t at = layer.find('@'); at != std::string::npos) {
    set = layer.substr(at + 1);
    layer.resize(at);
  }
  // The key: taken out of the address like a template's, filled in from the settings when asked for.
  std::string key = takeKeyOutOfUrl(url);
  const std::size_t tk = url.find("{tk}");
  const std::string keyName = keyNameFor(url);
  if (tk != std::string::npos && key.empty()) {
    const auto k = settings.tileKeys.find(keyName);
    if (k == settings.tileKeys.end() || k->second.empty()) {
      TileServiceSpec named;
      named.title = "WMTS " + layer;
      named.keyName = keyName;
      throw MissingKeyError(missingKeyMessage(named));
    }
    key = k->second;
  }
  std::string fetchUrl = url;
  if (tk != std::string::npos) fetchUrl.replace(tk, 4, key);
  WmtsCapabilities caps;
  try {
    caps = parseWmtsCapabilities(httpGet(fetchUrl));
  } catch (const std::runtime_error& e) {
    throw OpenError(std::string("WMTS capabilities of layer ") + layer + ": " + e.what());
  }
  TileServiceSpec spec = wmtsSource(caps, layer, set);
  if (tk != std::string::npos) {
    // The parameter that carried the key ("tk="), asked of every tile too.
    const std::size_t start = url.find_last_of("?&", tk) + 1;
    spec.urlTemplate +=
        (spec.urlTemplate.find('?') == std::string::npos ? "?" : "&") + url.substr(start, tk - start) + "{tk}";
    spec.keyName = keyName;
    spec.key = key;
  }
  std::uint32_t h = 2166136261u;  // the cache file: one per service and layer, never named by the key
  for (unsigned char c : url) h = (h ^ c) * 16777619u;
  spec.name += "-" + std::to_string(h);
  spec.attribution = spec.title;
  return spec;
}

}  // namespace

std::vector<TileServiceSpec> basemapSpecs(const std::string& arg, const Settings& settings) {
  if (arg.rfind("wmts:", 0) == 0) return {wmtsSpec(arg, settings)};
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
