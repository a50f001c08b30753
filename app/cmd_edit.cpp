// `zhenmap edit PROJECT --layer L ...`: one committed edit through the project's EditSession.
//   --id N --set FIELD=VALUE ...        change attributes
//   --id N --geometry WKT [--crs CRS]   replace the geometry (WKT in CRS, default the layer's EPSG:4490)
//   --id N --delete                     delete the feature
//   --add --wkt WKT [--set F=V ...]     insert a feature; prints its new id
// Exit status: 0 committed, 1 usage, 2 cannot open (or read-only), 3 invalid (values, geometry,
// a feature still referred to, a row this role may not insert), 4 conflict (also a stale
// --expect-version), 5 the project stayed locked by another writer. Nothing is written unless the
// status is 0. Values of sensitive fields are never printed.
#include <cstdio>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "store/edit_session.hpp"
#include "store/geometry_check.hpp"
#include "store/insert_check.hpp"
#include "write_failure.hpp"

namespace zhenmap {

namespace {

struct EditCommand {
  std::string project;
  std::string layer;
  std::optional<std::int64_t> id;
  std::vector<std::string> sets;
  bool add = false;
  bool remove = false;
  std::string wkt;       // --add --wkt
  std::string geometry;  // --id N --geometry
  std::string crs;
  std::string user;
  std::string reason;
  std::optional<std::int64_t> expectVersion;
  int busyTimeoutMs = 5000;
};

// The usage problem of a command line, "" when it is fine.
std::string usageProblem(const EditCommand& c) {
  if (c.add && c.id) return "--add makes a new feature: leave out --id";
  if (c.add && c.wkt.empty()) return "--add needs the new feature's geometry: --wkt 'POINT(lon lat)'";
  if (!c.add && !c.id) return "say which feature: --id N (or --add for a new one)";
  if (!c.wkt.empty() && !c.add) return "--wkt goes with --add; to move a feature use --id N --geometry WKT";
  if (c.remove && (!c.sets.empty() || !c.geometry.empty())) return "--delete takes no --set or --geometry";
  if (!c.add && !c.remove && c.sets.empty() && c.geometry.empty())
    return "nothing to do: give --set, --geometry or --delete";
  return {};
}

store::Row parseSets(const store::LayerSpec& spec, const std::vector<std::string>& sets) {
  store::Row row;
  for (const std::string& set : sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw store::ValidationError("--set expects FIELD=VALUE, got '" + set.substr(0, 40) + "'", "");
    }
    const store::FieldSpec& f = store::requireField(spec, set.substr(0, eq));
    row[f.name] = store::parseValue(spec, f, set.substr(eq + 1));
  }
  return row;
}

void printChanges(const store::LayerSpec& spec, const store::Feature& before, const store::Feature& after) {
  for (const auto& [field, value] : after.attributes) {
    const store::FieldSpec* f = store::findField(spec, field);
    const store::Value& old = before.attributes.at(field);
    if (f && old != value) {
      std::printf("  %s: %s -> %s\n", field.c_str(), store::displayValue(*f, old).c_str(),
                  store::displayValue(*f, value).c_str());
    }
  }
}

int addFeature(const EditCommand& cmd, store::EditSession& session, const store::LayerSpec& spec) {
  store::ProjectStore& project = session.store();
  const std::string wkb = store::checkGeometry(spec, store::wkbFromWkt(cmd.wkt, cmd.crs));
  const store::Row row = parseSets(spec, cmd.sets);
  const store::InsertCheck check = store::checkInsert(project, spec.name, row, wkb);
  if (check.refusal) throw store::ValidationError(*check.refusal + "; nothing was written", "geom");
  for (const std::string& w : check.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const std::int64_t temporary = session.insertFeature(spec.name, row, wkb);
  const store::ChangeSet changes = session.commit({cmd.user, cmd.reason});
  const std::int64_t id = changes.layers.at(spec.name).inserted.at(temporary);
  std::printf("added %s id %lld\n", spec.name.c_str(), static_cast<long long>(id));
  return 0;
}

int editFeature(const EditCommand& cmd, store::EditSession& session, const store::LayerSpec& spec) {
  store::ProjectStore& project = session.store();
  const std::int64_t id = *cmd.id;
  const store::Feature before = project.readFeature(spec.name, id);
  if (cmd.expectVersion && *cmd.expectVersion != before.version) {
    printError("conflict: " + spec.name + " id " + std::to_string(id) + " is at version " +
               std::to_string(before.version) + ", expected " + std::to_string(*cmd.expectVersion) +
               " (changed by someone else); nothing was written");
    return 4;
  }
  if (cmd.remove) {
    session.deleteFeature(spec.name, id);
    session.commit({cmd.user, cmd.reason});
    std::printf("deleted %s id %lld (was version %lld)\n", spec.name.c_str(), static_cast<long long>(id),
                static_cast<long long>(before.version));
    return 0;
  }
  store::EditSession::Group group(session);
  for (const auto& [field, value] : parseSets(spec, cmd.sets)) session.setValue({spec.name, id, field}, value);
  if (!cmd.geometry.empty()) session.setGeometry(spec.name, id, store::wkbFromWkt(cmd.geometry, cmd.crs));
  group.done();
  const auto base = session.buffer().baseVersion({spec.name, id});
  if (cmd.expectVersion && base && *base != *cmd.expectVersion) {
    printError("conflict: " + spec.name + " id " + std::to_string(id) + " changed while editing (version " +
               std::to_string(*base) + ", expected " + std::to_string(*cmd.expectVersion) + "); nothing was written");
    return 4;
  }
  const store::ChangeSet changes = session.commit({cmd.user, cmd.reason});
  const store::Feature after = project.readFeature(spec.name, id);
  std::printf("committed %s id %lld: %zu field(s)%s, version %lld -> %lld\n", spec.name.c_str(),
              static_cast<long long>(id), changes.cells, cmd.geometry.empty() ? "" : " and the geometry",
              static_cast<long long>(before.version), static_cast<long long>(after.version));
  printChanges(spec, before, after);
  return 0;
}

int runEdit(const EditCommand& cmd) {
  if (const std::string problem = usageProblem(cmd); !problem.empty()) {
    printError(problem);
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
  store::EditSession session(*project);
  try {
    const store::LayerSpec& spec = project->requireLayer(cmd.layer);
    return cmd.add ? addFeature(cmd, session, spec) : editFeature(cmd, session, spec);
  } catch (const store::ValidationError& e) {
    const std::string what = e.what();
    printError("invalid edit: " + what +
               (what.find("nothing was written") == std::string::npos ? "; nothing was written" : ""));
    return 3;
  } catch (const CrsError& e) {
    printError(std::string("invalid --crs: ") + e.what() + "; nothing was written");
    return 3;
  } catch (const DataError& e) {
    return reportWriteFailure(e, cmd.project, cmd.busyTimeoutMs);
  }
}

const CommandRegistration kEditRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<EditCommand>();
  CLI::App* sub = parent.add_subcommand(
      "edit", "change, add or delete one feature of a project (validated, audited, one transaction)");
  sub->add_option("project", cmd->project, "project file or server address (PG:...)")->required();
  sub->add_option("--layer", cmd->layer, "layer (table) name")->required();
  sub->add_option("--id", cmd->id, "feature id");
  sub->add_option("--set", cmd->sets, "FIELD=VALUE (repeatable; empty or NULL clears)");
  sub->add_flag("--add", cmd->add, "add a new feature (with --wkt); prints its id");
  sub->add_option("--wkt", cmd->wkt, "geometry of the new feature (--add), e.g. 'POINT(116.1 23.5)'");
  sub->add_option("--geometry", cmd->geometry, "new geometry of feature --id, as WKT");
  sub->add_flag("--delete", cmd->remove, "delete feature --id");
  sub->add_option("--crs", cmd->crs, "CRS of the WKT (default the layer's, EPSG:4490 lon/lat)");
  sub->add_option("--user", cmd->user, "user recorded in the audit log (default $USER; a server records its login)");
  sub->add_option("--reason", cmd->reason, "reason recorded in the audit log");
  sub->add_option("--expect-version", cmd->expectVersion, "refuse (exit 4) unless the row is at this version");
  sub->add_option("--busy-timeout", cmd->busyTimeoutMs, "ms to wait for another writer (default 5000)");
  return Subcommand{sub, [cmd] { return runEdit(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
