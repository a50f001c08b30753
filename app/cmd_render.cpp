// `zhenmap render`: headless picture of data files, through EGL (no DISPLAY needed).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <exception>
#include <sstream>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "i18n.hpp"
#include "layer_loading.hpp"
#include "crs_guess.hpp"
#include "project.hpp"
#include "crs_transform.hpp"
#include "map_view.hpp"
#include "project_meta.hpp"
#include "raster_inputs.hpp"
#include "settings.hpp"
#include "timing.hpp"
#include "slide_scene.hpp"
#include "store/redact.hpp"
#include "style_json.hpp"

namespace zhenmap {

namespace {
bool parseSize(const std::string& s, int& w, int& h) {
  char x = 0;
  std::istringstream in(s);
  if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || !in.eof()) return false;
  return w > 0 && h > 0 && w <= 16384 && h <= 16384;
}

bool parseExtent(const std::string& s, Box& box) {
  double v[4];
  char comma = 0;
  std::istringstream in(s);
  for (int i = 0; i < 4; ++i) {
    if (!(in >> v[i])) return false;
    if (i < 3 && (!(in >> comma) || comma != ',')) return false;
  }
  if (!in.eof() || !(v[0] < v[2]) || !(v[1] < v[3])) return false;
  box = {v[0], v[1], v[2], v[3]};
  return true;
}
std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The box in the map CRS that covers `box` given in `crs`: its edges are sampled, since a box
// in one CRS is a curved shape in another.
Box extentInMapCrs(const Box& box, const std::string& crs, const std::string& mapCrs) {
  const CrsTransform t(crs, mapCrs);
  Box out;
  constexpr int kSteps = 16;
  for (int i = 0; i <= kSteps; ++i) {
    const double f = static_cast<double>(i) / kSteps;
    const double x = box.minX + f * box.width(), y = box.minY + f * box.height();
    for (Vec2 p : {Vec2{x, box.minY}, Vec2{x, box.maxY}, Vec2{box.minX, y}, Vec2{box.maxX, y}}) {
      p = t.forward(p);
      if (std::isfinite(p.x) && std::isfinite(p.y)) out.expand(p);
    }
  }
  if (out.empty()) throw CrsError("the extent cannot be expressed in " + mapCrs);
  return out;
}
// Raster inputs and the basemap, bottom first: the basemap, then raster files in the order given.
// Returns an exit status (0: go on); prints the error.
int openRasters(const RenderCommand& cmd, const std::vector<std::string>& rasterPaths,
                std::vector<std::shared_ptr<RasterLayer>>& out) {
  RasterInputOptions options;
  options.mapCrs = cmd.crs;
  options.assignCrs = cmd.assignCrs;
  options.offline = cmd.offline;
  options.cacheDir = cmd.cacheDir;
  try {
    if (cmd.basemap) out = openBasemap(*cmd.basemap, Settings(), options);
    for (const std::string& path : rasterPaths) out.push_back(openRasterFile(path, options));
  } catch (const std::invalid_argument& e) {
    printError(std::string("--basemap: ") + e.what());
    return 1;
  } catch (const DataError& e) {
    printError(e.what());
    return 2;
  }
  return 0;
}

// Waits until every raster layer has the tiles of the view (an export never has holes). Returns
// an exit status: 0, 2 (tiles failed, or none of the view is there), 5 (the time ran out).
int waitForRasters(const std::vector<std::shared_ptr<RasterLayer>>& rasters, const Camera& camera, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (const auto& layer : rasters) layer->update(camera);  // every layer's requests start at once
  for (const auto& layer : rasters) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const RasterViewState s = layer->waitForTiles(camera, std::max(left, std::chrono::milliseconds(0)));
    const LoaderStatus st = layer->loader().status();
    if (s.failed > 0) {
      printError(std::to_string(s.failed) + " of the view's " + std::to_string(s.needed) +
                 " tiles could not be loaded: " + s.firstError);
      return 2;
    }
    if (!s.complete()) {
      printError("the view's tiles did not all arrive within " + std::to_string(int(std::lround(seconds))) + " s (" +
                 std::to_string(s.needed - s.ready - s.missing) + " of " + std::to_string(s.needed) +
                 " missing); try again or give more time with --tile-timeout" +
                 (st.lastError.empty() ? "" : "; last problem: " + st.lastError));
      return 5;
    }
    if (s.needed > 0 && s.missing == s.needed) {
      const bool offline = st.offline;
      printError(offline ? "offline: the view's " + std::to_string(s.needed) +
                               " tiles are not in the cache: prepare them first (zhenmap tiles seed)"
                         : "the source has none of the view's tiles: " + s.firstError);
      return 2;
    }
    if (st.offline && s.missing > 0) {
      printError("offline: " + std::to_string(s.missing) + " of the view's " + std::to_string(s.needed) +
                 " tiles are not in the cache: prepare them first (zhenmap tiles seed)");
      return 2;
    }
  }
  return 0;
}

