// A project's bookmarks (named extents in CGCS2000 lon/lat, the `bookmarks` table): list, add,
// delete. Plain SQLite on the project file; throws DataError (not a project, read-only, a name
// already used) with the path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

struct Bookmark {
  std::int64_t id = 0;
  std::string name;
  Box lonLat;  // EPSG:4490
};

std::vector<Bookmark> readBookmarks(const std::string& projectPath);
// Adds a bookmark; returns its id. Throws DataError when the name is taken or the file read-only.
std::int64_t addBookmark(const std::string& projectPath, const std::string& name, const Box& lonLat);
void deleteBookmark(const std::string& projectPath, std::int64_t id);

}  // namespace zhenmap
