// The project store's schema. A project's layers are described by LayerSpecs read from its own
// layer_metadata/field_metadata tables (schema_metadata.cpp), so layers and fields a team adds
// work everywhere the standard ones do: SQL DDL, validation, the table, commits, audit, push/pull.
// The standard layers (townships, villages, work teams, project sites, scenic routes,
// households; standard_layers.cpp) are the template that `zhenmap new` and `zhenmap demo` start
// from. Also here: the project metadata tables and the migrations of older files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhenmap::store {

class Database;

// The version createSchema() writes and migrate() brings older files up to.
constexpr int kSchemaVersion = 5;
// All layer geometries are CGCS2000 lon/lat.
constexpr int kStoreSrid = 4490;

enum class FieldType { Integer, Real, Text, Date };

// One allowed value of a coded field with its labels ("started": 已开工 / Under construction).
struct DomainValue {
  std::string value;
  std::string labelZh;
  std::string labelEn;
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::Text;
  std::string aliasZh;
  bool required = false;
  bool unique = false;
  bool sensitive = false;           // personal data: never logged, redacted in the audit log
  std::vector<std::string> oneOf;   // allowed values (text fields), empty = any
  std::vector<DomainValue> domain;  // the same values with labels (labels may be empty)
  std::optional<double> min;        // inclusive range for numbers
  std::optional<double> max;
  int digits = 0;                           // >0: text of exactly this many ASCII digits (NBS codes)
  std::size_t maxLength = 0;                // >0: longest text in characters (UTF-8 code points)
  std::string references;                   // "table(column)" the value must exist in
  std::optional<std::string> defaultValue;  // as user text (parseValue), for new features
  // What the field means to zhenmap beyond its type, "" for nothing: township_code, village_code,
  // name, status, built_km, planned_km (corridor progress, search, point-in-polygon filling).
  std::string role;
};

// A rule between two fields of one row, checked by the validation layer and by the table's
// CHECK constraint. NotGreater: field <= other (numbers); NotBefore: field >= other (dates);
// Within: the code `field` starts with the code `other` (a village code within its township's).
struct CrossRule {
  enum class Kind { NotGreater, NotBefore, Within };
  Kind kind = Kind::NotGreater;
  std::string field;
  std::string other;
};

struct LayerSpec {
  std::string name;
  std::string geometryType;  // SpatiaLite type: POINT, LINESTRING, MULTIPOLYGON
  std::string titleZh;
  std::vector<FieldSpec> fields;  // attribute fields, without id, version, geom
  std::vector<CrossRule> rules;
  // SQL (both engines) giving the township code a row belongs to, "" for none: which work team
  // may edit it on a server.
  std::string townshipExpression;
};

// The standard layers in creation order (referenced tables first): the template of new projects.
const std::vector<LayerSpec>& standardLayers();
const LayerSpec* findStandardLayer(std::string_view name);
// The same under the names older code uses (the standard template, not a project's layers: use
// ProjectStore::findLayer for those).
inline const std::vector<LayerSpec>& layerSpecs() { return standardLayers(); }
inline const LayerSpec* findLayer(std::string_view name) { return findStandardLayer(name); }
const FieldSpec* findField(const LayerSpec& layer, std::string_view field);
const FieldSpec* findFieldByRole(const LayerSpec& layer, std::string_view role);

// The CHECK expressions of the layer's cross-field rules (SQL both engines accept).
std::vector<std::string> tableChecks(const LayerSpec& layer);
// "integer", "real", "text", "date" and back (throws std::invalid_argument for anything else).
const char* fieldTypeName(FieldType t);
FieldType fieldTypeFromName(std::string_view name);

// Creates every metadata table and the given layers (default: the standard ones) in an empty
// database, in one transaction.
void createSchema(Database& db, const std::vector<LayerSpec>& layers = standardLayers());
// Adds one layer to a project file: table with its constraints, geometry column, spatial index,
// metadata rows. Call inside a transaction. Throws DataError for a name already taken.
void createLayerTable(Database& db, const LayerSpec& layer, int position);
// The column definition of a field in SQLite DDL (type, NOT NULL, UNIQUE, CHECK, REFERENCES).
std::string sqliteColumnDdl(const FieldSpec& f);
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
