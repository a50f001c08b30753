// The in-app file browser; see file_dialog.hpp.
#include "file_dialog.hpp"

#include <gdal.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "i18n.hpp"
#include "ui_widgets.hpp"

namespace zhenmap {

namespace fs = std::filesystem;

namespace {
const UiText kUp{"上一级", "Up"};
const UiText kOpen{"打开", "Open"};
const UiText kFileName{"文件名", "File name"};
const UiText kShowAll{"显示所有文件", "Show all files"};
const UiText kFolder{"文件夹", "Folder"};
const UiText kNoSuchFile{"找不到文件或文件夹", "No such file or folder"};
const UiText kCannotList{"无法列出文件夹", "Cannot list the folder"};
const UiText kSupported{"支持的格式", "Supported formats"};
}  // namespace
ZHENMAP_UI_TEXTS(kUp, kOpen, kFileName, kShowAll, kFolder, kNoSuchFile, kCannotList, kSupported)

const std::set<std::string>& gdalVectorExtensions() {
  static const std::set<std::string> exts = [] {
    GDALAllRegister();
    std::set<std::string> out{"sqlite"};
    for (int i = 0; i < GDALGetDriverCount(); ++i) {
      GDALDriverH drv = GDALGetDriver(i);
      const char* vector = GDALGetMetadataItem(drv, GDAL_DCAP_VECTOR, nullptr);
      const char* list = GDALGetMetadataItem(drv, GDAL_DMD_EXTENSIONS, nullptr);
      if (!vector || !list) continue;
      std::istringstream words(list);
      for (std::string w; words >> w;) {
        std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
        out.insert(w);
      }
    }
    return out;
  }();
  return exts;
}

bool hasVectorExtension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  if (ext.size() < 2) return false;
  ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return gdalVectorExtensions().count(ext) > 0;
}

void FileDialog::open(const std::string& dir) {
  std::error_code ec;
  list(dir.empty() ? fs::current_path(ec).string() : dir);
  m_name.clear();
  m_openRequested = true;
  m_visible = true;
  m_focusName = true;
}

void FileDialog::list(const std::string& dir) {
  m_entries.clear();
  m_error.clear();
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    m_error = std::string(tr(kCannotList)) + ": " + dir;
    return;
  }
  m_dir = fs::path(dir).lexically_normal().string();
  m_listingChanged = true;
  for (const fs::directory_entry& e : it) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    const bool isDir = e.is_directory(ec);
    if (!isDir && !m_showAll && !hasVectorExtension(name)) continue;
    m_entries.push_back({name, isDir});
  }
  std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
    return a.directory != b.directory ? a.directory : a.name < b.name;
  });
}

// A typed name: relative to the listed folder, or absolute. A folder is entered, a file chosen.
std::optional<std::string> FileDialog::choose(const std::string& typed) {
  fs::path p(typed);
  if (p.is_relative()) p = fs::path(m_dir) / p;
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    list(p.string());
    m_name.clear();
    return std::nullopt;
  }
  if (!fs::exists(p, ec)) {
    m_error = std::string(tr(kNoSuchFile)) + ": " + p.string();
    return std::nullopt;
  }
  m_visible = false;
  m_typing = false;
  ImGui::CloseCurrentPopup();
  return p.lexically_normal().string();
}

std::optional<std::string> FileDialog::draw(const char* title) {
  if (!m_visible) return std::nullopt;
  const std::string id = std::string(title) + "###filedialog";
  if (m_openRequested) {
    ImGui::OpenPopup(id.c_str());
    m_openRequested = false;
  }
  centreNextWindow(640, 480);
  bool keepOpen = true;
  if (!ImGui::BeginPopupModal(id.c_str(), &keepOpen)) {
    m_visible = false;
    m_typing = false;
    return std::nullopt;
  }
  std::optional<std::string> chosen;
  if (ImGui::Button(tr(kUp))) list(fs::path(m_dir).parent_path().string());
  ImGui::SameLine();
  ImGui::TextUnformatted(m_dir.c_str());
  if (ImGui::Checkbox(tr(kShowAll), &m_showAll)) list(m_dir);
  if (!m_showAll && ImGui::IsItemHovered()) {
    std::string all;
    for (const std::string& e : gdalVectorExtensions()) all += (all.empty() ? "" : " ") + e;
    ImGui::SetTooltip("%s: %s", tr(kSupported), all.c_str());
  }
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + (m_error.empty() ? 0.0f : ImGui::GetTextLineHeight());
  ImGui::BeginChild("##files", ImVec2(0, -footer), true);
  std::optional<std::string> enter;
  for (const Entry& e : m_entries) {
    const std::string label = (e.directory ? "[" + std::string(tr(kFolder)) + "] " : std::string()) + e.name;
    if (ImGui::Selectable(label.c_str(), m_name == e.name, ImGuiSelectableFlags_AllowDoubleClick)) {
      m_name = e.name;
      if (ImGui::IsMouseDoubleClicked(0)) enter = e.name;
    }
  }
  ImGui::EndChild();
  if (!m_error.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", m_error.c_str());
  if (m_focusName) {
    ImGui::SetKeyboardFocusHere();
    m_focusName = false;
  }
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr(kOpen)).x - ImGui::GetStyle().FramePadding.x * 2 -
                          ImGui::GetStyle().ItemSpacing.x - ImGui::CalcTextSize(tr(kFileName)).x - 8);
  if (inputString(tr(kFileName), m_name, ImGuiInputTextFlags_EnterReturnsTrue)) {
    enter = m_name;
    m_focusName = true;
  }
  m_typing = ImGui::IsItemActive();
  ImGui::SameLine();
  if (ImGui::Button(tr(kOpen)) && !m_name.empty()) enter = m_name;
  if (enter && !enter->empty()) chosen = choose(*enter);
  if (!keepOpen) m_visible = false;
  ImGui::EndPopup();
  return chosen;
}

}  // namespace zhenmap
