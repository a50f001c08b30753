// Filter and style expressions (geodata/expression.hpp), as typed in the table filter, the style
// editor and slide filters (which come from project files). Promises: any text gives one value
// per feature or an ExpressionError (one short line, the user's text quoted in part), in bounded
// time and memory.
#include "expression.hpp"
#include "support/fuzz_target.hpp"

namespace {

zhenmap::LayerData makeLayer() {
  using namespace zhenmap;
  LayerData layer;
  layer.source = "fuzz";
  layer.name = "scenic_routes";
  layer.fields = {
      {"built_km", FieldType::Real, "Real", 0, 0},      {"planned_km", FieldType::Real, "Real", 0, 0},
      {"status", FieldType::Text, "String", 0, 0},      {"budget_wan", FieldType::Integer, "Integer64", 0, 0},
      {"start_date", FieldType::Date, "Date", 0, 0},    {"名称", FieldType::Text, "String", 0, 0},
      {"odd \"name\"", FieldType::Text, "String", 0, 0}};
  const DateTime may1{2024, 5, 1, 0, 0, 0.0, false, 0};
  const std::vector<std::vector<AttributeValue>> rows = {
      {2.5, 6.1, std::string("in_progress"), std::int64_t{120}, may1, std::string("榕江绿道"), std::string("a")},
      {0.0, 3.0, std::string("planned"), std::int64_t{0}, AttributeValue{}, std::string("揭西段"), AttributeValue{}},
      {AttributeValue{}, 1e308, std::string(""), std::int64_t{-9223372036854775807LL - 1}, may1, std::string(),
       std::string("x'y")},
      {7.0, 7.0, std::string("completed"), std::int64_t{9223372036854775807LL}, AttributeValue{}, AttributeValue{},
       std::string("\xe6\x8f\xad")}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Feature f;
    f.fid = static_cast<std::int64_t>(i + 1);
    f.attributes = rows[i];
    layer.features.push_back(std::move(f));
  }
  return layer;
}

void checkMessage(const zhenmap::ExpressionError& e) {
  const std::string m = e.what();
  zhenmap::fuzz::check(m.find_first_of("\r\n") == std::string::npos && m.size() < 1000,
                       "the message is not one short line: " + m.substr(0, 200));
}

}  // namespace

ZHENMAP_FUZZ_TARGET(expression) {
  using namespace zhenmap;
  static const LayerData layer = makeLayer();
  const std::string text(input);
  try {
    const std::vector<AttributeValue> values = evaluateExpression(layer, text);
    fuzz::check(values.size() == layer.features.size(), "not one value per feature");
  } catch (const ExpressionError& e) {
    checkMessage(e);
  }
  try {
    const std::vector<bool> pass = evaluateFilter(layer, text);
    fuzz::check(pass.size() == layer.features.size(), "not one flag per feature");
  } catch (const ExpressionError& e) {
    checkMessage(e);
  }
}
