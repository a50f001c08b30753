// The layers panel: the layer stack (top of the list = drawn last, on top, like every desktop
// GIS) with visibility, opacity, order and zoom to layer; loading progress and load errors.
#include <imgui.h>

#include "i18n.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

class LayersPanel : public Panel {
 public:
  const char* title() const override { return tr(Text::Layers); }
  int order() const override { return 10; }

  void draw(Viewer& v) override {
    ImGui::SetNextWindowPos(ImVec2(10, 34), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(300, 280), ImGuiCond_FirstUseEver);
    // The ### id keeps the window's place and size when the language changes its title.
    const std::string name = std::string(tr(Text::Layers)) + "###layers";
    if (!ImGui::Begin(name.c_str(), openFlag())) {
      ImGui::End();
      return;
    }
    if (const LoadJob* job = v.loadJob()) {
      ImGui::TextUnformatted(tr(Text::Loading));
      ImGui::ProgressBar(job->progress());
    }
    if (!v.lastError().empty()) {
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", tr(Text::LoadFailed));
      ImGui::TextWrapped("%s", v.lastError().c_str());
    }
    const LoadedLayers& layers = v.layers();
    for (std::size_t k = layers.data.size(); k-- > 0;) {
      ImGui::PushID(static_cast<int>(k));
      bool visible = v.layerVisible(k);
      if (ImGui::Checkbox("##visible", &visible)) v.setLayerVisible(k, visible);
      ImGui::SameLine();
      const bool open = ImGui::TreeNode(layers.titles[k].c_str());
      bool moved = false;
      if (open) {
        ImGui::Text("%zu %s", layers.data[k]->features.size(), tr(Text::Features));
        float opacity = v.layerOpacity(k);
        if (ImGui::SliderFloat(tr(Text::Opacity), &opacity, 0.0f, 1.0f, "%.2f")) v.setLayerOpacity(k, opacity);
        if (ImGui::SmallButton(tr(Text::ZoomToLayer))) v.camera().fit(layers.data[k]->extent);
        ImGui::SameLine();
        if (k + 1 < layers.data.size() && ImGui::SmallButton(tr(Text::MoveUp))) {
          v.moveLayer(k, k + 1);
          moved = true;
        }
        ImGui::SameLine();
        if (!moved && k > 0 && ImGui::SmallButton(tr(Text::MoveDown))) {
          v.moveLayer(k, k - 1);
          moved = true;
        }
        ImGui::TreePop();
      }
      ImGui::PopID();
      if (moved) break;
    }
    ImGui::Separator();
    if (ImGui::Button(tr(Text::FullExtent))) v.camera().fit(v.fullExtent());
    ImGui::SameLine();
    bool labels = v.map().showLabels();
    if (ImGui::Checkbox(tr(Text::Labels), &labels)) v.map().setShowLabels(labels);
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::Language))) {
      setLanguage(language() == Language::Chinese ? Language::English : Language::Chinese);
    }
    ImGui::End();
  }
};

}  // namespace
ZHENMAP_REGISTER_PANEL(LayersPanel)
}  // namespace zhenmap
