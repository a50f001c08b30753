// The attribute table's model; see table_model.hpp.
#include "store/table_model.hpp"

#include <algorithm>
#include <cstdio>

#include "expression.hpp"
#include "layer.hpp"

namespace zhenmap::store {

namespace {

// Orders two values of one column: NULL first, numbers numerically, text byte-wise.
int compareValues(const Value& a, const Value& b) {
  if (a.index() != b.index()) {
    const bool an = std::holds_alternative<std::int64_t>(a) || std::holds_alternative<double>(a);
    const bool bn = std::holds_alternative<std::int64_t>(b) || std::holds_alternative<double>(b);
    if (an && bn) {
      const double x =
          std::holds_alternative<double>(a) ? std::get<double>(a) : static_cast<double>(std::get<std::int64_t>(a));
      const double y =
          std::holds_alternative<double>(b) ? std::get<double>(b) : static_cast<double>(std::get<std::int64_t>(b));
      return x < y ? -1 : y < x ? 1 : 0;
    }
    return a.index() < b.index() ? -1 : 1;
  }
  return a < b ? -1 : b < a ? 1 : 0;
}

zhenmap::FieldType attributeType(store::FieldType t) {
  switch (t) {
    case store::FieldType::Integer:
      return zhenmap::FieldType::Integer;
    case store::FieldType::Real:
      return zhenmap::FieldType::Real;
    default:
      return zhenmap::FieldType::Text;  // dates are ISO text: they compare as text in SQL
  }
}

AttributeValue toAttribute(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::monostate{};
}

}  // namespace

AttributeTableModel::AttributeTableModel(EditSession& session, const std::string& layer)
    : m_session(session), m_store(session.store()), m_spec(&m_store.requireLayer(layer)), m_layer(layer) {
  m_codeNames = CodeNames::fromProject(m_store);
  load();
  m_subscription = m_session.subscribe([this](const EditSession::Event& e) { onSessionEvent(e); });
}

void AttributeTableModel::onSessionEvent(const EditSession::Event& event) {
  if (event.kind != EditSession::EventKind::Committed) {
    updateText(event.features);
    return;
  }
  const auto it = event.changes->layers.find(m_layer);
  if (it == event.changes->layers.end()) return;
  if (!it->second.inserted.empty() || !it->second.deleted.empty()) {
    // Rows came or went: read the layer again, keeping the selection, filters and sort.
    const std::set<std::int64_t> selection = m_selection;
    load();
    setSelection(selection);
    refreshView();
    return;
  }
  std::vector<std::int64_t> ids;
  for (const auto& [id, change] : it->second.updated) ids.push_back(id);
  reloadRows(ids);
  std::set<FeatureKey> features;
  for (std::int64_t id : ids) features.insert({m_layer, id});
  updateText(features);
}

void AttributeTableModel::load() {
  const std::size_t cols = columnCount();
  m_ids.clear();
  m_rowOf.clear();
  m_stored.assign(cols, {});
  m_readOnlyReasons.clear();
  // Through the store, so that a server project (PostGIS) loads the same way as a file.
  m_store.forEachRow(m_layer, [&](std::int64_t id, std::int64_t, const std::vector<Value>& values) {
    m_rowOf.emplace(id, m_ids.size());
    m_ids.push_back(id);
    for (std::size_t c = 0; c < cols; ++c) m_stored[c].push_back(values[c]);
  });
  m_selected.assign(m_ids.size(), 0);
  m_selection.clear();
  rebuildAllText();
  m_view.resize(m_ids.size());
  for (std::size_t r = 0; r < m_ids.size(); ++r) m_view[r] = r;
}

void AttributeTableModel::reloadRows(const std::vector<std::int64_t>& ids) {
  m_store.forEachRowOf(m_layer, ids, [&](std::int64_t id, std::int64_t, const std::vector<Value>& values) {
    const auto row = rowOf(id);
    if (!row) return;
    for (std::size_t c = 0; c < columnCount(); ++c) m_stored[c][*row] = values[c];
    m_readOnlyReasons.erase(id);
  });
}

std::string AttributeTableModel::columnTitle(std::size_t col) const {
  const FieldSpec& f = field(col);
  return m_language == LabelLanguage::Chinese && !f.aliasZh.empty() ? f.aliasZh : f.name;
}

std::optional<std::size_t> AttributeTableModel::columnOf(const std::string& fieldName) const {
  for (std::size_t c = 0; c < columnCount(); ++c) {
    if (field(c).name == fieldName) return c;
  }
  return std::nullopt;
}

std::optional<std::size_t> AttributeTableModel::rowOf(std::int64_t id) const {
  auto it = m_rowOf.find(id);
  if (it == m_rowOf.end()) return std::nullopt;
  return it->second;
}

std::string AttributeTableModel::formatValue(std::size_t col, const Value& v) const {
  if (isNull(v)) return {};
  const FieldSpec& f = field(col);
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (!f.oneOf.empty()) return domainLabel(f, *s, m_language);
    if (f.name == "township_code" || f.name == "village_code") {
      if (const std::string* name = m_codeNames.nameOf(*s)) return *s + " " + *name;
    }
    return *s;
  }
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", *d);
    return buf;
  }
  return toText(v);
}

