// The project store facade; see project_store.hpp. The one place that knows both engines is
// ProjectStore::open; every other function forwards to the backend or runs portable SQL.
#include "store/project_store.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "store/pg_backend.hpp"
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

void collectConflicts(const LayerSpec& spec, const std::vector<std::pair<const CellKey*, const PendingChange*>>& cells,
                      std::int64_t base, const RowCheck& row, std::vector<Conflict>& out) {
  if (row.found && row.storedVersion == base) return;
  for (std::size_t n = 0; n < cells.size(); ++n) {
    const FieldSpec& f = requireField(spec, cells[n].first->field);
    if (row.found && row.current[n] == cells[n].second->original) continue;  // another field changed: merge
    out.push_back({spec.name, cells[n].first->id, f.name, base, row.found ? row.storedVersion : 0,
                   row.found ? displayValue(f, row.current[n]) : "(deleted)", displayValue(f, cells[n].second->value)});
  }
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
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  try {
    Database db(path, OpenMode::ReadOnly);
    return schemaVersion(db) > 0;
  } catch (const DataError&) {
    return false;
  }
}

ProjectStore::ProjectStore(std::unique_ptr<StoreBackend> backend) : m_backend(std::move(backend)) {}
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

ProjectStore ProjectStore::create(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) throw OpenError("file exists already", {path});
  Database db(path, OpenMode::Create);
  createSchema(db);
  return ProjectStore(std::make_unique<SqliteBackend>(std::move(db)));
}

Database& ProjectStore::database() {
  if (Database* db = m_backend->sqlite()) return *db;
  throw DataError("a server project has no SQLite connection", {m_backend->path()});
}

const std::string& ProjectStore::path() const { return m_backend->path(); }
bool ProjectStore::readOnly() const { return m_backend->readOnly(); }
bool ProjectStore::isServer() const { return m_backend->isServer(); }

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

std::vector<LayerInfo> ProjectStore::layers() {
  std::map<std::string, LayerInfo> meta;
  query("SELECT layer, title_zh, geometry_type, synthetic_geometry, coalesce(description, '') FROM layer_metadata", {},
        [&](const std::vector<Value>& r) {
          meta[asText(r[0])] = {asText(r[0]), asText(r[1]), asText(r[2]), 0, asInteger(r[3]) != 0, asText(r[4])};
        });
  std::vector<LayerInfo> out;
  for (const LayerSpec& spec : layerSpecs()) {
    auto it = meta.find(spec.name);
    LayerInfo info =
        it != meta.end() ? it->second : LayerInfo{spec.name, spec.titleZh, spec.geometryType, 0, false, ""};
    info.featureCount = m_backend->featureCount(spec);
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

std::vector<AuditEntry> ProjectStore::history(const std::string& layer, std::int64_t id) {
  std::vector<AuditEntry> out;
  query(
      "SELECT id, layer, feature_id, field, coalesce(old_value, 'NULL'), coalesce(new_value, 'NULL'), new_version, "
      "\"user\", time, coalesce(reason, ''), coalesce(context, '') FROM audit_log WHERE layer = ? AND feature_id = ? "
      "ORDER BY id",
      {Value{layer}, Value{id}}, [&](const std::vector<Value>& r) {
        out.push_back({asInteger(r[0]), asText(r[1]), asInteger(r[2]), asText(r[3]), asText(r[4]), asText(r[5]),
                       asInteger(r[6]), asText(r[7]), asText(r[8]), asText(r[9]), asText(r[10])});
      });
  return out;
}

Value ProjectStore::currentValue(const EditBuffer& buffer, const CellKey& cell) {
  if (auto v = buffer.pending(cell)) return *v;
  const LayerSpec& spec = requireLayer(cell.layer);
  const FieldSpec& field = requireField(spec, cell.field);
  std::optional<Value> stored;
  m_backend->readRows(spec, {cell.id}, {&field},
                      [&](std::int64_t, std::int64_t, const std::vector<Value>& v) { stored = v[0]; });
  if (!stored) throw DataError("no such feature", {path(), cell.layer, cell.id});
  return *stored;
}

void ProjectStore::setValue(EditBuffer& buffer, const CellKey& cell, const Value& value) {
  const LayerSpec& spec = requireLayer(cell.layer);
  const FieldSpec& field = requireField(spec, cell.field);
  Value v = value;
  if (field.type == FieldType::Real) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) v = static_cast<double>(*i);
  }
  validateValue(spec, field, v, cell.id);
  std::optional<std::pair<std::int64_t, Value>> stored;
  m_backend->readRows(spec, {cell.id}, {&field}, [&](std::int64_t, std::int64_t version, const std::vector<Value>& r) {
    stored.emplace(version, r[0]);
  });
  if (!stored) throw DataError("no such feature", {path(), cell.layer, cell.id});
  buffer.set(cell, std::move(v), stored->second, stored->first);
}

void ProjectStore::setText(EditBuffer& buffer, const CellKey& cell, const std::string& text) {
  const LayerSpec& spec = requireLayer(cell.layer);
  setValue(buffer, cell, parseValue(spec, requireField(spec, cell.field), text));
}

void ProjectStore::validatePending(const EditBuffer& buffer) {
  FeatureKey last{"", -1};
  for (auto it = buffer.changes().begin(); it != buffer.changes().end(); ++it) {
    if (it->first.feature() == last) continue;
    last = it->first.feature();
    const LayerSpec& spec = requireLayer(last.layer);
    Feature f = readFeature(last.layer, last.id);
    Row changed;
    for (auto c = it; c != buffer.changes().end() && c->first.feature() == last; ++c) {
      f.attributes[c->first.field] = c->second.value;
      changed[c->first.field] = c->second.value;
    }
    validateRow(spec, f.attributes, last.id);
    validateReferences([this](const std::string& t, const std::string& c,
                              const Value& v) { return m_backend->referenceExists(t, c, v); },
                       spec, changed, last.id);
  }
}

CommitResult ProjectStore::commit(EditBuffer& buffer, const CommitOptions& options) {
  return m_backend->commit(buffer, options);
}

}  // namespace zhenmap::store
