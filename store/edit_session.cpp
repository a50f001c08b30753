// The edit session's commands, undo/redo, pending-state queries and observers; see
// edit_session.hpp (commit, validation and conflicts: edit_session_commit.cpp).
#include "store/edit_session.hpp"

#include <chrono>
#include <map>

#include "store/geometry_check.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

namespace {

// Rows read ahead when edits walk a layer in id order (a bulk edit, a script): one query per
// this many features instead of one per feature.
constexpr std::int64_t kReadAhead = 256;
// The read-ahead cache is dropped this long after it was filled: later edits read afresh.
constexpr std::int64_t kCacheLifetimeMs = 1000;

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Value coerce(const FieldSpec& field, Value v) {
  if (field.type == FieldType::Real) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  }
  return v;
}

std::size_t fieldIndex(const LayerSpec& spec, const FieldSpec& field) {
  return static_cast<std::size_t>(&field - spec.fields.data());
}

}  // namespace

struct EditSession::Listeners {
  std::map<int, Listener> list;
  int next = 0;
};

EditSession::EditSession(ProjectStore& store) : m_store(store), m_listeners(std::make_shared<Listeners>()) {}

EditSession::Subscription EditSession::subscribe(Listener listener) {
  const int id = m_listeners->next++;
  m_listeners->list.emplace(id, std::move(listener));
  std::weak_ptr<Listeners> weak = m_listeners;
  return Subscription(weak, [weak, id] {
    if (auto l = weak.lock()) l->list.erase(id);
  });
}

void EditSession::notify(EventKind kind, std::set<FeatureKey> features, const ChangeSet* changes) {
  if (kind == EventKind::Pending && m_depth > 0) {
    m_touched.insert(features.begin(), features.end());
    return;
  }
  const Event event{kind, std::move(features), changes};
  const auto listeners = m_listeners->list;  // a listener may unsubscribe while called
  for (const auto& [id, fn] : listeners) fn(event);
}

void EditSession::beginGroup() {
  if (m_depth++ == 0) m_touched.clear();
  m_buffer.beginGroup();
}

void EditSession::endGroup() {
  if (m_depth == 0) return;
  m_buffer.endGroup();
  if (--m_depth == 0 && !m_touched.empty()) notify(EventKind::Pending, std::move(m_touched));
}

void EditSession::cancelGroup() {
  if (m_depth == 0) return;
  m_buffer.cancelGroup();
  m_depth = 0;
  std::set<FeatureKey> touched = std::move(m_touched);
  m_touched.clear();
  if (!touched.empty()) notify(EventKind::Pending, std::move(touched));
}

void EditSession::dropCache() {
  m_cache.clear();
  m_nextSequential.clear();
}

const EditSession::StoredRow& EditSession::storedRow(const LayerSpec& spec, std::int64_t id) {
  const std::int64_t now = nowMs();
  if (!m_cache.empty() && now - m_cacheFilledMs > kCacheLifetimeMs) dropCache();
  const FeatureKey key{spec.name, id};
  if (auto it = m_cache.find(key); it != m_cache.end()) return it->second;
  if (m_cache.empty()) m_cacheFilledMs = now;
  auto next = m_nextSequential.find(spec.name);
  const bool sequential = next != m_nextSequential.end() && next->second == id;
  std::vector<std::int64_t> ids;
  for (std::int64_t k = id; k < id + (sequential ? kReadAhead : 1); ++k) {
    if (!m_cache.count({spec.name, k})) ids.push_back(k);
  }
  std::vector<const FieldSpec*> fields;
  for (const FieldSpec& f : spec.fields) fields.push_back(&f);
  m_store.backend().readRows(spec, ids, fields,
                             [&](std::int64_t fid, std::int64_t version, const std::vector<Value>& values) {
                               m_cache[{spec.name, fid}] = StoredRow{version, values};
                             });
  m_nextSequential[spec.name] = ids.back() + 1;
  auto it = m_cache.find(key);
  if (it == m_cache.end()) throw DataError("no such feature", {m_store.path(), spec.name, id});
  return it->second;
}

std::string EditSession::storedGeometry(const LayerSpec& spec, std::int64_t id) {
  std::optional<std::string> wkb;
  m_store.backend().readGeometries(spec, {id}, [&](std::int64_t, const std::string& g) { wkb = g; });
  if (!wkb) throw DataError("no such feature", {m_store.path(), spec.name, id});
  return *wkb;
}

