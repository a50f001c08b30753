// Who may do what on a server project, enforced by PostgreSQL (set up by `zhenmap push`):
// - one LOGIN role per work team, "<database>_team_<team id>", and a NOLOGIN admin role
//   "<database>_admin" whose members (and superusers, and the tables' owner) may do everything;
// - row-level security on every layer with a township: every team reads all rows and inserts,
//   updates and deletes only rows of its own townships; a new feature must also lie in one of
//   them (or outside every township);
// - personal data: a layer with sensitive fields lives in the schema zhenmap_private, and the
//   name the clients use (e.g. `households`) is a view that shows those fields only to the team
//   of the row's township and to admins (NULL for everyone else); writes through the view go
//   through a SECURITY DEFINER trigger that checks the same permissions and never overwrites a
//   field the writer could not see;
// - teams read the audit log and cannot write it (pg_audit.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/schema.hpp"

namespace zhenmap::store {

class PgConnection;

// (Re)creates roles, grants, policies and personal-data views for the project's layers (read
// from the server's metadata). Idempotent. Returns the team role names.
std::vector<std::string> setupTeamRoles(PgConnection& conn);

// The role of a work team, and the admin role, in this database.
std::string teamRoleName(PgConnection& conn, std::int64_t teamId);
std::string adminRoleName(PgConnection& conn);

// True when the layer has fields marked sensitive (its table then lives in zhenmap_private).
bool hasPersonalData(const LayerSpec& layer);

}  // namespace zhenmap::store
