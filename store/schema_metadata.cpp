// Layer descriptions in the metadata tables; see schema_metadata.hpp.
#include "store/schema_metadata.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>

#include "errors.hpp"
#include "store/database.hpp"

namespace zhenmap::store {

namespace {

const char* ruleName(CrossRule::Kind k) {
  switch (k) {
    case CrossRule::Kind::NotGreater:
      return "not_greater";
    case CrossRule::Kind::NotBefore:
      return "not_before";
    case CrossRule::Kind::Within:
      return "within";
  }
  return "";
}

CrossRule::Kind ruleKind(const std::string& name) {
  if (name == "not_greater") return CrossRule::Kind::NotGreater;
  if (name == "not_before") return CrossRule::Kind::NotBefore;
  if (name == "within") return CrossRule::Kind::Within;
  throw std::invalid_argument("unknown rule '" + name + "'");
}

Value optionalNumber(const std::optional<double>& d) { return d ? Value{*d} : Value{}; }
Value optionalText(const std::string& s) { return s.empty() ? Value{} : Value{s}; }

FieldSpec readField(const std::vector<Value>& r) {
  FieldSpec f;
  f.name = asText(r[1]);
  f.aliasZh = asText(r[2]);
  f.type = fieldTypeFromName(asText(r[3]));
  f.required = asInteger(r[4]) != 0;
  f.sensitive = asInteger(r[5]) != 0;
  f.unique = asInteger(r[6]) != 0;
  if (!isNull(r[7])) {
    for (const auto& d : nlohmann::json::parse(asText(r[7]))) {
      f.domain.push_back({d.at("value").get<std::string>(), d.value("zh", ""), d.value("en", "")});
      f.oneOf.push_back(f.domain.back().value);
    }
  }
  if (!isNull(r[8])) f.min = asReal(r[8]);
  if (!isNull(r[9])) f.max = asReal(r[9]);
  f.digits = static_cast<int>(asInteger(r[10]));
  f.maxLength = static_cast<std::size_t>(asInteger(r[11]));
  f.references = asText(r[12]);
  if (!isNull(r[13])) f.defaultValue = asText(r[13]);
  f.role = asText(r[14]);
  return f;
}

}  // namespace

std::string domainJson(const std::vector<DomainValue>& domain) {
  nlohmann::json j = nlohmann::json::array();
  for (const DomainValue& d : domain) j.push_back({{"value", d.value}, {"zh", d.labelZh}, {"en", d.labelEn}});
  return j.dump();
}

std::string rulesJson(const std::vector<CrossRule>& rules) {
  nlohmann::json j = nlohmann::json::array();
  for (const CrossRule& r : rules) j.push_back({{"rule", ruleName(r.kind)}, {"field", r.field}, {"other", r.other}});
  return j.dump();
}

void writeLayerMetadata(Database& db, const LayerSpec& layer, int position) {
  Statement l = db.prepare(
      "INSERT INTO layer_metadata (layer, title_zh, geometry_type, position, rules, township_expression) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (layer) DO UPDATE SET geometry_type = excluded.geometry_type, "
      "position = excluded.position, rules = excluded.rules, township_expression = excluded.township_expression");
  l.bind(1, Value{layer.name}).bind(2, Value{layer.titleZh}).bind(3, Value{layer.geometryType});
  l.bindInt(4, position).bind(5, Value{rulesJson(layer.rules)}).bind(6, optionalText(layer.townshipExpression)).run();
  Statement f = db.prepare(
      "INSERT INTO field_metadata (layer, field, alias_zh, type, required, sensitive, position, is_unique, domain, "
      "min_value, max_value, digits, max_length, ref, default_value, role) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (layer, field) DO UPDATE SET "
      "type = excluded.type, required = excluded.required, sensitive = excluded.sensitive, "
      "position = excluded.position, is_unique = excluded.is_unique, domain = excluded.domain, "
      "min_value = excluded.min_value, max_value = excluded.max_value, digits = excluded.digits, "
      "max_length = excluded.max_length, ref = excluded.ref, default_value = excluded.default_value, "
      "role = excluded.role");
  std::int64_t n = 0;
  for (const FieldSpec& s : layer.fields) {
    f.bind(1, Value{layer.name}).bind(2, Value{s.name}).bind(3, Value{s.aliasZh});
    f.bind(4, Value{std::string(fieldTypeName(s.type))}).bindInt(5, s.required).bindInt(6, s.sensitive);
    f.bindInt(7, n++).bindInt(8, s.unique).bind(9, s.domain.empty() ? Value{} : Value{domainJson(s.domain)});
    f.bind(10, optionalNumber(s.min)).bind(11, optionalNumber(s.max)).bindInt(12, s.digits);
    f.bindInt(13, static_cast<std::int64_t>(s.maxLength)).bind(14, optionalText(s.references));
    f.bind(15, s.defaultValue ? Value{*s.defaultValue} : Value{}).bind(16, optionalText(s.role)).run();
  }
}

std::vector<LayerSpec> readLayerSpecs(const MetadataQuery& query) {
  std::vector<LayerSpec> layers;
  std::map<std::string, std::size_t> index;
  try {
    query(
        "SELECT layer, title_zh, geometry_type, rules, township_expression FROM layer_metadata "
        "ORDER BY coalesce(position, 1000000), layer",
        {}, [&](const std::vector<Value>& r) {
          LayerSpec l;
          l.name = asText(r[0]);
          l.titleZh = asText(r[1]);
          l.geometryType = asText(r[2]);
          if (!isNull(r[3])) {
            for (const auto& j : nlohmann::json::parse(asText(r[3]))) {
              l.rules.push_back({ruleKind(j.at("rule").get<std::string>()), j.at("field").get<std::string>(),
                                 j.at("other").get<std::string>()});
            }
          }
          l.townshipExpression = asText(r[4]);
          index[l.name] = layers.size();
          layers.push_back(std::move(l));
        });
    query(
        "SELECT layer, field, alias_zh, type, required, sensitive, is_unique, domain, min_value, max_value, digits, "
        "max_length, ref, default_value, role FROM field_metadata ORDER BY layer, coalesce(position, 1000000), field",
        {}, [&](const std::vector<Value>& r) {
          auto it = index.find(asText(r[0]));
          if (it != index.end()) layers[it->second].fields.push_back(readField(r));
        });
  } catch (const nlohmann::json::exception& e) {
    throw DataError(std::string("the project's layer descriptions cannot be read: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw DataError(std::string("the project's layer descriptions cannot be read: ") + e.what());
  }
  return layers;
}

std::vector<LayerSpec> readLayerSpecs(Database& db) {
  return readLayerSpecs([&db](const std::string& sql, const std::vector<Value>& params,
                              const std::function<void(const std::vector<Value>&)>& fn) {
    Statement s = db.prepare(sql);
    for (std::size_t i = 0; i < params.size(); ++i) s.bind(static_cast<int>(i) + 1, params[i]);
    std::vector<Value> row;
    while (s.step()) {
      row.resize(static_cast<std::size_t>(s.columnCount()));
      for (int c = 0; c < s.columnCount(); ++c) row[static_cast<std::size_t>(c)] = s.getValue(c);
      fn(row);
    }
  });
}

}  // namespace zhenmap::store
