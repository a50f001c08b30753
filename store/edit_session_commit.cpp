// EditSession: the commit plan, validation of pending features, commit and conflict resolution;
// see edit_session.hpp.
#include <map>

#include "store/edit_session.hpp"
#include "store/geometry_check.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

namespace {

// The pending edits as the backends write them: per layer in the project's order, updates and
// deletes by id, inserts in the order they were made.
CommitPlan buildPlan(ProjectStore& store, const EditBuffer& buffer) {
  CommitPlan plan;
  plan.schema = store.layerSpecs();
  std::map<std::string, std::map<std::int64_t, CommitPlan::Update>> updates;
  for (const auto& [cell, change] : buffer.changes()) {
    const LayerSpec& spec = store.requireLayer(cell.layer);
    CommitPlan::Update& u = updates[cell.layer][cell.id];
    u.id = cell.id;
    u.base = buffer.baseVersion(cell.feature()).value_or(0);
    u.cells.push_back({&requireField(spec, cell.field), &change});
  }
  for (const auto& [key, geometry] : buffer.geometries()) {
    CommitPlan::Update& u = updates[key.layer][key.id];
    u.id = key.id;
    u.base = buffer.baseVersion(key).value_or(0);
    u.geometry = &geometry;
  }
  for (const LayerSpec* spec : plan.schema) {
    CommitPlan::Layer layer;
    layer.spec = spec;
    if (auto it = updates.find(spec->name); it != updates.end()) {
      for (auto& [id, u] : it->second) layer.updates.push_back(std::move(u));
    }
    // Temporary ids count down from -1 in the order features were added.
    for (auto it = buffer.inserts().rbegin(); it != buffer.inserts().rend(); ++it) {
      if (it->first.layer == spec->name) layer.inserts.push_back({it->first.id, &it->second});
    }
    for (const auto& [key, stored] : buffer.deletes()) {
      if (key.layer == spec->name) layer.deletes.push_back({key.id, buffer.baseVersion(key).value_or(0), &stored});
    }
    if (!layer.updates.empty() || !layer.inserts.empty() || !layer.deletes.empty())
      plan.layers.push_back(std::move(layer));
  }
  return plan;
}

}  // namespace

void EditSession::validatePending() {
  const CommitPlan plan = buildPlan(m_store, m_buffer);
  const ReferenceLookup exists = [this](const std::string& t, const std::string& c, const Value& v) {
    return m_store.backend().referenceExists(t, c, v);
  };
  for (const CommitPlan::Layer& layer : plan.layers) {
    const LayerSpec& spec = *layer.spec;
    std::vector<std::int64_t> ids;
    for (const CommitPlan::Update& u : layer.updates) {
      if (!u.cells.empty()) ids.push_back(u.id);
    }
    std::vector<const FieldSpec*> fields;
    for (const FieldSpec& f : spec.fields) fields.push_back(&f);
    std::map<std::int64_t, Row> rows;
    m_store.backend().readRows(spec, ids, fields, [&](std::int64_t id, std::int64_t, const std::vector<Value>& v) {
      Row& row = rows[id];
      for (std::size_t i = 0; i < fields.size(); ++i) row[fields[i]->name] = v[i];
    });
    for (const CommitPlan::Update& u : layer.updates) {
      if (u.cells.empty()) continue;
      auto row = rows.find(u.id);
      if (row == rows.end()) throw DataError("no such feature", {m_store.path(), spec.name, u.id});
      Row changed;
      for (const auto& [field, change] : u.cells) {
        row->second[field->name] = change->value;
        changed[field->name] = change->value;
      }
      validateRow(spec, row->second, u.id);
      validateReferences(exists, spec, changed, u.id);
    }
    for (const CommitPlan::Insert& i : layer.inserts) validateInsert(spec, *i.feature, exists);
  }
}

ChangeSet EditSession::commit(const CommitOptions& options) {
  if (m_buffer.empty()) return {};
  if (m_store.readOnly()) {
    throw ReadOnlyError("project is open read-only (the file or its folder is not writable); nothing was written",
                        {m_store.path()});
  }
  ChangeSet changes = m_store.backend().commit(buildPlan(m_store, m_buffer), options);
  std::set<FeatureKey> features;
  for (const auto& [cell, c] : m_buffer.changes()) features.insert(cell.feature());
  for (const auto& [key, g] : m_buffer.geometries()) features.insert(key);
  for (const auto& [key, i] : m_buffer.inserts()) features.insert(key);
  for (const auto& [key, d] : m_buffer.deletes()) features.insert(key);
  m_buffer.clear();
  m_depth = 0;
  dropCache();
  notify(EventKind::Committed, std::move(features), &changes);
  return changes;
}

void EditSession::resolveConflicts(const std::vector<Conflict>& conflicts, const std::vector<bool>& keepMine) {
  std::set<FeatureKey> rebased;
  for (std::size_t i = 0; i < conflicts.size(); ++i) {
    const Conflict& c = conflicts[i];
    const FeatureKey key{c.layer, c.id};
    const bool mine = i < keepMine.size() && keepMine[i];
    if (c.theirVersion == 0) {
      m_buffer.forgetFeature(key);  // deleted by someone else: nothing of ours can stay
    } else if (!mine && c.field == "*") {
      m_buffer.forgetFeature(key);
    } else if (!mine && c.field == "geom") {
      m_buffer.forgetGeometry(key);
    } else if (!mine) {
      m_buffer.forget({c.layer, c.id, c.field});
    }
    if (c.theirVersion != 0) rebased.insert(key);
  }
  dropCache();
  for (const FeatureKey& key : rebased) {
    const LayerSpec* spec = m_store.findLayer(key.layer);
    if (!spec || !m_buffer.baseVersion(key)) continue;
    std::vector<const FieldSpec*> fields;
    for (const FieldSpec& f : spec->fields) fields.push_back(&f);
    std::optional<std::int64_t> version;
    Row row;
    m_store.backend().readRows(*spec, {key.id}, fields, [&](std::int64_t, std::int64_t v, const std::vector<Value>& r) {
      version = v;
      for (std::size_t i = 0; i < fields.size(); ++i) row[fields[i]->name] = r[i];
    });
    if (!version) {
      m_buffer.forgetFeature(key);
      continue;
    }
    std::string wkb;
    m_store.backend().readGeometries(*spec, {key.id}, [&](std::int64_t, const std::string& g) { wkb = g; });
    m_buffer.rebase(key, *version, row, wkb);
  }
  notify(EventKind::Pending, std::move(rebased));
}

}  // namespace zhenmap::store
