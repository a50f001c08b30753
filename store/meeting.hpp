// Meeting mode's data, read from the project store and free of any UI: the slide deck, what
// changed since a date (from the audit log), the dashboard's figures (from computeStats, so they
// always equal `zhenmap stats`) and monitored households aggregated to counts per village, the
// only form in which households are shown in a presentation or an export.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "errors.hpp"
#include "geometry.hpp"
#include "store/stats.hpp"

namespace zhenmap::store {

struct Slide {
  std::int64_t id = 0;
  std::int64_t position = 0;
  std::string title;
  std::optional<Box> extent;                   // lon/lat (EPSG:4490), from its bookmark; none: everything
  std::string bookmark;                        // the bookmark's name, "" when none
  std::vector<std::string> visibleLayers;      // empty: every non-personal layer
  std::map<std::string, std::string> filters;  // layer -> SQL expression over its fields
  std::string notes;                           // presenter notes: screen only, never exported
};

// A stored comma-separated list (a slide's visible layers) as its non-empty items.
std::vector<std::string> splitList(const std::string& s);
// A slide's stored filters: a JSON object of layer -> expression strings. Throws DataError (with
// `where`) for any other text.
std::map<std::string, std::string> parseSlideFilters(const std::string& json, const DataError::Context& where);

// One change recorded in the audit log after a given time, newest first.
struct Change {
  std::string layer;
  std::int64_t featureId = 0;
  std::string field;
  std::string oldValue;  // as the audit log holds it (sensitive fields are redacted there)
  std::string newValue;
  std::string time;  // ISO 8601 UTC
  std::string user;
  bool presentation = false;  // made live in a meeting
};

// One bar of a dashboard chart. Progress bars have value (built) out of total (planned); stacked
// bars split `value` into segments (e.g. planned / started / completed).
struct DashboardBar {
  std::string key;    // kind, programme or township code
  std::string label;  // display text (Chinese names for townships; keys for the others)
  double value = 0;
  double total = 0;              // progress bars: the whole (planned km); 0 otherwise
  std::vector<double> segments;  // stacked bars, in DashboardChart::segmentKeys order
  std::string filterLayer;       // clicking the bar: show only features of this layer ...
  std::string filterExpression;  // ... matching this SQL expression
  std::string townshipCode;      // ... and zoom to this township when set
};

struct DashboardChart {
  std::string id;  // route_kinds, route_townships, programmes, household_townships
  std::string unit;
  bool progress = false;
  std::vector<std::string> segmentKeys;
  std::vector<DashboardBar> bars;
};

// The dashboard's charts from the statistics: km built / planned per route kind and per township,
// projects by programme (stacked by status), households by township (stacked by risk level:
// counts only).
std::vector<DashboardChart> buildDashboard(const ProjectStats& stats);

// Monitored households counted per village, placed at a point on the village's polygon (never at
// a household's own position).
struct VillageCount {
  std::string villageCode;
  std::string villageName;
  std::string townshipCode;
  std::int64_t households = 0;
  std::int64_t members = 0;
  Vec2 lonLat;
};

}  // namespace zhenmap::store
