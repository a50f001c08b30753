// The attribute table panel; see attribute_table.hpp. Rows come from the model's view and only the
// visible ones are drawn (ImGuiListClipper), so a 100,000-row layer costs a screenful per frame.
#include "attribute_table.hpp"

#include <algorithm>

#include <imgui.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "store/display_time.hpp"
#include "ui_widgets.hpp"

namespace zhenmap {

namespace {

const ImVec4 kErrorColor(0.85f, 0.15f, 0.1f, 1.0f);
const ImVec4 kEditedColor(0.95f, 0.75f, 0.2f, 0.25f);
const UiText kRowReadOnly{"此行只读", "This row is read-only"};
const UiText kSaveTitle{"保存修改", "Save changes"};
const UiText kConflictTitle{"保存冲突", "Save conflict"};
ZHENMAP_UI_TEXTS(kRowReadOnly, kSaveTitle, kConflictTitle)

}  // namespace

AttributeTable::AttributeTable(store::EditSession& session, std::string layer)
    : m_layer(std::move(layer)), m_model(session, m_layer) {
  const char* user = std::getenv("USER");
  m_user = user ? user : "";
}

void AttributeTable::setSelection(const std::set<std::int64_t>& ids) {
  m_model.setSelection(ids);
  if (!ids.empty()) m_scrollTo = *ids.begin();
}

std::vector<CellChange> AttributeTable::takeSaved() { return std::exchange(m_saved, {}); }

bool AttributeTable::takeSelectionChanged() {
  const bool changed = m_selectionChanged;
  m_selectionChanged = false;
  return changed;
}

bool AttributeTable::save(const std::string& user, const std::string& reason, std::string& error) {
  // What this save writes, for the map to show without reading the layer again.
  std::vector<CellChange> pending;
  for (std::size_t row = 0; row < m_model.rowCount(); ++row) {
    for (std::size_t col = 0; col < m_model.columnCount(); ++col) {
      if (m_model.isEdited(row, col)) pending.push_back({m_layer, m_model.rowId(row), m_model.field(col).name, m_model.value(row, col)});
    }
  }
  const bool ok = m_model.save(user, reason, error);
  if (ok) m_saved.insert(m_saved.end(), pending.begin(), pending.end());
  if (!ok && !m_model.conflicts().empty()) {
    m_openConflict = true;
    m_keepMine.assign(m_model.conflicts().size(), true);
  }
  setError(ok ? std::nullopt : std::optional<std::string>(error));
  m_historyId.reset();  // re-read: the save wrote audit rows
  return ok;
}

void AttributeTable::discard() {
  m_model.discard();
  m_editor.reset();
  setError(std::nullopt);
}

bool AttributeTable::editCell(std::int64_t id, const std::string& field, const std::string& text, std::string& error) {
  const bool ok = m_model.editCell(id, field, text, error);
  setError(ok ? std::nullopt : std::optional<std::string>(error));
  return ok;
}

std::vector<std::string> AttributeTable::glyphStrings() const {
  std::vector<std::string> out = store::allValueLabels();
  for (std::size_t c = 0; c < m_model.columnCount(); ++c) {
    out.push_back(m_model.field(c).aliasZh);
    out.push_back(m_model.field(c).name);
    if (m_model.field(c).type != store::FieldType::Text || m_model.field(c).sensitive) continue;
    for (std::size_t r = 0; r < m_model.rowCount(); ++r) {
      const std::string& t = m_model.cellText(r, c);
      if (!t.empty()) out.push_back(t);
    }
  }
  return out;
}

void AttributeTable::draw() {
  m_model.setLanguage(labelLanguage());
  m_model.setHiddenText(tr(Text::Hidden));
  handleShortcuts();
  drawToolbar();
  drawBulkEdit();
  if (m_error) ImGui::TextColored(kErrorColor, "%s", m_error->c_str());
  // Rows on the left, the selected row's history beside them: a short, wide strip under the map.
  const float historyWidth = std::min(420.0f, ImGui::GetContentRegionAvail().x * 0.32f);
  ImGui::BeginChild("##rows_area", ImVec2(-historyWidth, 0), false);
  drawTable();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##history_area", ImVec2(0, 0), false);
  drawHistory();
  ImGui::EndChild();
  drawSaveDialog();
  drawConflictDialog();
}

void AttributeTable::handleShortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  m_openCurrent = false;
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) || io.WantTextInput) return;
  if (!io.KeyCtrl && !m_editor && m_currentCell && ImGui::IsKeyPressed(GLFW_KEY_F2, false)) m_openCurrent = true;
  if (!io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z))) {
    undo();
  } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y))) {
    redo();
  }
}

