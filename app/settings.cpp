// Per-user window settings; see settings.hpp.
#include "settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/redact.hpp"

namespace zhenmap {

namespace fs = std::filesystem;

std::string Settings::configDir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return (fs::path(xdg) / "zhenmap").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / ".config" / "zhenmap").string();
  return {};
}

Settings::Settings() {
  const std::string dir = configDir();
  if (dir.empty()) return;
  std::ifstream in(fs::path(dir) / "settings.json");
  if (!in) return;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  auto getInt = [&](const char* key, int& out) {
    if (auto it = j.find(key); it != j.end() && it->is_number_integer()) out = it->get<int>();
  };
  if (auto w = j.find("window"); w != j.end() && w->is_array() && w->size() == 4) {
    bool ok = true;
    for (const auto& v : *w) ok = ok && v.is_number_integer();
    if (ok) {
      windowX = (*w)[0].get<int>();
      windowY = (*w)[1].get<int>();
      windowWidth = (*w)[2].get<int>();
      windowHeight = (*w)[3].get<int>();
    }
  }
  int max = 0;
  getInt("maximized", max);
  maximized = max != 0;
  if (auto r = j.find("recent_projects"); r != j.end() && r->is_array()) {
    for (const auto& p : *r) {
      if (p.is_string()) m_recent.push_back(p.get<std::string>());
    }
  }
  if (auto f = j.find("last_folder"); f != j.end() && f->is_string()) lastFolder = f->get<std::string>();
  if (auto d = j.find("dock"); d != j.end() && d->is_array() && d->size() == 4) {
    for (const auto& x : *d) {
      if (x.is_number() && x.get<double>() > 0 && x.get<double>() < 10000) dockSizes.push_back(x.get<float>());
    }
    if (dockSizes.size() != 4) dockSizes.clear();
  }
  auto readMap = [&](const char* key, std::map<std::string, std::string>& out) {
    if (auto m = j.find(key); m != j.end() && m->is_object()) {
      for (const auto& [name, value] : m->items()) {
        if (value.is_string()) out[name] = value.get<std::string>();
      }
    }
  };
  readMap("tile_keys", tileKeys);
  readMap("approval_numbers", approvalNumbers);
}

std::string Settings::imguiIniPath() const {
  const std::string dir = configDir();
  return dir.empty() ? std::string() : (fs::path(dir) / "imgui.ini").string();
}

void Settings::addRecentProject(const std::string& path) {
  std::error_code ec;
  const fs::path abs = fs::absolute(path, ec);
  const std::string p = ec ? path : abs.lexically_normal().string();
  if (store::redactSecrets(p) != p) return;  // an address with a password is never stored
  removeRecentProject(p);
  m_recent.insert(m_recent.begin(), p);
  if (m_recent.size() > 10) m_recent.resize(10);
}

void Settings::removeRecentProject(const std::string& path) {
  m_recent.erase(std::remove(m_recent.begin(), m_recent.end(), path), m_recent.end());
}

bool Settings::save() const {
  const std::string dir = configDir();
  if (dir.empty()) return false;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return false;
  const nlohmann::json j = {{"window", {windowX, windowY, windowWidth, windowHeight}},
                            {"maximized", maximized ? 1 : 0},
                            {"recent_projects", m_recent},
                            {"last_folder", lastFolder},
                            {"dock", dockSizes},
                            {"tile_keys", tileKeys},
                            {"approval_numbers", approvalNumbers}};
  const fs::path target = fs::path(dir) / "settings.json";
  const fs::path tmp = fs::path(dir) / "settings.json.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return false;
    // Owner-only before anything is written: the file may hold tile service keys.
    fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    if (ec) return false;
    out << j.dump(2) << '\n';
    if (!out) return false;
  }
  fs::rename(tmp, target, ec);
  return !ec;
}

}  // namespace zhenmap
