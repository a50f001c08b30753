// `zhenmap demo`: builds the Jieyang demo project from the real reference data in data/jieyang
// (county outlines, all township and village names and NBS codes) plus synthetic but plausible
// township/village polygons and overlays whose totals match the source article (seed/FACTS.md).
// Deterministic: the same data and seed give the same file contents.
#pragma once

#include <cstdint>
#include <string>

namespace zhenmap::demo {

struct DemoOptions {
  std::string dataDir;                       // folder with jieyang_towns.csv, _villages.csv, _counties.geojson
  std::uint64_t seed = 0x5f7c33ffd5cbd2c3ULL;  // the article's file id
  bool overwrite = false;                    // replace an existing file at the output path
};

struct DemoSummary {
  std::size_t counties = 0;
  std::size_t townships = 0;
  std::size_t villages = 0;
  std::size_t workTeams = 0;
  std::size_t projectSites = 0;
  std::size_t routes = 0;
  std::size_t households = 0;
};

// Writes the project to a temporary file next to outPath and renames it into place when complete.
// Throws OpenError (inputs missing or unreadable, output exists), DataError.
DemoSummary buildDemo(const std::string& outPath, const DemoOptions& options);

}  // namespace zhenmap::demo
