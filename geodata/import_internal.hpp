// Pieces of the import planner (import_plan.cpp): converting one value to a target field's type
// and domain, and one geometry to the target's kind and CRS. Internal to the planner and its tests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "gdal_handles.hpp"
#include "import_plan.hpp"

namespace zhenmap {

struct Converted {
  AttributeValue value;
  std::string code;  // "" when it converted
  std::string message;
  bool ok() const { return code.empty(); }
};

class ValueConverter {
 public:
  explicit ValueConverter(const PlanOptions& options) : m_options(options) {}
  // The value as the target field stores it, or why not (never quoting a sensitive value).
  Converted operator()(const AttributeValue& value, const TargetField& field);
  // Domain texts mapped so far, with how many rows each.
  std::vector<ValueMapping> mappings() const;

 private:
  Converted text(const std::string& s, const TargetField& f);
  Converted domain(const std::string& s, const TargetField& f);
  const PlanOptions& m_options;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> m_used;  // field, text, code
};

// Built-in words for the store's status codes (在建 -> started, ...); empty for other codes.
const std::vector<std::string>& synonymsOf(const std::string& code);

class GeometryPlanner {
 public:
  // Throws DataError when the source has geometry but no CRS; CrsError when PROJ has no way.
  GeometryPlanner(const FeatureTable& source, const TargetLayer& target);
  // ISO WKB of the target's kind in its CRS, or nullopt with `why` (code and message) set.
  std::optional<std::string> convert(const std::string& wkb, RowIssue& why) const;
  const std::string& note() const { return m_note; }

 private:
  OGRwkbGeometryType m_target;
  gdal::Srs m_from, m_to;
  gdal::CoordTransform m_transform;
  std::string m_note;
};

}  // namespace zhenmap
