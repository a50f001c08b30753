// The layers panel: the layer stack (top of the list = drawn last, on top, like every desktop
// GIS) with visibility, opacity, order (up/down buttons or drag and drop), zoom to layer, the
// style editor, removal; adding layers; loading progress and load errors.
#include <imgui.h>

#include <cstring>

#include "i18n.hpp"
#include "panel_style.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kAddLayers{"添加图层…", "Add layer…"};
const UiText kRemove{"移除", "Remove"};
const UiText kStyleButton{"样式…", "Style…"};
const UiText kDropHint{"也可以把文件拖到窗口上", "You can also drop files on the window"};
const UiText kSkippedFeatures{"%zu 个要素无法读取（已跳过）", "%zu feature(s) could not be read (left out)"};
const UiText kCannotRead{"无法读取", "cannot be read"};
ZHENMAP_UI_TEXTS(kAddLayers, kRemove, kStyleButton, kDropHint, kSkippedFeatures, kCannotRead)

const ImVec4 kWarningColour(0.75f, 0.45f, 0.0f, 1.0f);

// What GDAL could not read of the layer, as a tooltip: the first few items with GDAL's message.
void skippedTooltip(const LayerData& data) {
  if (!ImGui::IsItemHovered() || data.skipped.empty()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  for (std::size_t k = 0; k < data.skipped.size() && k < 8; ++k) {
    const SkippedItem& s = data.skipped[k];
    if (s.fid) {
      ImGui::Text("%s %lld: %s", skippedName(s.what), static_cast<long long>(*s.fid), s.error.c_str());
    } else {
      ImGui::Text("%s: %s", skippedName(s.what), s.error.c_str());
    }
  }
  if (data.skippedCount > 8) ImGui::Text("…");
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

class LayersPanel : public Panel {
 public:
  const char* title() const override { return tr(Text::Layers); }
  int order() const override { return 10; }
  Dock dock() const override { return Dock::Left; }

  void draw(Viewer& v) override {
    // The ### id keeps the window's place and size when the language changes its title.
    const std::string name = std::string(tr(Text::Layers)) + "###layers";
    if (!v.beginPanel(*this, name)) {
      v.endPanel(*this);
      return;
    }
    for (const auto& [what, fraction] : v.pendingLoads()) {
      ImGui::TextUnformatted(tr(Text::Loading));
      ImGui::SameLine();
      ImGui::TextUnformatted(what.c_str());
      ImGui::ProgressBar(fraction);
    }
    if (!v.lastError().empty()) {
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", tr(Text::LoadFailed));
      ImGui::TextWrapped("%s", v.lastError().c_str());
    }
    LayerStack& layers = v.layers();
    std::optional<std::pair<LayerId, std::size_t>> move;  // layer, to index
    std::optional<LayerId> remove;
    for (std::size_t k = layers.size(); k-- > 0;) {
      const MapLayer& layer = layers.at(k);
      ImGui::PushID(static_cast<int>(layer.id));  // open/closed follows the layer when it moves
      bool visible = layer.visible;
      if (ImGui::Checkbox("##visible", &visible)) layers.setVisible(layer.id, visible);
      const std::string id = std::to_string(k);
      v.markWidget("visible:" + id);
      ImGui::SameLine();
      const bool open = ImGui::TreeNode(layer.title.c_str());
      v.markWidget("layer:" + id);
      // Drag a layer's name onto another's to put it there.
      if (ImGui::BeginDragDropSource()) {
        ImGui::SetDragDropPayload("zhenmap-layer", &layer.id, sizeof layer.id);
        ImGui::TextUnformatted(layer.title.c_str());
        ImGui::EndDragDropSource();
      }
      if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("zhenmap-layer")) {
          LayerId from = kNoLayer;
          std::memcpy(&from, p->Data, sizeof from);
          if (from != layer.id) move = std::make_pair(from, k);
        }
        ImGui::EndDragDropTarget();
      }
      if (layer.data->skippedCount > 0) {
        ImGui::SameLine();
        ImGui::TextColored(kWarningColour, "(!)");
        skippedTooltip(*layer.data);
      }
      if (open) {
        ImGui::Text("%zu %s", layer.data->features.size(), tr(Text::Features));
        if (layer.data->skippedCount > 0) {
          ImGui::TextColored(kWarningColour, tr(kSkippedFeatures), layer.data->skippedCount);
          skippedTooltip(*layer.data);
          v.markWidget("skipped:" + id);
        }
        float opacity = layer.opacity;
        if (ImGui::SliderFloat(tr(Text::Opacity), &opacity, 0.0f, 1.0f, "%.2f")) layers.setOpacity(layer.id, opacity);
        v.markWidget("opacity:" + id);
        if (ImGui::SmallButton(tr(Text::ZoomToLayer))) v.flyTo(layer.data->extent);
        v.markWidget("zoom:" + id);
        if (k + 1 < layers.size()) {
          ImGui::SameLine();
          if (ImGui::SmallButton(tr(Text::MoveUp))) move = std::make_pair(layer.id, k + 1);
          v.markWidget("up:" + id);
        }
        if (k > 0) {
          ImGui::SameLine();
          if (ImGui::SmallButton(tr(Text::MoveDown))) move = std::make_pair(layer.id, k - 1);
          v.markWidget("down:" + id);
        }
        if (ImGui::SmallButton(tr(kStyleButton))) {
          if (auto* style = v.panel<StylePanel>()) style->edit(v, layer.id);
        }
        v.markWidget("style:" + id);
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(kRemove))) remove = layer.id;
        v.markWidget("remove:" + id);
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
    // Layers of the sources that could not be read at all: named, greyed, with GDAL's reason.
    for (const SkippedLayer& s : v.skippedLayers()) {
      ImGui::TextColored(kWarningColour, "(!) %s: %s", s.name.c_str(), tr(kCannotRead));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.error.c_str());
    }
    if (move) {
      layers.move(move->first, move->second);
    } else if (remove) {
      v.removeLayer(*remove);
    }
    ImGui::Separator();
    if (ImGui::Button(tr(kAddLayers))) v.browseForLayers();
    v.markWidget("add_layer");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(kDropHint));
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::FullExtent))) v.camera().fit(v.fullExtent());
    ImGui::SameLine();
    bool labels = v.map().showLabels();
    if (ImGui::Checkbox(tr(Text::Labels), &labels)) v.map().setShowLabels(labels);
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::Language))) {
      setLanguage(language() == Language::Chinese ? Language::English : Language::Chinese);
    }
    v.endPanel(*this);
  }
};

}  // namespace
ZHENMAP_REGISTER_PANEL(LayersPanel)
}  // namespace zhenmap
