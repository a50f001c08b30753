// Sensible default styles for any layer, by geometry kind (a few named polygons get a colour
// each), and the building blocks of styles (category and range classes, marker and route
// symbols). What a layer's fields mean is not known here: the app's standard layers get their
// own styles (app/model/standard_styles.hpp).
#pragma once

#include "layer.hpp"
#include "style.hpp"

namespace zhenmap {

// layerIndex varies the colour of otherwise identical generic layers.
LayerStyle defaultStyle(const LayerData& layer, std::size_t layerIndex = 0);

// A categorized style's class for one value, with its legend text.
StyleClass category(std::string value, std::string label, Symbol s);
// A graduated style's class lo <= v < hi.
StyleClass range(double lo, double hi, std::string label, Symbol s);
// A marker with a white outline.
Symbol marker(Rgba fill, MarkerShape shape, float size);
// A wide line with a white casing (routes).
Symbol route(Rgba color);

}  // namespace zhenmap
