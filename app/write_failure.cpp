// reportWriteFailure; see write_failure.hpp.
#include "write_failure.hpp"

#include <sqlite3.h>

#include "commands.hpp"
#include "store/database.hpp"
#include "store/pg_connection.hpp"
#include "store/project_store.hpp"

namespace zhenmap {

int reportWriteFailure(const DataError& e, const std::string& project, int busyTimeoutMs) {
  std::string what = e.what();
  if (what.find("nothing was written") == std::string::npos) what += "; nothing was written";
  if (dynamic_cast<const store::ConflictError*>(&e)) {
    printError(what);
    return 4;
  }
  if (dynamic_cast<const store::ReadOnlyError*>(&e)) {
    printError(what);
    return 2;
  }
  if (const auto* sqlite = dynamic_cast<const store::SqliteError*>(&e)) {
    if (sqlite->busy()) {
      printError(project + ": project is locked by another writer (waited " + std::to_string(busyTimeoutMs) +
                 " ms); nothing was written");
      return 5;
    }
    const bool constraint = (sqlite->code() & 0xff) == SQLITE_CONSTRAINT;
    printError(constraint ? "refused by a constraint of the project: " + what : what);
    return constraint ? 3 : 2;
  }
  if (const auto* pg = dynamic_cast<const store::PgError*>(&e)) {
    // A server project: another editor holds the row (lock timeout), a constraint or a row-level
    // security policy, a lost connection.
    printError(what);
    if (pg->busy()) return 5;
    return pg->constraint() || pg->permissionDenied() ? 3 : 2;
  }
  printError(what);
  return 3;
}

}  // namespace zhenmap
