// Project display metadata; see project_meta.hpp.
#include "project_meta.hpp"

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "errors.hpp"
#include "store/database.hpp"
#include "store/pg_connection.hpp"
#include "store/schema.hpp"
#include "style_json.hpp"

namespace zhenmap {

namespace {
// The rows of a metadata query on a server project ("PG:..."), every cell as text.
std::vector<std::vector<std::string>> serverRows(const std::string& uri, const std::string& sql,
                                                 const std::vector<store::PgParam>& params = {}) {
  store::PgConnection c(uri);
  store::PgResult r = c.exec(sql, params);
  std::vector<std::vector<std::string>> out(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    for (int j = 0; j < r.columns(); ++j) out[static_cast<std::size_t>(i)].push_back(r.isNull(i, j) ? "" : r.text(i, j));
  }
  return out;
}

bool hasTable(const store::Database& db, const std::string& table) {
  store::Statement s = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  s.bind(1, store::Value(table));
  return s.step();
}
}  // namespace

bool isProject(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || !store::hasProjectTables(path)) return false;
  try {
    store::Database db(path, store::OpenMode::ReadOnly);
    store::checkProjectStructure(db);
    return true;
  } catch (const store::UntrustedFileError&) {
    throw;  // a project (or a file posing as one) that would run code: never open it another way
  } catch (const store::DamagedProjectError&) {
    throw;  // a project this zhenmap cannot read: not plain data either
  } catch (const DataError&) {
    return false;
  }
}

std::map<std::string, LayerStyle> readProjectStyles(const std::string& path,
                                                    const std::function<void(const std::string&)>& warning) {
  std::map<std::string, LayerStyle> out;
  if (store::isPgUri(path)) {
    for (const auto& row : serverRows(path, "SELECT layer, style_json FROM styles")) {
      try {
        out.emplace(row[0], styleFromJson(row[1]));
      } catch (const std::invalid_argument& e) {
        if (warning) warning("style of layer " + row[0] + " ignored: " + e.what());
      }
    }
    return out;
  }
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

std::map<std::string, std::string> readLayerTitles(const std::string& path) {
  std::map<std::string, std::string> out;
  if (store::isPgUri(path)) {
    for (const auto& row : serverRows(path, "SELECT layer, title_zh FROM layer_metadata")) out.emplace(row[0], row[1]);
    return out;
  }
  if (!isProject(path)) return out;
  store::Database db(path, store::OpenMode::ReadOnly);
  if (!hasTable(db, "layer_metadata")) return out;
  store::Statement s = db.prepare("SELECT layer, title_zh FROM layer_metadata");
  while (s.step()) out.emplace(s.getText(0), s.getText(1));
  return out;
}

std::set<std::string> readPersonalLayers(const std::string& path) {
  std::set<std::string> out;
  if (store::isPgUri(path)) {
    for (const auto& row : serverRows(path, "SELECT DISTINCT layer FROM field_metadata WHERE sensitive = 1")) {
      out.insert(row[0]);
    }
    return out;
  }
  if (!isProject(path)) return out;
  store::Database db(path, store::OpenMode::ReadOnly);
  if (!hasTable(db, "field_metadata")) return out;
  store::Statement s = db.prepare("SELECT DISTINCT layer FROM field_metadata WHERE sensitive = 1");
  while (s.step()) out.insert(s.getText(0));
  return out;
}

void writeProjectStyles(const std::string& path, const std::map<std::string, LayerStyle>& styles) {
  if (store::isPgUri(path)) {
    store::PgConnection c(path);
    store::PgTransaction tx(c);
    for (const auto& [layer, style] : styles) {
      c.exec("INSERT INTO styles (layer, style_json) VALUES ($1, $2) ON CONFLICT (layer) DO UPDATE SET style_json = $2",
             {store::param(layer), store::param(styleToJson(style))});
    }
    tx.commit();
    return;
  }
  if (!isProject(path)) throw DataError("not a zhenmap project, so styles cannot be saved in it", {path});
  store::Database db(path, store::OpenMode::ReadWrite);
  if (db.readOnly()) throw store::ReadOnlyError("the project is read-only; styles were not saved", {path});
  store::Transaction tx(db);
  store::Statement s = db.prepare("INSERT OR REPLACE INTO styles (layer, style_json) VALUES (?, ?)");
  for (const auto& [layer, style] : styles) {
    s.bind(1, store::Value(layer)).bind(2, store::Value(styleToJson(style))).run();
  }
  tx.commit();
}

std::set<std::string> readSensitiveFields(const std::string& path) {
  std::set<std::string> out;
  if (store::isPgUri(path)) {
    for (const auto& row : serverRows(path, "SELECT layer, field FROM field_metadata WHERE sensitive = 1")) {
      out.insert(row[0] + "." + row[1]);
    }
    return out;
  }
  if (!isProject(path)) return out;
  store::Database db(path, store::OpenMode::ReadOnly);
  if (!hasTable(db, "field_metadata")) return out;
  store::Statement s = db.prepare("SELECT layer, field FROM field_metadata WHERE sensitive = 1");
  while (s.step()) out.insert(s.getText(0) + "." + s.getText(1));
  return out;
}

std::map<std::string, std::string> readFieldAliases(const std::string& path) {
  std::map<std::string, std::string> out;
  if (store::isPgUri(path)) {
    for (const auto& row : serverRows(path, "SELECT layer, field, alias_zh FROM field_metadata")) {
      out.emplace(row[0] + "." + row[1], row[2]);
    }
    return out;
  }
  if (!isProject(path)) return out;
  store::Database db(path, store::OpenMode::ReadOnly);
  if (!hasTable(db, "field_metadata")) return out;
  store::Statement s = db.prepare("SELECT layer, field, alias_zh FROM field_metadata");
  while (s.step()) out.emplace(s.getText(0) + "." + s.getText(1), s.getText(2));
  return out;
}

Box readBookmark(const std::string& path, const std::string& name) {
  if (store::isPgUri(path)) {
    const auto rows = serverRows(path, "SELECT min_lon, min_lat, max_lon, max_lat FROM bookmarks WHERE name = $1",
                                 {store::param(name)});
    if (rows.empty()) throw DataError("no bookmark named '" + name + "'", {path});
    return {std::stod(rows[0][0]), std::stod(rows[0][1]), std::stod(rows[0][2]), std::stod(rows[0][3])};
  }
  if (!isProject(path)) throw DataError("not a zhenmap project, so it has no bookmarks", {path});
  store::Database db(path, store::OpenMode::ReadOnly);
  store::Statement s = db.prepare("SELECT min_lon, min_lat, max_lon, max_lat FROM bookmarks WHERE name = ?");
  s.bind(1, store::Value(name));
  if (!s.step()) throw DataError("no bookmark named '" + name + "'", {path});
  return {s.getDouble(0), s.getDouble(1), s.getDouble(2), s.getDouble(3)};
}

}  // namespace zhenmap
