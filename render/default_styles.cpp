// Default styles; see default_styles.hpp.
#include "default_styles.hpp"

#include <set>

namespace zhenmap {

namespace {

GeomKind layerKind(const LayerData& layer) {
  for (const Feature& f : layer.features) {
    if (f.geometry.kind != GeomKind::None) return f.geometry.kind;
  }
  return GeomKind::None;
}

}  // namespace

StyleClass category(std::string value, std::string label, Symbol s) {
  StyleClass c;
  c.value = std::move(value);
  c.label = std::move(label);
  c.symbol = s;
  return c;
}

StyleClass range(double lo, double hi, std::string label, Symbol s) {
  StyleClass c;
  c.lower = lo;
  c.upper = hi;
  c.label = std::move(label);
  c.symbol = s;
  return c;
}

Symbol marker(Rgba fill, MarkerShape shape, float size) {
  Symbol s;
  s.fill = fill;
  s.stroke = rgba(255, 255, 255);
  s.strokeWidth = 1.5f;
  s.shape = shape;
  s.size = size;
  return s;
}

Symbol route(Rgba color) {
  Symbol s;
  s.stroke = color;
  s.lineWidth = 4.0f;
  s.casing = rgba(255, 255, 255);
  s.casingWidth = 1.5f;
  return s;
}

LayerStyle defaultStyle(const LayerData& layer, std::size_t layerIndex) {
  LayerStyle style;
  const std::vector<Rgba> palette = defaultPalette();
  if (findField(layer, "name")) style.label.expression = "name";

  switch (layerKind(layer)) {
    case GeomKind::Polygon: {
      // Few named polygons (counties, districts): one colour each, so neighbours stand apart.
      const std::size_t n = layer.features.size();
      if (n > 1 && n <= palette.size() && findField(layer, "name")) {
        style.kind = StyleKind::Categorized;
        style.expression = "name";
        const std::size_t nameField = [&] {
          for (std::size_t i = 0; i < layer.fields.size(); ++i) {
            if (layer.fields[i].name == "name") return i;
          }
          return std::size_t{0};
        }();
        std::set<std::string> seen;
        for (const Feature& f : layer.features) {
          const auto* v = nameField < f.attributes.size() ? std::get_if<std::string>(&f.attributes[nameField]) : nullptr;
          if (!v || !seen.insert(*v).second) continue;
          Symbol s;
          s.fill = palette[style.classes.size() % palette.size()];
          s.strokeWidth = 1.5f;
          style.classes.push_back(category(*v, *v, s));
        }
        style.symbol.fill = palette[layerIndex % palette.size()];
        return style;
      }
      style.symbol.fill = palette[layerIndex % palette.size()];
      return style;
    }
    case GeomKind::Line:
      style.symbol.stroke = rgba(0x2c, 0x7f, 0xb8);
      style.symbol.lineWidth = 2.0f;
      return style;
    case GeomKind::Point:
      style.symbol = marker(rgba(0xe3, 0x4a, 0x33), MarkerShape::Circle, 8.0f);
      style.label.expression.clear();
      return style;
    case GeomKind::None:
      break;
  }
  return style;
}

}  // namespace zhenmap
