// The import planner; see import_plan.hpp. Value conversion lives in import_values.cpp, the
// geometry conversion in import_geometry.cpp, the report text in import_report.cpp.
#include "import_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "errors.hpp"
#include "import_internal.hpp"
#include "sheet_header.hpp"

namespace zhenmap {

namespace {

// Which source field fills which target field: explicit SRC=DST first, then equal names, then
// aliases (normalised: case, spaces, full-width forms and a bracketed unit do not matter).
std::vector<int> mapFields(const FeatureTable& src, const TargetLayer& target, const PlanOptions& o, ImportPlan& plan) {
  std::vector<int> forTarget(target.fields.size(), -1);
  std::vector<bool> used(src.fields.size(), false);
  const auto targetIndex = [&](const std::string& name) {
    for (std::size_t t = 0; t < target.fields.size(); ++t) {
      if (target.fields[t].name == name) return static_cast<int>(t);
    }
    return -1;
  };
  const auto assign = [&](int s, int t, const std::string& how) {
    forTarget[static_cast<std::size_t>(t)] = s;
    used[static_cast<std::size_t>(s)] = true;
    plan.mappings.push_back(
        {s, src.fields[static_cast<std::size_t>(s)].name, target.fields[static_cast<std::size_t>(t)].name, how});
  };
  for (const auto& [from, to] : o.fieldMap) {
    const int s = fieldIndex(src.fields, from);
    if (s < 0)
      throw DataError("the mapping " + from + "=" + to + " names no source field '" + from + "'",
                      {src.source, src.layer, {}});
    if (to.empty()) {
      used[static_cast<std::size_t>(s)] = true;  // left out on purpose
      continue;
    }
    const int t = targetIndex(to);
    if (t < 0)
      throw DataError("the mapping " + from + "=" + to + " names no field '" + to + "' of " + target.name,
                      {src.source, src.layer, {}});
    assign(s, t, "given");
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t t = 0; t < target.fields.size(); ++t) {
      if (forTarget[t] >= 0) continue;
      const TargetField& f = target.fields[t];
      std::vector<std::string> names;
      if (pass == 0) {
        names = {f.name};
      } else {
        names = f.aliases;
        if (!f.alias.empty()) names.insert(names.begin(), f.alias);
      }
      for (std::size_t s = 0; s < src.fields.size() && forTarget[t] < 0; ++s) {
        if (used[s]) continue;
        const std::string n = normalizeHeaderName(src.fields[s].name);
        for (const std::string& name : names) {
          if (n == normalizeHeaderName(name)) {
            assign(static_cast<int>(s), static_cast<int>(t), pass == 0 ? "name" : "alias");
            break;
          }
        }
      }
    }
  }
  for (std::size_t s = 0; s < src.fields.size(); ++s) {
    if (!used[s]) plan.unmappedSource.push_back(src.fields[s].name);
  }
  for (std::size_t t = 0; t < target.fields.size(); ++t) {
    if (forTarget[t] >= 0 || o.defaults.count(target.fields[t].name)) continue;
    plan.emptyTarget.push_back(target.fields[t].name);
    if (target.fields[t].required) plan.missingRequired.push_back(target.fields[t].name);
  }
  return forTarget;
}

std::string keyText(const AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return "s:" + *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return "i:" + std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return "d:" + std::to_string(*d);
  return {};
}

}  // namespace

std::size_t ImportPlan::rejectedRows() const {
  std::set<std::int64_t> rows;
  for (const RowIssue& r : rejects) rows.insert(r.row);
  return rows.size();
}

