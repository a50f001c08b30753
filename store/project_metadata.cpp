// The project's display metadata (styles, titles, personal fields, aliases, bookmarks, slides,
// settings) through ProjectStore, in SQL both engines accept; see project_store.hpp.
#include "store/meeting_store.hpp"
#include "store/project_store.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

std::map<std::string, std::string> ProjectStore::readStyles() {
  std::map<std::string, std::string> out;
  query("SELECT layer, style_json FROM styles", {},
        [&](const std::vector<Value>& r) { out.emplace(asText(r[0]), asText(r[1])); });
  return out;
}

void ProjectStore::writeStyles(const std::map<std::string, std::string>& styles) {
  if (readOnly()) throw ReadOnlyError("the project is read-only; styles were not saved", {path()});
  m_backend->writeTransaction([&] {
    for (const auto& [layer, json] : styles) {
      m_backend->execute(
          "INSERT INTO styles (layer, style_json) VALUES (?, ?) ON CONFLICT (layer) DO UPDATE SET style_json = "
          "excluded.style_json",
          {Value{layer}, Value{json}});
    }
  });
}

std::map<std::string, std::string> ProjectStore::layerTitles() {
  std::map<std::string, std::string> out;
  query("SELECT layer, title_zh FROM layer_metadata", {},
        [&](const std::vector<Value>& r) { out.emplace(asText(r[0]), asText(r[1])); });
  return out;
}

std::set<std::string> ProjectStore::personalLayers() {
  std::set<std::string> out;
  query("SELECT DISTINCT layer FROM field_metadata WHERE sensitive = 1", {},
        [&](const std::vector<Value>& r) { out.insert(asText(r[0])); });
  return out;
}

std::set<std::string> ProjectStore::sensitiveFields() {
  std::set<std::string> out;
  query("SELECT layer, field FROM field_metadata WHERE sensitive = 1", {},
        [&](const std::vector<Value>& r) { out.insert(asText(r[0]) + "." + asText(r[1])); });
  return out;
}

std::map<std::string, std::string> ProjectStore::fieldAliases() {
  std::map<std::string, std::string> out;
  query("SELECT layer, field, alias_zh FROM field_metadata", {},
        [&](const std::vector<Value>& r) { out.emplace(asText(r[0]) + "." + asText(r[1]), asText(r[2])); });
  return out;
}

std::vector<Bookmark> ProjectStore::bookmarks() {
  std::vector<Bookmark> out;
  query("SELECT id, name, min_lon, min_lat, max_lon, max_lat FROM bookmarks ORDER BY id", {},
        [&](const std::vector<Value>& r) {
          out.push_back({asInteger(r[0]), asText(r[1]), Box{asReal(r[2]), asReal(r[3]), asReal(r[4]), asReal(r[5])}});
        });
  return out;
}

Bookmark ProjectStore::bookmark(const std::string& name) {
  std::optional<Bookmark> found;
  query("SELECT id, name, min_lon, min_lat, max_lon, max_lat FROM bookmarks WHERE name = ?", {Value{name}},
        [&](const std::vector<Value>& r) {
          found = Bookmark{asInteger(r[0]), asText(r[1]), Box{asReal(r[2]), asReal(r[3]), asReal(r[4]), asReal(r[5])}};
        });
  if (!found) throw DataError("no bookmark named '" + name + "'", {path()});
  return *found;
}

std::int64_t ProjectStore::addBookmark(const std::string& name, const Box& lonLat) {
  if (name.empty()) throw DataError("a bookmark needs a name", {});
  if (readOnly()) throw ReadOnlyError("the project is read-only; the bookmark was not saved", {path()});
  std::int64_t id = 0;
  m_backend->writeTransaction([&] {
    bool taken = false;
    query("SELECT 1 FROM bookmarks WHERE name = ?", {Value{name}}, [&](const std::vector<Value>&) { taken = true; });
    if (taken) throw DataError("a bookmark named '" + name + "' already exists", {path()});
    m_backend->execute("INSERT INTO bookmarks (name, min_lon, min_lat, max_lon, max_lat) VALUES (?, ?, ?, ?, ?)",
                       {Value{name}, Value{lonLat.minX}, Value{lonLat.minY}, Value{lonLat.maxX}, Value{lonLat.maxY}});
    query("SELECT id FROM bookmarks WHERE name = ?", {Value{name}},
          [&](const std::vector<Value>& r) { id = asInteger(r[0]); });
  });
  return id;
}

void ProjectStore::deleteBookmark(std::int64_t id) {
  if (readOnly()) throw ReadOnlyError("the project is read-only; the bookmark was not deleted", {path()});
  m_backend->writeTransaction([&] {
    m_backend->execute("UPDATE slides SET bookmark_id = NULL WHERE bookmark_id = ?", {Value{id}});
    m_backend->execute("DELETE FROM bookmarks WHERE id = ?", {Value{id}});
  });
}

std::vector<Slide> ProjectStore::slides() { return readSlides(*this); }

std::map<std::string, std::string> ProjectStore::settings() {
  std::map<std::string, std::string> out;
  query("SELECT key, value FROM settings", {},
        [&](const std::vector<Value>& r) { out.emplace(asText(r[0]), asText(r[1])); });
  return out;
}

void ProjectStore::setSetting(const std::string& key, const std::string& value) {
  m_backend->execute(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {Value{key}, Value{value}});
}

ProjectMetadata ProjectStore::metadata() {
  ProjectMetadata m;
  m.styles = readStyles();
  m.layerTitles = layerTitles();
  m.sensitiveFields = sensitiveFields();
  for (const std::string& f : m.sensitiveFields) m.personalLayers.insert(f.substr(0, f.find('.')));
  m.fieldAliases = fieldAliases();
  m.bookmarks = bookmarks();
  m.slides = slides();
  m.settings = settings();
  return m;
}

}  // namespace zhenmap::store
