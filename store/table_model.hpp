// The attribute table's model, free of any UI: every row of one project layer in plain vectors
// (read once, never queried per frame), a sorted and filtered view of row indices, a selection of
// feature ids. It is a view over the project's EditSession: edits go through the session's
// validation and its one undo stack, pending values shown are the session's, and a commit (by
// the table or any other client of the session) updates only the rows it changed. The ImGui
// panel (app/attribute_table.cpp) draws on top of it. Has no connection of its own: it uses the
// session's ProjectStore, on the same (UI) thread.
#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/edit_session.hpp"
#include "store/project_store.hpp"
#include "store/readable_value.hpp"
#include "store/value_labels.hpp"

namespace zhenmap::store {

enum class SelectMode { Replace, Toggle, Range };

class AttributeTableModel {
 public:
  // Reads every row of the layer through the session's store. Throws DataError (no such layer).
  // The session must outlive the model.
  AttributeTableModel(EditSession& session, const std::string& layer);

  const LayerSpec& spec() const { return *m_spec; }
  bool readOnly() const { return m_store.readOnly(); }

  // Labels of enum values and column titles (Chinese aliases or English field names).
  void setLanguage(LabelLanguage language);
  LabelLanguage language() const { return m_language; }
  // Sensitive columns are hidden (placeholder text, not editable, not searchable, not sortable,
  // unknown to expressions) until shown. The placeholder is the UI's "（已隐藏）".
  void setShowSensitive(bool show);
  bool showSensitive() const { return m_showSensitive; }
  void setHiddenText(std::string text) { m_hiddenText = std::move(text); }

  // Columns: one per field of the layer spec, in spec order.
  std::size_t columnCount() const { return m_spec->fields.size(); }
  const FieldSpec& field(std::size_t col) const { return m_spec->fields[col]; }
  std::string columnTitle(std::size_t col) const;
  bool isHidden(std::size_t col) const { return field(col).sensitive && !m_showSensitive; }
  bool isEditable(std::size_t col) const { return !readOnly() && !isHidden(col); }
  std::optional<std::size_t> columnOf(const std::string& fieldName) const;

  // Rows: `row` is an index into the loaded rows (id order); the view lists the rows that pass the
  // filters, in sort order.
  std::size_t rowCount() const { return m_ids.size(); }
  std::size_t visibleRowCount() const { return m_view.size(); }
  const std::vector<std::size_t>& view() const { return m_view; }
  std::int64_t rowId(std::size_t row) const { return m_ids[row]; }
  std::optional<std::size_t> rowOf(std::int64_t id) const;
  // What the table shows: the pending value when edited, enum labels, township and village codes
  // with their names ("445222106 灰寨镇"), "" for NULL, the placeholder for hidden columns.
  const std::string& cellText(std::size_t row, std::size_t col) const;
  // The text to start editing from: the code of an enum, the date as YYYY-MM-DD ("" when hidden).
  std::string editText(std::size_t row, std::size_t col) const;
  // The current value (pending or stored); monostate when hidden.
  Value value(std::size_t row, std::size_t col) const;
  bool isEdited(std::size_t row, std::size_t col) const;

  // Stable sort of the view by one column (nullopt: id order). Ignored for hidden columns.
  void sortBy(std::optional<std::size_t> col, bool ascending);
  // Case-sensitive substring over the visible columns' shown text (empty: no text filter).
  void setTextFilter(std::string text);
  // An SQL filter (expression.hpp) over the current values, pending edits included; field names
  // are the columns, enum codes (not labels) are the values. Hidden columns are not available.
  // Returns false with the error and keeps the previous filter when the expression is bad.
  bool setExpressionFilter(const std::string& expression, std::string& error);
  const std::string& expressionFilter() const { return m_expression; }
  // Re-applies filters and sort. Edits do not move or hide rows until this (or a filter or sort
  // change) runs, so a row being edited stays under the cursor.
  void refreshView();

  // Selection by feature id; Range selects from the last clicked row to this one in view order.
  void click(std::int64_t id, SelectMode mode);
  void setSelection(const std::set<std::int64_t>& ids);
  const std::set<std::int64_t>& selection() const { return m_selection; }
  bool isSelected(std::size_t row) const { return m_selected[row] != 0; }

