// Reading the display metadata of a zhenmap project file (styles, bookmarks) for the app. A source
// that is not a zhenmap project simply has none. A server project ("PG:...") has the same
// metadata tables; the readers (and writeProjectStyles) use them too, though isProject() stays
// false for it (the file-only panels keep to files).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "geometry.hpp"
#include "style.hpp"

namespace zhenmap {

// Styles saved in the project, by layer name. A style that does not parse is left out and its
// error reported through `warning` (the layer then gets its default style).
std::map<std::string, LayerStyle> readProjectStyles(const std::string& path,
                                                    const std::function<void(const std::string&)>& warning = {});

// Saves styles into the project (replacing a layer's saved style). Throws DataError (read-only,
// not a project).
void writeProjectStyles(const std::string& path, const std::map<std::string, LayerStyle>& styles);

// A bookmark's extent in lon/lat (EPSG:4490). Throws DataError when the project has no such bookmark.
Box readBookmark(const std::string& path, const std::string& name);

// Layer titles (Chinese) by layer name, from the project's layer metadata; empty for other sources.
std::map<std::string, std::string> readLayerTitles(const std::string& path);

// Layers holding personal data: those with a field the project marks sensitive (households).
// Exports leave them out unless the user names them.
std::set<std::string> readPersonalLayers(const std::string& path);

// Fields the project marks sensitive, as "layer.field"; empty for other sources.
std::set<std::string> readSensitiveFields(const std::string& path);
// Chinese aliases of fields, as "layer.field" -> alias; empty for other sources.
std::map<std::string, std::string> readFieldAliases(const std::string& path);

// True when path is a SpatiaLite file with zhenmap's schema. Throws store::UntrustedFileError for
// a file whose schema would run code (store/schema_guard.hpp) and store::DamagedProjectError for a
// project this zhenmap cannot read (newer, a layer table damaged): neither is read as plain data.
bool isProject(const std::string& path);

}  // namespace zhenmap
