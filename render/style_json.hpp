// Layer styles as JSON, the form they are saved in a project (metadata) and exchanged in.
#pragma once

#include <string>

#include "style.hpp"

namespace zhenmap {

std::string styleToJson(const LayerStyle& style);
// Throws std::invalid_argument naming the bad key or value. Missing keys keep their defaults.
LayerStyle styleFromJson(const std::string& json);

}  // namespace zhenmap
