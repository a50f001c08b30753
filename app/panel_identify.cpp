// The identify panel: every attribute of the selected feature with Chinese field aliases and
// readable values; sensitive household fields hidden until the user unlocks them.
#include <imgui.h>

#include "i18n.hpp"
#include "store/readable_value.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

class IdentifyPanel : public Panel {
 public:
  const char* title() const override { return tr(Text::Identify); }
  int order() const override { return 30; }

  // Township and village names for the codes shown (store/readable_value.hpp).
  void onLoaded(Viewer& v) override { m_codeNames = store::CodeNames::fromLayers(v.layers().data); }
  void glyphStrings(const Viewer&, std::vector<std::string>& out) const override { out.emplace_back("年月日"); }

  void draw(Viewer& v) override {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 370, vp->Pos.y + 34), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(360, 420), ImGuiCond_FirstUseEver);
    const std::string name = std::string(tr(Text::Identify)) + "###identify";
    if (!ImGui::Begin(name.c_str(), openFlag())) {
      ImGui::End();
      return;
    }
    if (!v.selected()) {
      ImGui::TextDisabled("%s", tr(Text::NoSelection));
      ImGui::End();
      return;
    }
    const LoadedLayers& layers = v.layers();
    const LayerData& layer = *layers.data[v.selected()->layer];
    const Feature& f = layer.features[v.selected()->feature];
    ImGui::Text("%s  #%lld", layers.titles[v.selected()->layer].c_str(), static_cast<long long>(f.fid));
    bool anySensitive = false;
    if (ImGui::BeginTable("attributes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableSetupColumn(tr(Text::Field));
      ImGui::TableSetupColumn(tr(Text::Value));
      ImGui::TableHeadersRow();
      for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const std::string key = layer.name + "." + layer.fields[i].name;
        const auto alias = layers.fieldAliases.find(key);
        const bool sensitive = layers.sensitiveFields.count(key) > 0;
        anySensitive = anySensitive || sensitive;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(language() == Language::Chinese && alias != layers.fieldAliases.end()
                                   ? alias->second.c_str()
                                   : layer.fields[i].name.c_str());
        ImGui::TableNextColumn();
        if (sensitive && !v.showSensitive()) {
          ImGui::TextDisabled("%s", tr(Text::Hidden));
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
    ImGui::End();
  }

 private:
  store::CodeNames m_codeNames;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(IdentifyPanel)
}  // namespace zhenmap
