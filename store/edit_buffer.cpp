// Edit buffer with undo/redo; see edit_buffer.hpp.
#include "store/edit_buffer.hpp"

namespace zhenmap::store {

void EditBuffer::apply(const CellKey& cell, const std::optional<PendingChange>& state, std::int64_t baseVersion) {
  const bool had = m_changes.count(cell) > 0;
  const bool keep = state && state->value != state->original;
  if (keep) {
    m_changes[cell] = *state;
    if (!had) {
      auto [it, inserted] = m_versions.try_emplace(cell.feature(), baseVersion, 0);
      ++it->second.second;
    }
  } else if (had) {
    m_changes.erase(cell);
    auto it = m_versions.find(cell.feature());
    if (it != m_versions.end() && --it->second.second == 0) m_versions.erase(it);
  }
}

void EditBuffer::set(const CellKey& cell, Value value, const Value& original, std::int64_t baseVersion) {
  std::optional<PendingChange> before;
  if (auto it = m_changes.find(cell); it != m_changes.end()) before = it->second;
  if (auto it = m_versions.find(cell.feature()); it != m_versions.end()) baseVersion = it->second.first;
  const Value& orig = before ? before->original : original;
  PendingChange after{orig, std::move(value)};
  m_redo.clear();
  if (!m_sealed && !m_undo.empty() && m_undo.back().cell == cell) {
    m_undo.back().after = after;
  } else {
    m_undo.push_back({cell, before, after, baseVersion});
  }
  m_sealed = false;
  apply(cell, after, baseVersion);
}

void EditBuffer::undo() {
  if (m_undo.empty()) return;
  Step step = std::move(m_undo.back());
  m_undo.pop_back();
  apply(step.cell, step.before, step.baseVersion);
  m_redo.push_back(std::move(step));
  m_sealed = true;
}

void EditBuffer::redo() {
  if (m_redo.empty()) return;
  Step step = std::move(m_redo.back());
  m_redo.pop_back();
  apply(step.cell, step.after, step.baseVersion);
  m_undo.push_back(std::move(step));
  m_sealed = true;
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
  m_versions.clear();
  m_undo.clear();
  m_redo.clear();
  m_sealed = true;
}

}  // namespace zhenmap::store
