// Navigation beyond drag and wheel: the view history (previous / next view, like a browser's
// back and forward: a view is recorded once it has rested for 300 ms), full extent, the keys for
// them, the Navigate menu, and the scale bar drawn on the map.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "map_decorations.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kNavigate{"导航", "Navigate"};
const UiText kPreviousView{"上一视图", "Previous view"};
const UiText kNextView{"下一视图", "Next view"};
const UiText kZoomBoxHint{"拉框放大：按住 Shift 拖动", "Zoom box: Shift + drag"};
const UiText kKeysHint{"方向键平移，+/- 缩放", "Arrow keys pan, +/- zoom"};
const UiText kMetres{"米", "m"};
const UiText kKilometres{"公里", "km"};
ZHENMAP_UI_TEXTS(kNavigate, kPreviousView, kNextView, kZoomBoxHint, kKeysHint, kMetres, kKilometres)

struct View {
  Vec2 center;
  double unitsPerPixel = 0;
  bool operator==(const View& o) const {
    return center.x == o.center.x && center.y == o.center.y && unitsPerPixel == o.unitsPerPixel;
  }
};

// The longest 1, 2 or 5 x 10^n metres not above maxMetres.
class Navigation : public Panel {
 public:
  const char* title() const override { return ""; }  // no window: a menu, keys and the scale bar
  int order() const override { return 5; }
  void draw(Viewer&) override {}

  void update(Viewer& v) override {
    if (v.layers().empty()) return;
    const View cur{v.camera().center(), v.camera().unitsPerPixel()};
    const auto now = std::chrono::steady_clock::now();
    if (!(cur == m_seen)) {
      m_seen = cur;
      m_changedAt = now;
      m_pending = true;
      return;
    }
    if (m_pending && now - m_changedAt > std::chrono::milliseconds(300)) {
      m_pending = false;
      if (m_history.empty() || !(m_history[m_index] == cur)) {
        if (!m_history.empty()) m_history.resize(m_index + 1);  // a new view drops the forward views
        m_history.push_back(cur);
        if (m_history.size() > 100) m_history.erase(m_history.begin());
        m_index = m_history.size() - 1;
      }
    }
  }

  bool onKey(Viewer& v, int key, int mods) override {
    if ((mods & GLFW_MOD_ALT) && key == GLFW_KEY_LEFT) {
      back(v);
      return true;
    }
    if ((mods & GLFW_MOD_ALT) && key == GLFW_KEY_RIGHT) {
      forward(v);
      return true;
    }
    if (key == GLFW_KEY_HOME) {
      v.camera().fit(v.fullExtent());
      return true;
    }
    return false;
  }

  void drawMenu(Viewer& v) override {
    if (!ImGui::BeginMenu(tr(kNavigate))) return;
    if (ImGui::MenuItem(tr(kPreviousView), "Alt+←", false, canBack())) back(v);
    if (ImGui::MenuItem(tr(kNextView), "Alt+→", false, canForward())) forward(v);
    if (ImGui::MenuItem(tr(Text::FullExtent), "Home")) v.camera().fit(v.fullExtent());
    ImGui::Separator();
    ImGui::TextDisabled("%s", tr(kZoomBoxHint));
    ImGui::TextDisabled("%s", tr(kKeysHint));
    ImGui::EndMenu();
  }

  void drawMapOverlay(Viewer& v, ImDrawList* dl) override {
    // Presenting (chrome hidden), the slide has its own scale bar; this one would sit under the
    // dashboard.
    if (v.chromeHidden()) m_barPixels = 0;
    if (v.layers().empty() || v.map().scale() <= 0 || v.chromeHidden()) return;
    const float fb = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.0f;
    const double metresPerPx = v.map().scale() * 0.00028 * fb;  // OGC pixel, see scaleDenominator
    const double metres = niceLength(metresPerPx * 160.0);  // the same bar as exports draw
    const float px = static_cast<float>(metres / metresPerPx);
    m_barMetres = metres;
    m_barPixels = px;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // The bottom right corner of the map (the docked layout's centre).
    const auto& area = v.mapArea();
    const ImVec2 o(vp->Pos.x + area[0] + area[2] - 20 - px, vp->Pos.y + area[1] + area[3] - 18);
    const std::string label = formatDistance(metres, {tr(kMetres), tr(kKilometres)});
    const char* text = label.c_str();
    const ImU32 ink = IM_COL32(20, 20, 20, 255), halo = IM_COL32(255, 255, 255, 200);
    dl->AddRectFilled(ImVec2(o.x - 6, o.y - 22), ImVec2(o.x + px + 6, o.y + 8), halo, 3);
    dl->AddRectFilled(ImVec2(o.x, o.y), ImVec2(o.x + px, o.y + 4), ink);
    dl->AddRectFilled(ImVec2(o.x, o.y - 6), ImVec2(o.x + 2, o.y + 4), ink);
    dl->AddRectFilled(ImVec2(o.x + px - 2, o.y - 6), ImVec2(o.x + px, o.y + 4), ink);
    dl->AddText(ImVec2(o.x, o.y - 21), ink, text);
  }

  void writeState(const Viewer&, nlohmann::json& s) const override {
    s["history"] = {{"index", m_index}, {"size", m_history.size()}};
    s["scale_bar"] = {{"metres", m_barMetres}, {"pixels", std::lround(m_barPixels)}};
  }

 private:
  bool canBack() const { return !m_history.empty() && m_index > 0; }
  bool canForward() const { return m_index + 1 < m_history.size(); }
  void back(Viewer& v) {
    if (canBack()) show(v, m_history[--m_index]);
  }
  void forward(Viewer& v) {
    if (canForward()) show(v, m_history[++m_index]);
  }
  void show(Viewer& v, const View& view) {
    v.camera().setCenter(view.center);
    v.camera().setUnitsPerPixel(view.unitsPerPixel);
    m_seen = view;
    m_pending = false;
  }

  std::vector<View> m_history;
  std::size_t m_index = 0;
  View m_seen;
  std::chrono::steady_clock::time_point m_changedAt;
  bool m_pending = false;
  double m_barMetres = 0;
  float m_barPixels = 0;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(Navigation)
}  // namespace zhenmap
