// Builds the whole workload: the partition plus work teams, project sites, routes and households
// placed inside it; see workload_model.hpp.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "partition.hpp"
#include "measure.hpp"
#include "demo/random.hpp"

namespace zhenmap::bench {
namespace {

constexpr std::size_t kSites = 3000;
constexpr std::size_t kRoutes = 200;
constexpr std::size_t kRouteVertices = 120;

Geometry pointGeometry(Vec2 p) {
  Geometry g;
  g.kind = GeomKind::Point;
  g.points = {p};
  g.rings = {0, 1};
  return g;
}

std::string date(demo::SplitMix64& r, int year) {
  const auto month = r.between(1, 12), day = r.between(1, 28);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, static_cast<int>(month), static_cast<int>(day));
  return buf;
}

// A point in a random grid village, away from its edges and from an enclave.
std::pair<Vec2, const VillageCell*> randomPlace(demo::SplitMix64& r, const Partition& p) {
  const VillageCell& cell = p.cells[r.below(p.cells.size())];
  for (;;) {
    const double u = r.uniform(0.22, 0.78), v = r.uniform(0.22, 0.78);
    if (cell.hasHole && std::abs(u - 0.5) < 0.25 && std::abs(v - 0.5) < 0.25) continue;
    return {cellPoint(cell, u, v), &cell};
  }
}

std::string code(const Partition& p, const VillageCell& c, bool village) {
  const WorkLayer& l = village ? p.villages : p.townships;
  return std::get<std::string>(l.features[village ? c.feature : c.township].row.at("code"));
}

WorkLayer workTeams(const Partition& p) {
  WorkLayer teams{"work_teams", {}};
  for (std::size_t t = 0; t < p.townships.features.size(); ++t) {
    WorkFeature f{pointGeometry(p.townshipCentres[t]), {}};
    const auto& townCode = std::get<std::string>(p.townships.features[t].row.at("code"));
    f.row = {{"township_code", townCode}, {"name", "第" + std::to_string(t + 1) + "工作队"},
             {"assisting_units", std::string("样本帮扶单位")}, {"cadres", static_cast<std::int64_t>(3 + t % 6)}};
    teams.features.push_back(std::move(f));
  }
  return teams;
}

WorkLayer projectSites(demo::SplitMix64& r, const Partition& p) {
  static const char* const kProgrammes[] = {"county_library", "beautiful_town", "industry_assistance", "public_service", "other"};
  static const char* const kStatuses[] = {"planned", "started", "completed"};
  WorkLayer sites{"project_sites", {}};
  for (std::size_t k = 0; k < kSites; ++k) {
    auto [pt, cell] = randomPlace(r, p);
    const std::string status = kStatuses[r.below(3)];
    const double budget = std::round(r.uniform(10.0, 2000.0) * 10.0) / 10.0;
    WorkFeature f{pointGeometry(pt), {}};
    f.row = {{"name", "样本项目" + std::to_string(k + 1)}, {"programme", std::string(kProgrammes[r.below(5)])},
             {"status", status}, {"township_code", code(p, *cell, false)}, {"village_code", code(p, *cell, true)},
             {"budget_wan", budget}, {"funds_raised_wan", std::round(budget * r.uniform() * 10.0) / 10.0},
             {"team_id", static_cast<std::int64_t>(cell->township + 1)}, {"notes", std::string("合成数据")}};
    if (status != "planned") f.row["start_date"] = date(r, 2023);
    if (status == "completed") f.row["completion_date"] = date(r, 2025);
    sites.features.push_back(std::move(f));
  }
  return sites;
}

WorkLayer routes(demo::SplitMix64& r, const Partition& p) {
  static const char* const kKinds[] = {"scenic_belt", "street_facade", "greenway"};
  static const char* const kStatuses[] = {"planned", "started", "completed"};
  WorkLayer out{"scenic_routes", {}};
  for (std::size_t k = 0; k < kRoutes; ++k) {
    const std::size_t town = r.below(p.townships.features.size());
    const Box& box = p.townshipBoxes[town];
    const double step = std::min(box.width(), box.height()) / 40.0;
    Geometry g;
    g.kind = GeomKind::Line;
    Vec2 at{r.uniform(box.minX, box.maxX), r.uniform(box.minY, box.maxY)};
    double dx = r.uniform(-1.0, 1.0), dy = r.uniform(-1.0, 1.0);
    for (std::size_t v = 0; v < kRouteVertices; ++v) {
      g.points.push_back(at);
      dx += r.uniform(-0.4, 0.4);
      dy += r.uniform(-0.4, 0.4);
      const double n = std::sqrt(dx * dx + dy * dy) + 1e-12;
      dx /= n;
      dy /= n;
      if (at.x + dx * step < box.minX || at.x + dx * step > box.maxX) dx = -dx;
      if (at.y + dy * step < box.minY || at.y + dy * step > box.maxY) dy = -dy;
      at = {at.x + dx * step, at.y + dy * step};
    }
    g.rings = {0, static_cast<std::uint32_t>(g.points.size())};
    const double planned = geodesicLength(g.points) / 1000.0;
    const std::string status = kStatuses[r.below(3)];
    const double built = status == "planned" ? 0.0 : status == "completed" ? planned : std::floor(planned * r.uniform() * 1000.0) / 1000.0;
    WorkFeature f{std::move(g), {}};
    f.row = {{"name", "样本线路" + std::to_string(k + 1)}, {"kind", std::string(kKinds[r.below(3)])},
             {"township_code", std::get<std::string>(p.townships.features[town].row.at("code"))},
             {"planned_km", planned}, {"built_km", built}, {"status", status}};
    out.features.push_back(std::move(f));
  }
  return out;
}

WorkLayer households(demo::SplitMix64& r, const Partition& p, std::size_t count) {
  static const char* const kRisk[] = {"high", "medium", "low"};
  static const char* const kTypes[] = {"因病", "因学", "因残", "因灾", "务工不稳"};
  WorkLayer out{"households", {}};
  out.features.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    auto [pt, cell] = randomPlace(r, p);
    char id[32], phone[32];
    std::snprintf(id, sizeof id, "H%08zu", k + 1);
    std::snprintf(phone, sizeof phone, "000-%08zu", k + 1);
    WorkFeature f{pointGeometry(pt), {}};
    f.row = {{"household_id", std::string(id)}, {"village_code", code(p, *cell, true)},
             {"members", static_cast<std::int64_t>(r.between(1, 8))}, {"risk_level", std::string(kRisk[r.below(3)])},
             {"risk_type", std::string(kTypes[r.below(5)])},
             {"monitoring_status", std::string(r.below(4) == 0 ? "risk_eliminated" : "monitoring")},
             {"measures", std::string("合成数据:产业帮扶")}, {"last_visit", date(r, 2026)},
             {"head_name", "测试户主" + std::to_string(k + 1)}, {"id_number", "FAKE" + std::string(id)},
             {"phone", std::string(phone)}};
    out.features.push_back(std::move(f));
  }
  return out;
}

}  // namespace

