// A zhenmap project: the one store interface of the app. A project lives in a SpatiaLite file
// (SqliteBackend) or in a PostgreSQL + PostGIS database (PgBackend, addresses "PG:dbname=..."
// or "postgresql://..."); ProjectStore::open picks the backend once and everything else goes
// through this facade, which has no engine branches. Both engines have the same schema,
// validation, one-transaction commit, audit log and conflict rule.
// One ProjectStore per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geometry.hpp"
#include "store/audit_chain.hpp"
#include "store/change_set.hpp"
#include "store/database.hpp"
#include "store/edit_buffer.hpp"
#include "store/meeting.hpp"
#include "store/schema.hpp"
#include "store/validation.hpp"

namespace zhenmap::store {

struct LayerInfo {
  std::string name;
  std::string titleZh;
  std::string geometryType;  // POINT, LINESTRING, MULTIPOLYGON (EPSG:4490)
  std::int64_t featureCount = 0;
  bool syntheticGeometry = false;
  std::string description;
};

struct Feature {
  std::int64_t id = 0;
  std::int64_t version = 0;
  Row attributes;  // every field of the layer spec
};

struct AuditEntry {
  std::int64_t id = 0;
  std::string layer;
  std::int64_t featureId = 0;
  std::string field;
  std::string oldValue;  // "NULL" for null, "(redacted)" for sensitive fields
  std::string newValue;
  std::int64_t newVersion = 0;
  std::string user;
  std::string time;  // ISO 8601 UTC
  std::string reason;
  // "" (ordinary editing), "presentation" (live in a meeting), "external" (written by another
  // program), "import", "restore"
  std::string context;
  // "update" (one field, or "geom" for the geometry), "insert" or "delete" (field "*": the
  // whole row as JSON in newValue / oldValue). Geometry values are "spatialite:<hex>" (a file)
  // or "ewkb:<hex>" (a server): sqlite_audit.hpp's auditGeometryWkb decodes them.
  std::string action;
};

// One cell (or geometry, or a whole feature) that someone else changed since the edit read it.
struct Conflict {
  std::string layer;
  std::int64_t id = 0;
  std::string field;              // a field, "geom" for the geometry, "*" for a deleted feature
  std::int64_t baseVersion = 0;   // the version the edit was based on
  std::int64_t theirVersion = 0;  // the version in the store now (0: the row was deleted)
  std::string theirs;             // display values (sensitive fields redacted; geometry as WKT)
  std::string yours;
  std::string theirsWkb;  // field "geom": both geometries as WKB (EPSG:4490), for the map
  std::string yoursWkb;
};

class ConflictError : public DataError {
 public:
  ConflictError(std::vector<Conflict> conflicts, const std::string& path);
  const std::vector<Conflict>& conflicts() const { return m_conflicts; }

 private:
  std::vector<Conflict> m_conflicts;
};

struct CommitOptions {
  // A constructor rather than an aggregate, so {user, reason} stays valid without naming context.
  CommitOptions(std::string user_ = {}, std::string reason_ = {}, std::string context_ = {})
      : user(std::move(user_)), reason(std::move(reason_)), context(std::move(context_)) {}
  std::string user;    // empty: $USER, else "unknown"
  std::string reason;  // stored in every audit row of the commit
  // Stored in every audit row: "" (NULL, ordinary editing) or "presentation" (made live in a meeting).
  std::string context;
};

// A named extent of the project (the `bookmarks` table), lon/lat EPSG:4490.
struct Bookmark {
  std::int64_t id = 0;
  std::string name;
  Box lonLat;
};

// Everything the window shows about a project besides its layers' rows, read in one call when a
// project is opened (ProjectStore::metadata()).
struct ProjectMetadata {
  std::map<std::string, std::string> styles;        // layer -> style JSON as saved
  std::map<std::string, std::string> layerTitles;   // layer -> Chinese title
  std::set<std::string> personalLayers;             // layers with a field marked sensitive
  std::set<std::string> sensitiveFields;            // "layer.field"
  std::map<std::string, std::string> fieldAliases;  // "layer.field" -> Chinese alias
  std::vector<Bookmark> bookmarks;                  // in id order
  std::vector<Slide> slides;                        // in position order
  std::map<std::string, std::string> settings;      // the settings table
};

class StoreBackend;

class ProjectStore {
 public:
  // One row of a layer without its geometry: id, version, the values in layer-spec field order.
  using RowFn = std::function<void(std::int64_t id, std::int64_t version, const std::vector<Value>& values)>;
  // One result row of query(): integers, reals, text or NULL, in the select list's order.
  using QueryRowFn = std::function<void(const std::vector<Value>& row)>;

  // Opens an existing project: a file path, or a server address ("PG:..." or "postgresql://...";
  // busyTimeoutMs is then the lock timeout). ReadWrite falls back to read-only when the file or
  // its directory is not writable (readOnly() says so; commits then throw ReadOnlyError). A file
  // made by an older zhenmap is migrated first (which needs it writable). Throws OpenError.
  static ProjectStore open(const std::string& path, OpenMode mode = OpenMode::ReadWrite, int busyTimeoutMs = 5000);
  // Creates a new project file (which must not exist) with the given layers (default: the
  // standard ones; none for an empty project).
  static ProjectStore create(const std::string& path, const std::vector<LayerSpec>& layers = standardLayers());

