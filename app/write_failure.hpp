// How the commands that write to a project (`zhenmap edit`, `zhenmap import`) report a write the
// store refused, so that both say it the same way and exit with the same status.
#pragma once

#include <string>

#include "errors.hpp"

namespace zhenmap {

// Prints the error (with "; nothing was written": a commit is one transaction) and returns the
// exit status: 5 another writer held the project past busyTimeoutMs, 4 a conflict with a newer
// version of a row, 3 the data broke a rule (a constraint, a server's row policy, a value the
// store refused), 2 the project could not be written (read-only, damaged, the connection lost).
int reportWriteFailure(const DataError& e, const std::string& project, int busyTimeoutMs);

}  // namespace zhenmap
