// The identify panel: every attribute of the selected feature with Chinese field aliases and
// readable values; sensitive household fields hidden until the user unlocks them. Date fields of
// a project layer have a calendar button: the picked date goes through the attribute table
// (panel_table.hpp) as a pending edit, shown here until it is saved or discarded. The History
// section lists the feature's audit log (who, when, what, why: external writers included) with
// "restore this version" on every entry, committed through the project's edit session.
#include <imgui.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "date_picker.hpp"
#include "feature_update.hpp"
#include "i18n.hpp"
#include "panel_table.hpp"
#include "store/display_time.hpp"
#include "store/edit_session.hpp"
#include "store/readable_value.hpp"
#include "store/schema.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kUnsaved{"未保存", "unsaved"};
const UiText kHistory{"修改历史###history", "History###history"};
const UiText kRestore{"恢复此版本", "Restore this version"};
const UiText kRestoreReason{"恢复到版本", "restored to version"};
const UiText kNoHistory{"没有修改记录", "No changes recorded"};
const UiText kPendingFirst{"请先保存或放弃属性表中的未保存修改", "Save or discard the table's unsaved edits first"};
const UiText kExternal{"外部程序", "another program"};
ZHENMAP_UI_TEXTS(kUnsaved, kHistory, kRestore, kRestoreReason, kNoHistory, kPendingFirst, kExternal)

// One audit entry as a line: time, user, and what changed (a field's old and new value, or the
// whole row inserted or deleted); a field by its Chinese alias when the UI is in Chinese.
std::string describeEntry(const store::AuditEntry& e, const std::map<std::string, std::string>& aliases) {
  std::string what;
  if (e.field == "*") {
    what = e.oldValue.empty() || e.oldValue == "NULL" ? "+" : "-";
  } else if (e.field == "geom") {
    what = "geom";
  } else {
    const auto alias = aliases.find(e.layer + "." + e.field);
    const bool chinese = language() == Language::Chinese && alias != aliases.end();
    what = (chinese ? alias->second : e.field) + ": " + e.oldValue + " -> " + e.newValue;
  }
  std::string line = store::displayTime(e.time, labelLanguage()) + "  " + e.user;
  if (e.context == "external") line += " (" + std::string(tr(kExternal)) + ")";
  line += "  v" + std::to_string(e.newVersion) + "  " + what;
  if (!e.reason.empty()) line += "  «" + e.reason + "»";
  return line;
}

class IdentifyPanel : public Panel {
 public:
  const char* title() const override { return tr(Text::Identify); }
  int order() const override { return 30; }
  Dock dock() const override { return Dock::Right; }

  // Township and village names for the codes shown (store/readable_value.hpp).
  void onLoaded(Viewer& v) override { m_codeNames = store::CodeNames::fromLayers(v.layers().dataList()); }
  void glyphStrings(const Viewer&, std::vector<std::string>& out) const override { out.emplace_back("年月日"); }

