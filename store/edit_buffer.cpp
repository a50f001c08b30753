// Edit buffer with grouped undo/redo; see edit_buffer.hpp.
#include "store/edit_buffer.hpp"

namespace zhenmap::store {

namespace {

bool isNoop(const PendingChange& c) { return c.value == c.original; }
bool isNoop(const PendingGeometry& g) { return g.wkb == g.original; }

}  // namespace

EditBuffer::State EditBuffer::current(Kind kind, const CellKey& key) const {
  const FeatureKey f = key.feature();
  switch (kind) {
    case Kind::Cell:
      if (auto it = m_changes.find(key); it != m_changes.end()) return it->second;
      break;
    case Kind::Geometry:
      if (auto it = m_geometries.find(f); it != m_geometries.end()) return it->second;
      break;
    case Kind::Insert:
      if (auto it = m_inserts.find(f); it != m_inserts.end()) return it->second;
      break;
    case Kind::Delete:
      if (auto it = m_deletes.find(f); it != m_deletes.end()) return it->second;
      break;
  }
  return std::monostate{};
}

void EditBuffer::countFeature(const FeatureKey& feature, std::int64_t baseVersion, int delta) {
  auto [it, inserted] = m_versions.try_emplace(feature, baseVersion, 0);
  it->second.second += delta;
  if (it->second.second <= 0) m_versions.erase(it);
}

void EditBuffer::apply(Kind kind, const CellKey& key, const State& state, std::int64_t baseVersion) {
  const FeatureKey f = key.feature();
  bool had = false;
  bool keep = false;
  switch (kind) {
    case Kind::Cell: {
      had = m_changes.count(key) > 0;
      const auto* c = std::get_if<PendingChange>(&state);
      keep = c && !isNoop(*c);
      if (keep)
        m_changes[key] = *c;
      else
        m_changes.erase(key);
      break;
    }
    case Kind::Geometry: {
      had = m_geometries.count(f) > 0;
      const auto* g = std::get_if<PendingGeometry>(&state);
      keep = g && !isNoop(*g);
      if (keep)
        m_geometries[f] = *g;
      else
        m_geometries.erase(f);
      break;
    }
    case Kind::Insert: {
      const auto* i = std::get_if<PendingInsert>(&state);
      if (i)
        m_inserts[f] = *i;
      else
        m_inserts.erase(f);
      return;  // inserted features have no stored version
    }
    case Kind::Delete: {
      had = m_deletes.count(f) > 0;
      const auto* d = std::get_if<PendingDelete>(&state);
      keep = d != nullptr;
      if (keep)
        m_deletes[f] = *d;
      else
        m_deletes.erase(f);
      break;
    }
  }
  if (keep && !had) countFeature(f, baseVersion, 1);
  if (!keep && had) countFeature(f, baseVersion, -1);
}

void EditBuffer::record(Kind kind, const CellKey& key, State after, std::int64_t baseVersion, bool mergeable) {
  if (auto it = m_versions.find(key.feature()); it != m_versions.end()) baseVersion = it->second.first;
  State before = current(kind, key);
  m_redo.clear();
  const bool merge = mergeable && !m_sealed && m_depth == 0 && !m_undo.empty() && m_undo.back().size() == 1 &&
                     m_undo.back().front().kind == kind && m_undo.back().front().key == key;
  if (merge) {
    m_undo.back().front().after = after;
  } else if (m_depth > 0) {
    m_open.push_back({kind, key, std::move(before), after, baseVersion});
  } else {
    m_undo.push_back({{kind, key, std::move(before), after, baseVersion}});
  }
  m_sealed = !mergeable;
  apply(kind, key, after, baseVersion);
}

void EditBuffer::set(const CellKey& cell, Value value, const Value& original, std::int64_t baseVersion) {
  const auto it = m_changes.find(cell);
  PendingChange after{it != m_changes.end() ? it->second.original : original, std::move(value)};
  record(Kind::Cell, cell, std::move(after), baseVersion, true);
}

void EditBuffer::setGeometry(const FeatureKey& feature, std::string wkb, const std::string& original,
                             std::int64_t baseVersion) {
  const auto it = m_geometries.find(feature);
  PendingGeometry after{it != m_geometries.end() ? it->second.original : original, std::move(wkb)};
  record(Kind::Geometry, {feature.layer, feature.id, ""}, std::move(after), baseVersion, true);
}

std::int64_t EditBuffer::insert(const std::string& layer, PendingInsert feature) {
  const std::int64_t id = m_nextTemporaryId--;
  record(Kind::Insert, {layer, id, ""}, std::move(feature), 0, false);
  return id;
}

void EditBuffer::updateInsert(const FeatureKey& feature, PendingInsert now) {
  record(Kind::Insert, {feature.layer, feature.id, ""}, std::move(now), 0, true);
}

void EditBuffer::remove(const FeatureKey& feature, PendingDelete stored, std::int64_t baseVersion) {
  beginGroup();
  if (feature.id < 0) {
    record(Kind::Insert, {feature.layer, feature.id, ""}, std::monostate{}, 0, false);
  } else {
    std::vector<CellKey> cells;
    for (auto it = m_changes.lower_bound({feature.layer, feature.id, ""});
         it != m_changes.end() && it->first.feature() == feature; ++it) {
      cells.push_back(it->first);
    }
    if (auto it = m_versions.find(feature); it != m_versions.end()) baseVersion = it->second.first;
    // The delete slot first, so that the feature keeps its base version while its edits go.
    record(Kind::Delete, {feature.layer, feature.id, ""}, std::move(stored), baseVersion, false);
    for (const CellKey& c : cells) record(Kind::Cell, c, std::monostate{}, baseVersion, false);
    if (m_geometries.count(feature))
      record(Kind::Geometry, {feature.layer, feature.id, ""}, std::monostate{}, baseVersion, false);
  }
  endGroup();
}

void EditBuffer::beginGroup() {
  if (m_depth++ == 0) m_open.clear();
}

void EditBuffer::endGroup() {
  if (m_depth == 0 || --m_depth > 0) return;
  if (!m_open.empty()) m_undo.push_back(std::move(m_open));
  m_open.clear();
  m_sealed = true;
}

void EditBuffer::cancelGroup() {
  if (m_depth == 0) return;
  for (auto it = m_open.rbegin(); it != m_open.rend(); ++it) apply(it->kind, it->key, it->before, it->baseVersion);
  m_open.clear();
  m_depth = 0;
  m_sealed = true;
}

void EditBuffer::undo(std::set<FeatureKey>* touched) {
  if (m_undo.empty() || m_depth > 0) return;
  Group group = std::move(m_undo.back());
  m_undo.pop_back();
  for (auto it = group.rbegin(); it != group.rend(); ++it) {
    apply(it->kind, it->key, it->before, it->baseVersion);
    if (touched) touched->insert(it->key.feature());
  }
  m_redo.push_back(std::move(group));
  m_sealed = true;
}

void EditBuffer::redo(std::set<FeatureKey>* touched) {
  if (m_redo.empty() || m_depth > 0) return;
  Group group = std::move(m_redo.back());
  m_redo.pop_back();
  for (const Step& s : group) {
    apply(s.kind, s.key, s.after, s.baseVersion);
    if (touched) touched->insert(s.key.feature());
  }
  m_undo.push_back(std::move(group));
  m_sealed = true;
}

bool EditBuffer::empty() const {
  return m_changes.empty() && m_geometries.empty() && m_inserts.empty() && m_deletes.empty();
}

std::optional<Value> EditBuffer::pending(const CellKey& cell) const {
  auto it = m_changes.find(cell);
  if (it == m_changes.end()) return std::nullopt;
  return it->second.value;
}

std::optional<std::int64_t> EditBuffer::baseVersion(const FeatureKey& feature) const {
  auto it = m_versions.find(feature);
  if (it == m_versions.end()) return std::nullopt;
  return it->second.first;
}

void EditBuffer::clear() {
  m_changes.clear();
  m_geometries.clear();
  m_inserts.clear();
  m_deletes.clear();
  m_versions.clear();
  m_undo.clear();
  m_redo.clear();
  m_open.clear();
  m_depth = 0;
  m_sealed = true;
}

void EditBuffer::forget(const CellKey& cell) {
  const auto it = m_changes.find(cell);
  if (it != m_changes.end()) apply(Kind::Cell, cell, std::monostate{}, 0);
  m_undo.clear();
  m_redo.clear();
}

void EditBuffer::forgetGeometry(const FeatureKey& feature) {
  apply(Kind::Geometry, {feature.layer, feature.id, ""}, std::monostate{}, 0);
  m_undo.clear();
  m_redo.clear();
}

void EditBuffer::forgetFeature(const FeatureKey& feature) {
  std::vector<CellKey> cells;
  for (auto it = m_changes.lower_bound({feature.layer, feature.id, ""});
       it != m_changes.end() && it->first.feature() == feature; ++it) {
    cells.push_back(it->first);
  }
  for (const CellKey& c : cells) apply(Kind::Cell, c, std::monostate{}, 0);
  const CellKey whole{feature.layer, feature.id, ""};
  apply(Kind::Geometry, whole, std::monostate{}, 0);
  apply(Kind::Delete, whole, std::monostate{}, 0);
  apply(Kind::Insert, whole, std::monostate{}, 0);
  m_undo.clear();
  m_redo.clear();
}

void EditBuffer::rebase(const FeatureKey& feature, std::int64_t baseVersion, const Row& original,
                        const std::string& wkb) {
  if (auto it = m_versions.find(feature); it != m_versions.end()) it->second.first = baseVersion;
  for (auto it = m_changes.lower_bound({feature.layer, feature.id, ""});
       it != m_changes.end() && it->first.feature() == feature; ++it) {
    if (auto o = original.find(it->first.field); o != original.end()) it->second.original = o->second;
  }
  if (auto g = m_geometries.find(feature); g != m_geometries.end()) g->second.original = wkb;
  m_undo.clear();
  m_redo.clear();
}

}  // namespace zhenmap::store