SizeSpec sizeByName(const std::string& name) {
  if (name == "tiny") return {name, 40'000};
  if (name == "small") return {name, 400'000};
  if (name == "large") return {name, 10'000'000};
  if (name == "huge") return {name, 50'000'000};
  throw std::invalid_argument("unknown size '" + name + "' (tiny, small, large, huge)");
}

Workload generateWorkload(const WorkloadOptions& options) {
  Partition p = generatePartition(options.seed, options.targetPolygonVertices);
  demo::SplitMix64 r(options.seed ^ 0x5eed0f5172e5ULL);
  Workload w;
  w.polygonVertices = p.vertices;
  WorkLayer teams = workTeams(p);
  WorkLayer sites = projectSites(r, p);
  WorkLayer lines = routes(r, p);
  WorkLayer homes = households(r, p, options.households);
  w.layers.push_back(std::move(p.townships));
  w.layers.push_back(std::move(p.villages));
  w.layers.push_back(std::move(teams));
  w.layers.push_back(std::move(sites));
  w.layers.push_back(std::move(lines));
  w.layers.push_back(std::move(homes));
  return w;
}

const WorkLayer& findLayer(const Workload& w, const std::string& name) {
  for (const WorkLayer& l : w.layers) {
    if (l.name == name) return l;
  }
  throw std::out_of_range("no workload layer " + name);
}

}  // namespace zhenmap::bench
