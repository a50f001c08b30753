// `zhenmap export DATA --layer L --out FILE [--crs CRS] [--coords gcj02|bd09] [--where SQL]
// [--include-sensitive] [--overwrite]`: one layer of any GDAL-readable data (or a spreadsheet with
// coordinate columns) written as .gpkg, .shp, .geojson, .kml, .kmz, .xlsx or .csv. Exit 1 for
// usage errors (unknown format, an existing output, a bad filter), 2 for data that cannot be read
// or written. Project sources go through the same exportFeatures() with a store FeatureSource.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "commands.hpp"
#include "crs_guess.hpp"
#include "errors.hpp"
#include "exporter.hpp"
#include "import_source.hpp"
#include "sheet_grid.hpp"

namespace zhenmap {

namespace {

struct ExportCommand {
  std::string data;
  std::string layer;
  std::string out;
  std::string format;
  std::string crs;
  std::string coords;
  std::string where;
  std::string assignCrs;
  std::string encoding;
  bool includeSensitive = false;
  bool overwrite = false;
};

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

int runExport(const ExportCommand& cmd) {
  for (const std::string* crs : {&cmd.crs, &cmd.assignCrs}) {
    if (!crs->empty() && !isKnownCrs(*crs)) {
      printError("unknown CRS '" + *crs + "'");
      return 1;
    }
  }
  ExportOptions options;
  options.format = cmd.format;
  options.crs = cmd.crs;
  options.where = cmd.where;
  options.includeSensitive = cmd.includeSensitive;
  options.overwrite = cmd.overwrite;
  if (!cmd.coords.empty()) options.coords = offsets::parseLonLatSystem(cmd.coords);
  ExportResult result;
  try {
    // A spreadsheet is read as points; everything else streams from its GDAL layer.
    std::optional<ImportSource> table;
    FeatureSource source;
    if (isTabularExtension(cmd.data)) {
      ImportReadOptions read;
      read.layer.layer = cmd.layer;
      read.layer.encoding = cmd.encoding;
      read.layer.assignCrs = cmd.assignCrs;
      table = readImportSource(cmd.data, read);
      source = tableSource(table->table);
      for (const RowIssue& r : table->table.rejects) {
        std::fprintf(stderr, "warning: left out %s\n", describeIssue(r, table->table.rowLabel).c_str());
      }
    } else {
      LayerReadOptions read;
      read.layer = cmd.layer;
      read.assignCrs = cmd.assignCrs;
      read.encoding = cmd.encoding;
      source = openOgrSource(cmd.data, read);
    }
    result = exportFeatures(source, cmd.out, options);
  } catch (const ExportUsageError& e) {
    printError(e.what());
    return 1;
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  for (const std::string& w : result.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (!result.leftOut.empty()) {
    std::fprintf(stderr, "note: sensitive fields left out: %s (--include-sensitive writes them)\n",
                 join(result.leftOut).c_str());
  }
  if (!result.sensitiveWritten.empty()) {
    std::fprintf(stderr, "warning: sensitive fields written: %s\n", join(result.sensitiveWritten).c_str());
  }
  std::printf(
      "exported %zu features to %s (%s, %s%s)\n", result.features, result.path.c_str(), result.format.c_str(),
      result.crs.empty() ? "no CRS" : result.crs.c_str(),
      options.coords ? (std::string(", ") + offsets::lonLatSystemName(*options.coords) + " coordinates").c_str() : "");
  return 0;
}

const CommandRegistration kExportRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<ExportCommand>();
  CLI::App* sub =
      parent.add_subcommand("export", "write a layer as GeoPackage, Shapefile, GeoJSON, KML/KMZ, XLSX or CSV");
  sub->add_option("data", cmd->data, "any GDAL-readable data, or a spreadsheet/CSV with coordinate columns")
      ->required();
  sub->add_option("--layer", cmd->layer, "the layer (or sheet) to export; needed when there are several");
  sub->add_option("--out", cmd->out, "output file; the format comes from its extension")->required();
  sub->add_option("--format", cmd->format, "gpkg, shp, geojson, kml, kmz, xlsx or csv (over the extension)")
      ->check(CLI::IsMember({"gpkg", "shp", "geojson", "kml", "kmz", "xlsx", "csv"}));
  sub->add_option("--crs", cmd->crs, "output CRS (default: the layer's; KML is always WGS84)");
  sub->add_option("--coords", cmd->coords, "gcj02 or bd09: lon/lat for Amap/Tencent or Baidu maps")
      ->check(CLI::IsMember({"gcj02", "bd09", "wgs84", "cgcs2000"}));
  sub->add_option("--where", cmd->where, "OGR SQL filter, e.g. \"status = 'completed'\"");
  sub->add_option("--assign-crs", cmd->assignCrs, "CRS of a layer that declares none");
  sub->add_option("--encoding", cmd->encoding, "text encoding of a Shapefile without .cpg (e.g. GBK)");
  sub->add_flag("--include-sensitive", cmd->includeSensitive, "also write fields marked sensitive (personal data)");
  sub->add_flag("--overwrite", cmd->overwrite, "replace an existing output file");
  return Subcommand{sub, [cmd] { return runExport(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
