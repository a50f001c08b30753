// Online tile services: XYZ and TMS URL templates, WMTS (KVP or RESTful) and the presets the teams
// use (Tianditu imagery and vector maps with their annotation layers, on its Web Mercator "w" and
// CGCS2000 lon/lat "c" matrix sets; OpenStreetMap-style XYZ). A service that needs a key names it
// (keyName); the key itself is filled in at run time from the user's settings, goes into request
// URLs only, and is never written to a project, a cache, a log or an error message.
#pragma once

#include <string>
#include <vector>

#include "tile_grid.hpp"

namespace zhenmap {

struct TileServiceSpec {
  std::string name;   // identifies the source: its cache file name ([a-z0-9._-])
  std::string title;  // for the layer panel ("天地图影像")
  // Placeholders: {z} {x} {y} {-y} (TMS row) {s} (a subdomain) {tk} (the key); WMTS templates
  // {TileMatrix} {TileRow} {TileCol} (and {TileMatrixSet}, {Style}, {Layer}).
  std::string urlTemplate;
  std::vector<std::string> subdomains;
  TileGrid grid;
  std::string matrixSet;  // WMTS {TileMatrixSet}
  std::string layer;      // WMTS {Layer}
  std::string style = "default";
  std::string format = "image/png";
  std::string keyName;  // the settings entry holding the key ("tianditu"); "" when none is needed
  std::string key;      // run-time only
  std::string attribution;
  std::string approvalNumber;  // 审图号, when the team's map needs one shown
  bool seedingAllowed = true;  // false where the service's terms forbid bulk downloads
};

// The URL of one tile (with the key in it when the template asks for one: never log it).
// A subdomain is picked from the tile's position, so a tile always has the same URL.
std::string tileUrl(const TileServiceSpec& spec, const TileId& t);

// The layers a preset name stands for, bottom first ("tianditu-img" is imagery plus its
// annotation layer), or an empty list for an unknown name.
std::vector<TileServiceSpec> presetSources(const std::string& name);
// Every preset name with a one-line description, for --help and the basemap menu.
std::vector<std::pair<std::string, std::string>> presetList();

// A basemap argument: a preset name, or an XYZ URL template ("https://.../{z}/{x}/{y}.png",
// {-y} for TMS rows, {s} for a subdomain: 0..7 on Tianditu hosts, else a/b/c) on Web Mercator.
// A template's name is derived from its host and path (never from a key). Throws
// std::invalid_argument for neither.
std::vector<TileServiceSpec> basemapSources(const std::string& arg);

// Takes a key written out in a URL's query (tk=, key=, apikey=, access_token=, token=) out of it,
// leaving "{tk}" in its place; returns the key ("" when there was none).
std::string takeKeyOutOfUrl(std::string& url);
// The settings entry a URL's key is kept under: "tianditu" for Tianditu hosts, else the host.
std::string keyNameFor(const std::string& url);

// The URL template with the key replaced by "***" (for messages and metadata).
std::string redactedTemplate(const TileServiceSpec& spec);

}  // namespace zhenmap
