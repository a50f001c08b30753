// Sensible default styles: the demo project's layers by name (project status colours, route
// progress, household risk), any other layer by geometry kind.
#pragma once

#include "layer.hpp"
#include "style.hpp"

namespace zhenmap {

// layerIndex varies the colour of otherwise identical generic layers.
LayerStyle defaultStyle(const LayerData& layer, std::size_t layerIndex = 0);

}  // namespace zhenmap
