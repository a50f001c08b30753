// The standard layers of a zhenmap project: the template `zhenmap new` and `zhenmap demo` start
// from (schema.hpp). A project file keeps its own copy of these descriptions in its metadata
// tables; this is only where new projects get them.
#include <stdexcept>

#include "store/schema.hpp"
#include "store/value_labels.hpp"

namespace zhenmap::store {

namespace {

FieldSpec field(std::string name, FieldType type, std::string alias) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.aliasZh = std::move(alias);
  return f;
}
FieldSpec req(FieldSpec f) {
  f.required = true;
  return f;
}
// A coded field: its allowed values with their labels (value_labels.cpp).
FieldSpec oneOf(FieldSpec f, std::vector<std::string> values) {
  for (const std::string& v : values) {
    f.domain.push_back(
        {v, valueLabel(f.name, v, LabelLanguage::Chinese), valueLabel(f.name, v, LabelLanguage::English)});
  }
  f.oneOf = std::move(values);
  return f;
}
FieldSpec range(FieldSpec f, std::optional<double> lo, std::optional<double> hi) {
  f.min = lo;
  f.max = hi;
  return f;
}
FieldSpec code(std::string name, std::string alias, int digits, std::string references) {
  FieldSpec f = field(std::move(name), FieldType::Text, std::move(alias));
  f.digits = digits;
  f.references = std::move(references);
  return f;
}
FieldSpec text(std::string name, std::string alias, std::size_t maxLength) {
  FieldSpec f = field(std::move(name), FieldType::Text, std::move(alias));
  f.maxLength = maxLength;
  return f;
}
FieldSpec sensitive(FieldSpec f) {
  f.sensitive = true;
  return f;
}
FieldSpec references(FieldSpec f, std::string target) {
  f.references = std::move(target);
  return f;
}
FieldSpec unique(FieldSpec f) {
  f.unique = true;
  return f;
}
FieldSpec role(FieldSpec f, std::string r) {
  f.role = std::move(r);
  return f;
}

using Kind = CrossRule::Kind;

std::vector<LayerSpec> buildSpecs() {
  using T = FieldType;
  const std::vector<std::string> statuses = {"planned", "started", "completed"};
  std::vector<LayerSpec> v;
  v.push_back({"townships",
               "MULTIPOLYGON",
               "乡镇",
               {role(unique(req(code("code", "乡镇代码", 9, ""))), "township_code"),
                role(req(text("name", "名称", 40)), "name"), req(code("county_code", "县区代码", 6, "")),
                req(text("kind", "类型", 20))},
               {},
               "code"});
  v.push_back(
      {"villages",
       "MULTIPOLYGON",
       "村(社区)",
       {role(unique(req(code("code", "村代码", 12, ""))), "village_code"), role(req(text("name", "名称", 60)), "name"),
        req(code("township_code", "所属乡镇", 9, "townships(code)"))},
       {{Kind::Within, "code", "township_code"}},
       "township_code"});
  v.push_back({"work_teams",
               "POINT",
               "驻镇帮镇扶村工作队",
               {role(req(code("township_code", "驻点乡镇", 9, "townships(code)")), "township_code"),
                role(req(text("name", "名称", 80)), "name"), text("assisting_units", "帮扶单位", 400),
                req(range(field("cadres", T::Integer, "队员人数"), 1, 100)), text("notes", "备注", 2000)},
               {},
               "township_code"});
  v.push_back({"project_sites",
               "POINT",
               "项目点",
               {role(req(text("name", "项目名称", 120)), "name"),
                req(oneOf(field("programme", T::Text, "项目类别"),
                          {"county_library", "beautiful_town", "industry_assistance", "public_service", "other"})),
                role(req(oneOf(field("status", T::Text, "状态"), statuses)), "status"),
                role(req(code("township_code", "所属乡镇", 9, "townships(code)")), "township_code"),
                role(code("village_code", "所属村", 12, "villages(code)"), "village_code"),
                range(field("budget_wan", T::Real, "预算(万元)"), 0.0, 1.0e7),
                range(field("funds_raised_wan", T::Real, "已筹资金(万元)"), 0.0, 1.0e7),
                references(range(field("team_id", T::Integer, "负责工作队"), 1, std::nullopt), "work_teams(id)"),
                field("start_date", T::Date, "开工日期"), field("completion_date", T::Date, "完工日期"),
                text("notes", "备注", 2000)},
               {{Kind::NotBefore, "completion_date", "start_date"}, {Kind::Within, "village_code", "township_code"}},
               "township_code"});
  v.push_back({"scenic_routes",
               "LINESTRING",
               "风貌带与立面改造线路",
               {role(req(text("name", "线路名称", 120)), "name"),
                req(oneOf(field("kind", T::Text, "类型"), {"scenic_belt", "street_facade", "greenway"})),
                role(req(code("township_code", "所属乡镇", 9, "townships(code)")), "township_code"),
                role(req(range(field("planned_km", T::Real, "规划长度(公里)"), 0.0, 1000.0)), "planned_km"),
                role(req(range(field("built_km", T::Real, "已建长度(公里)"), 0.0, 1000.0)), "built_km"),
                role(req(oneOf(field("status", T::Text, "状态"), statuses)), "status")},
               {{Kind::NotGreater, "built_km", "planned_km"}},
               "township_code"});
  v.push_back({"households",
               "POINT",
               "防返贫监测户",
               {unique(req(text("household_id", "户编号(匿名)", 40))),
                role(req(code("village_code", "所属村", 12, "villages(code)")), "village_code"),
                req(range(field("members", T::Integer, "家庭人口"), 1, 30)),
                req(oneOf(field("risk_level", T::Text, "风险等级"), {"high", "medium", "low"})),
                text("risk_type", "风险类型", 80),
                req(oneOf(field("monitoring_status", T::Text, "监测状态"), {"monitoring", "risk_eliminated"})),
                text("measures", "帮扶措施", 2000), field("last_visit", T::Date, "最近走访"),
                sensitive(text("head_name", "户主姓名", 40)), sensitive(text("id_number", "身份证号", 40)),
                sensitive(text("phone", "联系电话", 40))},
               {},
               "substr(village_code, 1, 9)"});
  return v;
}

}  // namespace

