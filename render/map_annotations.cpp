// Labels, legends and scale for layers; see map_annotations.hpp.
#include "map_annotations.hpp"

#include <cmath>

#include "crs_transform.hpp"
#include "expression.hpp"
#include "tessellator.hpp"

namespace zhenmap {

std::vector<std::string> labelTexts(const LayerData& layer, const LabelSpec& spec) {
  for (const FieldDef& f : layer.fields) {
    if (f.name == spec.expression) return fieldTexts(layer, spec.expression);
  }
  std::vector<std::string> out;
  out.reserve(layer.features.size());
  for (const AttributeValue& v : evaluateExpression(layer, spec.expression)) {
    out.push_back(toDisplayString(v, std::holds_alternative<DateTime>(v) ? FieldType::DateTime : FieldType::Text));
  }
  return out;
}

LabelStyle labelStyleOf(const LayerStyle& style) {
  LabelStyle ls;
  ls.sizePx = style.label.sizePx;
  ls.color = style.label.color;
  ls.haloColor = style.label.haloColor;
  ls.haloPx = style.label.haloPx;
  ls.priority = style.label.priority;
  ls.pointOffsetPx = 0.5f * style.symbol.size + 2.0f;
  return ls;
}

std::vector<LabelCandidate> layerLabels(const LayerData& layer, const LayerStyle& style) {
  if (style.label.expression.empty()) return {};
  return makeLabelCandidates(layer, labelTexts(layer, style.label), labelStyleOf(style));
}

LegendEntry plannedLegendEntry() {
  LegendEntry e;
  e.label = "实线：已建　虚线：规划未建";
  e.stroke = rgba(0x66, 0x66, 0x66);
  e.kind = 1;
  return e;
}

LegendEntry clusterLegendEntry() {
  LegendEntry e;
  e.label = "聚合：多个点（按其中最多的类别着色）";
  e.fill = rgba(0x88, 0x88, 0x88);
  e.stroke = rgba(0x88, 0x88, 0x88, 0x66);
  e.kind = 3;
  return e;
}

std::vector<LegendEntry> legendEntries(const LayerStyle& style, GeomKind kind, const std::string& title,
                                       std::size_t pointCount) {
  const int k = kind == GeomKind::Polygon ? 0 : kind == GeomKind::Line ? 1 : 2;
  auto entry = [&](const std::string& label, const Symbol& s) {
    LegendEntry e;
    e.label = label;
    e.kind = k;
    e.fill = s.fill;
    e.stroke = kind == GeomKind::Line ? s.stroke : (kind == GeomKind::Polygon ? s.stroke : s.fill);
    return e;
  };
  std::vector<LegendEntry> out;
  if (style.dashPlanned && kind == GeomKind::Line) out.push_back(plannedLegendEntry());
  if (style.kind == StyleKind::Single || style.classes.empty()) {
    out.push_back(entry(title, style.symbol));
  } else {
    for (const StyleClass& c : style.classes) out.push_back(entry(title.empty() ? c.label : title + " · " + c.label, c.symbol));
  }
  if (kind == GeomKind::Point && pointCount >= clusterMinPointsFor(style)) out.push_back(clusterLegendEntry());
  return out;
}

double scaleDenominator(const Camera& camera, const CrsTransform& toLonLat) {
  return groundMetresPerPixel(camera, toLonLat) / 0.00028;
}

double scaleDenominator(const Camera& camera, const std::string& mapCrs) {
  try {
    return scaleDenominator(camera, CrsTransform(mapCrs, "EPSG:4326"));
  } catch (const CrsError&) {
    return std::nan("");
  }
}

}  // namespace zhenmap
