// Readable labels for the coded values of the project's enum fields ("started" -> "已开工" /
// "Under construction"), for tables, forms and pick-lists. The stored value stays the code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zhenmap::store {

struct FieldSpec;

enum class LabelLanguage { Chinese, English };

// The label of a coded value of `field` (any layer: the codes are shared), or the value itself
// when it has none.
std::string valueLabel(std::string_view field, std::string_view value, LabelLanguage language);

// The label of a coded value from the field's own domain (a project's metadata), else from the
// standard labels above, else the value itself.
std::string domainLabel(const FieldSpec& field, std::string_view value, LabelLanguage language);

// Every label in both languages, for building font glyph ranges.
std::vector<std::string> allValueLabels();

}  // namespace zhenmap::store