const std::vector<LayerSpec>& standardLayers() {
  static const std::vector<LayerSpec> specs = buildSpecs();
  return specs;
}

const LayerSpec* findStandardLayer(std::string_view name) {
  for (const LayerSpec& l : standardLayers()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const FieldSpec* findField(const LayerSpec& layer, std::string_view field) {
  for (const FieldSpec& f : layer.fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

const FieldSpec* findFieldByRole(const LayerSpec& layer, std::string_view role) {
  for (const FieldSpec& f : layer.fields) {
    if (!role.empty() && f.role == role) return &f;
  }
  return nullptr;
}

std::vector<std::string> tableChecks(const LayerSpec& layer) {
  std::vector<std::string> out;
  for (const CrossRule& r : layer.rules) {
    const std::string a = "\"" + r.field + "\"", b = "\"" + r.other + "\"";
    switch (r.kind) {
      case Kind::NotGreater:
        out.push_back(a + " <= " + b);
        break;
      case Kind::NotBefore:
        out.push_back(a + " IS NULL OR " + b + " IS NULL OR " + a + " >= " + b);
        break;
      case Kind::Within:
        out.push_back(a + " IS NULL OR substr(" + a + ", 1, length(" + b + ")) = " + b);
        break;
    }
  }
  return out;
}

const char* fieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::Integer:
      return "integer";
    case FieldType::Real:
      return "real";
    case FieldType::Date:
      return "date";
    case FieldType::Text:
      break;
  }
  return "text";
}

FieldType fieldTypeFromName(std::string_view name) {
  if (name == "integer") return FieldType::Integer;
  if (name == "real") return FieldType::Real;
  if (name == "date") return FieldType::Date;
  if (name == "text") return FieldType::Text;
  throw std::invalid_argument("unknown field type '" + std::string(name) + "' (integer, real, text, date)");
}

}  // namespace zhenmap::store
