// Tile service templates and presets; see tile_source.hpp.
#include "tile_source.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace zhenmap {

namespace {

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

std::string hostOf(const std::string& url) {
  const std::size_t sep = url.find("://");
  const std::size_t start = sep == std::string::npos ? 0 : sep + 3;
  std::size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  std::string host = url.substr(start, end - start);
  if (const std::size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  return host;
}

// Tianditu: one WMTS KVP template per layer and matrix set; subdomains t0..t7.
TileServiceSpec tianditu(const std::string& layer, char set, const std::string& title) {
  TileServiceSpec s;
  s.name = "tianditu-" + layer + "-" + set;
  s.title = title;
  s.layer = layer;
  s.matrixSet = std::string(1, set);
  s.urlTemplate = "https://t{s}.tianditu.gov.cn/" + layer + "_" + set +
                  "/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=" + layer +
                  "&STYLE=default&TILEMATRIXSET=" + set +
                  "&FORMAT=tiles&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}&tk={tk}";
  for (int i = 0; i < 8; ++i) s.subdomains.push_back(std::to_string(i));
  s.grid = set == 'w' ? webMercatorGrid(18, 1) : geographicGrid("EPSG:4490", 18, 1);
  s.format = layer == "img" ? "image/jpeg" : "image/png";
  s.keyName = "tianditu";
  s.attribution = "天地图 © 国家地理信息公共服务平台";
  return s;
}

TileServiceSpec osm() {
  TileServiceSpec s;
  s.name = "osm";
  s.title = "OpenStreetMap";
  s.urlTemplate = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  s.grid = webMercatorGrid(19, 0);
  s.attribution = "© OpenStreetMap contributors";
  s.seedingAllowed = false;  // the tile usage policy forbids bulk downloading
  return s;
}

std::uint32_t fnv1a(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace

std::string tileUrl(const TileServiceSpec& spec, const TileId& t) {
  const TileLevel& l = spec.grid.levels.at(static_cast<std::size_t>(t.z));
  std::vector<std::pair<std::string_view, std::string>> values = {
      {"{z}", std::to_string(t.z)},
      {"{x}", std::to_string(t.x)},
      {"{y}", std::to_string(t.y)},
      {"{-y}", std::to_string(l.matrixHeight - 1 - t.y)},
      {"{TileMatrix}", l.identifier},
      {"{TileRow}", std::to_string(t.y)},
      {"{TileCol}", std::to_string(t.x)},
      {"{TileMatrixSet}", spec.matrixSet},
      {"{Style}", spec.style},
      {"{Layer}", spec.layer},
      {"{tk}", spec.key}};
  if (!spec.subdomains.empty()) {
    values.emplace_back("{s}", spec.subdomains[static_cast<std::size_t>(t.x + t.y) % spec.subdomains.size()]);
  }
  // One pass from left to right: what a placeholder becomes is never read again, so a value (or
  // "{z{TileMatrixSet}}" once the inner one is gone) cannot make a new placeholder
  // (./dev.sh fuzz, tile_url).
  const std::string_view tmpl = spec.urlTemplate;
  std::string url;
  url.reserve(tmpl.size() + 32);
  for (std::size_t i = 0; i < tmpl.size();) {
    bool replaced = false;
    if (tmpl[i] == '{') {
      for (const auto& [name, value] : values) {
        if (tmpl.compare(i, name.size(), name) == 0) {
          url += value;
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) url += tmpl[i++];
  }
  return url;
}

std::string takeKeyOutOfUrl(std::string& url) {
  for (const char* param : {"tk=", "key=", "apikey=", "access_token=", "token="}) {
    const std::size_t at = url.find(param);
    if (at == std::string::npos || at == 0 || (url[at - 1] != '?' && url[at - 1] != '&')) continue;
    const std::size_t v = at + std::string(param).size();
    const std::size_t end = url.find_first_of("&#", v);
    const std::string value = url.substr(v, end == std::string::npos ? std::string::npos : end - v);
    // A value with a placeholder in it ({tk}, {-y}, ...) is part of the template, not a key
    // (./dev.sh fuzz, tile_url: "tk={-y}..." left {-y} in the tile URLs). Nor is one with a brace
    // or a byte outside printable ASCII: a key "}..." met the "}" of the {tk} put in its place and
    // was spelled again (./dev.sh fuzz, tile_url). Services' keys are letters, digits and - _ . ~ %.
    const bool keyLike = std::all_of(value.begin(), value.end(), [](char c) {
      return c > ' ' && c < 0x7f && c != '{' && c != '}';
    });
    if (value.empty() || !keyLike) continue;
    // Every copy of a key of 4 or more characters goes, not only the parameter's (a URL may carry
    // it twice; ./dev.sh fuzz, tile_url): {tk} is put back when tile URLs are built, so the
    // service sees the same addresses.
    url.replace(v, value.size(), "{tk}");
    if (value.size() >= 4) replaceAll(url, value, "{tk}");
    return value;
  }
  return {};
}

std::string keyNameFor(const std::string& url) {
  const std::string host = hostOf(url);
  return host.find("tianditu") != std::string::npos ? "tianditu" : host;
}

std::string redactedTemplate(const TileServiceSpec& spec) {
  std::string t = spec.urlTemplate;
  if (!spec.key.empty()) replaceAll(t, spec.key, "***");
  return t;
}

std::vector<std::pair<std::string, std::string>> presetList() {
  return {{"tianditu-img", "天地图影像 + 影像注记 (Web Mercator, needs a tk key)"},
          {"tianditu-vec", "天地图矢量 + 矢量注记 (Web Mercator, needs a tk key)"},
          {"tianditu-img-c", "天地图影像 + 影像注记 (CGCS2000 lon/lat, needs a tk key)"},
          {"tianditu-vec-c", "天地图矢量 + 矢量注记 (CGCS2000 lon/lat, needs a tk key)"},
          {"tianditu-img-w / -cia-w / -vec-w / -cva-w (and -c)", "one Tianditu layer alone"},
          {"osm", "OpenStreetMap standard tiles (no bulk download)"}};
}

std::vector<TileServiceSpec> presetSources(const std::string& name) {
  if (name == "osm") return {osm()};
  if (name == "tianditu-img" || name == "tianditu-img-w+cia") {
    return {tianditu("img", 'w', "天地图影像"), tianditu("cia", 'w', "天地图影像注记")};
  }
  if (name == "tianditu-vec") return {tianditu("vec", 'w', "天地图矢量"), tianditu("cva", 'w', "天地图矢量注记")};
  if (name == "tianditu-img-c") return {tianditu("img", 'c', "天地图影像"), tianditu("cia", 'c', "天地图影像注记")};
  if (name == "tianditu-vec-c") return {tianditu("vec", 'c', "天地图矢量"), tianditu("cva", 'c', "天地图矢量注记")};
  static const std::pair<const char*, const char*> kSingle[] = {
      {"img", "天地图影像"}, {"cia", "天地图影像注记"}, {"vec", "天地图矢量"}, {"cva", "天地图矢量注记"}};
  for (const auto& [layer, title] : kSingle) {
    for (char set : {'w', 'c'}) {
      if (name == std::string("tianditu-") + layer + "-" + set) return {tianditu(layer, set, title)};
    }
  }
  return {};
}

std::vector<TileServiceSpec> basemapSources(const std::string& arg) {
  if (auto presets = presetSources(arg); !presets.empty()) return presets;
  const bool url = arg.rfind("http://", 0) == 0 || arg.rfind("https://", 0) == 0;
  if (!url || arg.find("{z}") == std::string::npos || arg.find("{x}") == std::string::npos ||
      (arg.find("{y}") == std::string::npos && arg.find("{-y}") == std::string::npos)) {
    throw std::invalid_argument("'" + arg +
                                "' is neither a basemap preset (tianditu-img, tianditu-vec, osm, ...) nor an XYZ "
                                "URL template with {z}, {x} and {y}");
  }
  TileServiceSpec s;
  s.urlTemplate = arg;
  // A key written into the template itself is taken out of it, so it never reaches a name,
  // metadata or a message.
  s.key = takeKeyOutOfUrl(s.urlTemplate);
  const std::string host = hostOf(s.urlTemplate);
  if (s.urlTemplate.find("{tk}") != std::string::npos) s.keyName = keyNameFor(s.urlTemplate);
  char hash[16];
  std::snprintf(hash, sizeof hash, "%08x", fnv1a(s.urlTemplate));
  std::string safeHost;
  for (char c : host) safeHost += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
  s.name = "xyz-" + safeHost + "-" + hash;
  s.title = host;
  s.grid = webMercatorGrid(20, 0);
  // {s}: the servers' usual subdomains (Tianditu's t0..t7, else a/b/c as OpenStreetMap-style
  // services name them); without them the placeholder would reach the request as it is.
  if (s.urlTemplate.find("{s}") != std::string::npos) {
    s.subdomains = host.find("tianditu") != std::string::npos
                       ? std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7"}
                       : std::vector<std::string>{"a", "b", "c"};
  }
  const std::size_t q = s.urlTemplate.find('?');
  const std::string path = s.urlTemplate.substr(0, q);
  s.format = path.ends_with(".jpg") || path.ends_with(".jpeg") ? "image/jpeg" : "image/png";
  s.attribution = host;
  // A template whose placeholders are tangled ("{z{TileMatrixSet}}") would send one literally.
  const std::string probe = tileUrl(s, TileId{0, 0, 0});
  for (const char* placeholder : {"{z}", "{x}", "{y}", "{-y}", "{s}", "{tk}"}) {
    if (probe.find(placeholder) != std::string::npos) {
      throw std::invalid_argument("'" + s.urlTemplate + "': the placeholders of this URL template are tangled (" +
                                  placeholder + " is left after filling them in)");
    }
  }
  return {s};
}

}  // namespace zhenmap
