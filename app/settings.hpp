// Per-user settings of the window, kept in $XDG_CONFIG_HOME/zhenmap (else ~/.config/zhenmap):
// settings.json (window position and size, recent projects) and imgui.ini (panel places and
// sizes, written by ImGui), tile service keys. A missing or unreadable file gives defaults; nothing here throws.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace zhenmap {

class Settings {
 public:
  // Reads settings.json from configDir() (defaults when it is missing or bad).
  Settings();

  // The folder, created on first save ("" when neither XDG_CONFIG_HOME nor HOME is set).
  static std::string configDir();
  // Where ImGui keeps panel layout ("" when there is no config folder).
  std::string imguiIniPath() const;

  // Window geometry in screen coordinates; width 0 = never saved.
  int windowX = 0, windowY = 0, windowWidth = 0, windowHeight = 0;
  bool maximized = false;
  // Most recent first, at most 10, absolute paths.
  const std::vector<std::string>& recentProjects() const { return m_recent; }
  void addRecentProject(const std::string& path);
  void removeRecentProject(const std::string& path);
  // The folder the file browser showed last.
  std::string lastFolder;
  // The docked layout's region sizes (left, left bottom, right, bottom; ImGui pixels); empty:
  // the defaults.
  std::vector<float> dockSizes;
  // Keys of tile services by the name their sources give (TileServiceSpec::keyName, e.g.
  // "tianditu"): entered once and kept only here. settings.json is written readable by its owner
  // alone; a key never goes into a project, a cache, a log or a message.
  std::map<std::string, std::string> tileKeys;
  // Map approval numbers (审图号) to show with a source's attribution, by source or key name.
  std::map<std::string, std::string> approvalNumbers;

  // Writes settings.json (atomically: a temporary file renamed over it; owner-only permissions).
  // False on failure.
  bool save() const;

 private:
  std::vector<std::string> m_recent;
};

}  // namespace zhenmap
