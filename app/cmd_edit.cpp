// `zhenmap edit PROJECT --layer L --id ID --set FIELD=VALUE ...`: one committed attribute edit.
// Exit status: 0 committed, 2 cannot open (or read-only), 3 validation error, 4 conflict (also a
// stale --expect-version), 5 the project stayed locked by another writer. Nothing is written
// unless the status is 0. Values of sensitive fields are never printed.
#include <cstdio>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "store/pg_connection.hpp"
#include "store/project_store.hpp"

namespace zhenmap {

namespace {

struct EditCommand {
  std::string project;
  std::string layer;
  std::int64_t id = 0;
  std::vector<std::string> sets;
  std::string user;
  std::string reason;
  std::optional<std::int64_t> expectVersion;
  int busyTimeoutMs = 5000;
};

int runEdit(const EditCommand& cmd) {
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
  store::EditBuffer buffer;
  try {
    const store::LayerSpec& spec = store::requireLayer(cmd.layer);
    const store::Feature before = project->readFeature(cmd.layer, cmd.id);
    if (cmd.expectVersion && *cmd.expectVersion != before.version) {
      printError("conflict: " + cmd.layer + " id " + std::to_string(cmd.id) + " is at version " +
                 std::to_string(before.version) + ", expected " + std::to_string(*cmd.expectVersion) +
                 " (changed by someone else); nothing was written");
      return 4;
    }
    for (const std::string& set : cmd.sets) {
      const auto eq = set.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw store::ValidationError("--set expects FIELD=VALUE, got '" + set.substr(0, 40) + "'", "");
      }
      project->setText(buffer, {cmd.layer, cmd.id, set.substr(0, eq)}, set.substr(eq + 1));
    }
    const auto base = buffer.baseVersion({cmd.layer, cmd.id});
    if (cmd.expectVersion && base && *base != *cmd.expectVersion) {
      printError("conflict: " + cmd.layer + " id " + std::to_string(cmd.id) + " changed while editing (version " +
                 std::to_string(*base) + ", expected " + std::to_string(*cmd.expectVersion) + "); nothing was written");
      return 4;
    }
    const store::CommitResult result = project->commit(buffer, {cmd.user, cmd.reason});
    const store::Feature after = project->readFeature(cmd.layer, cmd.id);
    std::printf("committed %s id %lld: %zu field(s), version %lld -> %lld\n", cmd.layer.c_str(),
                static_cast<long long>(cmd.id), result.cells, static_cast<long long>(before.version),
                static_cast<long long>(after.version));
    for (const auto& [field, value] : after.attributes) {
      const store::FieldSpec* f = store::findField(spec, field);
      const store::Value& old = before.attributes.at(field);
      if (f && old != value) {
        std::printf("  %s: %s -> %s\n", field.c_str(), store::displayValue(*f, old).c_str(),
                    store::displayValue(*f, value).c_str());
      }
    }
    return 0;
  } catch (const store::ValidationError& e) {
    printError(std::string("invalid edit: ") + e.what() + "; nothing was written");
    return 3;
  } catch (const store::ConflictError& e) {
    printError(e.what());
    return 4;
  } catch (const store::ReadOnlyError& e) {
    printError(e.what());
    return 2;
  } catch (const store::SqliteError& e) {
    if (e.busy()) {
      printError(cmd.project + ": project is locked by another writer (waited " + std::to_string(cmd.busyTimeoutMs) +
                 " ms); nothing was written");
      return 5;
    }
    if ((e.code() & 0xff) == SQLITE_CONSTRAINT) {
      printError(std::string("invalid edit (constraint): ") + e.what() + "; nothing was written");
      return 3;
    }
    printError(e.what());
    return 2;
  } catch (const store::PgError& e) {
    // A server project: another editor holds the row (lock timeout), a constraint, a lost connection.
    printError(std::string(e.what()) + "; nothing was written");
    if (e.busy()) return 5;
    return e.constraint() ? 3 : 2;
  } catch (const DataError& e) {
    printError(std::string(e.what()) + "; nothing was written");
    return 3;
  }
}

const CommandRegistration kRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<EditCommand>();
  CLI::App* sub = parent.add_subcommand("edit", "change attributes of one feature in a project (one transaction)");
  sub->add_option("project", cmd->project, "project file or server address (PG:...)")->required();
  sub->add_option("--layer", cmd->layer, "layer (table) name")->required();
  sub->add_option("--id", cmd->id, "feature id")->required();
  sub->add_option("--set", cmd->sets, "FIELD=VALUE (repeatable; empty or NULL clears)")->required();
  sub->add_option("--user", cmd->user, "user recorded in the audit log (default $USER)");
  sub->add_option("--reason", cmd->reason, "reason recorded in the audit log");
  sub->add_option("--expect-version", cmd->expectVersion, "refuse (exit 4) unless the row is at this version");
  sub->add_option("--busy-timeout", cmd->busyTimeoutMs, "ms to wait for another writer (default 5000)");
  return Subcommand{sub, [cmd] { return runEdit(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
