// Where the program finds the files it ships (the Jieyang reference data, the demo project):
// relative to the running binary, never through a path compiled in, so an installed zhenmap runs
// from any working directory. Installed: PREFIX/bin/zhenmap and PREFIX/share/zhenmap/...; in the
// build tree: build/app/zhenmap and build/share/zhenmap/... (copied there at configure time).
#pragma once

#include <string>

namespace zhenmap {

// The folder holding the running executable ("" when the system cannot tell).
std::string executableDir();

// PREFIX/share/zhenmap for the running binary; "" when it is not there.
std::string resourceDir();

// The Jieyang reference data folder (towns, villages, county outlines); "" when missing.
std::string jieyangDataDir();

}  // namespace zhenmap
