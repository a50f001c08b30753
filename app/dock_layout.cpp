// The docked layout; see dock_layout.hpp.
#include "dock_layout.hpp"

#include <algorithm>

#include "viewer.hpp"

namespace zhenmap {

namespace {
constexpr float kSplitter = 6.0f;  // px: the grab strip between a region and the map
constexpr ImGuiWindowFlags kHostFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
const char* const kHostNames[] = {"", "##dock_left", "##dock_left_bottom", "##dock_right", "##dock_bottom"};
}  // namespace

void DockLayout::layout(float top, float bottomBar, const std::array<bool, 5>& used) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  m_width = vp->Size.x;
  m_height = vp->Size.y;
  const float x0 = vp->Pos.x, y0 = vp->Pos.y + top, y1 = vp->Pos.y + vp->Size.y - bottomBar;
  const float h = std::max(y1 - y0, 1.0f);
  // The map keeps at least a third of the window each way (the user's sizes are kept as they
  // are, for a larger window).
  const float left = std::clamp(m_sizes.left, 160.0f, std::max(160.0f, m_width / 3));
  const float right = std::clamp(m_sizes.right, 200.0f, std::max(200.0f, m_width / 3));
  const float bottom = std::clamp(m_sizes.bottom, 100.0f, std::max(100.0f, h / 3));
  const bool anyLeft = used[static_cast<int>(Dock::Left)] || used[static_cast<int>(Dock::LeftBottom)];
  const float lw = anyLeft ? left : 0.0f;
  const float rw = used[static_cast<int>(Dock::Right)] ? right : 0.0f;
  const float bh = used[static_cast<int>(Dock::Bottom)] ? bottom : 0.0f;
  float lbh = used[static_cast<int>(Dock::LeftBottom)] ? std::clamp(m_sizes.leftBottom, 120.0f, h * 0.6f) : 0.0f;
  if (!used[static_cast<int>(Dock::Left)]) lbh = used[static_cast<int>(Dock::LeftBottom)] ? h : 0.0f;
  m_rects = {};
  m_rects[static_cast<int>(Dock::Left)] = {x0, y0, lw, used[static_cast<int>(Dock::Left)] ? h - lbh : 0.0f};
  m_rects[static_cast<int>(Dock::LeftBottom)] = {x0, y1 - lbh, lw, lbh};
  m_rects[static_cast<int>(Dock::Right)] = {x0 + m_width - rw, y0, rw, h};
  // The bottom strip runs under the map only: the sidebars keep their full height.
  m_rects[static_cast<int>(Dock::Bottom)] = {x0 + lw, y1 - bh, m_width - lw - rw, bh};
  m_center = {x0 + lw, y0, m_width - lw - rw, h - bh};
  m_shown = {};
}

void DockLayout::drawRegion(Dock dock, const std::vector<Panel*>& panels, Viewer& v) {
  const int r = static_cast<int>(dock);
  const auto& box = m_rects[r];
  if (panels.empty() || box[2] <= 0 || box[3] <= 0) return;
  ImGui::SetNextWindowPos(ImVec2(box[0], box[1]), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(box[2], box[3]), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  const bool open = ImGui::Begin(kHostNames[r], nullptr, kHostFlags);
  ImGui::PopStyleVar();
  if (open && ImGui::BeginTabBar("##tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
    for (Panel* p : panels) {
      // "###" + a fixed id: the tab keeps its place when the language changes its title.
      const std::string label = std::string(p->title()) + "###tab" + std::to_string(reinterpret_cast<std::uintptr_t>(p));
      const ImGuiTabItemFlags flags = p == m_focus ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(label.c_str(), p->openFlag(), flags)) {
        m_shown[r] = p;
        ImGui::BeginChild("##content", ImVec2(0, 0), false);
        p->draw(v);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      if (p == m_focus) m_focus = nullptr;
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

void DockLayout::splitter(const char* id, int region, float x, float y, float w, float h, bool vertical) {
  ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
  ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoMove |
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PopStyleVar(2);
  ImGui::InvisibleButton("##grip", ImVec2(w, h));
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
    ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), IM_COL32(60, 120, 220, 120));
  }
  if (ImGui::IsItemActive()) {
    const ImVec2 d = ImGui::GetIO().MouseDelta;
    // Dragging starts from what is shown (a size the window clamped).
    const auto& shown = m_rects[static_cast<std::size_t>(region)];
    switch (static_cast<Dock>(region)) {
      case Dock::Left: m_sizes.left = shown[2] + d.x; break;
      case Dock::Right: m_sizes.right = shown[2] - d.x; break;
      case Dock::Bottom: m_sizes.bottom = shown[3] - d.y; break;
      case Dock::LeftBottom: m_sizes.leftBottom = shown[3] - d.y; break;
      case Dock::Floating: break;
    }
  }
  ImGui::End();
}

void DockLayout::drawSplitters() {
  const auto& l = m_rects[static_cast<int>(Dock::Left)];
  const auto& lb = m_rects[static_cast<int>(Dock::LeftBottom)];
  const auto& r = m_rects[static_cast<int>(Dock::Right)];
  const auto& b = m_rects[static_cast<int>(Dock::Bottom)];
  const float leftW = std::max(l[2], lb[2]);
  if (leftW > 0) {
    const float top = l[3] > 0 ? l[1] : lb[1];
    splitter("##split_left", static_cast<int>(Dock::Left), l[0] + leftW - kSplitter / 2, top, kSplitter,
             l[3] + lb[3], true);
  }
  if (l[3] > 0 && lb[3] > 0) {
    splitter("##split_left_bottom", static_cast<int>(Dock::LeftBottom), lb[0], lb[1] - kSplitter / 2, lb[2], kSplitter,
             false);
  }
  if (r[2] > 0) splitter("##split_right", static_cast<int>(Dock::Right), r[0] - kSplitter / 2, r[1], kSplitter, r[3], true);
  if (b[3] > 0) splitter("##split_bottom", static_cast<int>(Dock::Bottom), b[0], b[1] - kSplitter / 2, b[2], kSplitter, false);
}

}  // namespace zhenmap