  void draw(Viewer& v) override {
    const std::string name = std::string(tr(Text::Identify)) + "###identify";
    if (!v.beginPanel(*this, name)) {
      v.endPanel(*this);
      return;
    }
    const MapLayer* selected = v.layerOf(v.selected());
    if (!selected) {
      ImGui::TextDisabled("%s", tr(Text::NoSelection));
      v.endPanel(*this);
      return;
    }
    const LayerData& layer = *selected->data;
    const Feature& f = *v.featureOf(v.selected());
    ImGui::Text("%s  #%lld", selected->title.c_str(), static_cast<long long>(f.fid));
    bool anySensitive = false;
    if (ImGui::BeginTable("attributes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableSetupColumn(tr(Text::Field));
      ImGui::TableSetupColumn(tr(Text::Value));
      ImGui::TableHeadersRow();
      m_fieldLabels.clear();
      for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const std::string key = layer.name + "." + layer.fields[i].name;
        const auto alias = v.fieldAliases().find(key);
        const bool sensitive = v.sensitiveFields().count(key) > 0;
        anySensitive = anySensitive || sensitive;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        m_fieldLabels.push_back(language() == Language::Chinese && alias != v.fieldAliases().end()
                                    ? alias->second
                                    : layer.fields[i].name);
        ImGui::TextUnformatted(m_fieldLabels.back().c_str());
        ImGui::TableNextColumn();
        // Only the project's own layers edit through the table: an added file whose layer shares
        // a project layer's name must not edit the project's row with the same fid.
        const store::LayerSpec* spec =
            v.projectPath().empty() || layer.source != v.projectPath() ? nullptr : v.project().layerSpec(layer.name);
        const store::FieldSpec* fieldSpec = spec ? store::findField(*spec, layer.fields[i].name) : nullptr;
        if (sensitive && !v.showSensitive()) {
          ImGui::TextDisabled("%s", tr(Text::Hidden));
        } else if (fieldSpec && fieldSpec->type == store::FieldType::Date) {
          drawDateField(v, layer.name, f, i);
        } else {
          const std::string value =
              i < f.attributes.size()
                  ? store::readableValue(layer.name, layer.fields[i].name, f.attributes[i], layer.fields[i].type,
                                         labelLanguage(), &m_codeNames)
                  : "";
          ImGui::TextWrapped("%s", value.c_str());
        }
      }
      ImGui::EndTable();
    }
    if (anySensitive) {
      bool show = v.showSensitive();
      if (ImGui::Checkbox(tr(Text::ShowSensitive), &show)) v.setShowSensitive(show);
      if (show) ImGui::TextColored(ImVec4(0.75f, 0.2f, 0.1f, 1), "%s", tr(Text::SensitiveWarning));
    }
    const store::LayerSpec* projectLayer =
        v.projectPath().empty() || layer.source != v.projectPath() ? nullptr : v.project().layerSpec(layer.name);
    if (projectLayer && v.project().hasStore()) drawHistory(v, layer.name, f.fid);
    if (!m_error.empty()) ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.1f, 1), "%s", m_error.c_str());
    v.endPanel(*this);
  }

  // A feature identified on the map brings this tab to the front of its sidebar.
  void onSelectionChanged(Viewer& v) override {
    m_error.clear();
    m_history.reset();
    if (v.selected() && open()) v.focusPanel(*this);
  }

  void writeState(const Viewer&, nlohmann::json& s) const override {
    nlohmann::json buttons = nlohmann::json::object();
    for (const auto& [field, picker] : m_pickers) {
      for (const auto& [name, r] : picker.rects()) buttons[field + ":" + name] = r;
    }
    s["identify"] = {{"date_buttons", buttons},
                     {"error", m_error},
                     {"history", m_history ? static_cast<int>(m_history->entries.size()) : -1},
                     {"field_labels", m_fieldLabels},
                     {"restored", m_restored}};
  }

 private:
  // A date value of a project layer: readable text (the pending value when the table holds one)
  // and the calendar button.
  void drawDateField(Viewer& v, const std::string& layerName, const Feature& f, std::size_t i) {
    const std::string& field = v.layerOf(v.selected())->data->fields[i].name;
    const auto pending = pendingTableValue(v, layerName, f.fid, field);
    std::string text = pending ? *pending : (i < f.attributes.size() ? toDisplayString(f.attributes[i], FieldType::Date) : "");
    DatePicker& picker = m_pickers[field];
    ImGui::PushID(static_cast<int>(i));
    if (picker.draw("##date", text)) {
      std::string error;
      m_error = editThroughTable(v, layerName, f.fid, field, text, error) ? std::string() : error;
    }
    ImGui::PopID();
    ImGui::SameLine();
    const store::LabelLanguage lang = labelLanguage();
    if (pending) {
      ImGui::TextColored(ImVec4(0.7f, 0.45f, 0.0f, 1), "%s (%s)", store::readableDate(*pending, lang).c_str(),
                         tr(kUnsaved));
    } else {
      ImGui::TextWrapped("%s", store::readableDate(text, lang).c_str());
    }
  }

  // The History section: the audit log of the selected project feature, read when the section
  // is opened (and again after a restore), each entry with its restore button.
  void drawHistory(Viewer& v, const std::string& layerName, std::int64_t fid) {
    ImGui::Spacing();
    const bool open = ImGui::CollapsingHeader(tr(kHistory));
    v.markWidget("history");
    if (!open) return;
    if (!m_history || m_history->layer != layerName || m_history->fid != fid) {
      m_history = History{layerName, fid, {}};
      try {
        m_history->entries = v.project().store()->history(layerName, fid);
      } catch (const std::exception& e) {
        m_error = e.what();
      }
    }
    if (m_history->entries.empty()) ImGui::TextDisabled("%s", tr(kNoHistory));
    std::optional<std::int64_t> restore;
    for (auto it = m_history->entries.rbegin(); it != m_history->entries.rend(); ++it) {  // newest first
      const store::AuditEntry& e = *it;
      ImGui::PushID(static_cast<int>(e.id));
      ImGui::TextWrapped("%s", describeEntry(e, v.fieldAliases()).c_str());
      if (ImGui::SmallButton(tr(kRestore))) restore = e.id;
      v.markWidget("restore:" + std::to_string(e.newVersion));
      ImGui::PopID();
    }
    if (restore) restoreTo(v, layerName, fid, *restore);
  }

  // Puts the feature back to an entry's state in one audited commit (context "restore"); the map
  // takes the restored values without reading the layer again (a restored geometry reloads it).
  void restoreTo(Viewer& v, const std::string& layerName, std::int64_t fid, std::int64_t auditId) {
    store::EditSession& session = *v.project().editSession();
    if (session.hasChanges()) {
      m_error = tr(kPendingFirst);
      return;
    }
    std::int64_t version = 0;
    for (const store::AuditEntry& e : m_history->entries) {
      if (e.id == auditId) version = e.newVersion;
    }
    try {
      session.restoreVersion(layerName, fid, auditId);
      store::ChangeSet changes;
      try {
        changes = session.commit(
            store::CommitOptions("", std::string(tr(kRestoreReason)) + " " + std::to_string(version), "restore"));
      } catch (...) {
        session.discard();
        throw;
      }
      m_restored = version;
      m_history.reset();  // read again: the restore is the newest entry
      m_error.clear();
      const auto layerChanges = changes.layers.find(layerName);
      if (layerChanges == changes.layers.end()) return;
      const auto updated = layerChanges->second.updated.find(fid);
      if (updated == layerChanges->second.updated.end() || updated->second.geometry ||
          !layerChanges->second.inserted.empty()) {
        v.reload();  // a geometry or a deleted feature back: the layer is read again
        return;
      }
      const store::Feature now = v.project().store()->readFeature(layerName, fid);
      std::vector<CellChange> cells;
      for (const std::string& field : updated->second.fields) {
        cells.push_back({layerName, fid, field, now.attributes.at(field)});
      }
      cells.push_back({layerName, fid, "version", store::Value{now.version}});
      applyCommittedChanges(v.jobs(), v.layers(), v.projectPath(), std::move(cells));
    } catch (const std::exception& e) {
      m_error = e.what();
    }
  }

  struct History {
    std::string layer;
    std::int64_t fid = 0;
    std::vector<store::AuditEntry> entries;
  };
  std::optional<History> m_history;
  std::int64_t m_restored = 0;  // the version the last restore went back to (window tests read it)
  std::vector<std::string> m_fieldLabels;  // the field names shown (window tests read them)
  store::CodeNames m_codeNames;
  std::map<std::string, DatePicker> m_pickers;  // per date field
  std::string m_error;                          // the last refused date (validation's message)
};

}  // namespace
ZHENMAP_REGISTER_PANEL(IdentifyPanel)
}  // namespace zhenmap