  // Edits through EditSession::setText (type, enum, range, date form). On failure returns false
  // with the validation message (never a sensitive value) and changes nothing. One undo step.
  bool editCell(std::int64_t id, const std::string& fieldName, const std::string& text, std::string& error);
  // The same text into one field of many rows: all or nothing, one undo step.
  bool editRows(const std::vector<std::int64_t>& ids, const std::string& fieldName, const std::string& text,
                std::string& error);
  bool editSelected(const std::string& fieldName, const std::string& text, std::string& error);

  // Why this user may not edit the row (read-only file; on a server: the role's rights, a row of
  // another work team's township), nullopt when it may. Asked of the server once per row and
  // remembered until the rows are reloaded. edit*() refuse such rows with this reason.
  std::optional<std::string> rowReadOnlyReason(std::int64_t id);

  // The session's one undo stack (it may hold edits made elsewhere: identify, the map).
  bool canUndo() const { return m_session.canUndo(); }
  bool canRedo() const { return m_session.canRedo(); }
  void undo() { m_session.undo(); }
  void redo() { m_session.redo(); }
  bool hasUnsavedChanges() const { return m_session.hasChanges(); }
  std::size_t pendingCellCount() const { return m_session.pendingCellCount(); }

  // Commits every pending edit of the session in one transaction. On success the session is
  // empty and the loaded rows hold the saved values. On a conflict returns false and conflicts()
  // lists each cell (theirs and yours); on any failure the edits stay pending.
  bool save(const std::string& user, const std::string& reason, std::string& error);
  const std::vector<Conflict>& conflicts() const { return m_conflicts; }
  // After a conflict: for conflicts()[i], keepMine[i] keeps your value on top of their row
  // (its version is re-read, so the next save() writes it), else takes theirs (your edit of that
  // cell is dropped). Rows of conflicting features are reloaded. The undo history is reset;
  // pending edits of other features keep their original base versions.
  void resolveConflicts(const std::vector<bool>& keepMine);
  // Drops every pending edit.
  void discard();

  // The feature's audit log, oldest first (sensitive values are redacted by the store).
  std::vector<AuditEntry> history(std::int64_t id);

 private:
  void load();
  // Reads these rows again from the store (after a commit or a conflict).
  void reloadRows(const std::vector<std::int64_t>& ids);
  // Recomputes the shown text of every cell of these features from pending and stored values.
  void updateText(const std::set<FeatureKey>& features);
  std::string formatValue(std::size_t col, const Value& v) const;
  void rebuildAllText();
  // Evaluates the expression over the current values into m_expressionMask; the error, if any.
  std::optional<std::string> computeExpressionMask(const std::string& expression);
  void onSessionEvent(const EditSession::Event& event);

  EditSession& m_session;
  ProjectStore& m_store;
  const LayerSpec* m_spec = nullptr;
  std::string m_layer;
  LabelLanguage m_language = LabelLanguage::Chinese;
  bool m_showSensitive = false;
  std::string m_hiddenText = "（已隐藏）";
  CodeNames m_codeNames;  // townships and villages of the project, read once

  std::vector<std::int64_t> m_ids;
  std::unordered_map<std::int64_t, std::size_t> m_rowOf;
  std::vector<std::vector<Value>> m_stored;      // [col][row] values in the file
  std::vector<std::vector<std::string>> m_text;  // [col][row] shown text of the current value

  std::vector<std::size_t> m_view;
  std::optional<std::size_t> m_sortColumn;
  bool m_sortAscending = true;
  std::string m_textFilter;
  std::string m_expression;
  std::vector<char> m_expressionMask;  // one per row; empty: no expression filter
  bool m_maskStale = false;            // values changed since the mask was computed

  std::set<std::int64_t> m_selection;
  std::vector<char> m_selected;  // one per row, mirrors m_selection
  std::optional<std::int64_t> m_anchor;

  std::vector<Conflict> m_conflicts;
  std::map<std::int64_t, std::optional<std::string>> m_readOnlyReasons;
  EditSession::Subscription m_subscription;  // last: unsubscribes before the rest goes
};

}  // namespace zhenmap::store
