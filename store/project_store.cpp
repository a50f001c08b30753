// The project store facade; see project_store.hpp. The one place that knows both engines is
// ProjectStore::open; every other function forwards to the backend or runs portable SQL.
#include "store/project_store.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <algorithm>
#include <filesystem>

#include "store/pg_backend.hpp"
#include "store/schema_metadata.hpp"
#include "store/sqlite_backend.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

std::string utcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string commitUser(const CommitOptions& options) {
  if (!options.user.empty()) return options.user;
  const char* env = std::getenv("USER");
  return env && *env ? env : "unknown";
}

namespace {

std::string conflictMessage(const std::vector<Conflict>& conflicts) {
  std::string msg = "conflict: changed by someone else since it was read; nothing was written:";
  for (const Conflict& c : conflicts) {
    msg += " " + c.layer + " id " + std::to_string(c.id) + " field " + c.field + ": theirs '" + c.theirs +
           "' (version " + std::to_string(c.theirVersion) + "), yours '" + c.yours + "' (based on version " +
           std::to_string(c.baseVersion) + ");";
  }
  msg.pop_back();
  return msg;
}

// Opens a file project, migrating a file made by an older zhenmap (a read-only open of such a
// file migrates it through a short read-write connection first).
Database openFile(const std::string& path, OpenMode mode, int busyTimeoutMs) {
  Database db(path, mode == OpenMode::Create ? OpenMode::ReadWrite : mode, busyTimeoutMs);
  const int version = schemaVersion(db);
  if (version == 0) throw OpenError("not a zhenmap project (no schema_migrations table)", {path});
  if (version < kSchemaVersion && db.readOnly() && mode == OpenMode::ReadOnly) {
    {
      Database writer(path, OpenMode::ReadWrite, busyTimeoutMs);
      migrate(writer);
    }
    db = Database(path, OpenMode::ReadOnly, busyTimeoutMs);
  }
  migrate(db);
  return db;
}

}  // namespace

ConflictError::ConflictError(std::vector<Conflict> conflicts, const std::string& path)
    : DataError(conflictMessage(conflicts), {path}), m_conflicts(std::move(conflicts)) {}

const LayerSpec& requireLayer(const std::string& name) {
  if (const LayerSpec* l = findLayer(name)) return *l;
  std::string known;
  for (const LayerSpec& l : layerSpecs()) known += (known.empty() ? "" : ", ") + l.name;
  throw ValidationError("no layer '" + name + "' (layers: " + known + ")", "");
}

const FieldSpec& requireField(const LayerSpec& layer, const std::string& field) {
  if (const FieldSpec* f = findField(layer, field)) return *f;
  if (field == "id" || field == "version" || field == "geom") {
    throw ValidationError("field " + field + " is not editable", field, {"", layer.name, std::nullopt});
  }
  throw ValidationError("no field '" + field + "'", field, {"", layer.name, std::nullopt});
}

bool isServerAddress(const std::string& path) { return isPgUri(path); }

bool looksLikeProject(const std::string& path) {
  if (isServerAddress(path)) return true;
  std::error_code ec;
  // Plain SQLite reads the table list: nothing the file carries runs, and a GeoPackage's own
  // triggers never meet the project connection's guard.
  return std::filesystem::is_regular_file(path, ec) && hasProjectTables(path);
}

ProjectStore::ProjectStore(std::unique_ptr<StoreBackend> backend) : m_backend(std::move(backend)) { reloadSchema(); }
ProjectStore::~ProjectStore() = default;
ProjectStore::ProjectStore(ProjectStore&& other) noexcept = default;
ProjectStore& ProjectStore::operator=(ProjectStore&& other) noexcept = default;

ProjectStore ProjectStore::open(const std::string& path, OpenMode mode, int busyTimeoutMs) {
  if (isServerAddress(path)) {
    auto pg = std::make_unique<PgBackend>(path, mode == OpenMode::Create ? OpenMode::ReadWrite : mode);
    pg->connection().exec("SET lock_timeout = " + std::to_string(std::max(busyTimeoutMs, 1)));
    return ProjectStore(std::move(pg));
  }
  return ProjectStore(std::make_unique<SqliteBackend>(openFile(path, mode, busyTimeoutMs)));
}

ProjectStore ProjectStore::create(const std::string& path, const std::vector<LayerSpec>& layers) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) throw OpenError("file exists already", {path});
  Database db(path, OpenMode::Create);
  createSchema(db, layers);
  return ProjectStore(std::make_unique<SqliteBackend>(std::move(db)));
}

Database& ProjectStore::database() {
  if (Database* db = m_backend->sqlite()) return *db;
  throw DataError("a server project has no SQLite connection", {m_backend->path()});
}

const std::string& ProjectStore::path() const { return m_backend->path(); }
bool ProjectStore::readOnly() const { return m_backend->readOnly(); }
bool ProjectStore::isServer() const { return m_backend->isServer(); }

const LayerSpec* ProjectStore::findLayer(std::string_view name) const {
  for (const LayerSpec* l : m_specList) {
    if (l->name == name) return l;
  }
  return nullptr;
}

const LayerSpec& ProjectStore::requireLayer(const std::string& name) const {
  if (const LayerSpec* l = findLayer(name)) return *l;
  std::string known;
  for (const LayerSpec* l : m_specList) known += (known.empty() ? "" : ", ") + l->name;
  throw ValidationError("no layer '" + name + "' (layers: " + known + ")", "");
}

