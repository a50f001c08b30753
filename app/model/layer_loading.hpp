// Turning sources given on the command line into layers ready to draw: read through geodata
// (reproject, validate, index), pick the default style, tessellate. Pure CPU work, so it runs on
// a worker thread; the GL upload happens afterwards on the GL thread.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "label_placement.hpp"
#include "layer.hpp"
#include "map_decorations.hpp"
#include "tessellator.hpp"

namespace zhenmap {

struct ProjectMetadata;

struct LoadedLayers {
  std::vector<std::shared_ptr<const LayerData>> data;  // for identify, labels, tables
  std::vector<Buckets> buckets;                        // same order
  std::vector<std::string> titles;                     // same order: display titles (Chinese for projects)
  std::vector<LabelCandidate> labels;                  // every layer's, when LoadOptions::labels
  std::vector<std::size_t> labelCounts;                // same order as data: how many of `labels` are each layer's
  std::vector<LegendEntry> legend;                     // every layer's, top layer first
  std::set<std::string> sensitiveFields;               // "layer.field" marked sensitive by a project
  std::map<std::string, std::string> fieldAliases;     // "layer.field" -> Chinese alias
  // Same order as data: the levels of detail not tessellated yet (LoadOptions::firstView), for
  // tessellateLater; empty lists when every level is built.
  std::vector<std::vector<double>> laterLevels;
  // Layers of the sources that could not be read at all (README "Partial reading"), with GDAL's
  // error: for the log and the layer panel. What could not be read of the loaded layers is in
  // their LayerData::skipped.
  std::vector<SkippedLayer> skippedLayers;
  double readSeconds = 0.0;        // reading every source (geodata: reproject, validate, index), labels
  double tessellateSeconds = 0.0;  // the levels built by loadLayers
};

struct LoadOptions {
  std::string mapCrs = "EPSG:3857";
  // The open project among the paths and its metadata (styles, titles, personal layers, field
  // aliases), read once when it was opened (Project). Other paths are plain data: nothing is
  // opened to look for metadata in them.
  std::string projectPath;
  const ProjectMetadata* project = nullptr;
  std::vector<std::string> layers;  // only these layer names; empty = all
  bool outlines = true;             // false: polygon outlines off (fills only)
  bool labels = true;               // build label candidates from the styles
  // Layers with personal data (see readPersonalLayers) are left out unless named in `layers`
  // or this is set (the editing window, not exports or presentations).
  bool personalLayers = false;
  // Styles by layer name, over the project's saved styles, over the defaults.
  std::map<std::string, LayerStyle> styles;
  std::function<void(const std::string&)> warning;  // non-fatal problems (a bad saved style)
  // Default styles pick palette colours by layer index starting here (layers added to a window
  // that already shows some get colours of their own).
  std::size_t firstStyleIndex = 0;
  // >= 0: layers of server sources ("PG:...") with more features than this are opened without
  // their features (LayerData::headerOnlyCount; empty buckets) for the window to stream by
  // viewport (viewer_stream.cpp). Files are always read whole.
  std::int64_t streamAbove = -1;
  // Progressive levels of detail. Given the union of the loaded layers' extents (map CRS), returns
  // the resolution (map units per pixel) of the first view; only the levels of detail that view
  // draws are tessellated (splitLevels: the picture is the same as with every level) and
  // LoadedLayers::laterLevels lists the others. Unset: every level is built.
  std::function<double(const Box& extent)> firstView;
  // With firstView: only the level the view draws, not the coarser ones that zooming out would
  // use (a one-off picture such as `zhenmap render`; nothing is left for later).
  bool viewLevelOnly = false;
  unsigned threads = 0;  // tessellation threads; 0: one per hardware thread
  std::string assignCrs;  // CRS of layers that declare none (ReadOptions::assignCrs)
  std::string encoding;   // a Shapefile's text encoding over its .cpg (ReadOptions::encoding)
};

// The window's streaming threshold: ZHENMAP_STREAM_MIN_FEATURES (default 50,000; 0 or "all":
// every layer of a server project streams).
std::int64_t streamMinFeatures();

// progress(fraction) in [0, 1]; cancel is polled between and during sources.
// Throws the geodata errors (OpenError, CrsError, DataError) unchanged: a source that cannot be
// opened, or of which no layer can be read. Layers that cannot be read of a source whose other
// layers can are listed in LoadedLayers::skippedLayers instead.
LoadedLayers loadLayers(const std::vector<std::string>& paths, const LoadOptions& options,
                        const std::function<void(double)>& progress = {},
                        const std::atomic<bool>* cancel = nullptr);

// The levels listed in layers.laterLevels, for layer i's data and its buckets' style: result i
// holds them (no levels where there are none), ready for MapRenderer::addLevels. Pure CPU work.
std::vector<Buckets> tessellateLater(const LoadedLayers& layers, unsigned threads = 0,
                                     const std::atomic<bool>* cancel = nullptr);

// The data the viewer and `render` open when given nothing: the demo project built by
// `./dev.sh run` (build/demo/jieyang_demo.sqlite) when it exists, else the county outlines.
std::string defaultDataPath();

}  // namespace zhenmap
