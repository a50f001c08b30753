// The open document: one zhenmap project (a SpatiaLite file or a PostGIS database) opened ONCE,
// with its display metadata read in one pass, plus the data sources shown over it, and the layer
// stack they load into. Without a project file (plain data files) the document has no store and
// no metadata. The store connection belongs to the UI thread once the document is handed over
// (the load job opens it on a worker and passes it on).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "layer_stack.hpp"
#include "store/edit_session.hpp"
#include "store/project_store.hpp"
#include "style.hpp"

namespace zhenmap {

// What a project says about showing its layers, read once per open.
struct ProjectMetadata {
  std::string title;                                 // the project's title setting ("" when unset)
  std::map<std::string, LayerStyle> styles;          // saved styles by layer
  std::map<std::string, std::string> layerTitles;    // Chinese layer titles by layer
  std::set<std::string> personalLayers;              // layers with a sensitive field
  std::set<std::string> sensitiveFields;             // "layer.field"
  std::map<std::string, std::string> fieldAliases;   // "layer.field" -> Chinese alias
  std::vector<std::string> warnings;                 // saved styles that do not parse (left out)
  // A project on a server: its large layers are drawn by viewport, not read whole.
  bool remote = false;
};

// Reads every piece of display metadata through one store connection (either engine).
ProjectMetadata readProjectMetadata(store::ProjectStore& store);

class Project {
 public:
  // A document of plain data files, with no project store.
  Project() = default;
  // Opens a project once: its store (one connection) and its metadata. `path` is a file or a
  // server address. Returns nullptr when `path` is not a zhenmap project at all (a data file);
  // throws the store's OpenError / DataError for a project that cannot be opened.
  static std::unique_ptr<Project> tryOpen(const std::string& path);
  // A description of a project already open elsewhere (its path and metadata, no connection):
  // what a reload reads with.
  static std::unique_ptr<Project> unopened(const std::string& path, ProjectMetadata metadata);
  // True when `path` is a file holding a zhenmap project (an SQLite file with its schema). Reads
  // the file's schema without SpatiaLite; for dropped files and the recent-projects menu.
  static bool looksLikeProjectFile(const std::string& path);
  // A project file or a server address (which only connecting can confirm).
  static bool looksLikeProject(const std::string& path);

  bool hasStore() const { return m_store != nullptr; }
  // The project's path or server address ("" without a project).
  const std::string& path() const { return m_path; }
  // The one store connection of the document (nullptr without a project). UI thread.
  store::ProjectStore* store() { return m_store.get(); }
  // The one edit session of the document: the only holder of pending edits, shared by the
  // attribute table and meeting mode's live editor (nullptr without a project). UI thread.
  store::EditSession* editSession();
  const ProjectMetadata& metadata() const { return m_metadata; }
  // The project's own description of its layer `name` (the layers the project file or server
  // holds, the user's own included), nullptr without a project or for a layer it does not hold.
  const store::LayerSpec* layerSpec(std::string_view name) const {
    return m_store ? m_store->findLayer(name) : nullptr;
  }
  // The project's layers, in its order (empty without a project).
  std::vector<const store::LayerSpec*> layerSpecs() const {
    return m_store ? m_store->layerSpecs() : std::vector<const store::LayerSpec*>{};
  }

  // A bookmark's extent in lon/lat (EPSG:4490). Throws DataError when the project has none of
  // that name (or no store).
  Box bookmark(const std::string& name);

  // Saves a layer's style in the project (replacing the saved one) and remembers it.
  void saveStyle(const std::string& layer, const LayerStyle& style);

  LayerStack& layers() { return m_layers; }
  const LayerStack& layers() const { return m_layers; }

  // Data sources shown besides the project (added files); a reload reads them again.
  const std::vector<std::string>& addedSources() const { return m_added; }
  void addSource(const std::string& path) { m_added.push_back(path); }
  void clearAddedSources() { m_added.clear(); }

 private:
  std::string m_path;
  std::unique_ptr<store::ProjectStore> m_store;
  std::unique_ptr<store::EditSession> m_session;  // over m_store, destroyed before it
  ProjectMetadata m_metadata;
  LayerStack m_layers;
  std::vector<std::string> m_added;
};

}  // namespace zhenmap
