// `zhenmap new PROJECT.sqlite [--empty | --from-template OTHER.sqlite]`: a new project file with
// the standard layers (townships, villages, work teams, project sites, scenic routes,
// households: their fields, domains and field metadata), no layers at all, or the layers,
// styles, bookmarks, slides, field metadata and settings of another project (no data).
// Exit status: 0 created, 1 usage, 2 the file exists or the template cannot be opened.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "store/project_create.hpp"

namespace zhenmap {

namespace {

struct NewCommand {
  std::string project;
  bool empty = false;
  std::string fromTemplate;
};

int runNew(const NewCommand& cmd) {
  if (cmd.empty && !cmd.fromTemplate.empty()) {
    printError("--empty and --from-template exclude each other");
    return 1;
  }
  try {
    store::ProjectStore project = !cmd.fromTemplate.empty() ? store::createFromTemplate(cmd.project, cmd.fromTemplate)
                                  : cmd.empty               ? store::ProjectStore::create(cmd.project, {})
                                                            : store::ProjectStore::create(cmd.project);
    std::string names;
    for (const store::LayerSpec* spec : project.layerSpecs()) names += (names.empty() ? "" : ", ") + spec->name;
    std::printf("created %s with %zu layer(s)%s%s\n", cmd.project.c_str(), project.layerSpecs().size(),
                names.empty() ? "" : ": ", names.c_str());
    return 0;
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
}

const CommandRegistration kNewRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<NewCommand>();
  CLI::App* sub =
      parent.add_subcommand("new", "create a new project file (standard layers, empty, or from a template)");
  sub->add_option("project", cmd->project, "new project file (.sqlite), must not exist")->required();
  sub->add_flag("--empty", cmd->empty, "no layers (add your own with `zhenmap layer add`)");
  sub->add_option("--from-template", cmd->fromTemplate,
                  "copy layers, styles, bookmarks, slides, field metadata and settings of this project (no data)");
  return Subcommand{sub, [cmd] { return runNew(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
