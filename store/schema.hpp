// The project store's schema: the layer tables and their fields (one description that both the
// SQL DDL and the validation layer are generated from), project metadata tables, and migrations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhenmap::store {

class Database;

// The version createSchema() writes and migrate() brings older files up to.
constexpr int kSchemaVersion = 3;
// All layer geometries are CGCS2000 lon/lat.
constexpr int kStoreSrid = 4490;

enum class FieldType { Integer, Real, Text, Date };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::Text;
  std::string aliasZh;
  bool required = false;
  bool unique = false;
  bool sensitive = false;               // personal data: never logged, redacted in the audit log
  std::vector<std::string> oneOf;       // allowed values (text fields), empty = any
  std::optional<double> min;            // inclusive range for numbers
  std::optional<double> max;
  int digits = 0;                       // >0: text of exactly this many ASCII digits (NBS codes)
  std::size_t maxLength = 0;            // >0: longest text in characters (UTF-8 code points)
  std::string references;               // "table(column)" the value must exist in
};

struct LayerSpec {
  std::string name;
  std::string geometryType;             // SpatiaLite type: POINT, LINESTRING, MULTIPOLYGON
  std::string titleZh;
  std::vector<FieldSpec> fields;        // attribute fields, without id, version, geom
  std::vector<std::string> tableChecks; // cross-field CHECK expressions (mirrored in validation)
};

// The layer tables in creation order (referenced tables first).
const std::vector<LayerSpec>& layerSpecs();
const LayerSpec* findLayer(std::string_view name);
const FieldSpec* findField(const LayerSpec& layer, std::string_view field);

// The SQL column definition of a field as the layer table declares it: type, NOT NULL, UNIQUE, the
// CHECK that mirrors validateValue, REFERENCES.
std::string columnDefinition(const FieldSpec& field);

// Creates every table, index, trigger and metadata row in an empty database (one transaction).
void createSchema(Database& db);
// The schema version stored in the file, 0 when it is not a zhenmap project.
int schemaVersion(Database& db);
// Whether the file at path holds zhenmap's metadata tables (schema_migrations, styles), read
// with plain SQLite (no SpatiaLite, nothing the file carries runs): GeoPackages and other SQLite
// data files are not projects and are never opened as a Database.
bool hasProjectTables(const std::string& path);
// Checks, reading only, that a project (schemaVersion() > 0) is one this program reads: not from
// a newer zhenmap, every layer table there with its geometry column. Throws DamagedProjectError
// (database.hpp) naming what is wrong.
void checkProjectStructure(Database& db);
// Brings a project made by an older version up to kSchemaVersion. Throws OpenError for a file
// newer than this program or not a project at all, ReadOnlyError when migration needs a write.
void migrate(Database& db);

}  // namespace zhenmap::store
