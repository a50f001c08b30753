// Loading and tessellating layers for display; see layer_loading.hpp.
#include "layer_loading.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <numeric>
#include <set>

#include "standard_styles.hpp"
#include "errors.hpp"
#include "map_annotations.hpp"
#include "project.hpp"
#include "resources.hpp"
#include "vector_source.hpp"

namespace zhenmap {

namespace {
// Puts the layers in the order `names` lists them (bottom first), as `--layers` asks: data,
// styles, titles and each layer's block of labels move together.
void drawInNamedOrder(const std::vector<std::string>& names, LoadedLayers& out, std::vector<LayerStyle>& styles) {
  std::vector<std::size_t> order(out.data.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto rank = [&names](const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rank(out.data[a]->name) < rank(out.data[b]->name); });
  std::vector<std::size_t> labelStart(out.data.size() + 1, 0);
  for (std::size_t i = 0; i < out.data.size(); ++i) labelStart[i + 1] = labelStart[i] + out.labelCounts[i];
  LoadedLayers sorted;
  std::vector<LayerStyle> sortedStyles;
  for (std::size_t i : order) {
    sorted.data.push_back(std::move(out.data[i]));
    sorted.titles.push_back(std::move(out.titles[i]));
    sorted.labelCounts.push_back(out.labelCounts[i]);
    sortedStyles.push_back(std::move(styles[i]));
    std::move(out.labels.begin() + static_cast<std::ptrdiff_t>(labelStart[i]),
              out.labels.begin() + static_cast<std::ptrdiff_t>(labelStart[i + 1]), std::back_inserter(sorted.labels));
  }
  out.data = std::move(sorted.data);
  out.titles = std::move(sorted.titles);
  out.labelCounts = std::move(sorted.labelCounts);
  out.labels = std::move(sorted.labels);
  styles = std::move(sortedStyles);
}
}  // namespace

LoadedLayers loadLayers(const std::vector<std::string>& paths, const LoadOptions& options,
                        const std::function<void(double)>& progress, const std::atomic<bool>* cancel) {
  const auto start = std::chrono::steady_clock::now();
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  LoadedLayers out;
  ReadOptions read;
  read.mapCrs = options.mapCrs;
  read.layers = options.layers;
  read.layersOfSeveralSources = paths.size() > 1;  // each name is checked against all of them below
  read.assignCrs = options.assignCrs;
  read.encoding = options.encoding;
  const double share = paths.empty() ? 1.0 : 1.0 / static_cast<double>(paths.size());
  std::vector<LayerStyle> styles;  // same order as out.data
  for (std::size_t pi = 0; pi < paths.size(); ++pi) {
    if (cancel && cancel->load()) break;
    ReadControl control;
    control.cancel = cancel;
    static const ProjectMetadata kNone;
    const bool isProject = options.project != nullptr && paths[pi] == options.projectPath;
    const ProjectMetadata& meta = isProject ? *options.project : kNone;
    const std::map<std::string, LayerStyle>& saved = meta.styles;
    const std::map<std::string, std::string>& titles = meta.layerTitles;
    const std::set<std::string>& personal = meta.personalLayers;
    out.sensitiveFields.insert(meta.sensitiveFields.begin(), meta.sensitiveFields.end());
    out.fieldAliases.insert(meta.fieldAliases.begin(), meta.fieldAliases.end());
    if (options.warning) {
      for (const std::string& w : meta.warnings) options.warning(w);
    }
    if (progress) control.progress = [&](double f) { progress((static_cast<double>(pi) + 0.8 * f) * share); };
    read.headerOnlyAbove = meta.remote ? options.streamAbove : -1;  // large server layers: by viewport
    SourceRead source = readSource(paths[pi], read, control);
    std::move(source.skippedLayers.begin(), source.skippedLayers.end(), std::back_inserter(out.skippedLayers));
    for (LayerData& layer : source.layers) {
      bool drawable = layer.headerOnlyCount >= 0;  // streamed: drawn once the view's features arrive
      for (const Feature& f : layer.features) drawable = drawable || f.geometry.kind != GeomKind::None;
      if (!drawable) continue;  // attribute-only tables (metadata, audit) have nothing to draw
      const bool named = std::find(options.layers.begin(), options.layers.end(), layer.name) != options.layers.end();
      if (personal.count(layer.name) && !options.personalLayers && !named) continue;
      LayerStyle style = standardStyle(layer, options.firstStyleIndex + out.data.size());
      if (auto it = options.styles.find(layer.name); it != options.styles.end()) {
        style = it->second;
      } else if (auto jt = saved.find(layer.name); jt != saved.end()) {
        style = jt->second;
      }
      if (!options.outlines) {
        style.symbol.strokeWidth = 0.0f;
        for (StyleClass& c : style.classes) c.symbol.strokeWidth = 0.0f;
      }
      const auto title = titles.find(layer.name);
      out.titles.push_back(title != titles.end() ? title->second : layer.name);
      out.labelCounts.push_back(0);
      if (options.labels) {
        std::vector<LabelCandidate> labels = layerLabels(layer, style);
        out.labelCounts.back() = labels.size();
        out.labels.insert(out.labels.end(), std::make_move_iterator(labels.begin()), std::make_move_iterator(labels.end()));
      }
      styles.push_back(std::move(style));
      out.data.push_back(std::make_shared<const LayerData>(std::move(layer)));
    }
    if (progress) progress(static_cast<double>(pi + 1) * share * 0.8);
  }
  if (!options.layers.empty()) drawInNamedOrder(options.layers, out, styles);
  // Tessellation of every layer at once, one task per (layer, level of detail) on all threads:
  // the levels the first view draws when it is known, else all of them.
  out.readSeconds = since(start);
  const auto tessStart = std::chrono::steady_clock::now();
  Box all;
  for (const auto& d : out.data) all.expand(d->extent);
  const double upp = options.firstView && !all.empty() ? options.firstView(all) : 0.0;
  std::vector<const LayerData*> ptrs;
  std::vector<std::vector<double>> first;
  for (const auto& d : out.data) {
    ptrs.push_back(d.get());
    LevelSplit split =
        splitLevels(d->extent, drawableKind(*d), std::isfinite(upp) ? std::max(upp, 0.0) : 0.0, d->features.size(),
                    clusterMinPointsFor(styles[ptrs.size() - 1]));
    if (options.viewLevelOnly && !split.first.empty()) {
      split.first.resize(1);
      split.later.clear();
    }
    first.push_back(std::move(split.first));
    out.laterLevels.push_back(std::move(split.later));
  }
  out.buckets = tessellateLevels(ptrs, styles, first, options.threads, cancel);
  out.tessellateSeconds = since(tessStart);
  if (progress) progress(1.0);
  // Legend: top layer first; class names alone when there is only one layer.
  for (std::size_t i = out.buckets.size(); i-- > 0;) {
    const Buckets& b = out.buckets[i];
    const bool alone = out.buckets.size() == 1 && !b.style.classes.empty();
    for (LegendEntry& e : legendEntries(b.style, b.kind, alone ? std::string() : out.titles[i], out.data[i]->features.size())) {
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

std::vector<Buckets> tessellateLater(const LoadedLayers& layers, unsigned threads, const std::atomic<bool>* cancel) {
  std::vector<const LayerData*> ptrs;
  std::vector<LayerStyle> styles;
  std::vector<std::vector<double>> levels;
  for (std::size_t i = 0; i < layers.data.size() && i < layers.buckets.size(); ++i) {
    ptrs.push_back(layers.data[i].get());
    styles.push_back(layers.buckets[i].style);
    levels.push_back(i < layers.laterLevels.size() ? layers.laterLevels[i] : std::vector<double>{});
  }
  return tessellateLevels(ptrs, styles, levels, threads, cancel);
}

std::string defaultDataPath() {
  namespace fs = std::filesystem;
  std::error_code ec;
  // The demo project: in the build tree where `./dev.sh run` builds it (build/demo, beside
  // build/app), or where `cmake --install` put it; else the county outlines shipped as data.
  const std::string exe = executableDir();
  const std::string res = resourceDir();
  for (const fs::path& demo : {fs::path(exe) / ".." / "demo" / "jieyang_demo.sqlite",
                               fs::path(res) / "demo" / "jieyang_demo.sqlite"}) {
    if (!exe.empty() && fs::is_regular_file(demo, ec)) return fs::weakly_canonical(demo, ec).string();
  }
  const std::string data = jieyangDataDir();
  return data.empty() ? std::string() : (fs::path(data) / "jieyang_counties.geojson").string();
}

}  // namespace zhenmap
