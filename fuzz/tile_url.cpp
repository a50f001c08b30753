// Tile service arguments typed or pasted by users (tile_source.hpp): `--basemap` text (a preset
// name or an XYZ template), the key taken out of a pasted URL, and the URLs built from a template.
// Promises: only std::invalid_argument for an argument that is neither; a key taken out of a URL
// is no longer in it, and no redacted template or cache name contains the key; every tile URL is
// built without an exception, and no placeholder of the template is left in it.
#include <stdexcept>
#include <string_view>

#include "support/fuzz_target.hpp"
#include "tile_source.hpp"

ZHENMAP_FUZZ_TARGET(tile_url) {
  using namespace zhenmap;
  using fuzz::check;
  std::string url(input);
  const std::string key = takeKeyOutOfUrl(url);
  if (key.size() >= 4) check(url.find(key) == std::string::npos, "the key is still in the URL");
  (void)keyNameFor(url);
  std::vector<TileServiceSpec> sources;
  try {
    sources = basemapSources(url);
  } catch (const std::invalid_argument&) {
    return;
  }
  for (TileServiceSpec& spec : sources) {
    // Without a key of its own, a made-up one that the input does not already spell (it once
    // did, and the host holding it was taken for a leak).
    std::string fake = "SECRETKEY123";
    while (std::string_view(input).find(fake) != std::string_view::npos) fake += 'Q';
    spec.key = key.empty() ? fake : key;
    if (spec.key.size() >= 4) {
      check(redactedTemplate(spec).find(spec.key) == std::string::npos, "the key is in the redacted template");
      check(spec.name.find(spec.key) == std::string::npos, "the key is in the source's cache name");
    }
    for (const TileId t : {TileId{0, 0, 0}, TileId{5, 26, 13}, TileId{18, 215000, 114000}}) {
      const std::string u = tileUrl(spec, t);
      for (const char* placeholder : {"{z}", "{x}", "{y}", "{-y}", "{s}", "{tk}"}) {
        check(u.find(placeholder) == std::string::npos, std::string("placeholder left in a tile URL: ") + placeholder);
      }
    }
  }
}
