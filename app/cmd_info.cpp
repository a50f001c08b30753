// `zhenmap info PATH [--json]`: what a data source holds (driver, layers, geometry types, feature
// counts, CRS, extent, fields, encoding, invalid geometries). Exit 2 with one `error:` line when
// the source cannot be opened or read.
#include <cstdio>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.hpp"
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
};

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
        {"crs", l.crs.empty() ? json(nullptr) : json(l.crs)},
        {"crs_name", l.crsName.empty() ? json(nullptr) : json(l.crsName)},
        {"crs_missing", l.crsMissing},
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
    std::printf("\nlayer %s: %s, %lld features\n", l.name.c_str(), l.geometryType.c_str(),
                static_cast<long long>(l.featureCount));
    std::printf("  crs: %s%s\n", l.crs.empty() ? (l.crsMissing ? "none (assign one)" : "unidentified") : l.crs.c_str(),
                l.crsName.empty() ? "" : (" (" + l.crsName + ")").c_str());
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
  SourceInfo info;
  try {
    // A project that would run code, or that this zhenmap cannot read, is not inspected as plain data.
    (void)isProject(cmd.path);
    info = inspectSource(cmd.path);
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

const CommandRegistration kRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<InfoCommand>();
  CLI::App* sub = parent.add_subcommand("info", "describe a data source: layers, CRS, fields, invalid geometries");
  sub->add_option("path", cmd->path, "file, directory or connection string (PG:...)")->required();
  sub->add_flag("--json", cmd->json, "print JSON");
  return Subcommand{sub, [cmd] { return runInfo(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
