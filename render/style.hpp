// How a layer is drawn: symbols (fill, stroke, line, marker), the style kind that picks a symbol
// per feature (single, categorized, graduated, rule-based), opacity and visibility by scale.
// Colours are 0xAABBGGRR, the byte order of RGBA8 vertex attributes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attributes.hpp"

namespace zhenmap {

using Rgba = std::uint32_t;

constexpr Rgba rgba(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return static_cast<Rgba>(r) | (static_cast<Rgba>(g) << 8) | (static_cast<Rgba>(b) << 16) |
         (static_cast<Rgba>(a) << 24);
}

// Parses "#rrggbb", "#rrggbbaa" or "white", "black", "transparent". Throws std::invalid_argument.
Rgba parseColor(const std::string& text);
// "#rrggbb" or "#rrggbbaa" (when not opaque).
std::string formatColor(Rgba c);

enum class MarkerShape : std::uint8_t { Circle, Square, Triangle, Pin };
enum class LineJoin : std::uint8_t { Round, Miter, Bevel };
enum class LineCap : std::uint8_t { Butt, Round, Square };

struct Symbol {
  Rgba fill = rgba(0xa6, 0xce, 0xe3);
  Rgba stroke = rgba(0x33, 0x33, 0x33);
  float strokeWidth = 1.0f;  // px: polygon outline and marker outline; 0 = none
  float lineWidth = 2.0f;    // px: line features
  float dashOn = 0.0f;       // px; 0 = solid line
  float dashOff = 0.0f;      // px
  Rgba casing = 0;           // line casing colour; transparent = no casing
  float casingWidth = 0.0f;  // px on each side of the line
  MarkerShape shape = MarkerShape::Circle;
  float size = 8.0f;  // px, marker diameter
};

enum class StyleKind : std::uint8_t { Single, Categorized, Graduated, RuleBased };

struct StyleClass {
  std::string label;     // legend text (UTF-8)
  AttributeValue value;  // categorized: the value this class matches
  double lower = 0.0;    // graduated: lower <= v < upper (the last class includes upper)
  double upper = 0.0;
  std::string filter;  // rule-based: an SQL filter over the attributes (see expression.hpp)
  Symbol symbol;
};

struct LabelSpec {
  std::string expression;  // field name or SQL expression; empty = no labels
  float sizePx = 14.0f;
  Rgba color = rgba(0x20, 0x20, 0x20);
  Rgba haloColor = rgba(255, 255, 255);
  float haloPx = 2.0f;
  int priority = 0;  // higher is placed first
};

struct LayerStyle {
  StyleKind kind = StyleKind::Single;
  std::string expression;  // categorized / graduated: a field name or an SQL expression
  Symbol symbol;           // single symbol, and the symbol of features no class matches
  bool drawUnmatched = true;
  std::vector<StyleClass> classes;
  float opacity = 1.0f;
  double minScale = 0.0;  // visible when the scale denominator is >= minScale (0 = no limit)
  double maxScale = 0.0;  // ... and <= maxScale (0 = no limit)
  LineJoin join = LineJoin::Round;
  LineCap cap = LineCap::Round;
  // Corridor progress of a line layer: which numeric fields hold each line's built and planned
  // length in km. Layer metadata the user sets for their own layers (the style panel); both
  // empty: the layer has no progress.
  std::string builtField;
  std::string plannedField;
  bool hasProgress() const { return !builtField.empty() && !plannedField.empty(); }
  // Lines with progress: each line's planned part beyond what is built drawn dashed and thinner,
  // split at its built length along the line (see corridor_progress.hpp). Layers without the
  // progress fields are drawn as usual.
  bool dashPlanned = false;
  // Point layers of kClusterMinPoints features or more are clustered where their points crowd;
  // false draws every point at every scale (as QGIS and Mapnik do by default).
  bool cluster = true;
  LabelSpec label;

  bool visibleAtScale(double denominator) const {
    return (minScale <= 0.0 || denominator >= minScale) && (maxScale <= 0.0 || denominator <= maxScale);
  }
};

// A soft qualitative palette that reads well on a projector.
std::vector<Rgba> defaultPalette();

}  // namespace zhenmap
