// Styles of the standard project layers; see standard_styles.hpp.
#include "standard_styles.hpp"

#include "default_styles.hpp"

namespace zhenmap {

LayerStyle standardStyle(const LayerData& layer, std::size_t layerIndex) {
  LayerStyle style = defaultStyle(layer, layerIndex);
  const std::string& name = layer.name;
  if (name == "townships") {
    style = LayerStyle{};
    style.label.expression = "name";
    style.symbol.fill = rgba(0xf6, 0xf1, 0xe1);
    style.symbol.stroke = rgba(0x5b, 0x52, 0x46);
    style.symbol.strokeWidth = 1.6f;
    style.label.sizePx = 16.0f;
    style.label.priority = 10;
  } else if (name == "villages") {
    style = LayerStyle{};
    style.label.expression = "name";
    style.symbol.fill = rgba(0xf6, 0xf1, 0xe1, 0);
    style.symbol.stroke = rgba(0xa8, 0x9f, 0x90);
    style.symbol.strokeWidth = 0.6f;
    style.label.sizePx = 11.0f;
    style.label.color = rgba(0x55, 0x55, 0x55);
    style.label.priority = 1;
  } else if (name == "project_sites") {
    style = LayerStyle{};
    style.kind = StyleKind::Categorized;
    style.expression = "status";
    style.symbol = marker(rgba(0x99, 0x99, 0x99), MarkerShape::Circle, 7.0f);
    style.classes = {category("planned", "规划中", marker(rgba(0x9e, 0x9e, 0x9e), MarkerShape::Circle, 9.0f)),
                     category("started", "已开工", marker(rgba(0xf3, 0x9c, 0x12), MarkerShape::Circle, 9.0f)),
                     category("completed", "已完工", marker(rgba(0x27, 0xae, 0x60), MarkerShape::Circle, 8.0f))};
  } else if (name == "scenic_routes") {
    style = LayerStyle{};
    style.label.expression = "name";
    style.kind = StyleKind::Graduated;
    style.expression = "built_km / planned_km";
    style.symbol = route(rgba(0x88, 0x88, 0x88));
    style.classes = {range(0.0, 0.25, "0–25%", route(rgba(0xd7, 0x30, 0x27))),
                     range(0.25, 0.5, "25–50%", route(rgba(0xfc, 0x8d, 0x59))),
                     range(0.5, 0.75, "50–75%", route(rgba(0x91, 0xcf, 0x60))),
                     range(0.75, 1.0, "75–100%", route(rgba(0x1a, 0x98, 0x50)))};
    style.label.priority = 5;
    style.label.color = rgba(0x1a, 0x50, 0x30);
    style.builtField = "built_km";  // the standard route layer's progress fields
    style.plannedField = "planned_km";
    style.dashPlanned = true;  // built part solid, the rest of the plan dashed
  } else if (name == "work_teams") {
    style = LayerStyle{};
    style.symbol = marker(rgba(0xc0, 0x39, 0x2b), MarkerShape::Pin, 14.0f);
  } else if (name == "households") {
    style = LayerStyle{};
    style.kind = StyleKind::Categorized;
    style.expression = "risk_level";
    style.symbol = marker(rgba(0xbb, 0xbb, 0xbb), MarkerShape::Triangle, 10.0f);
    style.classes = {category("high", "高风险", marker(rgba(0xd7, 0x30, 0x1f), MarkerShape::Triangle, 13.0f)),
                     category("medium", "中风险", marker(rgba(0xf1, 0x69, 0x13), MarkerShape::Triangle, 12.0f)),
                     category("low", "低风险", marker(rgba(0xfd, 0xae, 0x6b), MarkerShape::Triangle, 12.0f))};
    // Never labelled by default: personal data.
  }
  return style;
}

}  // namespace zhenmap