void AttributeTable::drawToolbar() {
  ImGui::BeginDisabled(!m_model.canUndo());
  if (ImGui::Button(tr(Text::Undo))) undo();
  m_buttonRects["undo"] = lastItemRect();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!m_model.canRedo());
  if (ImGui::Button(tr(Text::Redo))) redo();
  m_buttonRects["redo"] = lastItemRect();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!hasUnsavedChanges() || m_model.readOnly());
  if (ImGui::Button(tr(Text::Save))) m_openSave = true;
  m_buttonRects["save"] = lastItemRect();
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::Discard))) discard();
  m_buttonRects["discard"] = lastItemRect();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (m_model.readOnly()) {
    ImGui::TextDisabled("%s", tr(Text::ReadOnly));
  } else if (hasUnsavedChanges()) {
    ImGui::Text("%zu %s", m_model.pendingCellCount(), tr(Text::UnsavedEdits));
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%zu / %zu %s, %zu %s", visibleRowCount(), rowCount(), tr(Text::Rows), m_model.selection().size(),
                      tr(Text::Selected));

  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.3f);
  if (inputString("##filter", tr(Text::FilterText), m_filterText)) m_model.setTextFilter(m_filterText);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  const bool enter =
      inputString("##expression", tr(Text::FilterExpression), m_expressionText, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::Apply)) || enter) {
    std::string error;
    const bool ok = m_model.setExpressionFilter(m_expressionText, error);
    setError(ok ? std::nullopt : std::optional<std::string>(error));
  }
}