namespace {

// One source row converted, field by field; its problems go to `issues`.
PlannedRow planRow(const TableRow& row, const FeatureTable& src, const TargetLayer& target,
                   const std::vector<int>& forTarget, const PlanOptions& o, const GeometryPlanner* geometry,
                   ValueConverter& convert, std::vector<RowIssue>& issues) {
  PlannedRow out;
  out.sourceRow = row.sourceRow;
  out.fid = row.fid;
  if (geometry) {
    RowIssue why;
    if (auto wkb = geometry->convert(row.wkb, why)) {
      out.wkb = std::move(*wkb);
    } else {
      why.row = row.sourceRow;
      issues.push_back(why);
    }
  }
  for (std::size_t t = 0; t < target.fields.size(); ++t) {
    const TargetField& f = target.fields[t];
    const int s = forTarget[t];
    AttributeValue v = s >= 0 ? row.values[static_cast<std::size_t>(s)] : AttributeValue{};
    if (isNull(v)) {
      if (const auto d = o.defaults.find(f.name); d != o.defaults.end()) v = d->second;
    }
    const std::string sourceName = s >= 0 ? src.fields[static_cast<std::size_t>(s)].name : f.name;
    Converted c = convert(v, f);
    if (!c.ok()) {
      issues.push_back({row.sourceRow, sourceName, c.code, c.message});
      out.values.emplace_back(std::monostate{});
      continue;
    }
    if (isNull(c.value) && f.required) {
      issues.push_back({row.sourceRow, sourceName, "required",
                        f.name + (f.alias.empty() ? "" : " (" + f.alias + ")") + " is required" +
                            (s < 0 ? " and no column fills it" : " and the cell is empty")});
    }
    out.values.push_back(std::move(c.value));
  }
  return out;
}

int targetIndexOf(const TargetLayer& target, const std::string& name) {
  for (std::size_t t = 0; t < target.fields.size(); ++t) {
    if (target.fields[t].name == name) return static_cast<int>(t);
  }
  return -1;
}

}  // namespace

ImportPlan planImport(const FeatureTable& src, const TargetLayer& target, const PlanOptions& o) {
  const DataError::Context where{src.source, src.layer, {}};
  ImportPlan plan;
  plan.source = src.source;
  plan.sourceLayer = src.layer;
  plan.targetLayer = target.name;
  plan.rowLabel = src.rowLabel;
  plan.notes = src.notes;
  plan.rejects = src.rejects;
  plan.flags = src.flags;
  std::set<std::int64_t> readerRejected;
  for (const RowIssue& r : src.rejects) readerRejected.insert(r.row);
  plan.sourceRows = src.rows.size() + readerRejected.size();
  for (const auto& [field, value] : o.defaults) {
    if (targetIndexOf(target, field) < 0)
      throw DataError("the value for '" + field + "' names no field of " + target.name, where);
  }
  const std::vector<int> forTarget = mapFields(src, target, o, plan);
  const int keyIndex = o.keyField.empty() ? -1 : targetIndexOf(target, o.keyField);
  if (!o.keyField.empty() && keyIndex < 0) {
    throw DataError("the key field '" + o.keyField + "' is not a field of " + target.name, where);
  }
  std::optional<GeometryPlanner> geometry;
  if (target.geometry != wkbNone) geometry.emplace(src, target);
  if (geometry && !geometry->note().empty()) plan.notes.push_back(geometry->note());
  ValueConverter convert(o);
  std::map<std::string, std::int64_t> keys;  // key text -> the row that has it first
  for (const TableRow& row : src.rows) {
    std::vector<RowIssue> issues;
    PlannedRow out = planRow(row, src, target, forTarget, o, geometry ? &*geometry : nullptr, convert, issues);
    if (keyIndex >= 0 && issues.empty()) {
      const std::string k = keyText(out.values[static_cast<std::size_t>(keyIndex)]);
      if (!k.empty()) {
        auto [it, fresh] = keys.emplace(k, row.sourceRow);
        if (!fresh) {
          issues.push_back({row.sourceRow, o.keyField, "duplicate_key",
                            "the key " + o.keyField + " repeats " + src.rowLabel + " " + std::to_string(it->second)});
        }
      }
    }
    if (!issues.empty()) {
      plan.rejects.insert(plan.rejects.end(), issues.begin(), issues.end());
      continue;
    }
    plan.rows.push_back(std::move(out));
  }
  plan.valueMappings = convert.mappings();
  std::stable_sort(plan.rejects.begin(), plan.rejects.end(),
                   [](const RowIssue& a, const RowIssue& b) { return a.row < b.row; });
  return plan;
}

}  // namespace zhenmap
