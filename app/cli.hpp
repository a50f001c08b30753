// Subcommand registration: each cmd_*.cpp registers its subcommand with a static
// CommandRegistration, so adding a command never touches main.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <utility>
#include <vector>

namespace zhenmap {

struct Subcommand {
  CLI::App* app = nullptr;     // the parsed subcommand
  std::function<int()> run;    // runs it; returns the exit status
};

using CommandFactory = Subcommand (*)(CLI::App& parent);

std::vector<CommandFactory>& commandFactories();

struct CommandRegistration {
  explicit CommandRegistration(CommandFactory f) { commandFactories().push_back(f); }
};

}  // namespace zhenmap
