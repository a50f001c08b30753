// JSON (de)serialisation of layer styles with nlohmann::json; see style_json.hpp.
#include "style_json.hpp"

#include <nlohmann/json.hpp>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <type_traits>

#include "message_text.hpp"

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
  // An unsigned number past int64 would wrap round: it is kept as a real instead.
  if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return j.get<double>();
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) return j.get<std::string>();
  return std::monostate{};
}

// A number under `key` within lo..hi (a whole one for integer T), or `fallback` when the key is
// absent. JSON numbers outside a float's or an int's range must not be converted blindly (undefined
// behaviour, or an infinity that saves as null and never loads again).
template <typename T>
T number(const json& j, const char* key, T fallback, double lo, double hi) {
  if (!j.contains(key)) return fallback;
  const json& v = j.at(key);
  if (!v.is_number()) throw std::invalid_argument(std::string("style: ") + key + " must be a number");
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi) || (std::is_integral_v<T> && d != std::floor(d))) {
    char range[96];
    std::snprintf(range, sizeof range, "%s%g..%g", std::is_integral_v<T> ? "a whole number in " : "", lo, hi);
    throw std::invalid_argument(std::string("style: ") + key + " must be " + range);
  }
  return static_cast<T>(d);
}

constexpr double kMaxPx = 1000.0;   // widths, sizes, dashes, halos (pixels)
constexpr double kMaxScale = 1e12;  // scale denominators
constexpr double kMaxPriority = 1e6;

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
  s.strokeWidth = number(j, "stroke_width", s.strokeWidth, 0, kMaxPx);
  s.lineWidth = number(j, "line_width", s.lineWidth, 0, kMaxPx);
  if (j.contains("dash")) {
    const json& dash = j.at("dash");
    if (!dash.is_array() || dash.size() != 2) throw std::invalid_argument("style: dash must be [on, off]");
    const json on = {{"dash", dash.at(0)}}, off = {{"dash", dash.at(1)}};
    s.dashOn = number(on, "dash", 0.0f, 0, kMaxPx);
    s.dashOff = number(off, "dash", 0.0f, 0, kMaxPx);
  }
  if (j.contains("casing")) s.casing = parseColor(j.at("casing").get<std::string>());
  s.casingWidth = number(j, "casing_width", s.casingWidth, 0, kMaxPx);
  s.shape = enumOf(j, "shape", kShapes, s.shape);
  s.size = number(j, "size", s.size, 0, kMaxPx);
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
                  {"cluster", style.cluster},
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
                  "join", "cap", "dash_planned", "cluster", "progress", "label"},
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
      k.lower = number(c, "lower", 0.0, -DBL_MAX, DBL_MAX);
      k.upper = number(c, "upper", 0.0, -DBL_MAX, DBL_MAX);
      k.filter = c.value("filter", "");
      if (c.contains("symbol")) k.symbol = symbolOf(c.at("symbol"));
      s.classes.push_back(std::move(k));
    }
    s.opacity = number(j, "opacity", s.opacity, 0, 1);
    s.minScale = number(j, "min_scale", s.minScale, 0, kMaxScale);
    s.maxScale = number(j, "max_scale", s.maxScale, 0, kMaxScale);
    s.join = enumOf(j, "join", kJoins, s.join);
    s.cap = enumOf(j, "cap", kCaps, s.cap);
    s.dashPlanned = j.value("dash_planned", s.dashPlanned);
    s.cluster = j.value("cluster", s.cluster);
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
      s.label.sizePx = number(l, "size", s.label.sizePx, 0, kMaxPx);
      if (l.contains("color")) s.label.color = parseColor(l.at("color").get<std::string>());
      if (l.contains("halo_color")) s.label.haloColor = parseColor(l.at("halo_color").get<std::string>());
      s.label.haloPx = number(l, "halo", s.label.haloPx, 0, kMaxPx);
      s.label.priority = number(l, "priority", s.label.priority, -kMaxPriority, kMaxPriority);
    }
    return s;
  } catch (const json::exception& e) {
    // The parser quotes what it read, possibly part of a multi-byte character: keep the message UTF-8.
    throw std::invalid_argument("style JSON: " + quoteForMessage(e.what(), 300));
  }
}

}  // namespace zhenmap
