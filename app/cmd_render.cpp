// `zhenmap render`: headless picture of data files, through EGL (no DISPLAY needed).
#include <cstdio>
#include <exception>
#include <sstream>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "layer_loading.hpp"
#include "map_view.hpp"

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
}  // namespace


int runRender(const RenderCommand& cmd) {
  MapViewOptions view;
  if (!parseSize(cmd.size, view.width, view.height)) {
    printError("--size must be WIDTHxHEIGHT within 1..16384, got '" + cmd.size + "'");
    return 1;
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
  view.outlines = !cmd.noOutline;
  LoadedLayers layers;
  try {
    layers = loadLayers(cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs, cmd.crs);
  } catch (const DataError& e) {
    printError(e.what());
    return 2;
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
  sub->add_option("--extent", cmd->extent, "minx,miny,maxx,maxy in the map CRS");
  sub->add_option("--background", cmd->background, "background colour #rrggbb[aa]");
  sub->add_flag("--no-outline", cmd->noOutline, "draw fills without outlines");
  sub->add_flag("--no-labels", cmd->noLabels, "draw no labels");
  return Subcommand{sub, [cmd] { return runRender(*cmd); }};
});
}  // namespace

}  // namespace zhenmap
