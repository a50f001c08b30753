// `zhenmap history PROJECT --layer L --id N [--json]`: who changed what of one feature, when and
// why, external writers included (oldest first; geometry as WKT).
// `zhenmap verify-audit PROJECT`: walks the audit log's hash chain; exit 0 intact, 3 broken (the
// first broken row is named), 2 cannot open. Both work on a file and on a server project.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "i18n.hpp"
#include "store/display_time.hpp"
#include "store/geometry_check.hpp"
#include "store/project_store.hpp"
#include "store/sqlite_audit.hpp"

namespace zhenmap {

namespace {

struct HistoryCommand {
  std::string project;
  std::string layer;
  std::int64_t id = 0;
  bool json = false;
};

// A recorded value as people read it: geometry as WKT, everything else as recorded.
std::string shown(const std::string& value) {
  const std::string wkb = store::auditGeometryWkb(value);
  return wkb.empty() ? value : store::geometryWkt(wkb);
}

std::string describe(const store::AuditEntry& e) {
  if (e.action == "insert") return "added";
  if (e.action == "delete") return "deleted";
  return e.field + ": " + shown(e.oldValue) + " -> " + shown(e.newValue);
}

int runHistory(const HistoryCommand& cmd) {
  std::vector<store::AuditEntry> entries;
  try {
    store::ProjectStore project = store::ProjectStore::open(cmd.project, store::OpenMode::ReadOnly);
    project.requireLayer(cmd.layer);
    entries = project.history(cmd.layer, cmd.id);
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  if (cmd.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const store::AuditEntry& e : entries) {
      out.push_back({{"audit_id", e.id},
                     {"time", e.time},
                     {"user", e.user},
                     {"action", e.action},
                     {"field", e.field},
                     {"old", e.action == "update" ? shown(e.oldValue) : e.oldValue},
                     {"new", e.action == "update" ? shown(e.newValue) : e.newValue},
                     {"version", e.newVersion},
                     {"reason", e.reason},
                     {"context", e.context}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%s id %lld: %zu change(s)\n", cmd.layer.c_str(), static_cast<long long>(cmd.id), entries.size());
  for (const store::AuditEntry& e : entries) {
    // The time in the display time zone, as the window shows it (--json keeps UTC).
    const std::string when = store::displayTime(e.time, labelLanguage());
    std::printf("#%lld %s %s%s%s%s -> version %lld\n  %s\n", static_cast<long long>(e.id), when.c_str(),
                e.user.c_str(), e.context.empty() ? "" : (" [" + e.context + "]").c_str(),
                e.reason.empty() ? "" : " reason: ", e.reason.c_str(), static_cast<long long>(e.newVersion),
                describe(e).c_str());
  }
  return 0;
}

int runVerify(const std::string& path) {
  try {
    store::ProjectStore project = store::ProjectStore::open(path, store::OpenMode::ReadOnly);
    const store::AuditVerification v = project.verifyAudit();
    if (!v.intact) {
      printError("audit log broken: " + v.reason);
      return 3;
    }
    std::printf(
        "audit log intact: %lld row(s), %lld waiting for their seal (sealed at the next commit); chain head %s\n",
        static_cast<long long>(v.rows), static_cast<long long>(v.unsealed), v.head.c_str());
    return 0;
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
}

const CommandRegistration kHistory([](CLI::App& parent) {
  auto cmd = std::make_shared<HistoryCommand>();
  CLI::App* sub = parent.add_subcommand("history", "who changed a feature, what, when and why (the audit log)");
  sub->add_option("project", cmd->project, "project file or server address (PG:...)")->required();
  sub->add_option("--layer", cmd->layer, "layer (table) name")->required();
  sub->add_option("--id", cmd->id, "feature id")->required();
  sub->add_flag("--json", cmd->json, "print JSON");
  return Subcommand{sub, [cmd] { return runHistory(*cmd); }};
});

const CommandRegistration kVerify([](CLI::App& parent) {
  auto path = std::make_shared<std::string>();
  CLI::App* sub = parent.add_subcommand("verify-audit", "check the audit log's hash chain (exit 3 when broken)");
  sub->add_option("project", *path, "project file or server address (PG:...)")->required();
  return Subcommand{sub, [path] { return runVerify(*path); }};
});

}  // namespace

}  // namespace zhenmap
