// Expressions and filters over layer attributes (SQLite-evaluated).
#include <gtest/gtest.h>

#include "expression.hpp"

using namespace zhenmap;

namespace {
LayerData routes() {
  LayerData l;
  l.name = "scenic_routes";
  auto field = [](std::string name, FieldType type) {
    FieldDef d;
    d.name = std::move(name);
    d.type = type;
    return d;
  };
  l.fields = {field("name", FieldType::Text), field("planned_km", FieldType::Real),
              field("built_km", FieldType::Real), field("kind", FieldType::Text)};
  auto add = [&](std::string n, double planned, AttributeValue built, std::string kind) {
    Feature f;
    f.fid = static_cast<std::int64_t>(l.features.size() + 1);
    f.attributes = {n, planned, built, kind};
    l.features.push_back(f);
  };
  add("榕江风貌带", 10.0, 2.5, "scenic_belt");
  add("新亨立面", 4.0, 4.0, "street_facade");
  add("未建", 8.0, AttributeValue{}, "scenic_belt");
  return l;
}
}  // namespace

TEST(Expression, RatioOfTwoFields) {
  const auto v = evaluateExpression(routes(), "built_km / planned_km");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_DOUBLE_EQ(std::get<double>(v[0]), 0.25);
  EXPECT_DOUBLE_EQ(std::get<double>(v[1]), 1.0);
  EXPECT_TRUE(isNull(v[2]));
}

TEST(Expression, FilterWithChineseTextAndNulls) {
  const auto f = evaluateFilter(routes(), "kind = 'scenic_belt' AND name LIKE '%风貌%'");
  EXPECT_EQ(f, (std::vector<bool>{true, false, false}));
  const auto g = evaluateFilter(routes(), "built_km >= 2.5");
  EXPECT_EQ(g, (std::vector<bool>{true, true, false}));  // NULL is not true
}

TEST(Expression, RejectsUnknownFieldsAndAnythingButReading) {
  EXPECT_THROW(evaluateExpression(routes(), "no_such_field + 1"), ExpressionError);
  EXPECT_THROW(evaluateExpression(routes(), "1) FROM t; DROP TABLE t; SELECT (1"), ExpressionError);
  EXPECT_THROW(evaluateFilter(routes(), "name = "), ExpressionError);
}
