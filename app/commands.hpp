// Subcommands of the single `zhenmap` binary. Each returns the process exit status:
// 0 success, 1 usage error, 2 data that cannot be opened or read, 3+ as each command documents.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace zhenmap {

struct RenderCommand {
  std::vector<std::string> inputs;
  std::string out;
  std::string size = "1280x960";
  std::string crs = "EPSG:3857";
  std::string background = "#f4f1ea";
  std::optional<std::string> extent;  // "minx,miny,maxx,maxy" in extentCrs (default: the map CRS)
  std::string extentCrs;
  std::optional<std::string> bookmark;  // a bookmark of the project (the first input)
  std::vector<std::string> layers;      // only these layers
  std::vector<std::string> styles;      // "LAYER=style.json" overrides
  bool noOutline = false;
  bool noLabels = false;
  bool exportMap = false;            // title, legend, scale bar and north arrow
  std::optional<std::string> title;  // implies exportMap
  std::optional<int> slide;          // render this slide of the project's deck (1-based), as export-slides does
  std::string assignCrs;               // CRS of layers and rasters that declare none
  std::string encoding;                // text encoding of Shapefiles without .cpg
  std::optional<std::string> basemap;  // a tile service preset or XYZ template under everything
  bool offline = false;                // tiles from the cache only
  double tileTimeout = 60;             // seconds to wait for the view's tiles
  std::string cacheDir;                // tile caches ("": the user's cache folder)
};
int runRender(const RenderCommand& cmd);

struct ViewerCommand {
  std::vector<std::string> inputs;
  std::string language = "zh";
  std::string stateFile;   // test hook: camera/state JSON written whenever it changes
  int exitAfterFrames = 0;  // test hook: quit after this many frames (0 = run until closed)
  std::vector<std::string> dropFiles;  // test hook: dropped on the window once the first load is done
};
int runViewer(const ViewerCommand& cmd);

// Prints "error: <message>" on stderr (the one-line error contract of the CLI).
void printError(const std::string& message);

}  // namespace zhenmap