  // The SQLite connection of a file project (push, tests). Throws DataError for a server project.
  Database& database();
  const std::string& path() const;
  bool readOnly() const;
  // True for a project on a PostgreSQL server: for push/pull and labels only, never for behaviour.
  bool isServer() const;
  // Why this user may not edit the feature (read-only file, a server role without the right, a
  // row of another work team's township), or nullopt when it may. For the table UI.
  std::optional<std::string> readOnlyReason(const std::string& layer, std::int64_t id);

  // --- the project's layers, described by its own metadata (schema_metadata.hpp)
  // Every layer of the project in its order (referenced layers first). Pointers stay valid for
  // the life of the ProjectStore (reloadSchema() updates them in place and adds new layers).
  const std::vector<const LayerSpec*>& layerSpecs() const { return m_specList; }
  const LayerSpec* findLayer(std::string_view name) const;
  // The layer spec or a ValidationError naming the unknown layer and the known ones.
  const LayerSpec& requireLayer(const std::string& name) const;
  // Reads the layer descriptions again (after a layer was added).
  void reloadSchema();
  // Adds a layer (its table, geometry column, spatial index and metadata) in one transaction.
  // File projects only (a server gets new layers by a push). Throws DataError (name taken, bad
  // spec), ReadOnlyError.
  void addLayer(const LayerSpec& layer);

  std::vector<LayerInfo> layers();
  // Throws DataError when the layer or feature does not exist.
  Feature readFeature(const std::string& layer, std::int64_t id);
  // Calls fn for every feature in id order with its geometry as ISO WKB (EPSG:4490 lon/lat).
  void forEachFeature(const std::string& layer, const std::function<void(const Feature&, const std::string& wkb)>& fn);
  // Every row of a layer in id order, without geometry (the attribute table).
  void forEachRow(const std::string& layer, const RowFn& fn);
  // The rows of these features (any order; missing ones left out), in one or a few reads.
  void forEachRowOf(const std::string& layer, const std::vector<std::int64_t>& ids, const RowFn& fn);
  // The stored geometry of a feature as ISO WKB (EPSG:4490). Throws DataError when it does not exist.
  std::string readGeometry(const std::string& layer, std::int64_t id);
  // Audit entries of one feature, oldest first.
  std::vector<AuditEntry> history(const std::string& layer, std::int64_t id);
  // Walks the audit log's hash chain (audit_chain.hpp) and reports the first broken link.
  AuditVerification verifyAudit();
  // Seals a file's audit rows that other programs wrote since zhenmap's last commit (a server
  // seals every row as it is written). Returns the rows sealed.
  std::int64_t sealAudit();
  // Codes of the features of `polygons` (a polygon layer) whose geometry contains a point on
  // the given geometry (WKB, EPSG:4490), read from its field `codeField`: which township a new
  // site lies in.
  std::vector<std::string> codesAt(const std::string& polygons, const std::string& codeField, const std::string& wkb);

  // A read-only query on either engine (meeting mode, statistics): SQL that SQLite/SpatiaLite and
  // PostgreSQL/PostGIS both accept, `?` placeholders bound to `params` in order.
  void query(const std::string& sql, const std::vector<Value>& params, const QueryRowFn& fn);
  // Runs `body` in one read transaction: the queries in it see one snapshot of the project.
  void readSnapshot(const std::function<void()>& body);

  // --- display metadata (project_metadata.cpp) ---
  // All of it in one call: what the window needs when a project opens.
  ProjectMetadata metadata();
  std::map<std::string, std::string> readStyles();  // layer -> style JSON
  // Saves styles (layer -> style JSON), replacing a layer's saved style, in one transaction.
  void writeStyles(const std::map<std::string, std::string>& styles);
  std::map<std::string, std::string> layerTitles();
  std::set<std::string> personalLayers();
  std::set<std::string> sensitiveFields();            // "layer.field"
  std::map<std::string, std::string> fieldAliases();  // "layer.field" -> alias
  std::vector<Bookmark> bookmarks();
  // Throws DataError when the project has no bookmark of that name.
  Bookmark bookmark(const std::string& name);
  // Adds a bookmark and returns its id. Throws DataError for an empty or taken name, ReadOnlyError.
  std::int64_t addBookmark(const std::string& name, const Box& lonLat);
  // Deletes a bookmark; slides that showed it keep their place and lose the extent.
  void deleteBookmark(std::int64_t id);
  std::vector<Slide> slides();
  std::map<std::string, std::string> settings();
  void setSetting(const std::string& key, const std::string& value);

  StoreBackend& backend() { return *m_backend; }

  ProjectStore(ProjectStore&& other) noexcept;
  ProjectStore& operator=(ProjectStore&& other) noexcept;
  ~ProjectStore();
  ProjectStore(const ProjectStore&) = delete;
  ProjectStore& operator=(const ProjectStore&) = delete;

 private:
  explicit ProjectStore(std::unique_ptr<StoreBackend> backend);
  std::unique_ptr<StoreBackend> m_backend;
  std::vector<std::unique_ptr<LayerSpec>> m_specs;  // owned here: pointers handed out stay valid
  std::vector<const LayerSpec*> m_specList;
};

// True for a server address ("PG:...", "postgresql://..."), which opens as a server project.
bool isServerAddress(const std::string& path);
// True for a source that holds a zhenmap project: a server address, or a file with zhenmap's
// schema tables. Never throws.
bool looksLikeProject(const std::string& path);

// The standard template's layer spec or a ValidationError naming the unknown layer (a project's
// own layers: ProjectStore::requireLayer).
const LayerSpec& requireLayer(const std::string& name);
// The field spec or a ValidationError; id, version and geom are not editable fields.
const FieldSpec& requireField(const LayerSpec& layer, const std::string& field);

}  // namespace zhenmap::store
