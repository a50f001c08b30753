// Loading and tessellating layers for display; see layer_loading.hpp.
#include "layer_loading.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "default_styles.hpp"
#include "errors.hpp"
#include "map_annotations.hpp"
#include "project_meta.hpp"
#include "store/pg_connection.hpp"
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
    const std::map<std::string, std::string> titles = readLayerTitles(paths[pi]);
    const std::set<std::string> personal = readPersonalLayers(paths[pi]);
    out.sensitiveFields.merge(readSensitiveFields(paths[pi]));
    out.fieldAliases.merge(readFieldAliases(paths[pi]));
    if (progress) control.progress = [&](double f) { progress((static_cast<double>(pi) + 0.8 * f) * share); };
    read.headerOnlyAbove = store::isPgUri(paths[pi]) ? options.streamAbove : -1;
    for (LayerData& layer : readVectorSource(paths[pi], read, control)) {
      bool drawable = layer.headerOnlyCount >= 0;  // streamed: drawn once the view's features arrive
      for (const Feature& f : layer.features) drawable = drawable || f.geometry.kind != GeomKind::None;
      if (!drawable) continue;  // attribute-only tables (metadata, audit) have nothing to draw
      const bool named = std::find(options.layers.begin(), options.layers.end(), layer.name) != options.layers.end();
      if (personal.count(layer.name) && !options.personalLayers && !named) continue;
      LayerStyle style = defaultStyle(layer, options.firstStyleIndex + out.data.size());
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
      Buckets buckets = tessellate(layer, style, tess);
      const auto title = titles.find(layer.name);
      out.titles.push_back(title != titles.end() ? title->second : layer.name);
      out.labelCounts.push_back(0);
      if (options.labels) {
        std::vector<LabelCandidate> labels = layerLabels(layer, style);
        out.labelCounts.back() = labels.size();
        out.labels.insert(out.labels.end(), std::make_move_iterator(labels.begin()), std::make_move_iterator(labels.end()));
      }
      out.buckets.push_back(std::move(buckets));
      out.data.push_back(std::make_shared<const LayerData>(std::move(layer)));
    }
    if (progress) progress(static_cast<double>(pi + 1) * share);
  }
  // Legend: top layer first; class names alone when there is only one layer.
  for (std::size_t i = out.buckets.size(); i-- > 0;) {
    const Buckets& b = out.buckets[i];
    const bool alone = out.buckets.size() == 1 && !b.style.classes.empty();
    for (LegendEntry& e : legendEntries(b.style, b.kind, alone ? std::string() : out.titles[i])) {
      out.legend.push_back(std::move(e));
    }
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

std::int64_t streamMinFeatures() {
  const char* env = std::getenv("ZHENMAP_STREAM_MIN_FEATURES");
  if (!env || !*env) return 50000;
  if (std::string(env) == "all") return 0;
  char* end = nullptr;
  const long long n = std::strtoll(env, &end, 10);
  return end && *end == '\0' && n >= 0 ? n : 50000;
}

std::string defaultDataPath() {
  namespace fs = std::filesystem;
  // The demo project that `./dev.sh run` builds, else the county outlines shipped in data/.
  const fs::path demo = fs::path(ZHENMAP_SOURCE_DIR) / "build" / "demo" / "jieyang_demo.sqlite";
  std::error_code ec;
  if (fs::is_regular_file(demo, ec)) return demo.string();
  return (fs::path(ZHENMAP_SOURCE_DIR) / "data" / "jieyang" / "jieyang_counties.geojson").string();
}

}  // namespace zhenmap
