// The window's docked layout: a left sidebar (layers, search, bookmarks; the overview map below
// them), a right sidebar (identify, style, measure), a bottom strip (attribute table, log) and
// the map in the centre, which no panel covers by default. Each region shows its open panels as
// tabs; splitters between the regions and the map resize them, and the sizes are saved per user
// (settings.json). Debian's Dear ImGui (1.86) has no docking branch, so the regions are plain
// fixed windows laid out here each frame. UI thread only.
#pragma once

#include <imgui.h>

#include <array>
#include <string>
#include <vector>

namespace zhenmap {

class Panel;
class Viewer;

enum class Dock { Floating, Left, LeftBottom, Right, Bottom };

// Region sizes in ImGui pixels (what the user dragged the splitters to).
struct DockSizes {
  float left = 300.0f;
  float leftBottom = 210.0f;  // the overview map under the left sidebar
  float right = 340.0f;
  float bottom = 240.0f;
};

class DockLayout {
 public:
  // Lays out the regions for this frame inside the main viewport, between the menu bar (top) and
  // the status bar (bottom); `used` says which regions have open panels (an empty one takes no
  // room). Sizes are clamped so the map keeps at least a third of the window each way.
  void layout(float top, float bottomBar, const std::array<bool, 5>& used);

  // Draws a region's host window with one tab per panel (in the given order) and the selected
  // panel's contents; a panel asked for with focus() becomes the selected tab.
  void drawRegion(Dock dock, const std::vector<Panel*>& panels, Viewer& v);
  // The splitters between the regions and the map (drag to resize).
  void drawSplitters();
  // Selects the panel's tab in its region on the next frame.
  void focus(const Panel* panel) { m_focus = panel; }

  // [x, y, w, h] of a region (ImGui pixels; w or h 0 when the region is empty) or of the map.
  std::array<float, 4> rect(Dock dock) const { return m_rects[static_cast<int>(dock)]; }
  std::array<float, 4> center() const { return m_center; }
  // The panel whose tab is shown in each region this frame (nullptr when none).
  const Panel* shown(Dock dock) const { return m_shown[static_cast<int>(dock)]; }

  DockSizes& sizes() { return m_sizes; }
  const DockSizes& sizes() const { return m_sizes; }

 private:
  void splitter(const char* id, int region, float x, float y, float w, float h, bool vertical);
  DockSizes m_sizes;
  std::array<std::array<float, 4>, 5> m_rects{};
  std::array<float, 4> m_center{};
  std::array<const Panel*, 5> m_shown{};
  const Panel* m_focus = nullptr;
  float m_width = 0, m_height = 0;  // of the viewport
};

}  // namespace zhenmap
