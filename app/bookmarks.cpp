// Project bookmarks; see bookmarks.hpp. Through store::ProjectStore (a file or a server project).
#include "bookmarks.hpp"

#include "errors.hpp"
#include "store/project_store.hpp"

namespace zhenmap {

std::vector<Bookmark> readBookmarks(const std::string& projectPath) {
  std::vector<Bookmark> out;
  if (!store::looksLikeProject(projectPath)) return out;
  for (const store::Bookmark& b : store::ProjectStore::open(projectPath, store::OpenMode::ReadOnly).bookmarks()) {
    out.push_back({b.id, b.name, b.lonLat});
  }
  return out;
}

std::int64_t addBookmark(const std::string& projectPath, const std::string& name, const Box& lonLat) {
  if (name.empty()) throw DataError("a bookmark needs a name", {});
  if (!store::looksLikeProject(projectPath)) {
    throw DataError("not a zhenmap project, so bookmarks cannot be saved in it", {projectPath});
  }
  return store::ProjectStore::open(projectPath).addBookmark(name, lonLat);
}

void deleteBookmark(const std::string& projectPath, std::int64_t id) {
  store::ProjectStore::open(projectPath).deleteBookmark(id);
}

}  // namespace zhenmap
