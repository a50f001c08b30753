// Project statistics; see stats.hpp.
#include "store/stats.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>

#include "store/project_store.hpp"

namespace zhenmap::store {

namespace {

double roundKm(double km) { return std::round(km * 1000.0) / 1000.0; }
double roundWan(double wan) { return std::round(wan * 10.0) / 10.0; }

nlohmann::json kmJson(const KmStats& k) {
  return {{"routes", k.routes}, {"planned_km", k.plannedKm}, {"built_km", k.builtKm}};
}

nlohmann::json countJson(const HouseholdCount& c) { return {{"households", c.households}, {"members", c.members}}; }

std::string format(const char* fmt, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace

namespace {

// Runs one query and calls back per row (the file's connection or the store on either engine).
using QueryRows = std::function<void(const std::string& sql, const ProjectStore::QueryRowFn& fn)>;

// The statistics from SQL both engines accept (sums of no rows are 0).
ProjectStats computeWith(const QueryRows& rows) {
  ProjectStats s;
  rows(
      "SELECT programme, status, count(*), coalesce(sum(funds_raised_wan), 0) FROM project_sites "
      "GROUP BY programme, status",
      [&](const std::vector<Value>& p) {
        ProgrammeStats& ps = s.programmes[asText(p[0])];
        ps.byStatus[asText(p[1])] = asInteger(p[2]);
        ps.total += asInteger(p[2]);
        ps.fundsRaisedWan += asReal(p[3]);
      });
  for (auto& [name, ps] : s.programmes) ps.fundsRaisedWan = roundWan(ps.fundsRaisedWan);
  rows(
      "SELECT r.kind, r.township_code, t.name, count(*), coalesce(sum(r.planned_km), 0), "
      "coalesce(sum(r.built_km), 0) FROM scenic_routes r JOIN townships t ON t.code = r.township_code "
      "GROUP BY r.kind, r.township_code, t.name",
      [&](const std::vector<Value>& r) {
        KmStats k{asInteger(r[3]), asReal(r[4]), asReal(r[5])};
        KmStats& total = s.routeKinds[asText(r[0])];
        total.routes += k.routes;
        total.plannedKm += k.plannedKm;
        total.builtKm += k.builtKm;
        TownshipRoutes& t = s.routesByTownship[asText(r[1])];
        t.name = asText(r[2]);
        t.byKind[asText(r[0])] = {k.routes, roundKm(k.plannedKm), roundKm(k.builtKm)};
      });
  for (auto& [kind, k] : s.routeKinds) k = {k.routes, roundKm(k.plannedKm), roundKm(k.builtKm)};
  rows(
      "SELECT t.code, t.name, h.risk_level, count(*), coalesce(sum(h.members), 0) FROM households h "
      "JOIN villages v ON v.code = h.village_code JOIN townships t ON t.code = v.township_code "
      "GROUP BY t.code, t.name, h.risk_level",
      [&](const std::vector<Value>& h) {
        const HouseholdCount c{asInteger(h[3]), asInteger(h[4])};
        TownshipHouseholds& t = s.householdsByTownship[asText(h[0])];
        t.name = asText(h[1]);
        t.byRisk[asText(h[2])] = c;
        HouseholdCount& risk = s.householdsByRisk[asText(h[2])];
        risk.households += c.households;
        risk.members += c.members;
        s.householdTotal.households += c.households;
        s.householdTotal.members += c.members;
      });
  rows("SELECT count(*), coalesce(sum(cadres), 0) FROM work_teams", [&](const std::vector<Value>& w) {
    s.workTeams = asInteger(w[0]);
    s.cadres = asInteger(w[1]);
  });
  return s;
}

}  // namespace

ProjectStats computeStats(ProjectStore& project) {
  ProjectStats stats;
  project.readSnapshot([&] {
    stats = computeWith([&](const std::string& sql, const ProjectStore::QueryRowFn& fn) { project.query(sql, {}, fn); });
  });
  return stats;
}

std::string statsJson(const ProjectStats& s) {
  nlohmann::json j;
  j["projects"] = nlohmann::json::object();
  for (const auto& [name, p] : s.programmes) {
    nlohmann::json pj = {{"total", p.total}, {"funds_raised_wan", p.fundsRaisedWan}};
    for (const char* status : {"planned", "started", "completed"}) {
      auto it = p.byStatus.find(status);
      pj[status] = it == p.byStatus.end() ? 0 : it->second;
    }
    j["projects"][name] = pj;
  }
  j["routes"] = nlohmann::json::object();
  for (const auto& [kind, k] : s.routeKinds) j["routes"][kind] = kmJson(k);
  j["routes_by_township"] = nlohmann::json::object();
  for (const auto& [code, t] : s.routesByTownship) {
    nlohmann::json tj = {{"name", t.name}};
    for (const auto& [kind, k] : t.byKind) tj[kind] = kmJson(k);
    j["routes_by_township"][code] = tj;
  }
  j["households"] = countJson(s.householdTotal);
  for (const auto& [risk, c] : s.householdsByRisk) j["households"]["by_risk"][risk] = countJson(c);
  j["households_by_township"] = nlohmann::json::object();
  for (const auto& [code, t] : s.householdsByTownship) {
    nlohmann::json tj = {{"name", t.name}};
    for (const auto& [risk, c] : t.byRisk) tj[risk] = countJson(c);
    j["households_by_township"][code] = tj;
  }
  j["work_teams"] = {{"teams", s.workTeams}, {"cadres", s.cadres}};
  return j.dump(2) + "\n";
}

std::string statsText(const ProjectStats& s) {
  std::string out = "Projects by programme and status\n";
  out +=
      format("  %-22s %8s %8s %8s %10s %14s\n", "programme", "planned", "started", "completed", "total", "funds(万元)");
  for (const auto& [name, p] : s.programmes) {
    const ProgrammeStats& programme = p;  // clang 14 cannot capture a structured binding
    const auto get = [&programme](const char* k) {
      auto it = programme.byStatus.find(k);
      return static_cast<long long>(it == programme.byStatus.end() ? 0 : it->second);
    };
    out += format("  %-22s %8lld %8lld %8lld %10lld %14.1f\n", name.c_str(), get("planned"), get("started"),
                  get("completed"), static_cast<long long>(p.total), p.fundsRaisedWan);
  }
  out += "\nRoutes by kind (km)\n";
  for (const auto& [kind, k] : s.routeKinds) {
    out += format("  %-22s %5lld routes  planned %9.3f  built %9.3f\n", kind.c_str(), static_cast<long long>(k.routes),
                  k.plannedKm, k.builtKm);
  }
  out += "\nRoutes by township (km)\n";
  for (const auto& [code, t] : s.routesByTownship) {
    for (const auto& [kind, k] : t.byKind) {
      out += format("  %s %-12s %-14s planned %8.3f  built %8.3f\n", code.c_str(), t.name.c_str(), kind.c_str(),
                    k.plannedKm, k.builtKm);
    }
  }
  out += format("\nMonitored households: %lld households, %lld members\n",
                static_cast<long long>(s.householdTotal.households), static_cast<long long>(s.householdTotal.members));
  for (const auto& [risk, c] : s.householdsByRisk) {
    out += format("  %-8s %5lld households %6lld members\n", risk.c_str(), static_cast<long long>(c.households),
                  static_cast<long long>(c.members));
  }
  out += "\nHouseholds by township and risk level (households/members)\n";
  for (const auto& [code, t] : s.householdsByTownship) {
    std::string line = format("  %s %-12s", code.c_str(), t.name.c_str());
    for (const auto& [risk, c] : t.byRisk) {
      line += format("  %s %lld/%lld", risk.c_str(), static_cast<long long>(c.households),
                     static_cast<long long>(c.members));
    }
    out += line + "\n";
  }
  out += format("\nWork teams: %lld teams, %lld cadres\n", static_cast<long long>(s.workTeams),
                static_cast<long long>(s.cadres));
  return out;
}

}  // namespace zhenmap::store
