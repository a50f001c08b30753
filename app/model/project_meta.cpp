// Project display metadata; see project_meta.hpp. Everything goes through store::ProjectStore,
// which reads a project file and a server project alike.
#include "project_meta.hpp"

#include <filesystem>
#include <stdexcept>

#include "errors.hpp"
#include "store/database.hpp"
#include "store/project_store.hpp"
#include "store/schema.hpp"
#include "style_json.hpp"

namespace zhenmap {

namespace {
// Runs `read` on the project at `path`, or returns `none` when the source is not a project.
template <typename T, typename Fn>
T readMeta(const std::string& path, T none, Fn read) {
  if (!store::looksLikeProject(path)) return none;
  store::ProjectStore project = store::ProjectStore::open(path, store::OpenMode::ReadOnly);
  return read(project);
}
}  // namespace

bool isProject(const std::string& path) {
  if (store::isServerAddress(path)) return false;
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
  for (const auto& [layer, json] :
       readMeta(path, std::map<std::string, std::string>{}, [](store::ProjectStore& p) { return p.readStyles(); })) {
    try {
      out.emplace(layer, styleFromJson(json));
    } catch (const std::invalid_argument& e) {
      if (warning) warning("style of layer " + layer + " ignored: " + e.what());
    }
  }
  return out;
}

std::map<std::string, std::string> readLayerTitles(const std::string& path) {
  return readMeta(path, std::map<std::string, std::string>{}, [](store::ProjectStore& p) { return p.layerTitles(); });
}

std::set<std::string> readPersonalLayers(const std::string& path) {
  return readMeta(path, std::set<std::string>{}, [](store::ProjectStore& p) { return p.personalLayers(); });
}

void writeProjectStyles(const std::string& path, const std::map<std::string, LayerStyle>& styles) {
  if (!store::looksLikeProject(path)) {
    throw DataError("not a zhenmap project, so styles cannot be saved in it", {path});
  }
  std::map<std::string, std::string> json;
  for (const auto& [layer, style] : styles) json.emplace(layer, styleToJson(style));
  store::ProjectStore::open(path).writeStyles(json);
}

std::set<std::string> readSensitiveFields(const std::string& path) {
  return readMeta(path, std::set<std::string>{}, [](store::ProjectStore& p) { return p.sensitiveFields(); });
}

std::map<std::string, std::string> readFieldAliases(const std::string& path) {
  return readMeta(path, std::map<std::string, std::string>{}, [](store::ProjectStore& p) { return p.fieldAliases(); });
}

Box readBookmark(const std::string& path, const std::string& name) {
  if (!store::looksLikeProject(path)) throw DataError("not a zhenmap project, so it has no bookmarks", {path});
  return store::ProjectStore::open(path, store::OpenMode::ReadOnly).bookmark(name).lonLat;
}

}  // namespace zhenmap
