// The audit log of a project file kept by SQLite itself: triggers on every layer table write the
// audit rows (one per changed field; inserts and deletes with the whole row and geometry) and
// keep the row version (a new row is version 1, every change adds one whatever a writer puts
// into the column; an insert with another version is refused), whoever writes: zhenmap, the sqlite3 shell, QGIS, a
// script. zhenmap's commits put user, reason and context into the one-row table audit_context at the start of the
// commit transaction and clear it before COMMIT; a write without it is recorded as user 'external', context 'external',
// with the time. The triggers use only SQLite's own SQL (hex, json_object), so they work in any SQLite program; the
// hash chain is sealed by zhenmap (audit_chain.hpp). Geometry in audit values: "spatialite:" + hex of the stored blob
// (auditGeometryWkb decodes it).
#pragma once

#include <string>
#include <vector>

#include "store/schema.hpp"

namespace zhenmap::store {

class Database;

// Creates (or re-creates) the audit and version triggers of one layer table.
void createAuditTriggers(Database& db, const LayerSpec& layer);
void dropAuditTriggers(Database& db, const LayerSpec& layer);
// The audit_context table and the triggers that keep audit_log append-only (only an unsealed
// row's hash may be set). Idempotent.
void createAuditTables(Database& db);

// A project's first data is not history: the demo, pull and test fixtures load their rows with
// the layer triggers dropped, and put them back before their transaction commits.
void suspendAudit(Database& db);
void resumeAudit(Database& db);

// The audit_log table as this version creates it.
const char* auditLogDdl();

// Migration 5: audit_log gains action, hash and the wider context list; every layer table its
// triggers; existing rows are sealed.
void addDatabaseAudit(Database& db);

// The WKB (EPSG:4490) of a geometry as the audit log records it ("spatialite:<hex>" from a file,
// "ewkb:<hex>" from a server); "" for anything else.
std::string auditGeometryWkb(const std::string& value);

}  // namespace zhenmap::store