void AttributeTableModel::rebuildAllText() {
  m_text.assign(columnCount(), {});
  for (std::size_t c = 0; c < columnCount(); ++c) {
    m_text[c].reserve(m_ids.size());
    for (std::size_t r = 0; r < m_ids.size(); ++r) m_text[c].push_back(formatValue(c, m_stored[c][r]));
  }
  const auto& changes = m_session.buffer().changes();
  for (auto it = changes.lower_bound({m_layer, INT64_MIN, ""}); it != changes.end() && it->first.layer == m_layer;
       ++it) {
    const auto row = rowOf(it->first.id);
    const auto col = columnOf(it->first.field);
    if (row && col) m_text[*col][*row] = formatValue(*col, it->second.value);
  }
}

void AttributeTableModel::updateText(const std::set<FeatureKey>& features) {
  for (const FeatureKey& f : features) {
    if (f.layer != m_layer) continue;
    const auto row = rowOf(f.id);
    if (!row) continue;
    m_maskStale = true;
    for (std::size_t c = 0; c < columnCount(); ++c) {
      const auto pending = m_session.pendingValue({m_layer, f.id, field(c).name});
      m_text[c][*row] = formatValue(c, pending ? *pending : m_stored[c][*row]);
    }
  }
}

void AttributeTableModel::setLanguage(LabelLanguage language) {
  if (language == m_language) return;
  m_language = language;
  rebuildAllText();
}

void AttributeTableModel::setShowSensitive(bool show) {
  if (show == m_showSensitive) return;
  m_showSensitive = show;
  if (!show) {
    // Filters and sort must not reveal what the hidden columns hold.
    if (m_sortColumn && isHidden(*m_sortColumn)) m_sortColumn.reset();
    if (!m_expression.empty()) {
      if (computeExpressionMask(m_expression)) {
        m_expression.clear();
        m_expressionMask.clear();
      }
    }
    refreshView();
  }
}

const std::string& AttributeTableModel::cellText(std::size_t row, std::size_t col) const {
  return isHidden(col) ? m_hiddenText : m_text[col][row];
}

Value AttributeTableModel::value(std::size_t row, std::size_t col) const {
  if (isHidden(col)) return {};
  const auto pending = m_session.pendingValue({m_layer, m_ids[row], field(col).name});
  return pending ? *pending : m_stored[col][row];
}

std::string AttributeTableModel::editText(std::size_t row, std::size_t col) const {
  const Value v = value(row, col);
  return isNull(v) ? std::string() : toText(v);
}

bool AttributeTableModel::isEdited(std::size_t row, std::size_t col) const {
  return m_session.pendingValue({m_layer, m_ids[row], field(col).name}).has_value();
}

void AttributeTableModel::sortBy(std::optional<std::size_t> col, bool ascending) {
  if (col && (*col >= columnCount() || isHidden(*col))) return;
  m_sortColumn = col;
  m_sortAscending = ascending;
  refreshView();
}

void AttributeTableModel::setTextFilter(std::string text) {
  m_textFilter = std::move(text);
  refreshView();
}

