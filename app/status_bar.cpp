// The status bar along the bottom of the window: cursor position in CGCS2000 lon/lat and in the
// map CRS, and the scale of the map.
#include <imgui.h>

#include "i18n.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

class StatusBar : public Panel {
 public:
  const char* title() const override { return ""; }  // always shown, not in the View menu
  int order() const override { return 1000; }

  void draw(Viewer& v) override {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - 30));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, 30));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const Vec2 map = v.cursorMap();
    const Vec2 ll = v.toLonLat().forward(map);
    ImGui::Text("%s: %.6f, %.6f    %s: %.1f, %.1f (EPSG:3857)    %s 1:%.0f", tr(Text::LonLat), ll.x, ll.y,
                tr(Text::MapCoordinates), map.x, map.y, tr(Text::Scale), v.map().scale());
    ImGui::End();
  }
};

}  // namespace
ZHENMAP_REGISTER_PANEL(StatusBar)
}  // namespace zhenmap
