// The style editor; see panel_style.hpp.
#include "panel_style.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "ui_widgets.hpp"

namespace zhenmap {
namespace {

const UiText kStyle{"样式", "Style"};
const UiText kStyleOf{"图层样式", "Layer style"};
const UiText kKind{"类型", "Type"};
const UiText kSingle{"单一符号", "Single symbol"};
const UiText kCategorized{"分类", "Categorized"};
const UiText kGraduated{"分级", "Graduated"};
const UiText kRuleBased{"规则（只读）", "Rule-based (read-only)"};
const UiText kFieldLabel{"字段", "Field"};
const UiText kClassify{"生成分类", "Classify"};
const UiText kClasses{"级数", "Classes"};
const UiText kFill{"填充", "Fill"};
const UiText kStroke{"边线", "Stroke"};
const UiText kStrokeWidth{"边线宽度", "Stroke width"};
const UiText kLineWidth{"线宽", "Line width"};
const UiText kMarkerSize{"符号大小", "Marker size"};
const UiText kShowLabels{"显示标注", "Show labels"};
const UiText kLabelField{"标注字段", "Label field"};
const UiText kLabelSize{"字号", "Text size"};
const UiText kApplyStyle{"应用", "Apply"};
const UiText kOther{"其他", "Other"};
const UiText kTooManyValues{"值太多，只列出前 30 个", "Too many values: the first 30 are listed"};
const UiText kNotNumeric{"分级需要数值字段", "Graduated needs a numeric field"};
const UiText kDashPlanned{"虚线显示规划未建部分", "Dash the planned, unbuilt part"};
const UiText kProgress{"进度字段（公里）", "Progress fields (km)"};
const UiText kBuiltField{"已建长度", "Built length"};
const UiText kPlannedField{"规划长度", "Planned length"};
const UiText kNone{"（无）", "(none)"};
const UiText kNoLayerText{"在图层面板中点击“样式”", "Click \"Style\" in the layers panel"};
ZHENMAP_UI_TEXTS(kStyle, kStyleOf, kKind, kSingle, kCategorized, kGraduated, kRuleBased, kFieldLabel, kClassify,
                 kClasses, kFill, kStroke, kStrokeWidth, kLineWidth, kMarkerSize, kShowLabels, kLabelField,
                 kLabelSize, kApplyStyle, kOther, kTooManyValues, kNotNumeric, kDashPlanned, kNoLayerText, kProgress, kBuiltField, kPlannedField, kNone)

GeomKind layerKind(const LayerData& layer) {
  for (const Feature& f : layer.features) {
    if (f.geometry.kind != GeomKind::None) return f.geometry.kind;
  }
  return GeomKind::None;
}

// A ramp from pale yellow to dark red for graduated classes.
Rgba ramp(double t) {
  const double r0 = 255, g0 = 237, b0 = 160, r1 = 189, g1 = 0, b1 = 38;
  auto mix = [&](double a, double b) { return static_cast<std::uint8_t>(std::lround(a + (b - a) * t)); };
  return rgba(mix(r0, r1), mix(g0, g1), mix(b0, b1));
}

void categorize(const LayerData& layer, LayerStyle& style, std::string& status) {
  style.classes.clear();
  const auto fi = findField(layer, style.expression);
  if (!fi) return;
  std::map<std::string, AttributeValue> distinct;  // display text -> value, sorted by text
  for (const Feature& f : layer.features) {
    if (*fi >= f.attributes.size() || std::holds_alternative<std::monostate>(f.attributes[*fi])) continue;
    distinct.emplace(toDisplayString(f.attributes[*fi], layer.fields[*fi].type), f.attributes[*fi]);
  }
  const std::vector<Rgba> palette = defaultPalette();
  std::size_t k = 0;
  for (const auto& [text, value] : distinct) {
    if (k == 30) {
      status = tr(kTooManyValues);
      break;
    }
    StyleClass c;
    c.label = text;
    c.value = value;
    c.symbol = style.symbol;
    c.symbol.fill = palette[k % palette.size()];
    if (layerKind(layer) == GeomKind::Line) c.symbol.stroke = palette[k % palette.size()];
    style.classes.push_back(std::move(c));
    ++k;
  }
}

void graduate(const LayerData& layer, LayerStyle& style, int count, std::string& status) {
  style.classes.clear();
  const auto fi = findField(layer, style.expression);
  if (!fi) return;
  const FieldType t = layer.fields[*fi].type;
  if (t != FieldType::Integer && t != FieldType::Real) {
    status = tr(kNotNumeric);
    return;
  }
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Feature& f : layer.features) {
    if (*fi >= f.attributes.size()) continue;
    const AttributeValue& v = f.attributes[*fi];
    double x = 0;
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      x = static_cast<double>(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      x = *d;
    } else {
      continue;
    }
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  if (!(lo <= hi)) return;
  count = std::clamp(count, 1, 9);
  const double step = (hi - lo) / count;
  for (int k = 0; k < count; ++k) {
    StyleClass c;
    c.lower = lo + step * k;
    c.upper = k + 1 == count ? hi : lo + step * (k + 1);
    char label[96];
    std::snprintf(label, sizeof label, "%.6g – %.6g", c.lower, c.upper);
    c.label = label;
    c.symbol = style.symbol;
    c.symbol.fill = ramp(count == 1 ? 1.0 : static_cast<double>(k) / (count - 1));
    if (layerKind(layer) == GeomKind::Line) c.symbol.stroke = c.symbol.fill;
    style.classes.push_back(std::move(c));
  }
}

}  // namespace

const char* StylePanel::title() const { return tr(kStyleOf); }

void StylePanel::edit(Viewer& v, LayerId layer) {
  const MapLayer* l = v.layers().find(layer);
  if (!l) return;
  m_layer = layer;
  m_style = l->style();
  m_status.clear();
  v.focusPanel(*this);
}

void StylePanel::onLoaded(Viewer& v) {
  // A reload makes new layers: follow the layer by name and source.
  if (m_layer == kNoLayer || v.layers().find(m_layer)) return;
  m_layer = kNoLayer;
  for (std::size_t i = 0; i < v.layers().size(); ++i) {
    const MapLayer& l = v.layers().at(i);
    if (l.name() == m_name && l.data->source == m_source) m_layer = l.id;
  }
}

void StylePanel::writeState(const Viewer& v, nlohmann::json& s) const {
  const MapLayer* layer = v.layers().find(m_layer);
  if (!open() || !layer) return;
  s["style_editor"] = {{"layer", layer->name()}, {"kind", static_cast<int>(m_style.kind)}, {"classes", m_style.classes.size()}};
}

void StylePanel::drawSymbol(Symbol& s, GeomKind kind, const char* id) {
  ImGui::PushID(id);
  auto colour = [](const char* label, Rgba& c) {
    ImVec4 f = toImVec4(c);
    if (ImGui::ColorEdit4(label, &f.x, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_AlphaBar)) c = fromImVec4(f);
  };
  if (kind != GeomKind::Line) {
    colour(tr(kFill), s.fill);
    ImGui::SameLine();
  }
  colour(tr(kStroke), s.stroke);
  ImGui::SetNextItemWidth(120);
  if (kind == GeomKind::Line) {
    ImGui::SliderFloat(tr(kLineWidth), &s.lineWidth, 0.5f, 12.0f, "%.1f");
  } else {
    ImGui::SliderFloat(tr(kStrokeWidth), &s.strokeWidth, 0.0f, 6.0f, "%.1f");
  }
  if (kind == GeomKind::Point) {
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat(tr(kMarkerSize), &s.size, 2.0f, 32.0f, "%.0f");
  }
  ImGui::PopID();
}

// Which numeric fields hold the built and planned km: the layer's corridor progress (slides,
// dashboard, the dashed planned part), set here for any line layer.
void StylePanel::drawProgressFields(Viewer& v, const LayerData& layer) {
  ImGui::Separator();
  ImGui::TextUnformatted(tr(kProgress));
  const auto pick = [&](const UiText& label, std::string& field, const char* id) {
    ImGui::SetNextItemWidth(160);
    if (ImGui::BeginCombo(tr(label), field.empty() ? tr(kNone) : field.c_str())) {
      if (ImGui::Selectable(tr(kNone), field.empty())) field.clear();
      for (const FieldDef& f : layer.fields) {
        if (f.type != FieldType::Real && f.type != FieldType::Integer) continue;
        if (ImGui::Selectable(f.name.c_str(), f.name == field)) field = f.name;
      }
      ImGui::EndCombo();
    }
    v.markWidget(id);
  };
  pick(kBuiltField, m_style.builtField, "style_progress_built");
  pick(kPlannedField, m_style.plannedField, "style_progress_planned");
  if (m_style.hasProgress()) ImGui::Checkbox(tr(kDashPlanned), &m_style.dashPlanned);
}

void StylePanel::draw(Viewer& v) {
  const std::string name = std::string(tr(kStyleOf)) + "###style";
  if (!v.beginPanel(*this, name)) {
    v.endPanel(*this);
    return;
  }
  const MapLayer* shown = v.layers().find(m_layer);
  if (!shown) {
    ImGui::TextDisabled("%s", tr(kNoLayerText));
    v.endPanel(*this);
    return;
  }
  m_name = shown->name();
  m_source = shown->data->source;
  const LayerData& layer = *shown->data;
  const GeomKind kind = layerKind(layer);
  // Sensitive household fields (names, ID numbers) never become classes or labels unless unlocked.
  auto hidden = [&](const FieldDef& f) {
    return !v.showSensitive() && v.sensitiveFields().count(layer.name + "." + f.name) > 0;
  };
  ImGui::TextUnformatted(shown->title.c_str());
  ImGui::Separator();

  const char* kinds[] = {tr(kSingle), tr(kCategorized), tr(kGraduated), tr(kRuleBased)};
  const int current = static_cast<int>(m_style.kind);
  ImGui::SetNextItemWidth(160);
  if (ImGui::BeginCombo(tr(kKind), kinds[current])) {
    for (int k = 0; k < 3; ++k) {  // rule-based styles come from JSON files; shown, not offered
      if (ImGui::Selectable(kinds[k], k == current) && k != current) {
        m_style.kind = static_cast<StyleKind>(k);
        m_style.classes.clear();
        m_status.clear();
      }
      v.markWidget("style_kind:" + std::to_string(k));
    }
    ImGui::EndCombo();
  }
  v.markWidget("style_kind");
  if (m_style.kind == StyleKind::Categorized || m_style.kind == StyleKind::Graduated) {
    ImGui::SetNextItemWidth(160);
    if (ImGui::BeginCombo(tr(kFieldLabel), m_style.expression.c_str())) {
      for (const FieldDef& f : layer.fields) {
        if (hidden(f)) continue;
        if (ImGui::Selectable(f.name.c_str(), f.name == m_style.expression)) m_style.expression = f.name;
        v.markWidget("style_field:" + f.name);
      }
      ImGui::EndCombo();
    }
    v.markWidget("style_field");
    if (m_style.kind == StyleKind::Graduated) {
      ImGui::SetNextItemWidth(100);
      ImGui::SliderInt(tr(kClasses), &m_classCount, 2, 9);
    }
    const bool classify = ImGui::Button(tr(kClassify));
    v.markWidget("style_classify");
    if (classify) {
      m_status.clear();
      if (m_style.kind == StyleKind::Categorized) {
        categorize(layer, m_style, m_status);
      } else {
        graduate(layer, m_style, m_classCount, m_status);
      }
    }
  }
  if (!m_status.empty()) ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "%s", m_status.c_str());

