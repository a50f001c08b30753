// Expressions and filters over layer attributes (SQLite-evaluated).
#include <gtest/gtest.h>

#include <chrono>

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

// Expressions come from users and from project files (slide filters): each runs in bounded time
// and memory, with a short message naming the problem.
TEST(Expression, RunawayExpressionsStopWithAClearError) {
  const LayerData layer = routes();
  const auto start = std::chrono::steady_clock::now();
  try {  // 3^20 rows: would take hours
    evaluateExpression(layer,
                       "(SELECT count(*) FROM t a, t b, t c, t d, t e, t f, t g, t h, t i, t j, t k, t l, "
                       "t m, t n, t o, t p, t q, t r, t s, t u)");
    ADD_FAILURE() << "finished";
  } catch (const ExpressionError& e) {
    EXPECT_NE(std::string(e.what()).find("takes too long"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 10.0);
  try {
    evaluateExpression(layer, "length(randomblob(900000000))");
    ADD_FAILURE() << "allocated";
  } catch (const ExpressionError& e) {
    EXPECT_NE(std::string(e.what()).find("too big"), std::string::npos) << e.what();
  }
  EXPECT_THROW(evaluateExpression(layer, std::string(200000, '1')), ExpressionError);
  EXPECT_THROW(evaluateFilter(layer, "load_extension('mod_spatialite') IS NULL"), ExpressionError);
  try {
    evaluateFilter(layer, "name = '" + std::string(5000, 'x') + "\n");
    ADD_FAILURE() << "parsed";
  } catch (const ExpressionError& e) {
    EXPECT_LT(std::string(e.what()).size(), 400u) << "the message quotes a short piece of the expression";
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
}
