// Meeting mode's data; see meeting.hpp.
#include "store/meeting.hpp"

#include <nlohmann/json.hpp>

namespace zhenmap::store {

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t comma = s.find(',', start);
    const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::map<std::string, std::string> parseSlideFilters(const std::string& json, const DataError::Context& where) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) throw DataError("slide filters must be a JSON object", where);
  std::map<std::string, std::string> filters;
  for (const auto& [layer, expr] : j.items()) {
    if (!expr.is_string()) throw DataError("slide filter must be a string", where);
    filters[layer] = expr.get<std::string>();
  }
  return filters;
}

std::vector<DashboardChart> buildDashboard(const ProjectStats& stats) {
  std::vector<DashboardChart> charts;
  DashboardChart kinds{"route_kinds", "km", true, {}, {}};
  for (const auto& [kind, k] : stats.routeKinds) {
    DashboardBar b;
    b.key = b.label = kind;
    b.value = k.builtKm;
    b.total = k.plannedKm;
    b.filterLayer = "scenic_routes";
    b.filterExpression = "kind = '" + kind + "'";
    kinds.bars.push_back(std::move(b));
  }
  charts.push_back(std::move(kinds));

  DashboardChart towns{"route_townships", "km", true, {}, {}};
  for (const auto& [code, t] : stats.routesByTownship) {
    DashboardBar b;
    b.key = b.townshipCode = code;
    b.label = t.name;
    for (const auto& [kind, k] : t.byKind) {
      b.value += k.builtKm;
      b.total += k.plannedKm;
    }
    b.filterLayer = "scenic_routes";
    b.filterExpression = "township_code = '" + code + "'";
    towns.bars.push_back(std::move(b));
  }
  charts.push_back(std::move(towns));

  DashboardChart programmes{"programmes", "", false, {"planned", "started", "completed"}, {}};
  for (const auto& [name, p] : stats.programmes) {
    DashboardBar b;
    b.key = b.label = name;
    b.value = static_cast<double>(p.total);
    for (const std::string& status : programmes.segmentKeys) {
      const auto it = p.byStatus.find(status);
      b.segments.push_back(it == p.byStatus.end() ? 0.0 : static_cast<double>(it->second));
    }
    b.filterLayer = "project_sites";
    b.filterExpression = "programme = '" + name + "'";
    programmes.bars.push_back(std::move(b));
  }
  charts.push_back(std::move(programmes));

  DashboardChart households{"household_townships", "", false, {"high", "medium", "low"}, {}};
  for (const auto& [code, t] : stats.householdsByTownship) {
    DashboardBar b;
    b.key = b.townshipCode = code;
    b.label = t.name;
    for (const std::string& risk : households.segmentKeys) {
      const auto it = t.byRisk.find(risk);
      const double n = it == t.byRisk.end() ? 0.0 : static_cast<double>(it->second.households);
      b.segments.push_back(n);
      b.value += n;
    }
    households.bars.push_back(std::move(b));
  }
  charts.push_back(std::move(households));
  return charts;
}

}  // namespace zhenmap::store
