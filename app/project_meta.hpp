// Reading the display metadata of a zhenmap project file (styles, bookmarks) for the app. A source
// that is not a zhenmap project simply has none.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "geometry.hpp"
#include "style.hpp"

namespace zhenmap {

// Styles saved in the project, by layer name. A style that does not parse is left out and its
// error reported through `warning` (the layer then gets its default style).
std::map<std::string, LayerStyle> readProjectStyles(const std::string& path,
                                                    const std::function<void(const std::string&)>& warning = {});

// A bookmark's extent in lon/lat (EPSG:4490). Throws DataError when the project has no such bookmark.
Box readBookmark(const std::string& path, const std::string& name);

// True when path is a SpatiaLite file with zhenmap's schema.
bool isProject(const std::string& path);

}  // namespace zhenmap
