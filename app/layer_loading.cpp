// Loading and tessellating layers for display; see layer_loading.hpp.
#include "layer_loading.hpp"

#include <filesystem>

#include "default_styles.hpp"
#include "errors.hpp"
#include "project_meta.hpp"
#include "vector_source.hpp"

namespace zhenmap {

LoadedLayers loadLayers(const std::vector<std::string>& paths, const LoadOptions& options,
                        const std::function<void(double)>& progress, const std::atomic<bool>* cancel) {
  LoadedLayers out;
  ReadOptions read;
  read.mapCrs = options.mapCrs;
  read.layers = options.layers;
  const double share = paths.empty() ? 1.0 : 1.0 / static_cast<double>(paths.size());
  for (std::size_t pi = 0; pi < paths.size(); ++pi) {
    if (cancel && cancel->load()) break;
    ReadControl control;
    control.cancel = cancel;
    const std::map<std::string, LayerStyle> saved = readProjectStyles(paths[pi], options.warning);
    if (progress) control.progress = [&](double f) { progress((static_cast<double>(pi) + 0.8 * f) * share); };
    for (LayerData& layer : readVectorSource(paths[pi], read, control)) {
      bool drawable = false;
      for (const Feature& f : layer.features) drawable = drawable || f.geometry.kind != GeomKind::None;
      if (!drawable) continue;  // attribute-only tables (metadata, audit) have nothing to draw
      LayerStyle style = defaultStyle(layer, out.data.size());
      if (auto it = options.styles.find(layer.name); it != options.styles.end()) {
        style = it->second;
      } else if (auto jt = saved.find(layer.name); jt != saved.end()) {
        style = jt->second;
      }
      if (!options.outlines) {
        style.symbol.strokeWidth = 0.0f;
        for (StyleClass& c : style.classes) c.symbol.strokeWidth = 0.0f;
      }
      TessellateOptions tess;
      tess.cancel = cancel;
      out.buckets.push_back(tessellate(layer, style, tess));
      out.data.push_back(std::make_shared<const LayerData>(std::move(layer)));
    }
    if (progress) progress(static_cast<double>(pi + 1) * share);
  }
  if (!options.layers.empty()) {
    for (const std::string& want : options.layers) {
      bool found = false;
      for (const auto& d : out.data) found = found || d->name == want;
      if (!found) throw DataError("no layer named '" + want + "' with geometry");
    }
  }
  return out;
}

std::string defaultDataPath() {
  namespace fs = std::filesystem;
  const fs::path installed = fs::path(ZHENMAP_SOURCE_DIR) / "data" / "jieyang" / "jieyang_counties.geojson";
  return installed.string();
}

}  // namespace zhenmap
