// Style classification and the JSON form styles are saved in.
#include <gtest/gtest.h>

#include "default_styles.hpp"
#include "expression.hpp"
#include "map_annotations.hpp"
#include "style_classify.hpp"
#include "style_json.hpp"

using namespace zhenmap;

namespace {
FieldDef field(std::string name, FieldType type) {
  FieldDef d;
  d.name = std::move(name);
  d.type = type;
  return d;
}
LayerData routes() {
  LayerData l;
  l.name = "scenic_routes";
  l.fields = {field("status", FieldType::Text), field("built_km", FieldType::Real), field("planned_km", FieldType::Real)};
  const std::vector<std::vector<AttributeValue>> rows = {
      {std::string("planned"), 0.0, 10.0}, {std::string("started"), 4.0, 10.0},
      {std::string("completed"), 10.0, 10.0}, {std::string("unknown"), AttributeValue{}, 5.0}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Feature f;
    f.fid = static_cast<std::int64_t>(i);
    f.attributes = rows[i];
    l.features.push_back(f);
  }
  return l;
}
// A progress style for routes as a user sets it up in the style panel: graduated by built /
// planned, the layer's progress fields named, the planned part dashed.
LayerStyle routeStyle() {
  LayerStyle s;
  s.kind = StyleKind::Graduated;
  s.expression = "built_km / planned_km";
  s.symbol = zhenmap::route(rgba(0x88, 0x88, 0x88));
  s.classes = {zhenmap::range(0.0, 0.25, "0–25%", zhenmap::route(rgba(0xd7, 0x30, 0x27))),
               zhenmap::range(0.25, 0.5, "25–50%", zhenmap::route(rgba(0xfc, 0x8d, 0x59))),
               zhenmap::range(0.5, 0.75, "50–75%", zhenmap::route(rgba(0x91, 0xcf, 0x60))),
               zhenmap::range(0.75, 1.0, "75–100%", zhenmap::route(rgba(0x1a, 0x98, 0x50)))};
  s.builtField = "built_km";
  s.plannedField = "planned_km";
  s.dashPlanned = true;
  return s;
}
StyleClass cat(std::string v) {
  StyleClass c;
  c.value = std::move(v);
  return c;
}
StyleClass range(double lo, double hi) {
  StyleClass c;
  c.lower = lo;
  c.upper = hi;
  return c;
}
StyleClass rule(std::string f) {
  StyleClass c;
  c.filter = std::move(f);
  return c;
}
}  // namespace

TEST(StyleClassify, CategorizedByField) {
  LayerStyle s;
  s.kind = StyleKind::Categorized;
  s.expression = "status";
  s.classes = {cat("completed"), cat("started"), cat("planned")};
  EXPECT_EQ(classifyFeatures(routes(), s), (std::vector<int>{2, 1, 0, kUnmatched}));
  s.drawUnmatched = false;
  EXPECT_EQ(classifyFeatures(routes(), s).back(), kHidden);
}

TEST(StyleClassify, GraduatedByExpressionIncludesTheTopOfTheLastClass) {
  LayerStyle s;
  s.kind = StyleKind::Graduated;
  s.expression = "built_km / planned_km";
  s.classes = {range(0.0, 0.5), range(0.5, 1.0)};
  EXPECT_EQ(classifyFeatures(routes(), s), (std::vector<int>{0, 0, 1, kUnmatched}));  // NULL ratio: unmatched
}

TEST(StyleClassify, RuleBasedFirstMatchWins) {
  LayerStyle s;
  s.kind = StyleKind::RuleBased;
  s.drawUnmatched = false;
  s.classes = {rule("built_km >= 10"), rule("status <> 'planned'"), rule("planned_km > 0")};
  EXPECT_EQ(classifyFeatures(routes(), s), (std::vector<int>{2, 1, 0, 1}));
}

TEST(StyleClassify, BadExpressionIsAnError) {
  LayerStyle s;
  s.kind = StyleKind::Graduated;
  s.expression = "no_such / field";
  EXPECT_THROW(classifyFeatures(routes(), s), ExpressionError);
}

