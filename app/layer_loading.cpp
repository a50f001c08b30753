// Loading and tessellating layers for display; see layer_loading.hpp.
#include "layer_loading.hpp"

#include <filesystem>

#include "vector_source.hpp"

namespace zhenmap {

LoadedLayers loadLayers(const std::vector<std::string>& paths, const std::string& mapCrs,
                        const std::function<void(std::size_t, std::size_t)>& progress,
                        const std::atomic<bool>* cancel) {
  LoadedLayers out;
  ReadOptions opts;
  opts.mapCrs = mapCrs;
  std::size_t done = 0;
  for (const std::string& path : paths) {
    if (cancel && cancel->load()) break;
    for (LayerData& layer : readVectorSource(path, opts)) {
      LayerStyle style;
      const bool polygons = !layer.features.empty() && layer.features.front().geometry.kind == GeomKind::Polygon;
      if (polygons) style.fillPalette = defaultPalette();
      out.names.push_back(layer.name);
      out.buckets.push_back(tessellate(layer, style));
    }
    if (progress) progress(++done, paths.size());
  }
  return out;
}

std::string defaultDataPath() {
  namespace fs = std::filesystem;
  const fs::path installed = fs::path(ZHENMAP_SOURCE_DIR) / "data" / "jieyang" / "jieyang_counties.geojson";
  return installed.string();
}

}  // namespace zhenmap