// What GDAL could not read is left out of the picture and said on stderr, a line per layer
// (README "Partial reading"): a broken feature never blanks its layer.
void reportSkipped(const LoadedLayers& layers) {
  for (const SkippedLayer& s : layers.skippedLayers) {
    std::fprintf(stderr, "warning: %s, layer %s: cannot be read, left out: %s\n",
                 store::redactSecrets(s.source).c_str(), s.name.c_str(), s.error.c_str());
  }
  for (const auto& d : layers.data) {
    if (d->skippedCount == 0) continue;
    const SkippedItem& first = d->skipped.front();
    std::fprintf(stderr,
                 "warning: %s, layer %s: %zu feature(s) drawn without what GDAL could not read (first: %s%s: %s)\n",
                 store::redactSecrets(d->source).c_str(), d->name.c_str(), d->skippedCount, skippedName(first.what),
                 first.fid ? (" " + std::to_string(*first.fid)).c_str() : "", first.error.c_str());
  }
}
}  // namespace

int runRender(const RenderCommand& cmd) {
  timingMark("main: render command");
  if (!cmd.assignCrs.empty() && !isKnownCrs(cmd.assignCrs)) {
    printError("--assign-crs: unknown CRS '" + cmd.assignCrs + "'");
    return 1;
  }
  MapViewOptions view;
  if (!parseSize(cmd.size, view.width, view.height)) {
    printError("--size must be WIDTHxHEIGHT within 1..16384, got '" + cmd.size + "'");
    return 1;
  }
  if (cmd.slide) {
    try {
      const std::string project = cmd.inputs.empty() ? defaultDataPath() : cmd.inputs.front();
      const MeetingProject meeting = loadMeetingProject(project, cmd.crs);
      if (*cmd.slide < 1 || static_cast<std::size_t>(*cmd.slide) > meeting.slides.size()) {
        printError("--slide must be 1.." + std::to_string(meeting.slides.size()) + ", got " +
                   std::to_string(*cmd.slide));
        return 1;
      }
      writePng(renderSlide(meeting, meeting.slides[static_cast<std::size_t>(*cmd.slide - 1)], view.width, view.height),
               cmd.out);
    } catch (const DataError& e) {
      printError(e.what());
      return 2;
    } catch (const std::exception& e) {
      printError(e.what());
      return 5;
    }
    return 0;
  }
  if (cmd.extent) {
    Box box;
    if (!parseExtent(*cmd.extent, box)) {
      printError("--extent must be minx,miny,maxx,maxy with min < max, got '" + *cmd.extent + "'");
      return 1;
    }
    view.extent = box;
  }
  try {
    view.background = parseColor(cmd.background);
  } catch (const std::invalid_argument& e) {
    printError(e.what());
    return 1;
  }
  // The GL context, target and programs are made while the data is read (see HeadlessGl).
  HeadlessGl gl(view.width, view.height);
  LoadOptions load;
  load.mapCrs = cmd.crs;
  load.outlines = !cmd.noOutline;
  load.layers = cmd.layers;
  load.assignCrs = cmd.assignCrs;
  load.encoding = cmd.encoding;
  load.labels = !cmd.noLabels;
  load.warning = [](const std::string& w) { std::fprintf(stderr, "warning: %s\n", w.c_str()); };
  for (const std::string& spec : cmd.styles) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      printError("--style must be LAYER=FILE.json, got '" + spec + "'");
      return 1;
    }
    try {
      load.styles[spec.substr(0, eq)] = styleFromJson(readTextFile(spec.substr(eq + 1)));
    } catch (const std::exception& e) {
      printError(spec.substr(eq + 1) + ": " + e.what());
      return 1;
    }
  }
  // Raster files among the inputs become raster layers under the vector ones, over the basemap.
  std::vector<std::string> inputs, rasterPaths;
  for (const std::string& in : cmd.inputs) (isRasterSource(in) ? rasterPaths : inputs).push_back(in);
  if (inputs.empty() && rasterPaths.empty() && !cmd.basemap) inputs.push_back(defaultDataPath());
  if (inputs.empty() && rasterPaths.empty() && !view.extent) {
    printError("--basemap alone needs a view: give --extent (and --extent-crs)");
    return 1;
  }
  if (cmd.bookmark && inputs.empty()) {
    printError("--bookmark needs the project among the inputs");
    return 1;
  }
  std::vector<std::shared_ptr<RasterLayer>> rasters;
  if (const int rc = openRasters(cmd, rasterPaths, rasters)) return rc;
  // The raster files count in the default view (a basemap covers the world: it does not).
  for (std::size_t i = rasters.size() - rasterPaths.size(); i < rasters.size(); ++i) {
    view.underlayExtent.expand(rasters[i]->mapExtent());
  }
  LoadedLayers layers;
  try {
    // The project among the inputs (the first), opened once for its styles, titles and bookmarks.
    const std::unique_ptr<Project> project = inputs.empty() ? nullptr : Project::tryOpen(inputs.front());
    if (cmd.bookmark) {
      if (!project) throw DataError("not a zhenmap project, so it has no bookmarks", {inputs.front()});
      view.extent = extentInMapCrs(project->bookmark(*cmd.bookmark), "EPSG:4490", cmd.crs);
    } else if (view.extent && !cmd.extentCrs.empty()) {
      view.extent = extentInMapCrs(*view.extent, cmd.extentCrs, cmd.crs);
    }
    // Only the level of detail this picture draws is tessellated (the same picture as with
    // every level built): the view is the extent asked for, or all the layers.
    load.firstView = [&view](const Box& all) {
      std::vector<Buckets> probe(1);
      probe[0].extent = all;
      return initialCamera(probe, view).unitsPerPixel();
    };
    load.viewLevelOnly = true;
    if (project) {
      load.projectPath = project->path();
      load.project = &project->metadata();
    }
    if (!inputs.empty()) {
      layers = loadLayers(inputs, load);
      timingMark("load: layers read and tessellated");
      reportSkipped(layers);
    }
  } catch (const DataError& e) {
    printError(e.what());
    return 2;
  }
  view.mapCrs = cmd.crs;
  view.labels = std::move(layers.labels);
  std::vector<std::string> credits;
  for (const auto& r : rasters) {
    for (const std::string& c : r->credits()) {
      if (std::find(credits.begin(), credits.end(), c) == credits.end()) credits.push_back(c);
    }
    view.underlays.push_back(r);
  }
  if (!rasters.empty()) {
    if (const int rc = waitForRasters(rasters, initialCamera(layers.buckets, view), cmd.tileTimeout)) return rc;
  }
  if (cmd.exportMap || cmd.title) {
    MapDecorations deco;
    deco.title =
        cmd.title ? *cmd.title : store::displayName(inputs.empty() ? rasterPaths.front() : inputs.front(), true);
    deco.legend = layers.legend;
    deco.mapCrs = cmd.crs;
    deco.units = distanceUnits();
    deco.credits = credits;
    view.decorations = deco;
  } else if (!credits.empty()) {
    MapDecorations deco;  // the credits alone: a source's terms want them on every picture
    deco.scaleBar = deco.northArrow = false;
    deco.credits = credits;
    view.decorations = deco;
  }
  try {
    writePng(renderHeadless(layers.buckets, view, &gl), cmd.out);
    timingMark("main: PNG written");
  } catch (const std::exception& e) {
    printError(e.what());
    return 5;
  }
  return 0;
}

