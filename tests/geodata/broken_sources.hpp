// Sources GDAL opens but cannot read all of, built in each test's own directory from files
// written with GDAL's tools (ogr2ogr, sqlite3) and then damaged here byte by byte: a Shapefile
// with one corrupt record, one with a truncated .dbf, a GeoJSON with one bad geometry, a
// GeoPackage with one broken layer, vector tiles with one bad tile, a VRT whose source path is
// relative to its own folder. Plus what ogrinfo reads of them (parsed here). Header-only: shared
// by the geodata and CLI tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "sample_data.hpp"

namespace zhenmap::test {

// Five unit squares side by side (fid order), "n" = 1..5, in WGS 84.
inline std::string fiveSquaresGeoJson() {
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 5; ++i) {
    const std::string x0 = std::to_string(2 * i), x1 = std::to_string(2 * i + 1);
    json += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"n":)" + std::to_string(i + 1) +
            R"(},"geometry":{"type":"Polygon","coordinates":[[[)" + x0 + ",0],[" + x1 + ",0],[" + x1 + ",1],[" + x0 +
            ",1],[" + x0 + ",0]]]}}";
  }
  return json + "]}";
}

inline std::filesystem::path fiveSquaresShapefile(const TempDir& dir, const std::string& name) {
  const auto src = dir / (name + "_src.geojson");
  writeFile(src, fiveSquaresGeoJson());
  const auto shp = dir / (name + ".shp");
  tool({"ogr2ogr", "-f", "ESRI Shapefile", shp.string(), src.string(), "-nln", name});
  return shp;
}

inline std::uint32_t bigEndian32(const std::string& bytes, std::size_t at) {
  return (std::uint32_t(std::uint8_t(bytes[at])) << 24) | (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) | std::uint32_t(std::uint8_t(bytes[at + 3]));
}

// Record `fid` of the .shp claims 2^31 - 1 parts (its offset read from the .shx: 16-bit words,
// big-endian, at 100 + 8 fid); GDAL reads that feature's attributes without its geometry.
inline std::filesystem::path shapefileWithCorruptRecord(const TempDir& dir, int fid = 2) {
  const auto shp = fiveSquaresShapefile(dir, "corrupt");
  auto shx = shp;
  shx.replace_extension(".shx");
  const std::size_t offset = 2 * std::size_t(bigEndian32(readFile(shx), 100 + 8 * std::size_t(fid)));
  std::string bytes = readFile(shp);
  const std::size_t numParts = offset + 8 + 4 + 32;  // record header, shape type, bounding box
  bytes.replace(numParts, 4, std::string("\xff\xff\xff\x7f", 4));
  writeFile(shp, bytes);
  return shp;
}

// The .dbf cut in the middle of record 2: GDAL reads features 0 and 1 and none after.
inline std::filesystem::path shapefileWithTruncatedDbf(const TempDir& dir) {
  const auto shp = fiveSquaresShapefile(dir, "truncated");
  auto dbf = shp;
  dbf.replace_extension(".dbf");
  std::string bytes = readFile(dbf);
  const std::size_t header = std::uint8_t(bytes[8]) | (std::size_t(std::uint8_t(bytes[9])) << 8);
  const std::size_t record = std::uint8_t(bytes[10]) | (std::size_t(std::uint8_t(bytes[11])) << 8);
  bytes.resize(header + 2 * record + record / 2);
  writeFile(dbf, bytes);
  return shp;
}

// Three features; the second's geometry has no coordinates (GDAL: "Invalid Polygon object.
// Missing 'coordinates' member."), the others are squares.
inline std::filesystem::path geoJsonWithBadGeometry(const TempDir& dir) {
  const auto path = dir / "bad_geometry.geojson";
  writeFile(path, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"n":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
{"type":"Feature","properties":{"n":2},"geometry":{"type":"Polygon"}},
{"type":"Feature","properties":{"n":3},"geometry":{"type":"Polygon","coordinates":[[[4,0],[5,0],[5,1],[4,1],[4,0]]]}}]})");
  return path;
}

