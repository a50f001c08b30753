// zhenmap: one binary, the map window by default, subcommands for everything that must also run
// without a window. Parses the command line (CLI11) and dispatches to the registered subcommands
// (see cli.hpp); each command lives in its own cmd_*.cpp.
#include <cstdio>

#include "cli.hpp"
#include "commands.hpp"
#include "i18n.hpp"
#include "store/display_time.hpp"
#include "store/redact.hpp"

namespace zhenmap {
std::vector<CommandFactory>& commandFactories() {
  static std::vector<CommandFactory> factories;
  return factories;
}

// Every command's error line; a server address in it never shows its password.
void printError(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", store::redactSecrets(message).c_str());
}
}  // namespace zhenmap

int main(int argc, char** argv) {
  using namespace zhenmap;
  CLI::App app{"zhenmap (镇图): map viewer and attribute editor for rural-revitalisation planning"};
  app.require_subcommand(0, 1);

  // Messages and pictures (scale bars) speak the user's language; the window's --lang overrides.
  setLanguage(languageFromEnvironment());
  store::useDisplayTimeZone();  // before any thread: history and meeting times in local time
  ViewerCommand viewer;
  viewer.language = language() == Language::English ? "en" : "zh";
  app.add_option("inputs", viewer.inputs, "project or data sources to open (default: the bundled Jieyang data)");
  app.add_option("--lang", viewer.language, "UI language: zh (default) or en")->check(CLI::IsMember({"zh", "en"}));
  app.add_option("--state-file", viewer.stateFile, "write the view state as JSON whenever it changes (tests)");
  app.add_option("--exit-after-frames", viewer.exitAfterFrames, "quit after N frames (tests, benchmarks)");
  app.add_option("--drop-file", viewer.dropFiles, "drop this file on the window once loaded, as a drag and drop would (tests)");

  std::vector<Subcommand> subcommands;
  for (CommandFactory f : commandFactories()) subcommands.push_back(f(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    printError(e.what());
    return 1;
  }
  for (const Subcommand& s : subcommands) {
    if (s.app && s.app->parsed()) return s.run();
  }
  return runViewer(viewer);
}
