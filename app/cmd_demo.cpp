// `zhenmap demo --out PATH`: builds the Jieyang demo project (see demo/demo_builder.hpp).
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "standard_styles.hpp"
#include "project_meta.hpp"
#include "demo/demo_builder.hpp"
#include "resources.hpp"

namespace zhenmap {

namespace {

struct DemoCommand {
  std::string out;
  std::string dataDir = jieyangDataDir();  // shipped beside the binary
  bool force = false;
};

int runDemo(const DemoCommand& cmd) {
  const auto start = std::chrono::steady_clock::now();
  if (cmd.dataDir.empty()) {
    printError("the Jieyang reference data is not installed beside zhenmap (share/zhenmap/data/jieyang); give --data DIR");
    return 2;
  }
  demo::DemoOptions options;
  options.dataDir = cmd.dataDir;
  options.overwrite = cmd.force;
  try {
    const demo::DemoSummary s = demo::buildDemo(cmd.out, options);
    // The demo's styles are zhenmap's defaults for its layers, saved so they can be edited.
    std::map<std::string, LayerStyle> styles;
    for (const char* name : {"townships", "villages", "work_teams", "project_sites", "scenic_routes", "households"}) {
      LayerData stub;
      stub.name = name;
      FieldDef field;
      field.name = "name";
      stub.fields.push_back(field);
      styles[name] = standardStyle(stub);
    }
    writeProjectStyles(cmd.out, styles);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "wrote %s in %.2f s: %zu townships, %zu villages (synthetic polygons), %zu work teams, %zu project sites, "
        "%zu routes, %zu households\n",
        cmd.out.c_str(), seconds, s.townships, s.villages, s.workTeams, s.projectSites, s.routes, s.households);
  } catch (const OpenError& e) {
    printError(e.what());
    return 2;
  } catch (const std::exception& e) {
    printError(std::string("cannot build the demo: ") + e.what());
    return 3;
  }
  return 0;
}

const CommandRegistration kDemoRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<DemoCommand>();
  CLI::App* sub = parent.add_subcommand("demo", "build the Jieyang demo project (SpatiaLite)");
  sub->add_option("--out", cmd->out, "output project file (.sqlite)")->required();
  sub->add_option("--data", cmd->dataDir, "folder with the Jieyang reference data");
  sub->add_flag("--force", cmd->force, "replace an existing output file");
  return Subcommand{sub, [cmd] { return runDemo(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
