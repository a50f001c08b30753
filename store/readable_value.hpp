// Attribute values as a planner reads them, for identify and tables: enum codes as labels
// ("started" -> "已开工"), dates spelled out ("2024年5月1日" / "2024-05-01"), township and village
// codes with their names ("445222106 灰寨镇"), numbers without float noise. Uses the project
// schema when the layer is a project layer; other layers get the plain display text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attributes.hpp"
#include "layer.hpp"
#include "store/value_labels.hpp"

namespace zhenmap::store {

class ProjectStore;

// Names of townships and villages by their NBS code (and of work teams by id).
class CodeNames {
 public:
  void add(std::string code, std::string name) { m_names.emplace(std::move(code), std::move(name)); }
  // From loaded layers named `townships` and `villages` that have `code` and `name` fields, and
  // the teams of a `work_teams` layer with a `name` field (by feature id).
  static CodeNames fromLayers(const std::vector<std::shared_ptr<const LayerData>>& layers);
  // From a project's townships and villages tables.
  static CodeNames fromProject(ProjectStore& store);
  // nullptr when the code is unknown.
  const std::string* nameOf(std::string_view code) const;
  std::size_t size() const { return m_names.size(); }
  // Work teams by id (from a loaded `work_teams` layer): `team_id` values read as the team's name.
  void addTeam(std::int64_t id, std::string name) { m_teams.emplace(id, std::move(name)); }
  const std::string* teamName(std::int64_t id) const;

 private:
  std::unordered_map<std::string, std::string> m_names;
  std::unordered_map<std::int64_t, std::string> m_teams;
};

// "2024年5月1日" (Chinese) or "2024-05-01" (English) for an ISO date text; other text unchanged.
std::string readableDate(std::string_view iso, LabelLanguage language);

// The readable text of one attribute value of `layer`.`field`. A `team_id` whose team `names`
// knows reads "name (#id)". `type` is the value's type as the
// source declared it; `names` may be null. NULL is "".
std::string readableValue(std::string_view layer, std::string_view field, const AttributeValue& value,
                          zhenmap::FieldType type, LabelLanguage language, const CodeNames* names);

}  // namespace zhenmap::store
