// The standard project layers get their thematic styles (status colours, progress with its
// fields, risk), households are never labelled by default, and any other layer gets the generic
// default of its geometry kind.
#include <gtest/gtest.h>

#include "default_styles.hpp"
#include "standard_styles.hpp"
#include "style_json.hpp"

using namespace zhenmap;

TEST(StandardStyles, StandardLayersGetTheirThematicStyles) {
  LayerData sites;
  sites.name = "project_sites";
  const LayerStyle s = standardStyle(sites);
  EXPECT_EQ(s.kind, StyleKind::Categorized);
  EXPECT_EQ(s.expression, "status");
  ASSERT_EQ(s.classes.size(), 3u);
  EXPECT_EQ(std::get<std::string>(s.classes[2].value), "completed");
  LayerData routes;
  routes.name = "scenic_routes";
  const LayerStyle r = standardStyle(routes);
  EXPECT_EQ(r.builtField, "built_km");  // the standard route layer's progress fields
  EXPECT_EQ(r.plannedField, "planned_km");
  EXPECT_TRUE(r.dashPlanned);
  LayerData households;
  households.name = "households";
  EXPECT_TRUE(standardStyle(households).label.expression.empty());  // never labelled by default
}

TEST(StandardStyles, OtherLayersGetTheGenericDefaultWithoutProgress) {
  LayerData own;
  own.name = "my_routes";
  own.fields = {{"built_km", FieldType::Real, "Real", 0, 0}, {"planned_km", FieldType::Real, "Real", 0, 0}};
  const LayerStyle s = standardStyle(own, 3);
  EXPECT_FALSE(s.hasProgress());  // which fields mean progress is the user's choice for own layers
  EXPECT_EQ(styleToJson(s), styleToJson(defaultStyle(own, 3)));
}
