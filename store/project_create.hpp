// Making projects and layers: a new project file from the standard template, empty, or from
// another project used as a template (its layers, styles, bookmarks, slides, field metadata and
// settings, without data), and a layer a team defines itself (`zhenmap layer add`).
#pragma once

#include <string>
#include <vector>

#include "store/project_store.hpp"

namespace zhenmap::store {

// Creates `path` (which must not exist) with the layers of the project at `templatePath` and its
// styles, bookmarks, slides and settings; no features and no audit history. Throws OpenError.
ProjectStore createFromTemplate(const std::string& path, const std::string& templatePath);

// Checks a layer a user describes before it is created: names that are SQL identifiers
// ([a-z_][a-z0-9_]*, at most 63 characters, not a reserved name), a known geometry type, fields
// with unique names, ranges and domains that fit their types, rules over existing fields.
// Fills in what follows from the fields: roles of well-known field names (township_code,
// village_code, name, status) and the township expression. Throws ValidationError.
LayerSpec prepareNewLayer(LayerSpec layer);

// The layer geometry type of a user's word: point -> POINT, line -> LINESTRING,
// polygon -> MULTIPOLYGON. Throws ValidationError.
std::string geometryTypeOf(const std::string& word);

}  // namespace zhenmap::store
