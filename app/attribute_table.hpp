// The attribute table panel: one project layer's rows in a virtualized ImGui table (sort, text and
// SQL filters, selection linked with the map, inline editing through the store's validation, undo/
// redo, save with a conflict dialog, the selected feature's history). All data work is done by
// store::AttributeTableModel; this file only draws it. UI thread only.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "date_picker.hpp"
#include "feature_update.hpp"
#include "store/table_model.hpp"

namespace zhenmap {

class AttributeTable {
 public:
  // Reads every row of the layer (once) through the project's edit session, where its edits go
  // (the one session of the document, shared with meeting mode's live editor).
  // Throws OpenError / DataError (catch at the caller and show it).
  AttributeTable(store::EditSession& session, std::string layer);

  // Draws into the current window: call between the caller's ImGui::Begin and End. Follows
  // language() and applies Ctrl+Z / Ctrl+Y while that window has focus.
  void draw();

  // Selected feature ids (the layer's `id`, the same as the map's fid for project layers).
  std::set<std::int64_t> selection() const { return m_model.selection(); }
  // From the map: replaces the selection and scrolls the first selected row into view.
  void setSelection(const std::set<std::int64_t>& ids);
  // True once after the user changed the selection in the table (push it to the map then).
  bool takeSelectionChanged();

  bool hasUnsavedChanges() const { return m_model.hasUnsavedChanges(); }
  // Commits with the user name and reason. On a conflict returns false and opens the conflict
  // dialog at the next draw().
  bool save(const std::string& user, const std::string& reason, std::string& error);
  // The cells saved since the last call (the map applies them to its layers).
  std::vector<CellChange> takeSaved();
  void discard();
  void undo() { m_model.undo(); }
  void redo() { m_model.redo(); }
  void setShowSensitive(bool show) { m_model.setShowSensitive(show); }

  std::size_t rowCount() const { return m_model.rowCount(); }
  std::size_t visibleRowCount() const { return m_model.visibleRowCount(); }
  const std::optional<std::string>& lastError() const { return m_error; }
  // Test hook: the same path as an inline edit.
  bool editCell(std::int64_t id, const std::string& field, const std::string& text, std::string& error);

  // Every string the panel may show from the data (titles, labels, text values): add these to the
  // font atlas's glyph strings.
  std::vector<std::string> glyphStrings() const;
  store::AttributeTableModel& model() { return m_model; }
  // Test state for the --state-file JSON: pending edits, undo/redo, the open editor, and the
  // screen rectangles ([x, y, w, h], ImGui pixels) of the toolbar buttons, the save dialog's
  // button and the cells of the first row drawn (with their text), for scripted input.
  void writeState(nlohmann::json& out) const;
  const std::string& layer() const { return m_layer; }

 private:
  void drawToolbar();
  void drawBulkEdit();
  void drawTable();
  void drawCell(std::size_t row, std::size_t col);
  void drawEditor(std::size_t col);
  void drawHistory();
  void drawSaveDialog();
  void drawConflictDialog();
  void handleShortcuts();
  void commitEditor();
  void setError(std::optional<std::string> error) { m_error = std::move(error); }

  std::string m_layer;
  store::AttributeTableModel m_model;
  std::vector<CellChange> m_saved;  // see takeSaved
  std::optional<std::string> m_error;
  bool m_selectionChanged = false;
  std::optional<std::int64_t> m_scrollTo;

  std::string m_filterText;
  std::string m_expressionText;

  struct Editor {
    std::int64_t id = 0;
    std::size_t col = 0;
    std::string text;
    bool focus = true;
  };
  std::optional<Editor> m_editor;
  DatePicker m_datePicker;      // the cell editor's calendar (date fields)
  DatePicker m_bulkDatePicker;  // the edit of many rows' calendar
  struct CurrentCell {
    std::int64_t id = 0;
    std::size_t col = 0;
  };
  std::optional<CurrentCell> m_currentCell;  // the cell clicked last: F2 edits it
  std::optional<std::string> m_currentReadOnly;  // why the current cell's row is read-only (test state)
  bool m_openCurrent = false;                // F2 pressed this frame

  std::size_t m_bulkField = 0;
  std::string m_bulkText;

  bool m_openSave = false;
  std::string m_user;
  std::string m_reason;
  bool m_openConflict = false;
  std::vector<bool> m_keepMine;

  using Rect = std::array<float, 4>;
  static Rect lastItemRect();
  std::map<std::string, Rect> m_buttonRects;    // "undo", "redo", "save", "discard", "dialog_save"
  std::optional<std::int64_t> m_firstRowId;     // the first row drawn this frame
  std::map<std::string, Rect> m_firstRowCells;  // field name -> cell rectangle

  std::optional<std::int64_t> m_historyId;
  std::vector<store::AuditEntry> m_history;
};

}  // namespace zhenmap