std::optional<std::string> AttributeTableModel::computeExpressionMask(const std::string& expression) {
  LayerData data;
  data.source = m_store.path();
  data.name = m_layer;
  data.fields.push_back({"id", zhenmap::FieldType::Integer, "Integer64", 0, 0});
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < columnCount(); ++c) {
    if (isHidden(c)) continue;
    cols.push_back(c);
    data.fields.push_back({field(c).name, attributeType(field(c).type), "", 0, 0});
  }
  data.features.resize(m_ids.size());
  for (std::size_t r = 0; r < m_ids.size(); ++r) {
    zhenmap::Feature& f = data.features[r];
    f.fid = m_ids[r];
    f.attributes.reserve(cols.size() + 1);
    f.attributes.emplace_back(m_ids[r]);
    for (std::size_t c : cols) f.attributes.push_back(toAttribute(m_stored[c][r]));
  }
  const auto& changes = m_session.buffer().changes();
  for (auto it = changes.lower_bound({m_layer, INT64_MIN, ""}); it != changes.end() && it->first.layer == m_layer;
       ++it) {
    const CellKey& cell = it->first;
    const PendingChange& change = it->second;
    const auto row = rowOf(cell.id);
    const auto col = columnOf(cell.field);
    if (!row || !col || isHidden(*col)) continue;
    const auto at = std::find(cols.begin(), cols.end(), *col) - cols.begin() + 1;
    data.features[*row].attributes[static_cast<std::size_t>(at)] = toAttribute(change.value);
  }
  try {
    const std::vector<bool> pass = evaluateFilter(data, expression);
    m_expressionMask.assign(pass.begin(), pass.end());
    m_maskStale = false;
  } catch (const ExpressionError& e) {
    return std::string(e.what());  // the mask is left as it was
  }
  return std::nullopt;
}

bool AttributeTableModel::setExpressionFilter(const std::string& expression, std::string& error) {
  if (expression.find_first_not_of(" \t\r\n") == std::string::npos) {
    m_expression.clear();
    m_expressionMask.clear();
    refreshView();
    return true;
  }
  if (auto failed = computeExpressionMask(expression)) {
    error = *failed;
    return false;
  }
  m_expression = expression;
  refreshView();
  return true;
}

void AttributeTableModel::refreshView() {
  if (!m_expression.empty() && m_maskStale) {
    computeExpressionMask(m_expression);  // values changed since; it was valid when set
  }
  std::vector<std::size_t> textCols;
  for (std::size_t c = 0; c < columnCount(); ++c) {
    if (!isHidden(c)) textCols.push_back(c);
  }
  m_view.clear();
  m_view.reserve(m_ids.size());
  for (std::size_t r = 0; r < m_ids.size(); ++r) {
    if (!m_expressionMask.empty() && !m_expressionMask[r]) continue;
    if (!m_textFilter.empty()) {
      bool found = std::to_string(m_ids[r]).find(m_textFilter) != std::string::npos;
      for (std::size_t i = 0; i < textCols.size() && !found; ++i) {
        found = m_text[textCols[i]][r].find(m_textFilter) != std::string::npos;
      }
      if (!found) continue;
    }
    m_view.push_back(r);
  }
  if (m_sortColumn) {
    const std::size_t c = *m_sortColumn;
    std::vector<Value> keys(m_ids.size());
    for (std::size_t r : m_view) keys[r] = value(r, c);
    const bool labelled = !field(c).oneOf.empty();
    const bool asc = m_sortAscending;
    std::stable_sort(m_view.begin(), m_view.end(), [&](std::size_t a, std::size_t b) {
      const int cmp = labelled ? m_text[c][a].compare(m_text[c][b]) : compareValues(keys[a], keys[b]);
      return asc ? cmp < 0 : cmp > 0;
    });
  }
}

void AttributeTableModel::click(std::int64_t id, SelectMode mode) {
  const auto row = rowOf(id);
  if (!row) return;
  if (mode == SelectMode::Range && m_anchor) {
    const auto anchorRow = rowOf(*m_anchor);
    const auto from = anchorRow ? std::find(m_view.begin(), m_view.end(), *anchorRow) : m_view.end();
    const auto to = std::find(m_view.begin(), m_view.end(), *row);
    if (from != m_view.end() && to != m_view.end()) {
      std::set<std::int64_t> ids;
      for (auto it = std::min(from, to); it <= std::max(from, to); ++it) ids.insert(m_ids[*it]);
      const std::optional<std::int64_t> anchor = m_anchor;
      setSelection(ids);
      m_anchor = anchor;
      return;
    }
  }
  if (mode == SelectMode::Toggle) {
    if (m_selected[*row]) {
      m_selected[*row] = 0;
      m_selection.erase(id);
    } else {
      m_selected[*row] = 1;
      m_selection.insert(id);
    }
  } else {
    setSelection({id});
  }
  m_anchor = id;
}

