// Moving a project between a SpatiaLite file and a PostGIS database (`zhenmap push` / `pull`),
// and the server-side permissions: one database role per work team, row-level security so that a
// team edits only its own townships' rows while reading all.
// Every table of the project travels (layers, schema_migrations, layer and field metadata,
// styles, bookmarks, slides, settings, audit log, and tables later migrations add), found from
// the file's own schema rather than a fixed list, in one transaction on each side.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/pg_security.hpp"

namespace zhenmap::store {

class Database;
class PgConnection;

struct TransferResult {
  std::vector<std::pair<std::string, std::int64_t>> tables;  // table, rows copied (in copy order)
};

// The project's own tables in creation order: everything but SQLite's and SpatiaLite's tables.
std::vector<std::string> projectTables(Database& db);

// Copies a project file into a database on the server (PostGIS is created when missing). The
// database must not hold a project yet unless `replace` (which drops the project tables there
// first). Sets up team roles and row-level security unless `teamRoles` is false. Throws
// OpenError, DataError, PgError; writes nothing on failure.
TransferResult pushProject(const std::string& file, const std::string& pgUri, bool replace = false,
                           bool teamRoles = true);

// Copies a server project into a new project file (which must not exist). Throws OpenError,
// DataError, PgError; leaves no file behind on failure.
TransferResult pullProject(const std::string& pgUri, const std::string& file);

// Team roles, row-level security and personal data on the server: pg_security.hpp.

}  // namespace zhenmap::store
