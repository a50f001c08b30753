// `zhenmap import-plan FILE --layer LAYER [options]`: what importing FILE into a standard project
// layer would do, without a project and without writing anything: the source read (sheet,
// header, coordinate columns and reading, rejects), the field and value mappings, every rejected
// row with its number and reason. Exit 0 when every row would import, 3 when some would be
// rejected (the project import writes nothing then unless told to skip them), 2 when the file
// cannot be read, 1 for usage errors. `--report FILE` writes the rejects as CSV.
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "boundary_match.hpp"
#include "cli.hpp"
#include "resources.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "import_options.hpp"
#include "import_target.hpp"

namespace zhenmap {

namespace {

struct ImportPlanCommand {
  std::string file;
  std::string layer;
  std::string report;
  bool json = false;
  ImportCliOptions options;
};

nlohmann::json issuesJson(const std::vector<RowIssue>& issues) {
  nlohmann::json a = nlohmann::json::array();
  for (const RowIssue& i : issues)
    a.push_back({{"row", i.row}, {"field", i.field}, {"code", i.code}, {"message", i.message}});
  return a;
}

nlohmann::json planJson(const ImportPlan& plan, const ImportSource& src) {
  using nlohmann::json;
  json mappings = json::array(), values = json::array(), readings = json::array();
  for (const FieldMapping& m : plan.mappings)
    mappings.push_back({{"source", m.sourceName}, {"target", m.target}, {"how", m.how}});
  for (const ValueMapping& v : plan.valueMappings) {
    values.push_back({{"field", v.field}, {"text", v.text}, {"code", v.code}, {"rows", v.rows}});
  }
  json out = {{"source", plan.source},
              {"source_layer", plan.sourceLayer},
              {"layer", plan.targetLayer},
              {"row_label", plan.rowLabel},
              {"source_rows", plan.sourceRows},
              {"import_rows", plan.rows.size()},
              {"rejected_rows", plan.rejectedRows()},
              {"mappings", mappings},
              {"value_mappings", values},
              {"not_imported", plan.unmappedSource},
              {"left_empty", plan.emptyTarget},
              {"missing_required", plan.missingRequired},
              {"rejects", issuesJson(plan.rejects)},
              {"remarks", issuesJson(plan.flags)},
              {"notes", plan.notes}};
  if (src.points) {
    const TablePointsReport& p = *src.points;
    for (const CoordinateReading& r : p.readings) {
      readings.push_back({{"system", offsets::lonLatSystemName(r.system)},
                          {"dmmss", r.dmmss},
                          {"inside", r.inside},
                          {"total", r.total}});
    }
    out["coordinates"] = {{"header_row", p.headerRow},
                          {"x_column", p.xColumn},
                          {"y_column", p.yColumn},
                          {"pair_column", p.pairColumn},
                          {"columns_swapped", p.columnsSwapped},
                          {"projected", p.projected},
                          {"system", offsets::lonLatSystemName(p.chosen.system)},
                          {"dmmss", p.chosen.dmmss},
                          {"inside", p.chosen.inside},
                          {"outside", p.chosen.total - p.chosen.inside},
                          {"area", p.area},
                          {"readings", readings},
                          {"merged_header_cells", p.mergedHeaderCells}};
  }
  return out;
}

int runImportPlan(const ImportPlanCommand& cmd) {
  ImportReadOptions read;
  PlanOptions planOptions;
  TargetLayer target;
  try {
    target = standardTarget(cmd.layer);
    planOptions = planOptionsFrom(cmd.options);
  } catch (const std::exception& e) {
    printError(e.what());
    return 1;
  }
  std::optional<DivisionCatalog> catalog;
  ImportSource src;
  ImportPlan plan;
  try {
    read = readOptionsFrom(cmd.options);
    const std::string data = jieyangDataDir() + "/";  // shipped beside the binary
    catalog = DivisionCatalog::load(data + "jieyang_towns.csv", data + "jieyang_villages.csv");
    planOptions.codeLookup = divisionCodeLookup(*catalog, cmd.options.county);
    src = readImportSource(cmd.file, read);
    plan = planImport(src.table, target, planOptions);
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  if (!cmd.report.empty()) {
    std::ofstream out(cmd.report, std::ios::binary);
    out << rejectsCsv(plan);
    if (!out) {
      printError(cmd.report + ": cannot write the report");
      return 2;
    }
  }
  if (cmd.json) {
    std::printf("%s\n", planJson(plan, src).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    if (src.points) {
      for (const CoordinateReading& r : src.points->readings) std::printf("reading %s\n", describeReading(r).c_str());
    }
    std::printf("%s", planReport(plan).c_str());
  }
  return plan.rejects.empty() ? 0 : 3;
}

const CommandRegistration kImportPlanRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<ImportPlanCommand>();
  CLI::App* sub = parent.add_subcommand(
      "import-plan", "dry run of an import into a standard layer: mappings, conversions and rejected rows");
  sub->add_option("file", cmd->file, "XLSX, XLS, ODS, CSV, KML, KMZ, GPX or any GDAL vector file")->required();
  sub->add_option("--layer", cmd->layer, "target layer: project_sites, scenic_routes, townships, villages, ...")
      ->required();
  sub->add_option("--report", cmd->report, "write the rejected rows to this CSV file");
  sub->add_flag("--json", cmd->json, "print JSON");
  addImportOptions(sub, cmd->options);
  return Subcommand{sub, [cmd] { return runImportPlan(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
