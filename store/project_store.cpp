// The project store; see project_store.hpp.
#include "store/project_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>

#include "store/pg_store.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

namespace {

std::string selectColumns(const LayerSpec& spec) {
  std::string cols = "id, version";
  for (const FieldSpec& f : spec.fields) cols += ", " + f.name;
  return cols;
}

Feature readRow(const Statement& s, const LayerSpec& spec) {
  Feature f;
  f.id = s.getInt(0);
  f.version = s.getInt(1);
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    f.attributes.emplace(spec.fields[i].name, s.getValue(static_cast<int>(i) + 2));
  }
  return f;
}

// Batch sizes of commit(): large enough that SQLite's per-statement cost stops mattering, small
// enough to keep the statements short to prepare. SQLite allows 32,766 parameters per statement.
constexpr std::size_t kMaxRowsPerUpdate = 128;
constexpr std::size_t kAuditRowsPerInsert = 64;
constexpr std::size_t kMaxParameters = 32766;

}  // namespace

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

ProjectStore::ProjectStore(Database db) : m_db(std::move(db)) {}
ProjectStore::ProjectStore(std::unique_ptr<StoreBackend> backend) : m_backend(std::move(backend)) {}
ProjectStore::~ProjectStore() = default;

ProjectStore::ProjectStore(ProjectStore&& other) noexcept
    : m_db(std::move(other.m_db)), m_backend(std::move(other.m_backend)) {
  other.m_cache.clear();
}

ProjectStore& ProjectStore::operator=(ProjectStore&& other) noexcept {
  if (this != &other) {
    m_cache.clear();
    other.m_cache.clear();
    m_db = std::move(other.m_db);
    m_backend = std::move(other.m_backend);
  }
  return *this;
}

Database& ProjectStore::database() {
  if (m_backend) throw DataError("a server project has no SQLite connection", {m_backend->path()});
  return m_db;
}

const std::string& ProjectStore::path() const { return m_backend ? m_backend->path() : m_db.path(); }
bool ProjectStore::readOnly() const { return m_backend ? m_backend->readOnly() : m_db.readOnly(); }

std::optional<std::string> ProjectStore::readOnlyReason(const std::string& layer, std::int64_t id) {
  const LayerSpec& spec = requireLayer(layer);
  if (m_backend) return m_backend->readOnlyReason(spec, id);
  if (m_db.readOnly()) return "the project file (or its folder) is not writable";
  return std::nullopt;
}

void ProjectStore::query(const std::string& sql, const std::vector<Value>& params, const QueryRowFn& fn) {
  if (m_backend) return m_backend->query(sql, params, fn);
  Statement s = m_db.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) s.bind(static_cast<int>(i) + 1, params[i]);
  std::vector<Value> row;
  while (s.step()) {
    row.resize(static_cast<std::size_t>(s.columnCount()));
    for (int c = 0; c < s.columnCount(); ++c) row[static_cast<std::size_t>(c)] = s.getValue(c);
    fn(row);
  }
}

void ProjectStore::forEachRow(const std::string& layer, const RowFn& fn) {
  const LayerSpec& spec = requireLayer(layer);
  if (m_backend) return m_backend->forEachRow(spec, fn);
  Statement s = m_db.prepare("SELECT " + selectColumns(spec) + " FROM " + spec.name + " ORDER BY id");
  std::vector<Value> values(spec.fields.size());
  while (s.step()) {
    for (std::size_t c = 0; c < values.size(); ++c) values[c] = s.getValue(static_cast<int>(c) + 2);
    fn(s.getInt(0), s.getInt(1), values);
  }
}

Statement& ProjectStore::cached(const std::string& sql) {
  auto it = m_cache.find(sql);
  if (it == m_cache.end()) it = m_cache.emplace(sql, m_db.prepare(sql)).first;
  return it->second;
}