void AttributeTable::drawBulkEdit() {
  if (m_model.selection().size() < 2 || m_model.readOnly()) return;
  if (m_bulkField >= m_model.columnCount() || !m_model.isEditable(m_bulkField)) {
    m_bulkField = 0;
    m_bulkText.clear();
  }
  ImGui::SetNextItemWidth(160.0f);
  if (ImGui::BeginCombo("##bulkfield", m_model.columnTitle(m_bulkField).c_str())) {
    for (std::size_t c = 0; c < m_model.columnCount(); ++c) {
      if (!m_model.isEditable(c)) continue;
      if (ImGui::Selectable(m_model.columnTitle(c).c_str(), c == m_bulkField)) {
        m_bulkField = c;
        m_bulkText.clear();
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(200.0f);
  const store::FieldSpec& f = m_model.field(m_bulkField);
  if (!f.oneOf.empty()) {
    const std::string shown = m_bulkText.empty() ? "" : store::valueLabel(f.name, m_bulkText, labelLanguage());
    if (ImGui::BeginCombo("##bulkvalue", shown.c_str())) {
      for (const std::string& code : f.oneOf) {
        if (ImGui::Selectable(store::valueLabel(f.name, code, labelLanguage()).c_str(), code == m_bulkText)) {
          m_bulkText = code;
        }
      }
      ImGui::EndCombo();
    }
  } else {
    if (f.type == store::FieldType::Date) {
      m_bulkDatePicker.draw("##bulkdate", m_bulkText);  // fills the text; Apply validates it
      for (const auto& [name, r] : m_bulkDatePicker.rects()) m_buttonRects["bulk_date:" + name] = r;
      ImGui::SameLine();
    }
    inputString("##bulkvalue", f.type == store::FieldType::Date ? "YYYY-MM-DD" : "", m_bulkText);
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::ApplyToSelected))) {
    std::string error;
    const bool ok = m_model.editSelected(f.name, m_bulkText, error);
    setError(ok ? std::nullopt : std::optional<std::string>(error));
  }
}

void AttributeTable::drawTable() {
  const int columns = static_cast<int>(m_model.columnCount()) + 1;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##rows", columns, flags, ImVec2(0.0f, 0.0f))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn(
      "ID", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_NoHide | ImGuiTableColumnFlags_WidthFixed, 70.0f);
  for (std::size_t c = 0; c < m_model.columnCount(); ++c) {
    ImGuiTableColumnFlags colFlags = ImGuiTableColumnFlags_WidthFixed;
    if (m_model.isHidden(c)) colFlags |= ImGuiTableColumnFlags_NoSort;
    ImGui::TableSetupColumn(m_model.columnTitle(c).c_str(), colFlags, 120.0f, static_cast<ImGuiID>(c + 1));
  }
  ImGui::TableHeadersRow();

  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0 && specs->Specs[0].ColumnUserID != 0) {
      m_model.sortBy(static_cast<std::size_t>(specs->Specs[0].ColumnUserID - 1),
                     specs->Specs[0].SortDirection != ImGuiSortDirection_Descending);
    } else {
      m_model.sortBy(std::nullopt,
                     specs->SpecsCount == 0 || specs->Specs[0].SortDirection != ImGuiSortDirection_Descending);
    }
    specs->SpecsDirty = false;
  }

  const std::vector<std::size_t>& view = m_model.view();
  const float rowHeight = ImGui::GetFrameHeight();
  if (m_scrollTo) {
    if (const auto row = m_model.rowOf(*m_scrollTo)) {
      for (std::size_t i = 0; i < view.size(); ++i) {
        if (view[i] == *row) {
          ImGui::SetScrollY(static_cast<float>(i) * rowHeight);
          break;
        }
      }
    }
    m_scrollTo.reset();
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(view.size()), rowHeight);
  m_firstRowId.reset();
  m_firstRowCells.clear();
  const float visibleTop = ImGui::GetWindowPos().y + ImGui::GetFrameHeight();  // below the frozen header
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const std::size_t row = view[static_cast<std::size_t>(i)];
      const std::int64_t id = m_model.rowId(row);
      // The first row wholly below the header is the one scripted tests click into.
      const bool recordRow = !m_firstRowId && ImGui::GetCursorScreenPos().y >= visibleTop;
      if (recordRow) m_firstRowId = id;
      ImGui::TableNextRow(ImGuiTableRowFlags_None, rowHeight);
      ImGui::TableSetColumnIndex(0);
      ImGui::PushID(static_cast<int>(row));
      char label[32];
      std::snprintf(label, sizeof label, "%lld", static_cast<long long>(id));
      if (ImGui::Selectable(label, m_model.isSelected(row),
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                            ImVec2(0.0f, rowHeight))) {
        const ImGuiIO& io = ImGui::GetIO();
        m_model.click(id, io.KeyShift  ? store::SelectMode::Range
                          : io.KeyCtrl ? store::SelectMode::Toggle
                                       : store::SelectMode::Replace);
        m_selectionChanged = true;
      }
      for (std::size_t c = 0; c < m_model.columnCount(); ++c) {
        if (!ImGui::TableSetColumnIndex(static_cast<int>(c) + 1)) continue;
        if (recordRow) {
          const ImVec2 p = ImGui::GetCursorScreenPos();
          m_firstRowCells[m_model.field(c).name] = {p.x, p.y, ImGui::GetContentRegionAvail().x, rowHeight};
        }
        drawCell(row, c);
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

void AttributeTable::drawCell(std::size_t row, std::size_t col) {
  const std::int64_t id = m_model.rowId(row);
  if (m_editor && m_editor->col == col && m_model.isHidden(col)) m_editor.reset();  // hidden again mid-edit
  if (m_editor && m_editor->id == id && m_editor->col == col) {
    drawEditor(col);
    return;
  }
  if (m_model.isEdited(row, col)) {
    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::GetColorU32(kEditedColor));
  }
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + ImGui::GetContentRegionAvail().x, min.y + ImGui::GetFrameHeight());
  const bool hovered =
      ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseHoveringRect(min, max);
  // A row this user may not edit (another team's township on a server project): greyed, with the
  // reason on hover. Asked of the store for the hovered or current row only (cached per row), so
  // the table never queries the server for every visible row.
  const bool current = m_currentCell && m_currentCell->id == id;
  std::optional<std::string> lockedWhy;
  if (hovered || current) {
    try {
      lockedWhy = m_model.rowReadOnlyReason(id);
    } catch (const std::exception&) {
      // The server is unreachable: the row stays editable here; saving reports the failure and keeps the edits.
    }
  }
  if (current) m_currentReadOnly = lockedWhy;
  if (lockedWhy) {
    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::GetColorU32(ImGuiCol_FrameBgActive, 0.35f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", m_model.cellText(row, col).c_str());
    if (hovered) ImGui::SetTooltip("%s: %s", tr(kRowReadOnly), lockedWhy->c_str());
  } else if (m_model.isHidden(col)) {
    ImGui::TextDisabled("%s", m_model.cellText(row, col).c_str());
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(m_model.cellText(row, col).c_str());
  }
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) m_currentCell = CurrentCell{id, col};
  if (m_currentCell && m_currentCell->id == id && m_currentCell->col == col) {
    ImGui::GetWindowDrawList()->AddRect(min, max, ImGui::GetColorU32(ImGuiCol_NavHighlight));
  }
  // Double-click or F2 (on the cell clicked last) opens the editor.
  const bool f2 = m_openCurrent && m_currentCell && m_currentCell->id == id && m_currentCell->col == col;
  if (m_model.isEditable(col) && !lockedWhy && ((hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) || f2)) {
    m_editor = Editor{id, col, m_model.editText(row, col), true};
  }
  if (f2) m_openCurrent = false;
}