void EditSession::recordValue(const LayerSpec& spec, const FieldSpec& field, std::int64_t id, Value v) {
  const FeatureKey key{spec.name, id};
  if (id < 0) {
    const auto it = m_buffer.inserts().find(key);
    if (it == m_buffer.inserts().end()) throw DataError("no such new feature", {m_store.path(), spec.name, id});
    PendingInsert now = it->second;
    now.attributes[field.name] = std::move(v);
    m_buffer.updateInsert(key, std::move(now));
  } else {
    if (m_buffer.deletes().count(key)) {
      throw DataError("the feature is deleted (not yet committed); undo the delete to edit it",
                      {m_store.path(), spec.name, id});
    }
    const CellKey cell{spec.name, id, field.name};
    if (m_buffer.pending(cell)) {
      m_buffer.set(cell, std::move(v), Value{}, 0);  // the first edit's original and version stay
    } else {
      const StoredRow& row = storedRow(spec, id);
      m_buffer.set(cell, std::move(v), row.values[fieldIndex(spec, field)], row.version);
    }
  }
  notify(EventKind::Pending, {key});
}

void EditSession::setValue(const CellKey& cell, const Value& value) {
  const LayerSpec& spec = m_store.requireLayer(cell.layer);
  const FieldSpec& field = requireField(spec, cell.field);
  Value v = coerce(field, value);
  validateValue(spec, field, v, cell.id);
  recordValue(spec, field, cell.id, std::move(v));
}

void EditSession::setText(const CellKey& cell, const std::string& text) {
  const LayerSpec& spec = m_store.requireLayer(cell.layer);
  setValue(cell, parseValue(spec, requireField(spec, cell.field), text));
}

void EditSession::setTextMany(const std::string& layer, const std::vector<std::int64_t>& ids, const std::string& field,
                              const std::string& text) {
  const LayerSpec& spec = m_store.requireLayer(layer);
  const FieldSpec& f = requireField(spec, field);
  const Value v = coerce(f, parseValue(spec, f, text));
  // One read for every row not read yet, instead of one per row.
  std::vector<std::int64_t> missing;
  for (std::int64_t id : ids) {
    if (id > 0 && !m_cache.count({layer, id})) missing.push_back(id);
  }
  if (!missing.empty()) {
    if (m_cache.empty()) m_cacheFilledMs = nowMs();
    std::vector<const FieldSpec*> fields;
    for (const FieldSpec& s : spec.fields) fields.push_back(&s);
    m_store.backend().readRows(spec, missing, fields,
                               [&](std::int64_t fid, std::int64_t version, const std::vector<Value>& r) {
                                 m_cache[{layer, fid}] = StoredRow{version, r};
                               });
  }
  Group group(*this);
  for (std::int64_t id : ids) {
    validateValue(spec, f, v, id);
    recordValue(spec, f, id, v);
  }
  group.done();
}

std::int64_t EditSession::insertFeature(const std::string& layer, const Row& attributes, const std::string& wkb) {
  const LayerSpec& spec = m_store.requireLayer(layer);
  for (const auto& [name, value] : attributes) requireField(spec, name);
  PendingInsert feature;
  for (const FieldSpec& f : spec.fields) {
    if (auto it = attributes.find(f.name); it != attributes.end()) {
      feature.attributes[f.name] = coerce(f, it->second);
    } else if (f.defaultValue) {
      feature.attributes[f.name] = coerce(f, parseValue(spec, f, *f.defaultValue));
    } else {
      feature.attributes[f.name] = Value{};
    }
  }
  validateRow(spec, feature.attributes);
  validateReferences([this](const std::string& t, const std::string& c,
                            const Value& v) { return m_store.backend().referenceExists(t, c, v); },
                     spec, feature.attributes);
  feature.wkb = checkGeometry(spec, wkb);
  const std::int64_t id = m_buffer.insert(layer, std::move(feature));
  notify(EventKind::Pending, {{layer, id}});
  return id;
}

void EditSession::deleteFeature(const std::string& layer, std::int64_t id) {
  const LayerSpec& spec = m_store.requireLayer(layer);
  const FeatureKey key{layer, id};
  if (id < 0) {
    if (!m_buffer.inserts().count(key)) throw DataError("no such new feature", {m_store.path(), layer, id});
    m_buffer.remove(key, {}, 0);
  } else {
    if (m_buffer.deletes().count(key)) return;  // already deleted
    const StoredRow& row = storedRow(spec, id);
    PendingDelete stored;
    for (std::size_t i = 0; i < spec.fields.size(); ++i) stored.attributes[spec.fields[i].name] = row.values[i];
    const std::int64_t version = row.version;
    stored.wkb = storedGeometry(spec, id);
    m_buffer.remove(key, std::move(stored), version);
  }
  notify(EventKind::Pending, {key});
}