ProjectStore ProjectStore::open(const std::string& path, OpenMode mode, int busyTimeoutMs) {
  if (isPgUri(path)) {
    auto pg = std::make_unique<PgStore>(path, mode == OpenMode::Create ? OpenMode::ReadWrite : mode);
    pg->connection().exec("SET lock_timeout = " + std::to_string(std::max(busyTimeoutMs, 1)));
    return ProjectStore(std::unique_ptr<StoreBackend>(std::move(pg)));
  }
  Database db(path, mode == OpenMode::Create ? OpenMode::ReadWrite : mode, busyTimeoutMs);
  if (schemaVersion(db) == 0) throw OpenError("not a zhenmap project (no schema_migrations table)", {path});
  migrate(db);
  return ProjectStore(std::move(db));
}

ProjectStore ProjectStore::create(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) throw OpenError("file exists already", {path});
  Database db(path, OpenMode::Create);
  createSchema(db);
  return ProjectStore(std::move(db));
}

std::vector<LayerInfo> ProjectStore::layers() {
  if (m_backend) return m_backend->layers();
  std::vector<LayerInfo> out;
  Statement meta = m_db.prepare(
      "SELECT title_zh, geometry_type, synthetic_geometry, coalesce(description, '') FROM layer_metadata "
      "WHERE layer = ?");
  for (const LayerSpec& spec : layerSpecs()) {
    LayerInfo info{spec.name, spec.titleZh, spec.geometryType, 0, false, ""};
    meta.bind(1, spec.name);
    if (meta.step()) {
      info.titleZh = meta.getText(0);
      info.geometryType = meta.getText(1);
      info.syntheticGeometry = meta.getInt(2) != 0;
      info.description = meta.getText(3);
    }
    meta.reset();
    Statement count = m_db.prepare("SELECT count(*) FROM " + spec.name);
    if (count.step()) info.featureCount = count.getInt(0);
    out.push_back(std::move(info));
  }
  return out;
}

Feature ProjectStore::readFeature(const std::string& layer, std::int64_t id) {
  const LayerSpec& spec = requireLayer(layer);
  if (m_backend) return m_backend->readFeature(spec, id);
  Statement s = m_db.prepare("SELECT " + selectColumns(spec) + " FROM " + spec.name + " WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) throw DataError("no such feature", {path(), layer, id});
  return readRow(s, spec);
}

void ProjectStore::forEachFeature(const std::string& layer,
                                  const std::function<void(const Feature&, const std::string&)>& fn) {
  const LayerSpec& spec = requireLayer(layer);
  if (m_backend) return m_backend->forEachFeature(spec, fn);
  Statement s = m_db.prepare("SELECT " + selectColumns(spec) + ", AsBinary(geom) FROM " + spec.name + " ORDER BY id");
  const int geomCol = static_cast<int>(spec.fields.size()) + 2;
  while (s.step()) fn(readRow(s, spec), s.getBlob(geomCol));
}

std::vector<AuditEntry> ProjectStore::history(const std::string& layer, std::int64_t id) {
  if (m_backend) return m_backend->history(layer, id);
  Statement s = m_db.prepare(
      "SELECT id, layer, feature_id, field, coalesce(old_value, 'NULL'), coalesce(new_value, 'NULL'), new_version, "
      "user, time, coalesce(reason, ''), coalesce(context, '') FROM audit_log WHERE layer = ? AND feature_id = ? "
      "ORDER BY id");
  s.bind(1, layer).bind(2, id);
  std::vector<AuditEntry> out;
  while (s.step()) {
    out.push_back({s.getInt(0), s.getText(1), s.getInt(2), s.getText(3), s.getText(4), s.getText(5), s.getInt(6),
                   s.getText(7), s.getText(8), s.getText(9), s.getText(10)});
  }
  return out;
}

Value ProjectStore::currentValue(const EditBuffer& buffer, const CellKey& cell) {
  if (auto v = buffer.pending(cell)) return *v;
  const LayerSpec& spec = requireLayer(cell.layer);
  const FieldSpec& field = requireField(spec, cell.field);
  if (m_backend) {
    auto stored = m_backend->readCell(spec, field, cell.id);
    if (!stored) throw DataError("no such feature", {path(), cell.layer, cell.id});
    return stored->second;
  }
  Statement& s = cached("SELECT " + cell.field + " FROM " + spec.name + " WHERE id = ?");
  s.bind(1, cell.id);
  const bool found = s.step();
  Value v = found ? s.getValue(0) : Value{};
  s.reset();
  if (!found) throw DataError("no such feature", {path(), cell.layer, cell.id});
  return v;
}

void ProjectStore::setValue(EditBuffer& buffer, const CellKey& cell, const Value& value) {
  const LayerSpec& spec = requireLayer(cell.layer);
  const FieldSpec& field = requireField(spec, cell.field);
  Value v = value;
  if (field.type == FieldType::Real) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) v = static_cast<double>(*i);
  }
  validateValue(spec, field, v, cell.id);
  if (m_backend) {
    auto stored = m_backend->readCell(spec, field, cell.id);
    if (!stored) throw DataError("no such feature", {path(), cell.layer, cell.id});
    buffer.set(cell, std::move(v), stored->second, stored->first);
    return;
  }
  Statement& s = cached("SELECT version, " + field.name + " FROM " + spec.name + " WHERE id = ?");
  s.bind(1, cell.id);
  if (!s.step()) {
    s.reset();
    throw DataError("no such feature", {path(), cell.layer, cell.id});
  }
  const Value original = s.getValue(1);
  const std::int64_t version = s.getInt(0);
  s.reset();
  buffer.set(cell, std::move(v), original, version);
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
    if (m_backend) {
      validateReferences([this](const std::string& t, const std::string& c,
                                const Value& v) { return m_backend->referenceExists(t, c, v); },
                         spec, changed, last.id);
    } else {
      validateReferences(m_db, spec, changed, last.id);
    }
  }
}