void ProjectStore::reloadSchema() {
  std::vector<LayerSpec> read = readLayerSpecs([this](const std::string& sql, const std::vector<Value>& params,
                                                      const QueryRowFn& fn) { query(sql, params, fn); });
  std::vector<const LayerSpec*> list;
  for (LayerSpec& spec : read) {
    auto it = std::find_if(m_specs.begin(), m_specs.end(), [&](const auto& s) { return s->name == spec.name; });
    if (it == m_specs.end()) {
      m_specs.push_back(std::make_unique<LayerSpec>(std::move(spec)));
      list.push_back(m_specs.back().get());
    } else {
      **it = std::move(spec);
      list.push_back(it->get());
    }
  }
  m_specList = std::move(list);
}

void ProjectStore::addLayer(const LayerSpec& layer) {
  Database& db = database();
  if (db.readOnly()) throw ReadOnlyError("the project is read-only; the layer was not added", {path()});
  {
    Transaction tx(db);
    createLayerTable(db, layer, static_cast<int>(m_specList.size()));
    tx.commit();
  }
  reloadSchema();
}

std::optional<std::string> ProjectStore::readOnlyReason(const std::string& layer, std::int64_t id) {
  return m_backend->readOnlyReason(requireLayer(layer), id);
}

void ProjectStore::query(const std::string& sql, const std::vector<Value>& params, const QueryRowFn& fn) {
  m_backend->query(sql, params, fn);
}

void ProjectStore::readSnapshot(const std::function<void()>& body) { m_backend->readTransaction(body); }

void ProjectStore::forEachRow(const std::string& layer, const RowFn& fn) {
  m_backend->forEachRow(requireLayer(layer), fn);
}

void ProjectStore::forEachRowOf(const std::string& layer, const std::vector<std::int64_t>& ids, const RowFn& fn) {
  const LayerSpec& spec = requireLayer(layer);
  std::vector<const FieldSpec*> fields;
  for (const FieldSpec& f : spec.fields) fields.push_back(&f);
  m_backend->readRows(spec, ids, fields, fn);
}

std::vector<LayerInfo> ProjectStore::layers() {
  std::map<std::string, LayerInfo> meta;
  query("SELECT layer, title_zh, geometry_type, synthetic_geometry, coalesce(description, '') FROM layer_metadata", {},
        [&](const std::vector<Value>& r) {
          meta[asText(r[0])] = {asText(r[0]), asText(r[1]), asText(r[2]), 0, asInteger(r[3]) != 0, asText(r[4])};
        });
  std::vector<LayerInfo> out;
  for (const LayerSpec* spec : m_specList) {
    auto it = meta.find(spec->name);
    LayerInfo info =
        it != meta.end() ? it->second : LayerInfo{spec->name, spec->titleZh, spec->geometryType, 0, false, ""};
    info.featureCount = m_backend->featureCount(*spec);
    out.push_back(std::move(info));
  }
  return out;
}

Feature ProjectStore::readFeature(const std::string& layer, std::int64_t id) {
  const LayerSpec& spec = requireLayer(layer);
  std::vector<const FieldSpec*> fields;
  for (const FieldSpec& f : spec.fields) fields.push_back(&f);
  std::optional<Feature> found;
  m_backend->readRows(spec, {id}, fields, [&](std::int64_t fid, std::int64_t version, const std::vector<Value>& v) {
    Feature f{fid, version, {}};
    for (std::size_t i = 0; i < fields.size(); ++i) f.attributes.emplace(fields[i]->name, v[i]);
    found = std::move(f);
  });
  if (!found) throw DataError("no such feature", {path(), layer, id});
  return std::move(*found);
}

void ProjectStore::forEachFeature(const std::string& layer,
                                  const std::function<void(const Feature&, const std::string&)>& fn) {
  m_backend->forEachFeature(requireLayer(layer), fn);
}

std::string ProjectStore::readGeometry(const std::string& layer, std::int64_t id) {
  std::optional<std::string> wkb;
  m_backend->readGeometries(requireLayer(layer), {id}, [&](std::int64_t, const std::string& g) { wkb = g; });
  if (!wkb) throw DataError("no such feature", {path(), layer, id});
  return *wkb;
}

std::vector<std::string> ProjectStore::codesAt(const std::string& polygons, const std::string& codeField,
                                               const std::string& wkb) {
  const LayerSpec& spec = requireLayer(polygons);
  requireField(spec, codeField);
  return m_backend->codesAt(spec, codeField, wkb);
}

std::vector<AuditEntry> ProjectStore::history(const std::string& layer, std::int64_t id) {
  std::vector<AuditEntry> out;
  query(
      "SELECT id, layer, feature_id, field, coalesce(old_value, 'NULL'), coalesce(new_value, 'NULL'), new_version, "
      "\"user\", time, coalesce(reason, ''), coalesce(context, ''), action FROM audit_log WHERE layer = ? AND "
      "feature_id = ? ORDER BY id",
      {Value{layer}, Value{id}}, [&](const std::vector<Value>& r) {
        out.push_back({asInteger(r[0]), asText(r[1]), asInteger(r[2]), asText(r[3]), asText(r[4]), asText(r[5]),
                       asInteger(r[6]), asText(r[7]), asText(r[8]), asText(r[9]), asText(r[10]), asText(r[11])});
      });
  return out;
}

AuditVerification ProjectStore::verifyAudit() {
  std::vector<AuditRecord> rows;
  std::vector<std::optional<std::string>> cells;
  query(std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY id", {}, [&](const std::vector<Value>& r) {
    cells.clear();
    for (const Value& v : r) cells.push_back(isNull(v) ? std::nullopt : std::optional<std::string>(asText(v)));
    rows.push_back(readAuditRecord(cells));
  });
  return verifyAuditChain(rows);
}

std::int64_t ProjectStore::sealAudit() { return m_backend->sealAudit(); }

}  // namespace zhenmap::store
