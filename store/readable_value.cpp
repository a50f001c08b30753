// Readable attribute values; see readable_value.hpp.
#include "store/readable_value.hpp"

#include <algorithm>
#include <cstdio>

#include "store/project_store.hpp"
#include "store/schema.hpp"

namespace zhenmap::store {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// YYYY-MM-DD exactly.
bool isIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!isDigit(s[i])) return false;
  }
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// Fields holding another feature's NBS code (not the feature's own code).
bool isDivisionCodeField(std::string_view field) { return field == "township_code" || field == "village_code"; }

std::string textOf(const AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

}  // namespace

CodeNames CodeNames::fromLayers(const std::vector<std::shared_ptr<const LayerData>>& layers) {
  CodeNames out;
  for (const auto& layer : layers) {
    if (layer->name == "work_teams") {
      for (std::size_t i = 0; i < layer->fields.size(); ++i) {
        if (layer->fields[i].name != "name") continue;
        for (const zhenmap::Feature& f : layer->features) {
          if (i < f.attributes.size()) out.addTeam(f.fid, textOf(f.attributes[i]));
        }
      }
      continue;
    }
    if (layer->name != "townships" && layer->name != "villages") continue;
    int code = -1, name = -1;
    for (std::size_t i = 0; i < layer->fields.size(); ++i) {
      if (layer->fields[i].name == "code") code = static_cast<int>(i);
      if (layer->fields[i].name == "name") name = static_cast<int>(i);
    }
    if (code < 0 || name < 0) continue;
    for (const zhenmap::Feature& f : layer->features) {
      if (f.attributes.size() <= static_cast<std::size_t>(std::max(code, name))) continue;
      std::string c = textOf(f.attributes[static_cast<std::size_t>(code)]);
      if (!c.empty()) out.add(std::move(c), textOf(f.attributes[static_cast<std::size_t>(name)]));
    }
  }
  return out;
}

CodeNames CodeNames::fromProject(ProjectStore& store) {
  CodeNames out;
  // Through the store, so that a server project (PostGIS) works the same as a file.
  for (const char* table : {"townships", "villages"}) {
    const LayerSpec* found = store.findLayer(table);
    if (!found || !findField(*found, "code") || !findField(*found, "name")) continue;  // a project without them
    const LayerSpec& spec = *found;
    const auto codeAt = static_cast<std::size_t>(findField(spec, "code") - spec.fields.data());
    const auto nameAt = static_cast<std::size_t>(findField(spec, "name") - spec.fields.data());
    store.forEachRow(table, [&](std::int64_t, std::int64_t, const std::vector<Value>& values) {
      const Value& code = values[codeAt];
      const Value& name = values[nameAt];
      if (std::holds_alternative<std::string>(code) && std::holds_alternative<std::string>(name)) {
        out.add(std::get<std::string>(code), std::get<std::string>(name));
      }
    });
  }
  return out;
}

const std::string* CodeNames::nameOf(std::string_view code) const {
  const auto it = m_names.find(std::string(code));
  return it == m_names.end() ? nullptr : &it->second;
}

const std::string* CodeNames::teamName(std::int64_t id) const {
  const auto it = m_teams.find(id);
  return it == m_teams.end() ? nullptr : &it->second;
}

std::string readableDate(std::string_view iso, LabelLanguage language) {
  if (!isIsoDate(iso)) return std::string(iso);
  if (language == LabelLanguage::English) return std::string(iso);
  return std::to_string(number(iso.substr(0, 4))) + "年" + std::to_string(number(iso.substr(5, 2))) + "月" +
         std::to_string(number(iso.substr(8, 2))) + "日";
}

std::string readableValue(std::string_view layer, std::string_view field, const AttributeValue& value,
                          zhenmap::FieldType type, LabelLanguage language, const CodeNames* names) {
  if (isNull(value)) return {};
  const LayerSpec* spec = findLayer(layer);
  const FieldSpec* fieldSpec = spec ? findField(*spec, field) : nullptr;
  if (const auto* d = std::get_if<double>(&value)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", *d);  // 12.3 rather than 12.300000000000001
    return buf;
  }
  if (const auto* s = std::get_if<std::string>(&value)) {
    if (fieldSpec && !fieldSpec->oneOf.empty()) return valueLabel(field, *s, language);
    if ((fieldSpec && fieldSpec->type == store::FieldType::Date) || type == zhenmap::FieldType::Date) {
      return readableDate(*s, language);
    }
    if (names && isDivisionCodeField(field)) {
      if (const std::string* name = names->nameOf(*s)) return *s + " " + *name;
    }
    return *s;
  }
  if (const auto* id = std::get_if<std::int64_t>(&value); id && names && field == "team_id") {
    if (const std::string* team = names->teamName(*id)) return *team + " (#" + std::to_string(*id) + ")";
  }
  if (const auto* dt = std::get_if<DateTime>(&value); dt && type == zhenmap::FieldType::Date) {
    return readableDate(toDisplayString(value, type), language);
  }
  return toDisplayString(value, type);
}

}  // namespace zhenmap::store