void EditSession::setGeometry(const std::string& layer, std::int64_t id, const std::string& wkb) {
  const LayerSpec& spec = m_store.requireLayer(layer);
  const FeatureKey key{layer, id};
  std::string geometry = checkGeometry(spec, wkb);
  if (id < 0) {
    const auto it = m_buffer.inserts().find(key);
    if (it == m_buffer.inserts().end()) throw DataError("no such new feature", {m_store.path(), layer, id});
    PendingInsert now = it->second;
    now.wkb = std::move(geometry);
    m_buffer.updateInsert(key, std::move(now));
  } else {
    if (m_buffer.deletes().count(key)) {
      throw DataError("the feature is deleted (not yet committed); undo the delete to edit it",
                      {m_store.path(), layer, id});
    }
    if (m_buffer.geometries().count(key)) {
      m_buffer.setGeometry(key, std::move(geometry), {}, 0);
    } else {
      const std::int64_t version = storedRow(spec, id).version;
      m_buffer.setGeometry(key, std::move(geometry), storedGeometry(spec, id), version);
    }
  }
  notify(EventKind::Pending, {key});
}

void EditSession::undo() {
  std::set<FeatureKey> touched;
  m_buffer.undo(&touched);
  if (!touched.empty()) notify(EventKind::Pending, std::move(touched));
}

void EditSession::redo() {
  std::set<FeatureKey> touched;
  m_buffer.redo(&touched);
  if (!touched.empty()) notify(EventKind::Pending, std::move(touched));
}

std::optional<Value> EditSession::pendingValue(const CellKey& cell) const {
  if (cell.id < 0) {
    const auto it = m_buffer.inserts().find(cell.feature());
    if (it == m_buffer.inserts().end()) return std::nullopt;
    const auto v = it->second.attributes.find(cell.field);
    return v == it->second.attributes.end() ? Value{} : v->second;
  }
  return m_buffer.pending(cell);
}

Value EditSession::currentValue(const CellKey& cell) {
  if (auto v = pendingValue(cell)) return *v;
  const LayerSpec& spec = m_store.requireLayer(cell.layer);
  const FieldSpec& field = requireField(spec, cell.field);
  if (cell.id < 0) throw DataError("no such new feature", {m_store.path(), cell.layer, cell.id});
  std::optional<Value> stored;
  m_store.backend().readRows(spec, {cell.id}, {&field},
                             [&](std::int64_t, std::int64_t, const std::vector<Value>& v) { stored = v[0]; });
  if (!stored) throw DataError("no such feature", {m_store.path(), cell.layer, cell.id});
  return *stored;
}

bool EditSession::isInserted(const std::string& layer, std::int64_t id) const {
  return m_buffer.inserts().count({layer, id}) > 0;
}

bool EditSession::isDeleted(const std::string& layer, std::int64_t id) const {
  return m_buffer.deletes().count({layer, id}) > 0;
}

bool EditSession::hasPendingGeometry(const std::string& layer, std::int64_t id) const {
  return m_buffer.geometries().count({layer, id}) > 0 || isInserted(layer, id);
}

std::optional<std::string> EditSession::pendingGeometry(const std::string& layer, std::int64_t id) const {
  if (auto it = m_buffer.geometries().find({layer, id}); it != m_buffer.geometries().end()) return it->second.wkb;
  if (auto it = m_buffer.inserts().find({layer, id}); it != m_buffer.inserts().end()) return it->second.wkb;
  return std::nullopt;
}

std::optional<Row> EditSession::insertedAttributes(const std::string& layer, std::int64_t id) const {
  const auto it = m_buffer.inserts().find({layer, id});
  if (it == m_buffer.inserts().end()) return std::nullopt;
  return it->second.attributes;
}

std::vector<PendingFeature> EditSession::pendingFeatures(const std::string& layer) const {
  std::map<std::int64_t, PendingFeature> out;
  const auto entry = [&](std::int64_t id) -> PendingFeature& {
    PendingFeature& f = out[id];
    f.id = id;
    return f;
  };
  for (auto it = m_buffer.changes().lower_bound({layer, INT64_MIN, ""});
       it != m_buffer.changes().end() && it->first.layer == layer; ++it) {
    entry(it->first.id).fields.insert(it->first.field);
  }
  for (const auto& [key, g] : m_buffer.geometries()) {
    if (key.layer == layer) entry(key.id).geometryChanged = true;
  }
  for (const auto& [key, i] : m_buffer.inserts()) {
    if (key.layer != layer) continue;
    PendingFeature& f = entry(key.id);
    f.inserted = true;
    f.geometryChanged = true;
  }
  for (const auto& [key, d] : m_buffer.deletes()) {
    if (key.layer == layer) entry(key.id).deleted = true;
  }
  std::vector<PendingFeature> list;
  for (auto& [id, f] : out) list.push_back(std::move(f));
  return list;
}

void EditSession::discard() {
  std::set<FeatureKey> features;
  for (const auto& [cell, c] : m_buffer.changes()) features.insert(cell.feature());
  for (const auto& [key, g] : m_buffer.geometries()) features.insert(key);
  for (const auto& [key, i] : m_buffer.inserts()) features.insert(key);
  for (const auto& [key, d] : m_buffer.deletes()) features.insert(key);
  m_buffer.clear();
  m_depth = 0;
  dropCache();
  notify(EventKind::Discarded, std::move(features));
}

}  // namespace zhenmap::store
