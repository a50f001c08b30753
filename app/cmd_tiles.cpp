// `zhenmap tiles`: tile services from the command line.
//   tiles seed [PROJECT] --source NAME (--bookmark B | --extent ...) --zoom 10-17
//       "prepare for meeting": counts the tiles and estimates their size, then downloads the missing
//       ones into the source's offline cache and pins them there (eviction never removes them);
//   tiles key NAME        stores a service key (read from standard input) in the user's settings;
//   tiles approval NAME TEXT   the map approval number (审图号) shown with a source's credits;
//   tiles list            the basemap presets.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "project_meta.hpp"
#include "raster_inputs.hpp"
#include "settings.hpp"
#include "tile_seed.hpp"

namespace zhenmap {

namespace {

struct TilesCommand {
  CLI::App* seed = nullptr;
  CLI::App* key = nullptr;
  CLI::App* list = nullptr;
  CLI::App* approval = nullptr;
  std::string approvalText;
  std::string project;
  std::string source;
  std::optional<std::string> bookmark;
  std::optional<std::string> extent;
  std::string extentCrs = "EPSG:4490";
  std::string zoom;
  bool dryRun = false;
  std::size_t maxTiles = 50000;
  std::string cacheDir;
  int connections = 4;
  std::string keyName;
  bool removeKey = false;
};

bool parseZoom(const std::string& s, int& lo, int& hi) {
  char dash = 0;
  std::istringstream in(s);
  if (!(in >> lo)) return false;
  if (in >> dash) {
    if (dash != '-' || !(in >> hi)) return false;
  } else {
    hi = lo;
  }
  return in.eof() && lo >= 0 && lo <= hi && hi <= 24;
}

bool parseBox(const std::string& s, Box& box) {
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

std::string megabytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

int seedOne(const TileServiceSpec& spec, const Box& area, const std::string& areaCrs, int zMin, int zMax,
            const TilesCommand& cmd) {
  const std::string dir = cmd.cacheDir.empty() ? TileCache::defaultDirectory() : cmd.cacheDir;
  TileCache cache(dir + "/" + spec.name + ".mbtiles", spec.grid);
  const SeedPlan plan = planSeed(spec, area, areaCrs, zMin, zMax, &cache);
  const std::string title = spec.title.empty() ? spec.name : spec.title;
  std::printf("%s (%s): %zu tiles on levels %d-%d, %zu already cached, about %s to download\n", title.c_str(),
              spec.name.c_str(), plan.tiles.size(), zMin, zMax, plan.alreadyCached,
              megabytes(plan.estimatedBytes).c_str());
  std::fflush(stdout);
  if (plan.tiles.size() > cmd.maxTiles) {
    printError(std::to_string(plan.tiles.size()) + " tiles is more than --max-tiles " + std::to_string(cmd.maxTiles) +
               ": choose fewer levels or a smaller area (or raise --max-tiles)");
    return 1;
  }
  if (cmd.dryRun) return 0;
  HttpOptions http;
  http.maxConnections = cmd.connections;
  auto last = std::chrono::steady_clock::now();
  const SeedResult r = seedTiles(spec, cache, plan, http, [&](const SeedProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(500) && p.done < p.total) return;
    last = now;
    std::fprintf(stderr, "seed: %zu/%zu tiles (%zu%%), %s downloaded\n", p.done, p.total,
                 p.total ? p.done * 100 / p.total : 100, megabytes(double(p.bytes)).c_str());
  });
  const TileCacheStats st = cache.stats();
  std::printf("%s: %zu downloaded (%s), %zu failed; %llu tiles pinned in %s\n", title.c_str(), r.progress.downloaded,
              megabytes(double(r.progress.bytes)).c_str(), r.progress.failed,
              static_cast<unsigned long long>(st.pinnedTiles), cache.path().c_str());
  if (r.cacheFull || r.progress.failed > 0 || r.progress.done < r.progress.total) {
    printError(r.firstError.empty() ? "the download stopped early" : r.firstError);
    return 2;
  }
  return 0;
}

int runSeed(const TilesCommand& cmd) {
  int zMin = 0, zMax = 0;
  if (!parseZoom(cmd.zoom, zMin, zMax)) {
    printError("--zoom must be LEVEL or FROM-TO within 0..24, got '" + cmd.zoom + "'");
    return 1;
  }
  Box area;
  std::string areaCrs = cmd.extentCrs;
  try {
    if (cmd.bookmark) {
      if (cmd.project.empty()) {
        printError("--bookmark needs the project");
        return 1;
      }
      area = readBookmark(cmd.project, *cmd.bookmark);
      areaCrs = "EPSG:4490";
    } else if (!cmd.extent || !parseBox(*cmd.extent, area)) {
      printError("give the area: --bookmark NAME (of the project) or --extent minx,miny,maxx,maxy");
      return 1;
    }
    const std::vector<TileServiceSpec> specs = basemapSpecs(cmd.source, Settings());
    for (const TileServiceSpec& spec : specs) {
      if (!spec.seedingAllowed) {
        printError(spec.title + ": the service's terms forbid bulk downloads; it cannot be prepared for offline use");
        return 1;
      }
    }
    for (const TileServiceSpec& spec : specs) {
      if (const int rc = seedOne(spec, area, areaCrs, zMin, zMax, cmd)) return rc;
    }
  } catch (const std::invalid_argument& e) {
    printError(std::string("--source: ") + e.what());
    return 1;
  } catch (const DataError& e) {
    printError(e.what());
    return 2;
  }
  return 0;
}

int runKey(const TilesCommand& cmd) {
  Settings settings;
  if (cmd.removeKey) {
    settings.tileKeys.erase(cmd.keyName);
  } else {
    std::string key;
    std::getline(std::cin, key);
    while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
    while (!key.empty() && std::isspace(static_cast<unsigned char>(key.front()))) key.erase(0, 1);
    if (key.empty()) {
      printError("no key on standard input (e.g. `zhenmap tiles key " + cmd.keyName + " < keyfile`)");
      return 1;
    }
    settings.tileKeys[cmd.keyName] = key;
  }
  if (!settings.save()) {
    printError("cannot write the settings in " + Settings::configDir());
    return 2;
  }
  std::printf(cmd.removeKey ? "the %s key is removed from the settings\n"
                            : "the %s key is stored in the settings (readable by you only)\n",
              cmd.keyName.c_str());
  return 0;
}

int runApproval(const TilesCommand& cmd) {
  Settings settings;
  if (cmd.approvalText.empty()) {
    settings.approvalNumbers.erase(cmd.keyName);
  } else {
    settings.approvalNumbers[cmd.keyName] = cmd.approvalText;
  }
  if (!settings.save()) {
    printError("cannot write the settings in " + Settings::configDir());
    return 2;
  }
  std::printf("%s: %s\n", cmd.keyName.c_str(),
              cmd.approvalText.empty() ? "no approval number" : ("审图号：" + cmd.approvalText).c_str());
  return 0;
}

int runList() {
  for (const auto& [name, what] : presetList()) std::printf("%-28s %s\n", name.c_str(), what.c_str());
  std::printf("%-28s %s\n", "https://.../{z}/{x}/{y}.png", "any XYZ template ({-y} for TMS rows, {s} subdomains)");
  return 0;
}

const CommandRegistration kTilesRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<TilesCommand>();
  CLI::App* sub = parent.add_subcommand("tiles", "tile services: prepare tiles for offline use, keys, presets");
  sub->require_subcommand(1);
  cmd->seed = sub->add_subcommand("seed", "download an area's tiles into the offline cache and pin them");
  cmd->seed->add_option("project", cmd->project, "project (for --bookmark)");
  cmd->seed->add_option("--source", cmd->source, "preset (tianditu-img, ...) or XYZ URL template")->required();
  cmd->seed->add_option("--bookmark", cmd->bookmark, "the area: a bookmark of the project");
  cmd->seed->add_option("--extent", cmd->extent, "the area: minx,miny,maxx,maxy (in --extent-crs)");
  cmd->seed->add_option("--extent-crs", cmd->extentCrs, "CRS of --extent (default EPSG:4490 lon/lat)");
  cmd->seed->add_option("--zoom", cmd->zoom, "levels, e.g. 10-17")->required();
  cmd->seed->add_flag("--dry-run", cmd->dryRun, "only count the tiles and estimate their size");
  cmd->seed->add_option("--max-tiles", cmd->maxTiles, "refuse more tiles than this (default 50000)");
  cmd->seed->add_option("--cache-dir", cmd->cacheDir, "folder of the tile caches (default: the user's cache folder)");
  cmd->seed->add_option("--connections", cmd->connections, "downloads at once (default 4)")->check(CLI::Range(1, 16));
  cmd->key = sub->add_subcommand("key", "store a tile service key (from standard input) in your settings");
  cmd->key->add_option("name", cmd->keyName, "the key's name, e.g. tianditu")->required();
  cmd->key->add_flag("--remove", cmd->removeKey, "remove the key instead");
  cmd->approval = sub->add_subcommand("approval", "the map approval number (审图号) shown with a source's credits");
  cmd->approval->add_option("name", cmd->keyName, "a source (tianditu-img-w) or key name (tianditu)")->required();
  cmd->approval->add_option("text", cmd->approvalText, "the number, e.g. GS(2024)1234号; empty to remove");
  cmd->list = sub->add_subcommand("list", "list the basemap presets");
  return Subcommand{sub, [cmd] {
                      if (cmd->seed->parsed()) return runSeed(*cmd);
                      if (cmd->key->parsed()) return runKey(*cmd);
                      if (cmd->approval->parsed()) return runApproval(*cmd);
                      return runList();
                    }};
});

}  // namespace

}  // namespace zhenmap
