// The open document; see project.hpp.
#include "project.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "store/pg_connection.hpp"
#include "project_meta.hpp"
#include "style_json.hpp"

namespace zhenmap {

namespace {
bool isSqliteFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  return in.gcount() == 16 && std::string(header, 15) == "SQLite format 3";
}
}  // namespace

ProjectMetadata readProjectMetadata(store::ProjectStore& project) {
  using store::asInteger;
  using store::asText;
  using Row = std::vector<store::Value>;
  ProjectMetadata m;
  project.query("SELECT value FROM settings WHERE key = 'title'", {}, [&](const Row& r) { m.title = asText(r[0]); });
  project.query("SELECT layer, style_json FROM styles", {}, [&](const Row& r) {
    try {
      m.styles.emplace(asText(r[0]), styleFromJson(asText(r[1])));
    } catch (const std::invalid_argument& e) {
      m.warnings.push_back("style of layer " + asText(r[0]) + " ignored: " + e.what());
    }
  });
  project.query("SELECT layer, title_zh FROM layer_metadata", {},
                [&](const Row& r) { m.layerTitles.emplace(asText(r[0]), asText(r[1])); });
  project.query("SELECT layer, field, alias_zh, sensitive FROM field_metadata", {}, [&](const Row& r) {
    const std::string key = asText(r[0]) + "." + asText(r[1]);
    m.fieldAliases.emplace(key, asText(r[2]));
    if (asInteger(r[3]) != 0) {
      m.sensitiveFields.insert(key);
      m.personalLayers.insert(asText(r[0]));
    }
  });
  // The columns the store adds to every layer have no field_metadata row: their names too.
  for (const store::LayerSpec* spec : project.layerSpecs()) {
    m.fieldAliases.emplace(spec->name + ".id", "编号");
    m.fieldAliases.emplace(spec->name + ".version", "版本");
  }
  return m;
}

std::unique_ptr<Project> Project::tryOpen(const std::string& path) {
  // Only an SQLite file with zhenmap's tables can be a project file: GeoPackages and other SQLite
  // data are checked with plain SQLite and never opened as a project (whose connection would
  // refuse the triggers they carry).
  if (!store::isPgUri(path) && !(isSqliteFile(path) && store::hasProjectTables(path))) return nullptr;
  auto p = std::make_unique<Project>();
  p->m_path = path;
  try {
    p->m_store = std::make_unique<store::ProjectStore>(store::ProjectStore::open(path));
  } catch (const OpenError& e) {
    // An SQLite file without zhenmap's schema is a data source (a GeoPackage, SpatiaLite data).
    if (!store::isPgUri(path) && std::string(e.what()).find("not a zhenmap project") != std::string::npos) {
      return nullptr;
    }
    throw;
  }
  p->m_metadata = readProjectMetadata(*p->m_store);
  p->m_metadata.remote = p->m_store->isServer();  // the one place that asks which engine it is
  return p;
}

store::EditSession* Project::editSession() {
  if (!m_store) return nullptr;
  if (!m_session) m_session = std::make_unique<store::EditSession>(*m_store);
  return m_session.get();
}

std::unique_ptr<Project> Project::unopened(const std::string& path, ProjectMetadata metadata) {
  auto p = std::make_unique<Project>();
  p->m_path = path;
  p->m_metadata = std::move(metadata);
  return p;
}

bool Project::looksLikeProjectFile(const std::string& path) {
  if (!isSqliteFile(path)) return false;
  sqlite3* db = nullptr;
  bool found = false;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", -1,
                           &s, nullptr) == SQLITE_OK) {
      found = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return found;
}

bool Project::looksLikeProject(const std::string& path) { return store::isPgUri(path) || looksLikeProjectFile(path); }

Box Project::bookmark(const std::string& name) {
  if (!m_store) throw DataError("not a zhenmap project, so it has no bookmarks", {m_path});
  std::optional<Box> box;
  m_store->query("SELECT min_lon, min_lat, max_lon, max_lat FROM bookmarks WHERE name = ?", {store::Value(name)},
                 [&](const std::vector<store::Value>& r) {
                   box = Box{store::asReal(r[0]), store::asReal(r[1]), store::asReal(r[2]), store::asReal(r[3])};
                 });
  if (!box) throw DataError("no bookmark named '" + name + "'", {m_path});
  return *box;
}

void Project::saveStyle(const std::string& layer, const LayerStyle& style) {
  if (!m_store) throw DataError("no project is open, so styles cannot be saved", {});
  writeProjectStyles(m_path, {{layer, style}});
  m_metadata.styles[layer] = style;
}

}  // namespace zhenmap
