// `zhenmap render`: headless picture of data files, through EGL (no DISPLAY needed).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <exception>
#include <sstream>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "layer_loading.hpp"
#include "crs_transform.hpp"
#include "map_view.hpp"
#include "project_meta.hpp"
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
  LoadOptions load;
  load.mapCrs = cmd.crs;
  load.outlines = !cmd.noOutline;
  load.layers = cmd.layers;
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
  const std::vector<std::string> inputs = cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs;
  LoadedLayers layers;
  try {
    if (cmd.bookmark) {
      view.extent = extentInMapCrs(readBookmark(inputs.front(), *cmd.bookmark), "EPSG:4490", cmd.crs);
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
    layers = loadLayers(inputs, load);
    reportSkipped(layers);
  } catch (const DataError& e) {
    printError(e.what());
    return 2;
  }
  view.mapCrs = cmd.crs;
  view.labels = std::move(layers.labels);
  if (cmd.exportMap || cmd.title) {
    MapDecorations deco;
    deco.title = cmd.title ? *cmd.title : store::displayName(inputs.front(), true);
    deco.legend = layers.legend;
    deco.mapCrs = cmd.crs;
    view.decorations = deco;
  }
  try {
    writePng(renderHeadless(layers.buckets, view), cmd.out);
  } catch (const std::exception& e) {
    printError(e.what());
    return 5;
  }
  return 0;
}

namespace {
const CommandRegistration kRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<RenderCommand>();
  CLI::App* sub = parent.add_subcommand("render", "render data headless (EGL) to a PNG file");
  sub->add_option("inputs", cmd->inputs, "data sources (default: the bundled Jieyang data)");
  sub->add_option("--out", cmd->out, "output PNG")->required();
  sub->add_option("--size", cmd->size, "image size WIDTHxHEIGHT (default 1280x960)");
  sub->add_option("--crs", cmd->crs, "map CRS (default EPSG:3857)");
  sub->add_option("--extent", cmd->extent, "minx,miny,maxx,maxy (in --extent-crs, default the map CRS)");
  sub->add_option("--extent-crs", cmd->extentCrs, "CRS of --extent, e.g. EPSG:4490 for lon/lat");
  sub->add_option("--bookmark", cmd->bookmark, "show a bookmark of the project");
  sub->add_option("--layers", cmd->layers, "only these layers (comma-separated)")->delimiter(',');
  sub->add_option("--style", cmd->styles, "LAYER=FILE.json: draw a layer with a style file")->delimiter(';');
  sub->add_option("--background", cmd->background, "background colour #rrggbb[aa]");
  sub->add_flag("--no-outline", cmd->noOutline, "draw fills without outlines");
  sub->add_flag("--no-labels", cmd->noLabels, "draw no labels");
  sub->add_flag("--export", cmd->exportMap, "a map export: title, legend, scale bar and north arrow");
  sub->add_option("--title", cmd->title, "title of the map export (implies --export)");
  sub->add_option("--slide", cmd->slide, "render slide N (1-based) of the project's deck, as export-slides does");
  return Subcommand{sub, [cmd] { return runRender(*cmd); }};
});
}  // namespace

}  // namespace zhenmap