namespace {
const CommandRegistration kRenderRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<RenderCommand>();
  CLI::App* sub = parent.add_subcommand("render", "render data headless (EGL) to a PNG file");
  sub->add_option("inputs", cmd->inputs, "data sources (default: the bundled Jieyang data)");
  sub->add_option("--out", cmd->out, "output PNG")->required();
  sub->add_option("--size", cmd->size, "image size WIDTHxHEIGHT (default 1280x960)");
  sub->add_option("--crs", cmd->crs, "map CRS (default EPSG:3857)");
  sub->add_option("--extent", cmd->extent, "minx,miny,maxx,maxy (in --extent-crs, default the map CRS)");
  sub->add_option("--extent-crs", cmd->extentCrs, "CRS of --extent, e.g. EPSG:4490 for lon/lat");
  sub->add_option("--bookmark", cmd->bookmark, "show a bookmark of the project");
  sub->add_option("--layers", cmd->layers, "only these layers, drawn in this order, bottom first (comma-separated)")->delimiter(',');
  sub->add_option("--style", cmd->styles, "LAYER=FILE.json: draw a layer with a style file")->delimiter(';');
  sub->add_option("--background", cmd->background, "background colour #rrggbb[aa]");
  sub->add_flag("--no-outline", cmd->noOutline, "draw fills without outlines");
  sub->add_flag("--no-labels", cmd->noLabels, "draw no labels");
  sub->add_flag("--export", cmd->exportMap, "a map export: title, legend, scale bar and north arrow");
  sub->add_option("--title", cmd->title, "title of the map export (implies --export)");
  sub->add_option("--assign-crs", cmd->assignCrs, "CRS of layers and rasters that declare none (e.g. EPSG:4527)");
  sub->add_option("--encoding", cmd->encoding, "text encoding of Shapefiles without .cpg (e.g. GBK)");
  sub->add_option("--slide", cmd->slide, "render slide N (1-based) of the project's deck, as export-slides does");
  sub->add_option("--basemap", cmd->basemap,
                  "tile service under the map: tianditu-img, tianditu-vec (-c for CGCS2000), osm, or an XYZ "
                  "URL template with {z}/{x}/{y}");
  sub->add_flag("--offline", cmd->offline, "tiles from the offline cache only, no network");
  sub->add_option("--tile-timeout", cmd->tileTimeout, "seconds to wait for the view's tiles (default 60)");
  sub->add_option("--cache-dir", cmd->cacheDir, "folder of the tile caches (default: the user's cache folder)");
  return Subcommand{sub, [cmd] { return runRender(*cmd); }};
});
}  // namespace

}  // namespace zhenmap
