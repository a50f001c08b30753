// `zhenmap push PROJECT.sqlite PG:...` and `zhenmap pull PG:... PROJECT.sqlite`: move a project
// between a file and a PostGIS server, with its schema, metadata (styles, bookmarks, slides,
// field metadata, settings), audit log and data, in one transaction on each side.
// Exit status: 0 copied, 1 usage, 2 cannot open/connect or the target exists, 3 bad data.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_transfer.hpp"

namespace zhenmap {

namespace {

struct TransferCommand {
  std::string from;
  std::string to;
  bool replace = false;
  bool noTeamRoles = false;
};

void printTables(const store::TransferResult& r) {
  for (const auto& [table, rows] : r.tables) std::printf("  %-20s %lld rows\n", table.c_str(), static_cast<long long>(rows));
}

int runTransfer(const TransferCommand& cmd, bool push) {
  if (push == store::isPgUri(cmd.from) || push != store::isPgUri(cmd.to)) {
    printError(push ? "push copies a project file to a server: zhenmap push PROJECT.sqlite PG:..."
                    : "pull copies a server project to a new file: zhenmap pull PG:... PROJECT.sqlite");
    return 1;
  }
  try {
    const store::TransferResult r =
        push ? store::pushProject(cmd.from, cmd.to, cmd.replace, !cmd.noTeamRoles) : store::pullProject(cmd.from, cmd.to);
    std::printf("%s %zu tables\n", push ? "pushed" : "pulled", r.tables.size());
    printTables(r);
    return 0;
  } catch (const OpenError& e) {
    printError(e.what());
    return 2;
  } catch (const store::PgError& e) {
    printError(std::string(e.what()) + "; nothing was written");
    return e.connectionLost() ? 2 : 3;
  } catch (const DataError& e) {
    printError(std::string(e.what()));
    return 2;
  }
}

const CommandRegistration kPush([](CLI::App& parent) {
  auto cmd = std::make_shared<TransferCommand>();
  CLI::App* sub = parent.add_subcommand("push", "copy a project file to a PostGIS database (schema, metadata, audit, data)");
  sub->add_option("project", cmd->from, "project file (.sqlite)")->required();
  sub->add_option("server", cmd->to, "server address: \"PG:dbname=... host=... port=... user=...\"")->required();
  sub->add_flag("--replace", cmd->replace, "overwrite a project already in that database");
  sub->add_flag("--no-team-roles", cmd->noTeamRoles, "do not create the per-work-team roles and row-level security");
  return Subcommand{sub, [cmd] { return runTransfer(*cmd, true); }};
});

const CommandRegistration kPull([](CLI::App& parent) {
  auto cmd = std::make_shared<TransferCommand>();
  CLI::App* sub = parent.add_subcommand("pull", "copy a project from a PostGIS database into a new project file");
  sub->add_option("server", cmd->from, "server address: \"PG:dbname=... host=...\"")->required();
  sub->add_option("project", cmd->to, "new project file (.sqlite), must not exist")->required();
  return Subcommand{sub, [cmd] { return runTransfer(*cmd, false); }};
});

}  // namespace

}  // namespace zhenmap
