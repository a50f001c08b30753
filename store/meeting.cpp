// Meeting mode's data; see meeting.hpp.
#include "store/meeting.hpp"

#include <nlohmann/json.hpp>

#include "store/database.hpp"

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

std::vector<Slide> readSlides(Database& db) {
  Statement s = db.prepare(
      "SELECT s.id, s.position, s.title, coalesce(s.visible_layers, ''), coalesce(s.notes, ''), s.filters, "
      "b.name, b.min_lon, b.min_lat, b.max_lon, b.max_lat FROM slides s LEFT JOIN bookmarks b ON b.id = s.bookmark_id "
      "ORDER BY s.position");
  std::vector<Slide> out;
  while (s.step()) {
    Slide slide;
    slide.id = s.getInt(0);
    slide.position = s.getInt(1);
    slide.title = s.getText(2);
    slide.visibleLayers = splitList(s.getText(3));
    slide.notes = s.getText(4);
    if (!s.isNull(5)) {
      slide.filters = parseSlideFilters(s.getText(5), {db.path(), "slides", slide.id});
    }
    if (!s.isNull(6)) {
      slide.bookmark = s.getText(6);
      slide.extent = Box{s.getDouble(7), s.getDouble(8), s.getDouble(9), s.getDouble(10)};
    }
    out.push_back(std::move(slide));
  }
  return out;
}

std::vector<Change> changesSince(Database& db, const std::string& sinceIso) {
  Statement s = db.prepare(
      "SELECT layer, feature_id, field, coalesce(old_value, 'NULL'), coalesce(new_value, 'NULL'), time, user, "
      "context IS 'presentation' FROM audit_log WHERE time >= ? AND ("
      "(layer = 'scenic_routes' AND field IN ('built_km', 'planned_km', 'status')) OR "
      "(layer = 'project_sites' AND field IN ('status', 'start_date', 'completion_date'))) "
      "ORDER BY time DESC, id DESC");
  s.bind(1, sinceIso);
  std::vector<Change> out;
  while (s.step()) {
    out.push_back({s.getText(0), s.getInt(1), s.getText(2), s.getText(3), s.getText(4), s.getText(5), s.getText(6),
                   s.getInt(7) != 0});
  }
  return out;
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

namespace {

// Runs a count query whose columns are code, name, township code, households, members, x, y.
std::vector<VillageCount> readCounts(Database& db, const char* sql) {
  Statement s = db.prepare(sql);
  std::vector<VillageCount> out;
  while (s.step()) {
    out.push_back({s.getText(0), s.getText(1), s.getText(2), s.getInt(3), static_cast<std::int64_t>(s.getDouble(4)),
                   Vec2{s.getDouble(5), s.getDouble(6)}});
  }
  return out;
}

}  // namespace

std::vector<VillageCount> householdCountsByVillage(Database& db) {
  return readCounts(db,
                    "SELECT v.code, v.name, v.township_code, count(*), total(h.members), X(PointOnSurface(v.geom)), "
                    "Y(PointOnSurface(v.geom)) FROM households h JOIN villages v ON v.code = h.village_code "
                    "GROUP BY v.code ORDER BY v.code");
}

std::vector<VillageCount> householdCountsByTownship(Database& db) {
  return readCounts(db,
                    "SELECT t.code, t.name, t.code, count(*), total(h.members), X(PointOnSurface(t.geom)), "
                    "Y(PointOnSurface(t.geom)) FROM households h JOIN villages v ON v.code = h.village_code "
                    "JOIN townships t ON t.code = v.township_code GROUP BY t.code ORDER BY t.code");
}

}  // namespace zhenmap::store
