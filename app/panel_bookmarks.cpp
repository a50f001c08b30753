// Bookmarks: the project's named views (the demo has one per town, see `render --bookmark`); a
// click flies there, the current view can be saved under a name, a bookmark deleted. Stored in
// the project file, so the team shares them.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "bookmarks.hpp"
#include "i18n.hpp"
#include "ui_widgets.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kBookmarks{"书签", "Bookmarks"};
const UiText kAddCurrent{"保存当前视图", "Save current view"};
const UiText kBookmarkName{"名称", "Name"};
const UiText kDelete{"删除", "Delete"};
const UiText kNoProject{"书签保存在项目文件中：请打开项目", "Bookmarks live in a project file: open a project"};
const UiText kNoBookmarks{"暂无书签", "No bookmarks yet"};
const UiText kBookmarkSaved{"书签已保存", "Bookmark saved"};
ZHENMAP_UI_TEXTS(kBookmarks, kAddCurrent, kBookmarkName, kDelete, kNoProject, kNoBookmarks, kBookmarkSaved)

class BookmarksPanel : public Panel {
 public:
  BookmarksPanel() : m_toMap("EPSG:4490", "EPSG:3857") { setOpen(false); }
  const char* title() const override { return tr(kBookmarks); }
  int order() const override { return 35; }
  Dock dock() const override { return Dock::Left; }

  void onLoaded(Viewer& v) override { reload(v); }

  bool onKey(Viewer& v, int key, int mods) override {
    if (key != GLFW_KEY_B || !(mods & GLFW_MOD_CONTROL)) return false;
    if (open()) {
      setOpen(false);
    } else {
      v.focusPanel(*this);
    }
    return true;
  }
  void onProjectChanged(Viewer&) override { m_items.clear(); }

  void glyphStrings(const Viewer&, std::vector<std::string>& out) const override {
    for (const Bookmark& b : m_items) out.push_back(b.name);
  }

  void writeState(const Viewer&, nlohmann::json& s) const override {
    nlohmann::json names = nlohmann::json::array();
    for (const Bookmark& b : m_items) names.push_back(b.name);
    s["bookmarks"] = names;
  }

  // Flies to a bookmark by name (also the menu's path); false when there is none.
  bool flyTo(Viewer& v, const Bookmark& b) {
    Box map;
    for (Vec2 c : {Vec2{b.lonLat.minX, b.lonLat.minY}, Vec2{b.lonLat.maxX, b.lonLat.minY},
                   Vec2{b.lonLat.minX, b.lonLat.maxY}, Vec2{b.lonLat.maxX, b.lonLat.maxY}}) {
      map.expand(m_toMap.forward(c));
    }
    if (map.empty()) return false;
    v.flyTo(map, 0.0);  // centred where no panel covers the map
    return true;
  }

  void drawMenu(Viewer& v) override {
    if (m_items.empty() || !ImGui::BeginMenu(tr(kBookmarks))) return;
    for (const Bookmark& b : m_items) {
      if (ImGui::MenuItem(b.name.c_str())) flyTo(v, b);
    }
    ImGui::EndMenu();
  }

  void draw(Viewer& v) override {
    const std::string name = std::string(tr(kBookmarks)) + "###bookmarks";
    if (!v.beginPanel(*this, name)) {
      v.endPanel(*this);
      return;
    }
    if (v.projectPath().empty()) {
      ImGui::TextWrapped("%s", tr(kNoProject));
      v.endPanel(*this);
      return;
    }
    if (m_items.empty()) ImGui::TextDisabled("%s", tr(kNoBookmarks));
    std::optional<std::int64_t> remove;
    for (const Bookmark& b : m_items) {
      ImGui::PushID(static_cast<int>(b.id));
      if (ImGui::Selectable(b.name.c_str(), false, 0, ImVec2(ImGui::GetContentRegionAvail().x - 60, 0))) flyTo(v, b);
      v.markWidget("bookmark:" + b.name);
      ImGui::SameLine();
      if (ImGui::SmallButton(tr(kDelete))) remove = b.id;
      ImGui::PopID();
    }
    if (remove) {
      try {
        deleteBookmark(v.projectPath(), *remove);
      } catch (const std::exception& e) {
        v.log(LogLevel::Error, e.what());
        v.notify(e.what());
      }
      reload(v);
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    const bool enter = inputString(tr(kBookmarkName), m_name, ImGuiInputTextFlags_EnterReturnsTrue);
    v.markWidget("bookmark_name");
    if ((ImGui::Button(tr(kAddCurrent)) || enter) && !m_name.empty()) {
      const Box view = v.camera().visibleExtent();
      Box ll;
      for (Vec2 c : {Vec2{view.minX, view.minY}, Vec2{view.maxX, view.maxY}, Vec2{view.minX, view.maxY},
                     Vec2{view.maxX, view.minY}}) {
        ll.expand(m_toMap.inverse(c));
      }
      try {
        addBookmark(v.projectPath(), m_name, ll);
        v.notify(std::string(tr(kBookmarkSaved)) + ": " + m_name);
        m_name.clear();
      } catch (const std::exception& e) {
        v.log(LogLevel::Error, e.what());
        v.notify(e.what());
      }
      reload(v);
      v.requestFontRebuild();
    }
    v.endPanel(*this);
  }

  const std::vector<Bookmark>& items() const { return m_items; }

 private:
  void reload(Viewer& v) {
    m_items.clear();
    if (v.projectPath().empty()) return;
    try {
      m_items = readBookmarks(v.projectPath());
    } catch (const std::exception& e) {
      v.log(LogLevel::Warning, e.what());
    }
  }

  CrsTransform m_toMap;
  std::vector<Bookmark> m_items;
  std::string m_name;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(BookmarksPanel)
}  // namespace zhenmap
