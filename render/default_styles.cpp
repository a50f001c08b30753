// Default styles; see default_styles.hpp. Colours follow ColorBrewer-like schemes that stay
// readable on a projector: grey/orange/green for planned/started/completed, a red-to-green ramp
// for route progress, red shades for household risk.
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

}  // namespace

LayerStyle defaultStyle(const LayerData& layer, std::size_t layerIndex) {
  LayerStyle style;
  const std::vector<Rgba> palette = defaultPalette();
  const std::string& name = layer.name;
  if (findField(layer, "name")) style.label.expression = "name";

  if (name == "townships") {
    style.symbol.fill = rgba(0xf6, 0xf1, 0xe1);
    style.symbol.stroke = rgba(0x5b, 0x52, 0x46);
    style.symbol.strokeWidth = 1.6f;
    style.label.sizePx = 16.0f;
    style.label.priority = 10;
    return style;
  }
  if (name == "villages") {
    style.symbol.fill = rgba(0xf6, 0xf1, 0xe1, 0);
    style.symbol.stroke = rgba(0xa8, 0x9f, 0x90);
    style.symbol.strokeWidth = 0.6f;
    style.label.sizePx = 11.0f;
    style.label.color = rgba(0x55, 0x55, 0x55);
    style.label.priority = 1;
    style.maxScale = 0.0;
    return style;
  }
  if (name == "project_sites") {
    style.kind = StyleKind::Categorized;
    style.expression = "status";
    style.symbol = marker(rgba(0x99, 0x99, 0x99), MarkerShape::Circle, 7.0f);
    style.classes = {category("planned", "规划中", marker(rgba(0x9e, 0x9e, 0x9e), MarkerShape::Circle, 9.0f)),
                     category("started", "已开工", marker(rgba(0xf3, 0x9c, 0x12), MarkerShape::Circle, 9.0f)),
                     category("completed", "已完工", marker(rgba(0x27, 0xae, 0x60), MarkerShape::Circle, 8.0f))};
    style.label.expression.clear();
    return style;
  }
  if (name == "scenic_routes") {
    style.kind = StyleKind::Graduated;
    style.expression = "built_km / planned_km";
    style.symbol = route(rgba(0x88, 0x88, 0x88));
    style.classes = {range(0.0, 0.25, "0–25%", route(rgba(0xd7, 0x30, 0x27))),
                     range(0.25, 0.5, "25–50%", route(rgba(0xfc, 0x8d, 0x59))),
                     range(0.5, 0.75, "50–75%", route(rgba(0x91, 0xcf, 0x60))),
                     range(0.75, 1.0, "75–100%", route(rgba(0x1a, 0x98, 0x50)))};
    style.label.priority = 5;
    style.label.color = rgba(0x1a, 0x50, 0x30);
    style.dashPlanned = true;  // built part solid, the rest of the plan dashed
    return style;
  }
  if (name == "work_teams") {
    style.symbol = marker(rgba(0xc0, 0x39, 0x2b), MarkerShape::Pin, 14.0f);
    style.label.expression.clear();
    return style;
  }
  if (name == "households") {
    style.kind = StyleKind::Categorized;
    style.expression = "risk_level";
    style.symbol = marker(rgba(0xbb, 0xbb, 0xbb), MarkerShape::Triangle, 10.0f);
    style.classes = {category("high", "高风险", marker(rgba(0xd7, 0x30, 0x1f), MarkerShape::Triangle, 13.0f)),
                     category("medium", "中风险", marker(rgba(0xf1, 0x69, 0x13), MarkerShape::Triangle, 12.0f)),
                     category("low", "低风险", marker(rgba(0xfd, 0xae, 0x6b), MarkerShape::Triangle, 12.0f))};
    style.label.expression.clear();  // never label households by default (personal data)
    return style;
  }

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