void AttributeTable::drawEditor(std::size_t col) {
  Editor& e = *m_editor;
  const store::FieldSpec& f = m_model.field(col);
  ImGui::SetNextItemWidth(-1.0f);
  if (!f.oneOf.empty()) {
    // Pick-list: choosing applies at once; NULL only for optional fields.
    const std::string shown = store::valueLabel(f.name, e.text, labelLanguage());
    if (ImGui::BeginCombo("##pick", shown.c_str())) {
      // commitEditor() may end the editor (e dangles after it): one choice per frame, then stop.
      bool chosen = false;
      if (!f.required && ImGui::Selectable("NULL", e.text.empty())) {
        e.text.clear();
        commitEditor();
        chosen = true;
      }
      for (std::size_t k = 0; !chosen && k < f.oneOf.size(); ++k) {
        const std::string& code = f.oneOf[k];
        if (ImGui::Selectable(store::valueLabel(f.name, code, labelLanguage()).c_str(), code == e.text)) {
          e.text = code;
          commitEditor();
          chosen = true;
        }
      }
      ImGui::EndCombo();
    } else if ((ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsItemHovered()) ||
               ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      m_editor.reset();  // left without a choice
    }
    return;
  }
  // Dates: the calendar button left of the text (typing stays possible); a day picked, Today or
  // Clear is applied like typed text, through the same validation.
  const bool date = f.type == store::FieldType::Date;
  if (date) {
    if (m_datePicker.draw("##date", e.text)) {
      commitEditor();
      return;
    }
    ImGui::SameLine(0, 2);
    ImGui::SetNextItemWidth(-1.0f);
  }
  if (e.focus) {
    ImGui::SetKeyboardFocusHere();
    e.focus = false;
  }
  const char* hint = date ? "YYYY-MM-DD" : "";
  const bool enter =
      inputString("##edit", hint, e.text, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  const bool pickerHot = date && m_datePicker.hot();
  if (enter) {
    commitEditor();
  } else if (ImGui::IsItemActive() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    m_editor.reset();
  } else if (ImGui::IsItemDeactivated() && !pickerHot) {
    m_editor.reset();  // clicked away: nothing applied
  } else if (date && !pickerHot && !ImGui::IsItemActive() && !ImGui::IsItemHovered() &&
             ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    m_editor.reset();  // the calendar was closed without a choice, then a click elsewhere
  }
}

void AttributeTable::commitEditor() {
  if (!m_editor) return;
  const Editor e = *m_editor;
  std::string error;
  // Invalid input keeps the editor open with the message; nothing is applied.
  if (editCell(e.id, m_model.field(e.col).name, e.text, error)) m_editor.reset();
}

AttributeTable::Rect AttributeTable::lastItemRect() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return {a.x, a.y, b.x - a.x, b.y - a.y};
}

void AttributeTable::writeState(nlohmann::json& out) const {
  out["pending"] = m_model.pendingCellCount();
  out["can_undo"] = m_model.canUndo();
  out["can_redo"] = m_model.canRedo();
  out["editing"] = m_editor.has_value();
  if (m_currentCell) {
    const auto row = m_model.rowOf(m_currentCell->id);
    out["current_cell"] = {{"id", m_currentCell->id},
                           {"field", m_model.field(m_currentCell->col).name},
                           {"text", row ? m_model.cellText(*row, m_currentCell->col) : ""},
                           {"read_only", m_currentReadOnly.value_or("")}};
  }
  out["error"] = m_error.value_or("");
  out["conflicts"] = m_model.conflicts().size();
  nlohmann::json buttons = nlohmann::json::object();
  for (const auto& [name, r] : m_buttonRects) buttons[name] = r;
  if (m_editor) {
    for (const auto& [name, r] : m_datePicker.rects()) buttons["date:" + name] = r;
  }
  out["date_picker"] = {{"open", m_datePicker.isOpen() || m_bulkDatePicker.isOpen()},
                        {"year", m_datePicker.isOpen() ? m_datePicker.year() : m_bulkDatePicker.year()},
                        {"month", m_datePicker.isOpen() ? m_datePicker.month() : m_bulkDatePicker.month()}};
  out["buttons"] = buttons;
  if (m_firstRowId) {
    nlohmann::json cells = nlohmann::json::object();
    const auto row = m_model.rowOf(*m_firstRowId);
    for (const auto& [field, r] : m_firstRowCells) {
      const auto col = m_model.columnOf(field);
      cells[field] = {{"rect", r}, {"text", row && col ? m_model.cellText(*row, *col) : ""}};
    }
    out["first_row"] = {{"id", *m_firstRowId}, {"cells", cells}};
  }
}

