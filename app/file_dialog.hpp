// An in-app file browser (an ImGui modal): folders first, then the files GDAL can open as vector
// data (extensions from the registered drivers), a name box that accepts a typed path, Chinese file
// names shown as they are (paths are UTF-8 bytes on Linux). UI thread only.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace zhenmap {

// Extensions (lower case, no dot) of every GDAL driver that reads vector data, plus "sqlite".
const std::set<std::string>& gdalVectorExtensions();
// True when the file's extension is one of gdalVectorExtensions() (case-insensitive).
bool hasVectorExtension(const std::string& path);

class FileDialog {
 public:
  // Opens the dialog at the next draw(), listing dir (the current directory when empty).
  void open(const std::string& dir);
  bool isOpen() const { return m_visible; }
  // Draws the dialog while open; returns the chosen file once, when the user opens one.
  std::optional<std::string> draw(const char* title);
  const std::string& directory() const { return m_dir; }
  // True while the name box has the keyboard (typing goes there).
  bool typing() const { return m_typing; }
  // True once after the listing changed (the caller adds its names to the font).
  bool takeListingChanged() { return std::exchange(m_listingChanged, false); }
  // The names listed (folders and matching files), for tests.
  std::vector<std::string> entryNames() const {
    std::vector<std::string> out;
    for (const Entry& e : m_entries) out.push_back(e.name);
    return out;
  }

 private:
  struct Entry {
    std::string name;
    bool directory = false;
  };
  void list(const std::string& dir);
  std::optional<std::string> choose(const std::string& typed);

  std::string m_dir;
  std::vector<Entry> m_entries;
  std::string m_name;
  std::string m_error;
  bool m_showAll = false;
  bool m_visible = false;
  bool m_openRequested = false;
  bool m_focusName = false;
  bool m_typing = false;
  bool m_listingChanged = false;
};

}  // namespace zhenmap
