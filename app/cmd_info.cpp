// `zhenmap info PATH [--json] [--assign-crs CRS] [--encoding ENC] [--cm DEG]`: what a data source
// holds (driver, layers, geometry types, feature counts, CRS, extent, fields, encoding, invalid
// geometries, and what GDAL could not read of it: `skipped` per layer) and, for a layer without a
// CRS, a guess from its coordinates. Exit 2 with one `error:` line when the source cannot be
// opened or no layer of it can be read.
#include <cstdio>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli.hpp"
#include "crs_guess.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "ogr_source.hpp"
#include "project_meta.hpp"
#include "source_info.hpp"
#include "store/redact.hpp"
#include "validation.hpp"

namespace zhenmap {

namespace {

constexpr std::size_t kExamples = 10;  // invalid_examples per layer

struct InfoCommand {
  std::string path;
  bool json = false;
  std::string assignCrs;
  std::string encoding;
  std::optional<double> centralMeridian;
};

nlohmann::json guessJson(const CrsGuess& g) {
  using nlohmann::json;
  json alternatives = json::array();
  for (const std::string& a : g.alternatives) alternatives.push_back(a);
  return {{"crs", g.crs.empty() ? json(nullptr) : json(g.crs)},
          {"name", g.name.empty() ? json(nullptr) : json(g.name)},
          {"confidence", g.confidence},
          {"ambiguous", g.ambiguous},
          {"alternatives", alternatives},
          {"reason", g.reason},
          {"lonlat_extent",
           g.lonLatExtent ? json{g.lonLatExtent->minX, g.lonLatExtent->minY, g.lonLatExtent->maxX, g.lonLatExtent->maxY}
                          : json(nullptr)}};
}

nlohmann::json skippedJson(const LayerInfo& l) {
  nlohmann::json out = nlohmann::json::array();
  for (const SkippedItem& s : l.skipped) {
    out.push_back({{"what", skippedName(s.what)},
                   {"fid", s.fid ? nlohmann::json(*s.fid) : nlohmann::json(nullptr)},
                   {"error", toUtf8(s.error)}});
  }
  return out;
}

nlohmann::json toJson(const SourceInfo& info) {
  using nlohmann::json;
  json layers = json::array();
  for (const LayerInfo& l : info.layers) {
    json fields = json::array();
    for (const FieldDef& f : l.fields) {
      fields.push_back({{"name", f.name}, {"type", f.ogrType}, {"width", f.width}, {"precision", f.precision}});
    }
    json examples = json::array(), issues = json::array();
    for (const GeometryIssue& i : l.issues) {
      json item = {{"fid", i.fid}, {"reason", i.reason}};
      if (i.location) item["location"] = {i.location->x, i.location->y};
      if (i.status == GeometryStatus::Invalid && examples.size() < kExamples) examples.push_back(item);
      if (i.status != GeometryStatus::Invalid && issues.size() < kExamples) {
        item["status"] = statusName(i.status);
        issues.push_back(item);
      }
    }
    json layer = {
        {"name", l.name},
        {"geometry_type", l.geometryType},
        {"feature_count", l.featureCount},
        {"declared_feature_count", l.declaredFeatureCount >= 0 ? json(l.declaredFeatureCount) : json(nullptr)},
        {"readable", l.readable},
        {"skipped", skippedJson(l)},
        {"skipped_count", l.skippedCount},
        {"crs", l.crs.empty() ? json(nullptr) : json(l.crs)},
        {"crs_name", l.crsName.empty() ? json(nullptr) : json(l.crsName)},
        {"crs_missing", l.crsMissing},
        {"crs_assigned", l.crsAssigned},
        {"crs_guess", l.crsGuess ? guessJson(*l.crsGuess) : json(nullptr)},
        {"extent", l.extent ? json{(*l.extent)[0], (*l.extent)[1], (*l.extent)[2], (*l.extent)[3]} : json(nullptr)},
        {"fields", fields},
        {"encoding", l.encoding.empty() ? json(nullptr) : json(l.encoding)},
        {"invalid_count", l.invalidCount},
        {"invalid_examples", examples},
        {"empty_count", l.emptyCount},
        {"null_geometry_count", l.nullCount},
        {"nonfinite_count", l.nonFiniteCount},
        {"other_issue_examples", issues}};
    layers.push_back(std::move(layer));
  }
  json warnings = json::array();
  for (const std::string& w : info.warnings) warnings.push_back(toUtf8(w));
  return {{"path", store::redactSecrets(toUtf8(info.path))}, {"driver", info.driver}, {"layers", layers}, {"warnings", warnings}};
}

void printText(const SourceInfo& info) {
  std::printf("%s (%s)\n", store::redactSecrets(toUtf8(info.path)).c_str(), info.driver.c_str());
  for (const LayerInfo& l : info.layers) {
    if (!l.readable) {
      std::printf("\nlayer %s: cannot be read: %s\n", l.name.c_str(),
                  l.skipped.empty() ? "" : toUtf8(l.skipped.front().error).c_str());
      continue;
    }
    std::printf("\nlayer %s: %s, %lld features\n", l.name.c_str(), l.geometryType.c_str(),
                static_cast<long long>(l.featureCount));
    if (l.declaredFeatureCount >= 0 && l.declaredFeatureCount != l.featureCount) {
      std::printf("  GDAL counts %lld features; %lld could be read\n", static_cast<long long>(l.declaredFeatureCount),
                  static_cast<long long>(l.featureCount));
    }
    if (l.skippedCount > 0) std::printf("  skipped (GDAL could not read them): %zu\n", l.skippedCount);
    for (std::size_t k = 0; k < l.skipped.size() && k < kExamples; ++k) {
      const SkippedItem& s = l.skipped[k];
      std::printf("    %s", skippedName(s.what));
      if (s.fid) std::printf(" %lld", static_cast<long long>(*s.fid));
      std::printf(": %s\n", toUtf8(s.error).c_str());
    }
    std::printf("  crs: %s%s%s\n",
                l.crs.empty() ? (l.crsMissing ? "none (assign one)" : "unidentified") : l.crs.c_str(),
                l.crsName.empty() ? "" : (" (" + l.crsName + ")").c_str(), l.crsAssigned ? ", assigned" : "");
    if (l.crsGuess) {
      const CrsGuess& g = *l.crsGuess;
      std::printf("  crs guess: %s, confidence %.2f%s: %s\n", g.crs.empty() ? "none" : g.crs.c_str(), g.confidence,
                  g.ambiguous ? ", ambiguous" : "", g.reason.c_str());
      std::string alts;
      for (const std::string& a : g.alternatives) alts += (alts.empty() ? "" : ", ") + a;
      if (!alts.empty()) std::printf("    alternatives: %s\n", alts.c_str());
    }
    if (l.extent) {
      std::printf("  extent: %.9g %.9g %.9g %.9g\n", (*l.extent)[0], (*l.extent)[1], (*l.extent)[2], (*l.extent)[3]);
    }
    std::printf("  encoding: %s\n", l.encoding.empty() ? "unknown" : l.encoding.c_str());
    for (const FieldDef& f : l.fields) std::printf("  field %s: %s\n", f.name.c_str(), f.ogrType.c_str());
    std::printf("  invalid geometries: %zu, empty: %zu, without geometry: %zu, NaN/inf: %zu\n", l.invalidCount,
                l.emptyCount, l.nullCount, l.nonFiniteCount);
    std::size_t shown = 0;
    for (const GeometryIssue& i : l.issues) {
      if (shown++ == kExamples) break;
      std::printf("    feature %lld: %s: %s", static_cast<long long>(i.fid), statusName(i.status), i.reason.c_str());
      if (i.location) std::printf(" at %.9g %.9g", i.location->x, i.location->y);
      std::printf("\n");
    }
  }
  for (const std::string& w : info.warnings) std::printf("warning: %s\n", toUtf8(w).c_str());
}

int runInfo(const InfoCommand& cmd) {
  if (!cmd.assignCrs.empty() && !isKnownCrs(cmd.assignCrs)) {
    printError("--assign-crs: unknown CRS '" + cmd.assignCrs + "'");
    return 1;
  }
  SourceInfo info;
  try {
    // A project that would run code, or that this zhenmap cannot read, is not inspected as plain data.
    (void)isProject(cmd.path);
    InspectOptions options;
    options.assignCrs = cmd.assignCrs;
    options.encoding = cmd.encoding;
    options.hint.centralMeridian = cmd.centralMeridian;
    info = inspectSource(cmd.path, options);
  } catch (const std::exception& e) {
    printError(toUtf8(e.what()));
    return 2;
  }
  if (cmd.json) {
    std::printf("%s\n", toJson(info).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    printText(info);
  }
  return 0;
}

const CommandRegistration kInfoRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<InfoCommand>();
  CLI::App* sub = parent.add_subcommand("info", "describe a data source: layers, CRS, fields, invalid geometries");
  sub->add_option("path", cmd->path, "file, directory or connection string (PG:...)")->required();
  sub->add_flag("--json", cmd->json, "print JSON");
  sub->add_option("--assign-crs", cmd->assignCrs, "CRS of layers that declare none (e.g. EPSG:4527)");
  sub->add_option("--encoding", cmd->encoding, "text encoding of a Shapefile without .cpg (e.g. GBK)");
  sub->add_option("--cm", cmd->centralMeridian,
                  "central meridian (degrees east) for guessing a Gauss-Kruger CRS without zone number");
  return Subcommand{sub, [cmd] { return runInfo(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
