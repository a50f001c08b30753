// Project display metadata; see project_meta.hpp.
#include "project_meta.hpp"

#include <filesystem>
#include <stdexcept>

#include "errors.hpp"
#include "store/database.hpp"
#include "style_json.hpp"

namespace zhenmap {

namespace {
bool hasTable(const store::Database& db, const std::string& table) {
  store::Statement s = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  s.bind(1, store::Value(table));
  return s.step();
}
}  // namespace

bool isProject(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  try {
    store::Database db(path, store::OpenMode::ReadOnly);
    return hasTable(db, "schema_migrations") && hasTable(db, "styles");
  } catch (const DataError&) {
    return false;
  }
}

std::map<std::string, LayerStyle> readProjectStyles(const std::string& path,
                                                    const std::function<void(const std::string&)>& warning) {
  std::map<std::string, LayerStyle> out;
  if (!isProject(path)) return out;
  store::Database db(path, store::OpenMode::ReadOnly);
  store::Statement s = db.prepare("SELECT layer, style_json FROM styles");
  while (s.step()) {
    const std::string layer = s.getText(0);
    try {
      out.emplace(layer, styleFromJson(s.getText(1)));
    } catch (const std::invalid_argument& e) {
      if (warning) warning("style of layer " + layer + " ignored: " + e.what());
    }
  }
  return out;
}

Box readBookmark(const std::string& path, const std::string& name) {
  if (!isProject(path)) throw DataError("not a zhenmap project, so it has no bookmarks", {path});
  store::Database db(path, store::OpenMode::ReadOnly);
  store::Statement s = db.prepare("SELECT min_lon, min_lat, max_lon, max_lat FROM bookmarks WHERE name = ?");
  s.bind(1, store::Value(name));
  if (!s.step()) throw DataError("no bookmark named '" + name + "'", {path});
  return {s.getDouble(0), s.getDouble(1), s.getDouble(2), s.getDouble(3)};
}

}  // namespace zhenmap