void AttributeTable::drawHistory() {
  ImGui::TextUnformatted(tr(Text::History));
  const auto& sel = m_model.selection();
  if (sel.size() != 1) {
    ImGui::TextDisabled("%s", tr(Text::NoSelection));
    return;
  }
  const std::int64_t id = *sel.begin();
  if (m_historyId != id) {
    m_historyId = id;
    try {
      m_history = m_model.history(id);
    } catch (const DataError& e) {
      m_history.clear();
      setError(std::string(e.what()));
    }
  }
  if (m_history.empty()) {
    ImGui::TextDisabled("%s", tr(Text::NoHistory));
    return;
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("##history", 6, flags, ImVec2(0.0f, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (Text t : {Text::Time, Text::User, Text::Field, Text::OldValue, Text::NewValue, Text::Reason}) {
    ImGui::TableSetupColumn(tr(t));
  }
  ImGui::TableHeadersRow();
  for (auto it = m_history.rbegin(); it != m_history.rend(); ++it) {
    const auto col = m_model.columnOf(it->field);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(store::displayTime(it->time, labelLanguage()).c_str());  // local time, not stored UTC
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(it->user.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(col ? m_model.columnTitle(*col).c_str() : it->field.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(it->oldValue.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(it->newValue.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(it->reason.c_str());
  }
  ImGui::EndTable();
}

void AttributeTable::drawSaveDialog() {
  // A titled dialog (the id after ### stays the same in both languages).
  const std::string id = std::string(tr(kSaveTitle)) + "###save";
  if (m_openSave) {
    ImGui::OpenPopup(id.c_str());
    m_openSave = false;
  }
  for (const char* r : {"dialog_save", "dialog_user", "dialog_reason", "dialog"}) m_buttonRects.erase(r);
  if (!ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::Text("%zu %s", m_model.pendingCellCount(), tr(Text::UnsavedEdits));
  inputString(tr(Text::User), m_user);
  m_buttonRects["dialog_user"] = lastItemRect();
  inputString(tr(Text::Reason), m_reason);
  m_buttonRects["dialog_reason"] = lastItemRect();
  {
    const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    m_buttonRects["dialog"] = Rect{p.x, p.y, s.x, s.y};
  }
  const bool clicked = ImGui::Button(tr(Text::Save));
  m_buttonRects["dialog_save"] = lastItemRect();
  if (clicked) {
    std::string error;
    save(m_user, m_reason, error);
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::Cancel))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void AttributeTable::drawConflictDialog() {
  const std::string id = std::string(tr(kConflictTitle)) + "###conflict";
  if (m_openConflict) {
    ImGui::OpenPopup(id.c_str());
    m_openConflict = false;
  }
  if (!ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const auto& conflicts = m_model.conflicts();
  ImGui::TextColored(kErrorColor, "%s", tr(Text::SaveConflict));
  ImGui::TextWrapped("%s", tr(Text::ConflictExplain));
  m_keepMine.resize(conflicts.size(), true);
  if (ImGui::BeginTable("##conflicts", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    for (Text t : {Text::Features, Text::Field, Text::Theirs, Text::Yours, Text::KeepMine})
      ImGui::TableSetupColumn(tr(t));
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < conflicts.size(); ++i) {
      const store::Conflict& c = conflicts[i];
      const auto col = m_model.columnOf(c.field);
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("#%lld", static_cast<long long>(c.id));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(col ? m_model.columnTitle(*col).c_str() : c.field.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.theirs.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.yours.c_str());
      ImGui::TableNextColumn();
      bool keep = m_keepMine[i];
      if (ImGui::Checkbox("##keep", &keep)) m_keepMine[i] = keep;
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (ImGui::Button(tr(Text::RetrySave))) {
    m_model.resolveConflicts(m_keepMine);
    ImGui::CloseCurrentPopup();
    std::string error;
    if (hasUnsavedChanges()) save(m_user, m_reason, error);  // may reopen the dialog
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::TakeAllTheirs))) {
    m_model.resolveConflicts(std::vector<bool>(conflicts.size(), false));
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::Cancel))) ImGui::CloseCurrentPopup();  // edits stay pending
  ImGui::EndPopup();
}

}  // namespace zhenmap
