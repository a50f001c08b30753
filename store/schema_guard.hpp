// A project file received from elsewhere runs nothing it carries. SQLite runs what a file's schema
// holds (triggers, views, CHECK and DEFAULT expressions, generated columns, index expressions)
// with the functions of the connection; "trusted_schema" cannot be turned off here because
// SpatiaLite's own triggers call functions it does not mark innocuous (GeometryConstraints,
// RTreeAlign). So every store connection, once SpatiaLite is loaded:
//  - loses the functions that reach outside the file (SpatiaLite's file import/export, BlobToFile,
//    eval, ..., present when SPATIALITE_SECURITY=relaxed) and the virtual-table modules that read
//    other files (VirtualText, VirtualShape, VirtualDbf, VirtualXL, VirtualGeoJSON, FTS);
//    load_extension() and the two-argument fts3_tokenizer() stay disabled;
//  - refuses (OpenError) a file whose schema calls any function outside an allow-list: the
//    functions SQLite marks innocuous, JSON functions, SpatiaLite's trigger helpers, and those
//    listed in kTrustedSchemaFunctions. The check compiles (never runs) an INSERT, UPDATE and
//    DELETE of every table and a SELECT of every view, and reads the functions in the programs,
//    triggers included (EXPLAIN lists them). SQLite does not parse CHECK constraints on a read-only
//    connection (where they cannot run): such a file is refused once opened for writing;
//  - refuses values longer than maxValueBytes() (SQLITE_LIMIT_LENGTH): SQLITE_TOOBIG.
// A function registered for the store's own triggers must be innocuous (register it with
// SQLITE_INNOCUOUS: no side effects, output from its inputs only) or be named in
// kTrustedSchemaFunctions (schema_guard.cpp) with the reason.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace zhenmap::store {

// The largest text or blob value a store connection reads or writes: 256 MiB, or the environment
// variable ZHENMAP_MAX_VALUE_BYTES (bytes, at least 1024) when set.
std::int64_t maxValueBytes();

// From the first call on, every SQLite connection the process opens (GDAL's reading a project or a
// GeoPackage included: sqlite3_auto_extension) refuses values longer than maxValueBytes().
void limitEveryConnection();

// Removes the functions and modules above and sets the limits. Call right after SpatiaLite's init.
void restrictConnection(sqlite3* db);

// "" when the schema calls only allowed functions; else what it calls and where, for a message:
// "trigger 'x' on table 'project_sites' that calls blobtofile()", "view 'v' whose query call ...".
std::string untrustedSchemaUse(sqlite3* db);

}  // namespace zhenmap::store