  ImGui::Separator();
  if (m_style.kind == StyleKind::Single || m_style.classes.empty()) {
    drawSymbol(m_style.symbol, kind, "single");
  } else {
    ImGui::BeginChild("##classes", ImVec2(0, 160), true);
    for (std::size_t i = 0; i < m_style.classes.size(); ++i) {
      StyleClass& c = m_style.classes[i];
      ImGui::PushID(static_cast<int>(i));
      ImVec4 f = toImVec4(kind == GeomKind::Line ? c.symbol.stroke : c.symbol.fill);
      if (ImGui::ColorEdit4("##c", &f.x, ImGuiColorEditFlags_NoInputs)) {
        (kind == GeomKind::Line ? c.symbol.stroke : c.symbol.fill) = fromImVec4(f);
      }
      ImGui::SameLine();
      ImGui::SetNextItemWidth(-1);
      inputString("##label", c.label);
      ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::TextDisabled("%s", tr(kOther));
    ImGui::SameLine();
    drawSymbol(m_style.symbol, kind, "unmatched");
  }

  ImGui::Separator();
  bool labels = !m_style.label.expression.empty();
  const bool labelsChanged = ImGui::Checkbox(tr(kShowLabels), &labels);
  v.markWidget("style_labels");
  if (labelsChanged) {
    if (!labels) {
      m_style.label.expression.clear();
    } else {
      m_style.label.expression = findField(layer, "name") ? "name" : (layer.fields.empty() ? "" : layer.fields[0].name);
    }
  }
  if (labels) {
    ImGui::SetNextItemWidth(160);
    if (ImGui::BeginCombo(tr(kLabelField), m_style.label.expression.c_str())) {
      for (const FieldDef& f : layer.fields) {
        if (hidden(f)) continue;
        if (ImGui::Selectable(f.name.c_str(), f.name == m_style.label.expression)) m_style.label.expression = f.name;
      }
      ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat(tr(kLabelSize), &m_style.label.sizePx, 8.0f, 32.0f, "%.0f");
  }
  if (kind == GeomKind::Line) drawProgressFields(v, layer);
  ImGui::SetNextItemWidth(160);
  ImGui::SliderFloat(tr(Text::Opacity), &m_style.opacity, 0.0f, 1.0f, "%.2f");
  ImGui::Separator();
  if (ImGui::Button(tr(kApplyStyle))) v.applyStyle(m_layer, m_style);
  v.markWidget("style_apply");
  v.endPanel(*this);
}

ZHENMAP_REGISTER_PANEL(StylePanel)

}  // namespace zhenmap
