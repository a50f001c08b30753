// Programme statistics of a project: projects by programme and status, route kilometres per kind
// and per township, monitored households and members by risk level per township, work teams.
// Used by `zhenmap stats` and (later) the dashboard panel.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace zhenmap::store {

class ProjectStore;

struct ProgrammeStats {
  std::int64_t total = 0;
  std::map<std::string, std::int64_t> byStatus;  // planned / started / completed
  double fundsRaisedWan = 0;
};

struct KmStats {
  std::int64_t routes = 0;
  double plannedKm = 0;
  double builtKm = 0;
};

struct HouseholdCount {
  std::int64_t households = 0;
  std::int64_t members = 0;
};

struct TownshipRoutes {
  std::string name;
  std::map<std::string, KmStats> byKind;
};

struct TownshipHouseholds {
  std::string name;
  std::map<std::string, HouseholdCount> byRisk;  // high / medium / low
};

struct ProjectStats {
  std::map<std::string, ProgrammeStats> programmes;
  std::map<std::string, KmStats> routeKinds;
  std::map<std::string, TownshipRoutes> routesByTownship;  // by township code
  std::map<std::string, HouseholdCount> householdsByRisk;
  std::map<std::string, TownshipHouseholds> householdsByTownship;
  HouseholdCount householdTotal;
  std::int64_t workTeams = 0;
  std::int64_t cadres = 0;
};

// Sums straight from the store on either engine (one read snapshot). Kilometres are rounded to
// the metre.
ProjectStats computeStats(ProjectStore& project);
std::string statsJson(const ProjectStats& stats);
std::string statsText(const ProjectStats& stats);

}  // namespace zhenmap::store
