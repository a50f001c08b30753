// `zhenmap import PROJECT FILE --layer LAYER [import options] [--skip-rejects] [--report F]`:
// a team's list (XLSX/XLS/ODS/CSV, KML/KMZ, GPX or any GDAL layer) into a layer of the project,
// planned exactly as `import-plan` plans it (the same reading, mappings and checks) and written
// through the project's EditSession in ONE audited transaction. With --key FIELD, rows whose key
// is already in the layer update that feature (the fields the file fills, and its geometry)
// instead of adding a new one: importing the same list again after the team changed it updates
// the layer rather than doubling it.
// Exit status: 0 written, 1 usage, 2 cannot read the file or open the project (or read-only),
// 3 rejected rows and no --skip-rejects (nothing written; the rejects are listed, --report writes
// them as CSV), 5 the project stayed locked by another writer. Values of sensitive fields are
// never printed.

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

#include "boundary_match.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "import_options.hpp"
#include "import_target.hpp"
#include "resources.hpp"
#include "store/edit_session.hpp"
#include "store/geometry_check.hpp"
#include "store/insert_check.hpp"
#include "store/pg_connection.hpp"
#include "write_failure.hpp"

namespace zhenmap {

namespace {

struct ImportCommand {
  std::string project;
  std::string file;
  std::string layer;
  std::string report;
  std::string user;
  std::string reason;
  bool skipRejects = false;
  int busyTimeoutMs = 5000;
  ImportCliOptions options;
};

// A planned cell as the store keeps it: dates as ISO text (the store's date columns).
store::Value storeValue(const AttributeValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* t = std::get_if<DateTime>(&v)) return toDisplayString(*t, FieldType::Date);
  return std::monostate{};
}

// The target fields the file fills: mapped columns and --set defaults. An update writes only
// these (a column the list does not have never clears what the layer holds).
std::vector<bool> filledFields(const ImportPlan& plan, const TargetLayer& target, const PlanOptions& options) {
  std::vector<bool> filled(target.fields.size(), false);
  for (std::size_t i = 0; i < target.fields.size(); ++i) {
    const std::string& name = target.fields[i].name;
    for (const FieldMapping& m : plan.mappings) filled[i] = filled[i] || m.target == name;
    filled[i] = filled[i] || options.defaults.count(name) > 0;
  }
  return filled;
}

// The features already in the layer by their key's text: key -> id.
std::map<std::string, std::int64_t> existingKeys(store::ProjectStore& project, const std::string& layer,
                                                 const std::string& key) {
  std::map<std::string, std::int64_t> out;
  project.query("SELECT id, " + store::pgIdent(key) + " FROM " + store::pgIdent(layer), {},
                [&](const std::vector<store::Value>& r) {
                  if (!store::isNull(r[1])) out.emplace(store::toText(r[1]), store::asInteger(r[0]));
                });
  return out;
}

struct Outcome {
  std::size_t inserted = 0, updated = 0, unchanged = 0;
  std::vector<RowIssue> refused;  // rows the store refuses (a township outside the team's area, ...)
};

// Records every planned row in the session (one undo group); rows the store refuses are collected.
Outcome record(store::EditSession& session, const store::LayerSpec& spec, const ImportPlan& plan,
               const TargetLayer& target, const std::vector<bool>& filled, const std::string& key) {
  store::ProjectStore& project = session.store();
  const std::map<std::string, std::int64_t> existing =
      key.empty() ? std::map<std::string, std::int64_t>{} : existingKeys(project, spec.name, key);
  Outcome out;
  store::EditSession::Group group(session);
  for (const PlannedRow& row : plan.rows) {
    store::Row values;
    std::optional<std::int64_t> id;
    for (std::size_t i = 0; i < target.fields.size(); ++i) {
      const store::Value v = storeValue(row.values[i]);
      if (!key.empty() && target.fields[i].name == key && !store::isNull(v)) {
        if (const auto it = existing.find(store::toText(v)); it != existing.end()) id = it->second;
      }
      values[target.fields[i].name] = v;
    }
    try {
      const std::string wkb = row.wkb.empty() ? std::string() : store::checkGeometry(spec, row.wkb);
      if (id) {
        // Only what differs from the stored feature is recorded: an unchanged row stays at its version.
        bool changed = false;
        for (std::size_t i = 0; i < target.fields.size(); ++i) {
          const store::CellKey cell{spec.name, *id, target.fields[i].name};
          const store::Value& v = values[target.fields[i].name];
          if (!filled[i] || store::isNull(v) || session.currentValue(cell) == v) continue;
          session.setValue(cell, v);
          changed = true;
        }
        if (!wkb.empty() && project.readGeometry(spec.name, *id) != wkb) {
          session.setGeometry(spec.name, *id, wkb);
          changed = true;
        }
        ++(changed ? out.updated : out.unchanged);
        continue;
      }
      const store::InsertCheck check = store::checkInsert(project, spec.name, values, wkb);
      if (check.refusal) {
        out.refused.push_back({row.sourceRow, "", "refused", *check.refusal});
        continue;
      }
      session.insertFeature(spec.name, values, wkb);
      ++out.inserted;
    } catch (const store::ValidationError& e) {
      out.refused.push_back({row.sourceRow, e.field(), "invalid", e.what()});
    }
  }
  group.done();
  return out;
}

void printIssues(const std::vector<RowIssue>& issues, const char* what, std::size_t max = 20) {
  for (std::size_t k = 0; k < issues.size() && k < max; ++k) {
    const RowIssue& i = issues[k];
    std::fprintf(stderr, "  %s row %lld%s%s: %s\n", what, static_cast<long long>(i.row), i.field.empty() ? "" : ", ",
                 i.field.c_str(), i.message.c_str());
  }
  if (issues.size() > max) std::fprintf(stderr, "  ... and %zu more\n", issues.size() - max);
}

int runImport(const ImportCommand& cmd) {
  PlanOptions planOptions;
  ImportReadOptions read;
  try {
    planOptions = planOptionsFrom(cmd.options);
    read = readOptionsFrom(cmd.options);
  } catch (const std::exception& e) {
    printError(e.what());
    return 1;
  }
  std::optional<store::ProjectStore> project;
  try {
    project.emplace(store::ProjectStore::open(cmd.project, store::OpenMode::ReadWrite, cmd.busyTimeoutMs));
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  if (project->readOnly()) {
    printError(cmd.project + ": project is read-only (the file or its folder is not writable); nothing was written");
    return 2;
  }
  const store::LayerSpec* spec = nullptr;
  TargetLayer target;
  ImportPlan plan;
  try {
    spec = &project->requireLayer(cmd.layer);
    target = targetFromSpec(*spec);
    if (!planOptions.keyField.empty() && !store::findField(*spec, planOptions.keyField)) {
      printError("--key: the layer " + spec->name + " has no field " + planOptions.keyField);
      return 1;
    }
    const std::string data = jieyangDataDir() + "/";
    const DivisionCatalog catalog =
        DivisionCatalog::load(data + "jieyang_towns.csv", data + "jieyang_villages.csv");
    planOptions.codeLookup = divisionCodeLookup(catalog, cmd.options.county);
    const ImportSource src = readImportSource(cmd.file, read);
    plan = planImport(src.table, target, planOptions);
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  store::EditSession session(*project);
  try {
    const std::vector<bool> filled = filledFields(plan, target, planOptions);
    Outcome outcome = record(session, *spec, plan, target, filled, planOptions.keyField);
    plan.rejects.insert(plan.rejects.end(), outcome.refused.begin(), outcome.refused.end());
    if (!cmd.report.empty()) {
      std::ofstream out(cmd.report, std::ios::binary);
      out << rejectsCsv(plan);
      if (!out) {
        printError(cmd.report + ": cannot write the report; nothing was written");
        return 2;
      }
    }
    if (!plan.rejects.empty() && !cmd.skipRejects) {
      printError(std::to_string(plan.rejectedRows()) + " of " + std::to_string(plan.sourceRows) +
                 " rows cannot be imported; nothing was written (fix them, or import the others with "
                 "--skip-rejects)");
      printIssues(plan.rejects, "rejected");
      return 3;
    }
    const std::string reason = cmd.reason.empty() ? "import " + cmd.file : cmd.reason;
    if (session.hasChanges()) session.commit({cmd.user, reason});
    std::printf("imported into %s: %zu added, %zu updated, %zu unchanged, %zu rejected\n", spec->name.c_str(),
                outcome.inserted, outcome.updated, outcome.unchanged, plan.rejectedRows());
    if (!plan.rejects.empty()) printIssues(plan.rejects, "skipped");
    return 0;
  } catch (const DataError& e) {
    return reportWriteFailure(e, cmd.project, cmd.busyTimeoutMs);
  } catch (const std::exception& e) {
    printError(std::string(e.what()) + "; nothing was written");
    return 3;
  }
}

const CommandRegistration kImportRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<ImportCommand>();
  CLI::App* sub = parent.add_subcommand(
      "import", "import a list or data file into a project layer (validated, audited, one transaction)");
  sub->add_option("project", cmd->project, "project file or server address (PG:...)")->required();
  sub->add_option("file", cmd->file, "XLSX, XLS, ODS, CSV, KML, KMZ, GPX or any GDAL vector file")->required();
  sub->add_option("--layer", cmd->layer, "the project layer to import into")->required();
  sub->add_flag("--skip-rejects", cmd->skipRejects, "import the rows that convert, leave out (and list) the others");
  sub->add_option("--report", cmd->report, "write the rejected rows to this CSV file");
  sub->add_option("--user", cmd->user, "user recorded in the audit log (default $USER)");
  sub->add_option("--reason", cmd->reason, "reason recorded in the audit log (default: import FILE)");
  sub->add_option("--busy-timeout", cmd->busyTimeoutMs, "ms to wait for another writer (default 5000)");
  addImportOptions(sub, cmd->options);
  return Subcommand{sub, [cmd] { return runImport(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
