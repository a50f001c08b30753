// JSON (de)serialisation of layer styles with nlohmann::json; see style_json.hpp.
#include "style_json.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace zhenmap {

namespace {
using nlohmann::json;

template <typename E, std::size_t N>
const char* nameOf(E value, const char* const (&names)[N]) {
  return names[static_cast<std::size_t>(value) < N ? static_cast<std::size_t>(value) : 0];
}
template <typename E, std::size_t N>
E enumOf(const json& j, const char* key, const char* const (&names)[N], E fallback) {
  if (!j.contains(key)) return fallback;
  const std::string s = j.at(key).get<std::string>();
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  throw std::invalid_argument(std::string("style: unknown ") + key + " '" + s + "'");
}

constexpr const char* kKinds[] = {"single", "categorized", "graduated", "rule_based"};
constexpr const char* kShapes[] = {"circle", "square", "triangle", "pin"};
constexpr const char* kJoins[] = {"round", "miter", "bevel"};
constexpr const char* kCaps[] = {"butt", "round", "square"};

json valueJson(const AttributeValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}
AttributeValue valueOf(const json& j) {
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) return j.get<std::string>();
  return std::monostate{};
}

// Unknown keys are errors: a typo must not silently fall back to a default.
void checkKeys(const json& j, std::initializer_list<const char*> known, const char* where) {
  if (!j.is_object()) throw std::invalid_argument(std::string("style: ") + where + " must be an object");
  for (const auto& item : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || item.key() == k;
    if (!ok) throw std::invalid_argument(std::string("style: unknown key '") + item.key() + "' in " + where);
  }
}

json symbolJson(const Symbol& s) {
  return {{"fill", formatColor(s.fill)},
          {"stroke", formatColor(s.stroke)},
          {"stroke_width", s.strokeWidth},
          {"line_width", s.lineWidth},
          {"dash", {s.dashOn, s.dashOff}},
          {"casing", formatColor(s.casing)},
          {"casing_width", s.casingWidth},
          {"shape", nameOf(s.shape, kShapes)},
          {"size", s.size}};
}
Symbol symbolOf(const json& j) {
  checkKeys(j, {"fill", "stroke", "stroke_width", "line_width", "dash", "casing", "casing_width", "shape", "size"},
            "symbol");
  Symbol s;
  if (j.contains("fill")) s.fill = parseColor(j.at("fill").get<std::string>());
  if (j.contains("stroke")) s.stroke = parseColor(j.at("stroke").get<std::string>());
  s.strokeWidth = j.value("stroke_width", s.strokeWidth);
  s.lineWidth = j.value("line_width", s.lineWidth);
  if (j.contains("dash")) {
    s.dashOn = j.at("dash").at(0).get<float>();
    s.dashOff = j.at("dash").at(1).get<float>();
  }
  if (j.contains("casing")) s.casing = parseColor(j.at("casing").get<std::string>());
  s.casingWidth = j.value("casing_width", s.casingWidth);
  s.shape = enumOf(j, "shape", kShapes, s.shape);
  s.size = j.value("size", s.size);
  if (s.strokeWidth < 0 || s.lineWidth < 0 || s.size < 0 || s.dashOn < 0 || s.dashOff < 0 || s.casingWidth < 0) {
    throw std::invalid_argument("style: widths, sizes and dashes must not be negative");
  }
  return s;
}
}  // namespace

std::string styleToJson(const LayerStyle& style) {
  json classes = json::array();
  for (const StyleClass& c : style.classes) {
    classes.push_back({{"label", c.label},
                       {"value", valueJson(c.value)},
                       {"lower", c.lower},
                       {"upper", c.upper},
                       {"filter", c.filter},
                       {"symbol", symbolJson(c.symbol)}});
  }
  const json j = {{"kind", nameOf(style.kind, kKinds)},
                  {"expression", style.expression},
                  {"symbol", symbolJson(style.symbol)},
                  {"draw_unmatched", style.drawUnmatched},
                  {"classes", classes},
                  {"opacity", style.opacity},
                  {"min_scale", style.minScale},
                  {"max_scale", style.maxScale},
                  {"join", nameOf(style.join, kJoins)},
                  {"cap", nameOf(style.cap, kCaps)},
                  {"dash_planned", style.dashPlanned},
                  {"progress", {{"built", style.builtField}, {"planned", style.plannedField}}},
                  {"label",
                   {{"expression", style.label.expression},
                    {"size", style.label.sizePx},
                    {"color", formatColor(style.label.color)},
                    {"halo_color", formatColor(style.label.haloColor)},
                    {"halo", style.label.haloPx},
                    {"priority", style.label.priority}}}};
  return j.dump();
}

LayerStyle styleFromJson(const std::string& text) {
  try {
    const json j = json::parse(text);
    checkKeys(j, {"kind", "expression", "symbol", "draw_unmatched", "classes", "opacity", "min_scale", "max_scale",
                  "join", "cap", "dash_planned", "progress", "label"},
              "style");
    LayerStyle s;
    s.kind = enumOf(j, "kind", kKinds, s.kind);
    s.expression = j.value("expression", s.expression);
    if (j.contains("symbol")) s.symbol = symbolOf(j.at("symbol"));
    s.drawUnmatched = j.value("draw_unmatched", s.drawUnmatched);
    for (const json& c : j.value("classes", json::array())) {
      checkKeys(c, {"label", "value", "lower", "upper", "filter", "symbol"}, "class");
      StyleClass k;
      k.label = c.value("label", "");
      if (c.contains("value")) k.value = valueOf(c.at("value"));
      k.lower = c.value("lower", 0.0);
      k.upper = c.value("upper", 0.0);
      k.filter = c.value("filter", "");
      if (c.contains("symbol")) k.symbol = symbolOf(c.at("symbol"));
      s.classes.push_back(std::move(k));
    }
    s.opacity = j.value("opacity", s.opacity);
    if (!(s.opacity >= 0.0f && s.opacity <= 1.0f)) throw std::invalid_argument("style: opacity must be within 0..1");
    s.minScale = j.value("min_scale", s.minScale);
    s.maxScale = j.value("max_scale", s.maxScale);
    s.join = enumOf(j, "join", kJoins, s.join);
    s.cap = enumOf(j, "cap", kCaps, s.cap);
    s.dashPlanned = j.value("dash_planned", s.dashPlanned);
    if (j.contains("progress")) {
      const json& p = j.at("progress");
      checkKeys(p, {"built", "planned"}, "progress");
      s.builtField = p.value("built", "");
      s.plannedField = p.value("planned", "");
    }
    if (j.contains("label")) {
      const json& l = j.at("label");
      checkKeys(l, {"expression", "size", "color", "halo_color", "halo", "priority"}, "label");
      s.label.expression = l.value("expression", "");
      s.label.sizePx = l.value("size", s.label.sizePx);
      if (l.contains("color")) s.label.color = parseColor(l.at("color").get<std::string>());
      if (l.contains("halo_color")) s.label.haloColor = parseColor(l.at("halo_color").get<std::string>());
      s.label.haloPx = l.value("halo", s.label.haloPx);
      s.label.priority = l.value("priority", s.label.priority);
    }
    return s;
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("style JSON: ") + e.what());
  }
}

}  // namespace zhenmap
