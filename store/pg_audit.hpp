// The audit log of a server project kept by PostgreSQL itself, set up by `zhenmap push`:
// - a BEFORE row trigger on every layer table keeps `version` (1 for a new row, +1 per change)
//   whatever a client writes into it;
// - AFTER statement triggers with transition tables write the audit rows set-wise (one per
//   changed field; inserts and deletes with the whole row as JSON and the geometry as EWKB),
//   in a SECURITY DEFINER function: the user is session_user (never a name the client sends),
//   the time the server's, the reason and context what zhenmap's commit set with
//   set_config(..., true) in its transaction (another client's writes: context 'external');
// - every audit row is sealed in the same statement: ids and the SHA-256 chain continue from
//   the last row under a transaction-long advisory lock (the same chain as audit_chain.hpp);
// - work-team roles may read the audit log but not write it.
#pragma once

#include <string>
#include <vector>

#include "store/schema.hpp"

namespace zhenmap::store {

class PgConnection;

// The advisory lock that orders audit rows; zhenmap's commits take it first, so that two
// commits never wait on each other's row locks while holding it.
constexpr long long kAuditLockKey = 74490021;

// Installs (or replaces) the chain functions, the version and audit triggers of `layers`, and
// zhenmap_next_ids(). Idempotent; in the caller's transaction.
void setupServerAudit(PgConnection& pg, const std::vector<LayerSpec>& layers);

// The per-layer trigger function's name.
std::string pgAuditFunction(const LayerSpec& layer);

}  // namespace zhenmap::store