TEST(StyleJson, RoundTripKeepsEverything) {
  LayerStyle s = routeStyle();
  s.opacity = 0.5f;
  s.minScale = 1000;
  s.maxScale = 500000;
  s.join = LineJoin::Bevel;
  s.cap = LineCap::Square;
  s.classes[1].symbol.dashOn = 6;
  s.classes[1].symbol.dashOff = 3;
  s.classes[1].symbol.shape = MarkerShape::Pin;
  const LayerStyle r = styleFromJson(styleToJson(s));
  EXPECT_TRUE(r.dashPlanned);
  EXPECT_EQ(r.builtField, "built_km");  // the layer's progress fields travel with its style
  EXPECT_EQ(r.plannedField, "planned_km");
  EXPECT_FALSE(styleFromJson(R"({"kind": "single"})").hasProgress());  // styles saved before the fields
  EXPECT_FALSE(styleFromJson(R"({"kind": "single"})").dashPlanned);  // styles saved before the option
  EXPECT_EQ(r.kind, StyleKind::Graduated);
  EXPECT_EQ(r.expression, "built_km / planned_km");
  ASSERT_EQ(r.classes.size(), s.classes.size());
  EXPECT_EQ(r.classes[1].symbol.stroke, s.classes[1].symbol.stroke);
  EXPECT_EQ(r.classes[1].symbol.dashOn, 6.0f);
  EXPECT_EQ(r.classes[1].symbol.shape, MarkerShape::Pin);
  EXPECT_EQ(r.classes[2].lower, 0.5);
  EXPECT_EQ(r.classes[2].label, s.classes[2].label);
  EXPECT_EQ(r.opacity, 0.5f);
  EXPECT_EQ(r.join, LineJoin::Bevel);
  EXPECT_EQ(r.cap, LineCap::Square);
  EXPECT_TRUE(r.visibleAtScale(2000));
  EXPECT_FALSE(r.visibleAtScale(600000));
  EXPECT_EQ(styleToJson(r), styleToJson(s));
}

TEST(StyleJson, RejectsBadValuesWithTheirName) {
  EXPECT_THROW(styleFromJson(R"({"kind":"heatmap"})"), std::invalid_argument);
  EXPECT_THROW(styleFromJson(R"({"symbol":{"fill":"#12"}})"), std::invalid_argument);
  EXPECT_THROW(styleFromJson(R"({"opacity":1.5})"), std::invalid_argument);
  EXPECT_THROW(styleFromJson(R"({"symbol":{"line_width":-1}})"), std::invalid_argument);
  EXPECT_THROW(styleFromJson("not json"), std::invalid_argument);
}

TEST(StyleJson, UnknownKeysAreErrorsNotSilentDefaults) {
  EXPECT_THROW(styleFromJson(R"({"stroke_by":"kind","colors":{"a":"#ff0000"}})"), std::invalid_argument);
  EXPECT_THROW(styleFromJson(R"({"symbol":{"colour":"#ff0000"}})"), std::invalid_argument);
  EXPECT_THROW(styleFromJson(R"({"label":"name"})"), std::invalid_argument);
  EXPECT_NO_THROW(styleFromJson(R"({"kind":"single","symbol":{"fill":"#ff0000"}})"));
}

// Legends say what the map draws: a route layer drawn with its planned part dashed starts with
// the solid/dashed entry (single symbol or classes); a point layer of 1,000 features or more,
// clustered where its points crowd, ends with the cluster symbol; 999 points are never clustered.
TEST(Legend, PlannedDashesAndClustersHaveTheirEntries) {
  LayerStyle route = routeStyle();
  const auto classes = legendEntries(route, GeomKind::Line, "routes");
  ASSERT_EQ(classes.size(), route.classes.size() + 1);
  EXPECT_EQ(classes.front().label, plannedLegendEntry().label);
  route.kind = StyleKind::Single;
  const auto single = legendEntries(route, GeomKind::Line, "routes");
  ASSERT_EQ(single.size(), 2u);
  EXPECT_EQ(single.front().label, plannedLegendEntry().label);
  route.dashPlanned = false;
  EXPECT_EQ(legendEntries(route, GeomKind::Line, "routes").size(), 1u);

  LayerStyle sites;
  sites.kind = StyleKind::Categorized;
  sites.expression = "status";
  sites.classes.resize(3);
  const auto many = legendEntries(sites, GeomKind::Point, "sites", 1000);
  ASSERT_EQ(many.size(), 4u);
  EXPECT_EQ(many.back().kind, 3);
  EXPECT_EQ(legendEntries(sites, GeomKind::Point, "sites", 999).size(), 3u);
  EXPECT_EQ(legendEntries(sites, GeomKind::Point, "sites").size(), 3u);
}
