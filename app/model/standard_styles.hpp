// The styles of zhenmap's standard project layers (townships, villages, project sites by status,
// scenic routes by progress with their progress fields, work teams, households by risk) for a
// project that has not saved its own, and the generic default for any other layer. Colours follow
// ColorBrewer-like schemes that stay readable on a projector: grey/orange/green for
// planned/started/completed, a red-to-green ramp for route progress, red shades for risk.
#pragma once

#include "layer.hpp"
#include "style.hpp"

namespace zhenmap {

// The standard layer's style when the layer has a standard name, else defaultStyle(layer, index).
LayerStyle standardStyle(const LayerData& layer, std::size_t layerIndex = 0);

}  // namespace zhenmap