CommitResult ProjectStore::commit(EditBuffer& buffer, const CommitOptions& options) {
  if (m_backend) return m_backend->commit(buffer, options);
  if (buffer.empty()) return {};
  if (readOnly()) {
    throw ReadOnlyError("project is open read-only (the file or its folder is not writable); nothing was written",
                        {path()});
  }
  const std::string user = commitUser(options);
  const std::string now = utcNow();

  Transaction tx(m_db);
  // Rows are checked one by one (version, validation) but written in batches: consecutive rows of a
  // layer that change the same fields go out in one UPDATE ... FROM (VALUES ...), audit rows in
  // multi-row INSERTs, in the buffer's order (layer, id). A batch never spans layers, so reference
  // checks see the same data as with row-by-row writes.
  std::map<std::string, Statement> statements;
  const auto statement = [&](const std::string& sql) -> Statement& {
    auto found = statements.find(sql);
    if (found == statements.end()) found = statements.emplace(sql, m_db.prepare(sql)).first;
    return found->second;
  };
  struct AuditRow {
    const LayerSpec* spec;
    std::int64_t id;
    const FieldSpec* field;
    std::string oldText;
    std::string newText;
    std::int64_t newVersion;
  };
  struct RowWrite {
    std::int64_t id;
    std::int64_t base;
    std::vector<const Value*> values;  // one per batch field, owned by the buffer
  };
  const LayerSpec* batchSpec = nullptr;
  std::vector<const FieldSpec*> batchFields;
  std::vector<RowWrite> batch;
  std::vector<AuditRow> audits;

  const auto flushAudits = [&] {
    for (std::size_t first = 0; first < audits.size(); first += kAuditRowsPerInsert) {
      const std::size_t n = std::min(kAuditRowsPerInsert, audits.size() - first);
      std::string sql =
          "INSERT INTO audit_log (layer, feature_id, field, old_value, new_value, new_version, user, time, reason, "
          "context) VALUES ";
      for (std::size_t k = 0; k < n; ++k) sql += k ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      Statement& insert = statement(sql);
      for (std::size_t k = 0; k < n; ++k) {
        const AuditRow& a = audits[first + k];
        const int p = static_cast<int>(10 * k);
        insert.bindText(p + 1, a.spec->name).bindInt(p + 2, a.id).bindText(p + 3, a.field->name);
        insert.bindText(p + 4, a.oldText).bindText(p + 5, a.newText).bindInt(p + 6, a.newVersion);
        insert.bindText(p + 7, user).bindText(p + 8, now).bindText(p + 9, options.reason);
        if (options.context.empty()) {
          insert.bind(p + 10, Value{});
        } else {
          insert.bindText(p + 10, options.context);
        }
      }
      insert.run();
    }
    audits.clear();
  };
  const auto flushRows = [&] {
    if (batch.empty()) return;
    // v.column1 = id, column2 = base version, then the new values in batchFields order.
    std::string sql = "UPDATE " + batchSpec->name + " SET ";
    for (std::size_t i = 0; i < batchFields.size(); ++i) {
      sql += batchFields[i]->name + " = v.column" + std::to_string(i + 3) + ", ";
    }
    sql += "version = version + 1 FROM (VALUES ";
    std::string tuple = "(?, ?";
    for (std::size_t i = 0; i < batchFields.size(); ++i) tuple += ", ?";
    tuple += ")";
    for (std::size_t k = 0; k < batch.size(); ++k) sql += (k ? ", " : "") + tuple;
    sql += ") AS v WHERE " + batchSpec->name + ".id = v.column1 AND " + batchSpec->name + ".version = v.column2";
    Statement& update = statement(sql);
    const int width = static_cast<int>(batchFields.size()) + 2;
    for (std::size_t k = 0; k < batch.size(); ++k) {
      const int p = static_cast<int>(k) * width;
      update.bindInt(p + 1, batch[k].id).bindInt(p + 2, batch[k].base);
      for (std::size_t i = 0; i < batchFields.size(); ++i) {
        update.bind(p + 3 + static_cast<int>(i), *batch[k].values[i]);
      }
    }
    update.run();
    if (m_db.changes() != static_cast<int>(batch.size())) {
      throw DataError("rows changed during the commit", {path(), batchSpec->name, batch.front().id});
    }
    batch.clear();
    flushAudits();
  };

  std::vector<Conflict> conflicts;
  std::set<std::string> touchedLayers;
  CommitResult result;
  std::vector<const FieldSpec*> changedFields;
  std::vector<std::string> columns;
  std::vector<std::string> lastColumns;
  const LayerSpec* lastSelectSpec = nullptr;
  Statement* select = nullptr;
  const auto& changes = buffer.changes();
  for (auto it = changes.begin(); it != changes.end();) {
    const FeatureKey key = it->first.feature();
    auto end = it;
    while (end != changes.end() && end->first.layer == key.layer && end->first.id == key.id) ++end;
    const LayerSpec& spec = requireLayer(key.layer);
    // A layer's rows are written before the next layer's rows are read and checked: its reference
    // checks must see them, as they would with row-by-row writes.
    if (batchSpec != nullptr && batchSpec != &spec && conflicts.empty()) flushRows();
    const std::int64_t base = buffer.baseVersion(key).value_or(0);
    // Read only what the commit needs: the version, the edited cells (audit, conflicts) and the
    // inputs of cross-field rules they take part in. Other cells were validated when written.
    changedFields.clear();
    columns.clear();
    bool crossInputChanged = false;
    const auto& inputs = crossFieldInputs(spec);
    for (auto c = it; c != end; ++c) {
      const FieldSpec& f = requireField(spec, c->first.field);
      changedFields.push_back(&f);
      columns.push_back(f.name);
      crossInputChanged = crossInputChanged || std::find(inputs.begin(), inputs.end(), f.name) != inputs.end();
    }
    if (crossInputChanged) {
      for (const std::string& input : inputs) {
        if (std::find(columns.begin(), columns.end(), input) == columns.end()) columns.push_back(input);
      }
    }
    if (select == nullptr || lastSelectSpec != &spec || columns != lastColumns) {
      std::string selectSql = "SELECT version";
      for (const std::string& col : columns) selectSql += ", " + col;
      selectSql += " FROM " + spec.name + " WHERE id = ?";
      select = &statement(selectSql);
      lastSelectSpec = &spec;
      lastColumns = columns;
    }
    Statement& s = *select;
    s.bind(1, key.id);
    const bool found = s.step();
    const std::int64_t stored = found ? s.getInt(0) : 0;
    std::vector<Value> current;  // the stored values of `columns`
    if (found) {
      current.reserve(columns.size());
      for (std::size_t i = 0; i < columns.size(); ++i) current.push_back(s.getValue(static_cast<int>(i) + 1));
    }
    s.reset();
    if (!found || stored != base) {
      // Someone committed this row since it was read: only cells whose field they changed conflict.
      std::vector<std::pair<const CellKey*, const PendingChange*>> cells;
      for (auto c = it; c != end; ++c) cells.push_back({&c->first, &c->second});
      RowCheck check{found, stored, {}};
      if (found) check.current.assign(current.begin(), current.begin() + static_cast<std::ptrdiff_t>(cells.size()));
      const std::size_t before = conflicts.size();
      collectConflicts(spec, cells, base, check, conflicts);
      if (conflicts.size() != before) {
        it = end;
        continue;
      }
    }
    if (!conflicts.empty()) {
      it = end;
      continue;
    }
    std::size_t n = 0;
    for (auto c = it; c != end; ++c, ++n) validateValue(spec, *changedFields[n], c->second.value, key.id);
    if (crossInputChanged) {
      Row row;
      for (std::size_t i = 0; i < columns.size(); ++i) row.emplace(columns[i], current[i]);
      n = 0;
      for (auto c = it; c != end; ++c, ++n) row[changedFields[n]->name] = c->second.value;
      validateCrossFields(spec, row, key.id);
    }
    Row changedReferences;
    n = 0;
    for (auto c = it; c != end; ++c, ++n) {
      if (!changedFields[n]->references.empty()) changedReferences[changedFields[n]->name] = c->second.value;
    }
    if (!changedReferences.empty()) validateReferences(m_db, spec, changedReferences, key.id);

    const bool sameShape = batchSpec == &spec && batchFields == changedFields;
    const std::size_t width = changedFields.size() + 2;
    if (!sameShape || batch.size() + 1 > kMaxRowsPerUpdate || (batch.size() + 1) * width > kMaxParameters) {
      flushRows();
      batchSpec = &spec;
      batchFields = changedFields;
    }
    RowWrite write{key.id, stored, {}};
    n = 0;
    for (auto c = it; c != end; ++c, ++n) {
      write.values.push_back(&c->second.value);
      audits.push_back({&spec, key.id, changedFields[n], displayValue(*changedFields[n], current[n]),
                        displayValue(*changedFields[n], c->second.value), stored + 1});
      ++result.cells;
    }
    batch.push_back(std::move(write));
    touchedLayers.insert(spec.name);
    ++result.features;
    it = end;
  }
  if (!conflicts.empty()) throw ConflictError(std::move(conflicts), path());
  flushRows();
  // SpatiaLite's per-row last_update triggers are replaced by one update per layer (migration 2).
  Statement touch = m_db.prepare(
      "UPDATE geometry_columns_time SET last_update = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
      "WHERE f_table_name = ? AND f_geometry_column = 'geom'");
  for (const std::string& layer : touchedLayers) touch.bind(1, layer).run();
  statements.clear();
  tx.commit();
  buffer.clear();
  return result;
}

}  // namespace zhenmap::store
