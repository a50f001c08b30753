// The identify panel: every attribute of the selected feature with Chinese field aliases and
// readable values; sensitive household fields hidden until the user unlocks them. Date fields of
// a project layer have a calendar button: the picked date goes through the attribute table
// (panel_table.hpp) as a pending edit, shown here until it is saved or discarded.
#include <imgui.h>

#include <map>
#include <nlohmann/json.hpp>

#include "date_picker.hpp"
#include "i18n.hpp"
#include "panel_table.hpp"
#include "store/readable_value.hpp"
#include "store/schema.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kUnsaved{"未保存", "unsaved"};
ZHENMAP_UI_TEXTS(kUnsaved)

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
      for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const std::string key = layer.name + "." + layer.fields[i].name;
        const auto alias = v.fieldAliases().find(key);
        const bool sensitive = v.sensitiveFields().count(key) > 0;
        anySensitive = anySensitive || sensitive;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(language() == Language::Chinese && alias != v.fieldAliases().end()
                                   ? alias->second.c_str()
                                   : layer.fields[i].name.c_str());
        ImGui::TableNextColumn();
        // Only the project's own layers edit through the table: an added file whose layer shares
        // a project layer's name must not edit the project's row with the same fid.
        const store::LayerSpec* spec =
            v.projectPath().empty() || layer.source != v.projectPath() ? nullptr : store::findLayer(layer.name);
        const store::FieldSpec* fieldSpec = spec ? store::findField(*spec, layer.fields[i].name) : nullptr;
        if (sensitive && !v.showSensitive()) {
          ImGui::TextDisabled("%s", tr(Text::Hidden));
        } else if (fieldSpec && fieldSpec->type == store::FieldType::Date) {
          drawDateField(v, layer.name, f, i);
        } else {
          const std::string value =
              i < f.attributes.size()
                  ? store::readableValue(
                        layer.name, layer.fields[i].name, f.attributes[i], layer.fields[i].type,
                        language() == Language::Chinese ? store::LabelLanguage::Chinese : store::LabelLanguage::English,
                        &m_codeNames)
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
    if (!m_error.empty()) ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.1f, 1), "%s", m_error.c_str());
    v.endPanel(*this);
  }

  // A feature identified on the map brings this tab to the front of its sidebar.
  void onSelectionChanged(Viewer& v) override {
    m_error.clear();
    if (v.selected() && open()) v.focusPanel(*this);
  }

  void writeState(const Viewer&, nlohmann::json& s) const override {
    nlohmann::json buttons = nlohmann::json::object();
    for (const auto& [field, picker] : m_pickers) {
      for (const auto& [name, r] : picker.rects()) buttons[field + ":" + name] = r;
    }
    s["identify"] = {{"date_buttons", buttons}, {"error", m_error}};
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
    const store::LabelLanguage lang =
        language() == Language::Chinese ? store::LabelLanguage::Chinese : store::LabelLanguage::English;
    if (pending) {
      ImGui::TextColored(ImVec4(0.7f, 0.45f, 0.0f, 1), "%s (%s)", store::readableDate(*pending, lang).c_str(),
                         tr(kUnsaved));
    } else {
      ImGui::TextWrapped("%s", store::readableDate(text, lang).c_str());
    }
  }

  store::CodeNames m_codeNames;
  std::map<std::string, DatePicker> m_pickers;  // per date field
  std::string m_error;                          // the last refused date (validation's message)
};

}  // namespace
ZHENMAP_REGISTER_PANEL(IdentifyPanel)
}  // namespace zhenmap