// Layers "good", "bad" and "third" (the five squares each; "bad" alone with onlyBroken); "bad"
// names a geometry column its table does not have, so GDAL cannot read any of its features.
inline std::filesystem::path geoPackageWithBrokenLayer(const TempDir& dir, bool onlyBroken = false) {
  const auto src = dir / "gpkg_src.geojson";
  writeFile(src, fiveSquaresGeoJson());
  const auto gpkg = dir / (onlyBroken ? "broken.gpkg" : "layers.gpkg");
  if (!onlyBroken) tool({"ogr2ogr", "-f", "GPKG", gpkg.string(), src.string(), "-nln", "good"});
  if (onlyBroken) {
    tool({"ogr2ogr", "-f", "GPKG", gpkg.string(), src.string(), "-nln", "bad"});
  } else {
    tool({"ogr2ogr", "-update", gpkg.string(), src.string(), "-nln", "bad"});
  }
  if (!onlyBroken) tool({"ogr2ogr", "-update", gpkg.string(), src.string(), "-nln", "third"});
  tool({"sqlite3", gpkg.string(), "UPDATE gpkg_geometry_columns SET column_name = 'nope' WHERE table_name = 'bad'"});
  return gpkg;
}

// dir/vrt/squares.vrt naming its source "data/squares.geojson", relative to the VRT's folder but
// without relativeToVRT (GDAL reads it from the working directory then); relativeToVrt adds it.
inline std::filesystem::path vrtWithRelativeSource(const TempDir& dir, bool relativeToVrt) {
  std::filesystem::create_directories(dir / "vrt" / "data");
  writeFile(dir / "vrt" / "data" / "squares.geojson", fiveSquaresGeoJson());
  const auto vrt = dir / "vrt" / (relativeToVrt ? "relative.vrt" : "plain.vrt");
  writeFile(vrt, std::string("<OGRVRTDataSource>\n  <OGRVRTLayer name=\"squares\">\n    <SrcDataSource") +
                     (relativeToVrt ? " relativeToVRT=\"1\"" : "") +
                     ">data/squares.geojson</SrcDataSource>\n    <SrcLayer>squares</SrcLayer>\n"
                     "  </OGRVRTLayer>\n</OGRVRTDataSource>\n");
  return vrt;
}

// A Mapbox Vector Tile set (zoom 9, four tiles, uncompressed) of the county outlines in data/,
// whose third tile (in path order) starts with a field header claiming a 2^28-byte field: GDAL
// reads the other tiles. Returns the zoom folder, which GDAL opens as one source.
inline std::filesystem::path vectorTilesWithOneBadTile(const TempDir& dir) {
  const auto out = dir / "tiles";
  tool({"ogr2ogr", "-f", "MVT", out.string(), (dataDir() / "jieyang" / "jieyang_counties.geojson").string(), "-dsco",
        "MINZOOM=9", "-dsco", "MAXZOOM=9", "-dsco", "COMPRESS=NO"});
  std::vector<std::filesystem::path> tiles;
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (e.path().extension() == ".pbf") tiles.push_back(e.path());
  }
  std::sort(tiles.begin(), tiles.end());
  if (tiles.size() < 3) throw std::runtime_error("ogr2ogr wrote " + std::to_string(tiles.size()) + " tiles");
  std::string bytes = readFile(tiles[2]);
  bytes.replace(0, 5, std::string("\x1a\xff\xff\xff\x0f", 5));
  writeFile(tiles[2], bytes);
  return out / "9";
}

// How many features `ogrinfo -al` lists per layer (it stops at the first it cannot read).
inline std::map<std::string, int> ogrinfoListed(const std::string& path) {
  const RunResult r = run({"/usr/bin/ogrinfo", "-ro", "-al", "-q", path});
  std::map<std::string, int> out;
  std::istringstream in(r.out);
  std::string line, layer;
  while (std::getline(in, line)) {
    if (line.rfind("Layer name: ", 0) == 0) out[layer = line.substr(12)] = 0;
    if (line.rfind("OGRFeature(", 0) == 0) ++out[layer];
  }
  return out;
}

}  // namespace zhenmap::test