void AttributeTableModel::setSelection(const std::set<std::int64_t>& ids) {
  for (std::int64_t id : m_selection) {
    if (const auto row = rowOf(id)) m_selected[*row] = 0;
  }
  m_selection.clear();
  for (std::int64_t id : ids) {
    if (const auto row = rowOf(id)) {
      m_selected[*row] = 1;
      m_selection.insert(id);
    }
  }
  m_anchor = m_selection.empty() ? std::nullopt : std::optional<std::int64_t>(*m_selection.begin());
}

std::optional<std::string> AttributeTableModel::rowReadOnlyReason(std::int64_t id) {
  if (readOnly()) return m_store.readOnlyReason(m_layer, id);
  auto it = m_readOnlyReasons.find(id);
  if (it == m_readOnlyReasons.end()) it = m_readOnlyReasons.emplace(id, m_store.readOnlyReason(m_layer, id)).first;
  return it->second;
}

bool AttributeTableModel::editCell(std::int64_t id, const std::string& fieldName, const std::string& text,
                                   std::string& error) {
  return editRows({id}, fieldName, text, error);
}

bool AttributeTableModel::editSelected(const std::string& fieldName, const std::string& text, std::string& error) {
  return editRows(std::vector<std::int64_t>(m_selection.begin(), m_selection.end()), fieldName, text, error);
}

bool AttributeTableModel::editRows(const std::vector<std::int64_t>& ids, const std::string& fieldName,
                                   const std::string& text, std::string& error) {
  const auto col = columnOf(fieldName);
  if (!col) {
    error = "layer " + m_layer + ": no editable field '" + fieldName + "'";
    return false;
  }
  if (readOnly()) {
    error = m_store.path() + ": the project is open read-only; nothing was changed";
    return false;
  }
  if (isHidden(*col)) {
    error = "layer " + m_layer + ", field " + fieldName + ": hidden personal data cannot be edited";
    return false;
  }
  const std::set<std::int64_t> unique(ids.begin(), ids.end());
  if (unique.empty()) {
    error = "no rows to edit";
    return false;
  }
  for (std::int64_t id : unique) {
    if (auto why = rowReadOnlyReason(id)) {
      error =
          "layer " + m_layer + ", feature " + std::to_string(id) + " is read-only: " + *why + "; nothing was changed";
      return false;
    }
  }
  try {
    m_session.setTextMany(m_layer, std::vector<std::int64_t>(unique.begin(), unique.end()), fieldName, text);
  } catch (const DataError& e) {
    error = e.what();  // all or nothing: the session took back what it had set
    return false;
  }
  return true;
}

bool AttributeTableModel::save(const std::string& user, const std::string& reason, std::string& error) {
  if (!m_session.hasChanges()) return true;
  try {
    m_session.commit({user, reason});  // the Committed event updates the rows it wrote
  } catch (const ConflictError& e) {
    m_conflicts = e.conflicts();
    error = e.what();
    return false;
  } catch (const DataError& e) {
    error = e.what();
    return false;
  }
  m_conflicts.clear();
  return true;
}

void AttributeTableModel::resolveConflicts(const std::vector<bool>& keepMine) {
  std::vector<std::int64_t> ids;
  for (const Conflict& c : m_conflicts) {
    if (c.layer == m_layer) ids.push_back(c.id);
  }
  m_session.resolveConflicts(m_conflicts, keepMine);
  m_conflicts.clear();
  reloadRows(ids);
  std::set<FeatureKey> features;
  for (std::int64_t id : ids) features.insert({m_layer, id});
  updateText(features);
}

void AttributeTableModel::discard() {
  m_session.discard();
  m_conflicts.clear();
}

std::vector<AuditEntry> AttributeTableModel::history(std::int64_t id) { return m_store.history(m_layer, id); }

}  // namespace zhenmap::store
