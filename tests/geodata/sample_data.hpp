// Test data written in each test's own directory: a small GeoJSON of Jieyang-like polygons with
// Chinese names and typed attributes, converted to other formats with ogr2ogr, plus helpers to
// run GDAL's command-line tools. Header-only: shared by the geodata and CLI tests.
#pragma once

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace zhenmap::test {

// Three polygon features in CGCS2000 lon/lat: a square with a hole, a two-part multipolygon and a
// plain square. Attributes: name (text, Chinese), code (integer), area_km2 (real), founded (date),
// updated (date-time), note (always null).
inline const char* kSampleGeoJson = R"({"type":"FeatureCollection",
"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},
"features":[
{"type":"Feature","properties":{"name":"榕城区","code":445202,"area_km2":187.5,"founded":"1991-12-07","updated":"2024-05-01T08:30:00","note":null},
 "geometry":{"type":"Polygon","coordinates":[[[116.3,23.5],[116.4,23.5],[116.4,23.6],[116.3,23.6],[116.3,23.5]],
  [[116.33,23.53],[116.33,23.57],[116.37,23.57],[116.37,23.53],[116.33,23.53]]]}},
{"type":"Feature","properties":{"name":"普宁市","code":445281,"area_km2":1620.25,"founded":"1993-04-06","updated":"2023-12-31T23:59:59","note":null},
 "geometry":{"type":"MultiPolygon","coordinates":[[[[116.0,23.2],[116.2,23.2],[116.2,23.4],[116.0,23.4],[116.0,23.2]]],
  [[[116.25,23.2],[116.3,23.2],[116.3,23.25],[116.25,23.25],[116.25,23.2]]]]}},
{"type":"Feature","properties":{"name":"揭西县","code":445222,"area_km2":1279.0,"founded":"1965-07-01","updated":"2022-01-15T12:00:00","note":null},
 "geometry":{"type":"Polygon","coordinates":[[[115.7,23.4],[115.9,23.4],[115.9,23.6],[115.7,23.6],[115.7,23.4]]]}}
]})";

inline constexpr std::size_t kSampleFeatures = 3;
inline constexpr std::size_t kSampleVertices = 10 + 5 + 5 + 5;

// Runs a GDAL tool found on PATH; throws with its stderr when it fails.
inline RunResult tool(const std::vector<std::string>& argv) {
  std::vector<std::string> args = argv;
  if (args[0].find('/') == std::string::npos) args[0] = "/usr/bin/" + args[0];
  RunResult r = run(args);
  if (r.exitCode != 0) throw std::runtime_error(argv[0] + " failed: " + r.err);
  return r;
}

inline std::filesystem::path writeSample(const TempDir& dir) {
  const auto p = dir / "sample.geojson";
  writeFile(p, kSampleGeoJson);
  return p;
}

// ogr2ogr -f DRIVER OUT SAMPLE [extra...]; returns OUT.
inline std::filesystem::path convertSample(const TempDir& dir, const std::string& driver, const std::string& name,
                                           const std::vector<std::string>& extra = {}) {
  const auto src = dir / "sample.geojson";
  if (!std::filesystem::exists(src)) writeSample(dir);
  const auto out = dir / name;
  std::vector<std::string> argv{"ogr2ogr", "-f", driver, out.string(), src.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  tool(argv);
  return out;
}

}  // namespace zhenmap::test
