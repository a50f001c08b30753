// `zhenmap stats PROJECT [--json]`: programme statistics of a project (geodata/store/stats.hpp).
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "store/project_store.hpp"
#include "store/stats.hpp"

namespace zhenmap {

namespace {

struct StatsCommand {
  std::string project;
  bool json = false;
};

int runStats(const StatsCommand& cmd) {
  try {
    store::ProjectStore project = store::ProjectStore::open(cmd.project, store::OpenMode::ReadOnly);
    const store::ProjectStats stats = store::computeStats(project);
    const std::string text = cmd.json ? store::statsJson(stats) : store::statsText(stats);
    std::fwrite(text.data(), 1, text.size(), stdout);
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  return 0;
}

const CommandRegistration kStatsRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<StatsCommand>();
  CLI::App* sub = parent.add_subcommand("stats", "projects, route km and monitored households of a project");
  sub->add_option("project", cmd->project, "project file")->required();
  sub->add_flag("--json", cmd->json, "print JSON");
  return Subcommand{sub, [cmd] { return runStats(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
