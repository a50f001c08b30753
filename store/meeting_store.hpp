// Meeting mode's data read through the project store, so that presentation works on a file and
// on a server project alike: one set of queries in SQL both engines accept (ProjectStore::query).
#pragma once

#include <string>
#include <vector>

#include "store/meeting.hpp"

namespace zhenmap::store {

class ProjectStore;

// The deck in position order. Throws DataError for a slide whose filters are not a JSON object of
// strings.
std::vector<Slide> readSlides(ProjectStore& project);
// Changes to scenic routes (built_km, planned_km, status) and project sites (status, dates) since
// `sinceIso` (a date "2024-05-01" or an ISO time; compared as text, as the log stores UTC
// "YYYY-MM-DDTHH:MM:SSZ"). Never returns household rows.
std::vector<Change> changesSince(ProjectStore& project, const std::string& sinceIso);
std::vector<VillageCount> householdCountsByVillage(ProjectStore& project);
// The same per township (villageCode/villageName hold the township's code and name), placed at
// a point on the township's polygon: the form for city-wide slides.
std::vector<VillageCount> householdCountsByTownship(ProjectStore& project);
// The project's title (settings key 'title'), "" when it has none.
std::string projectTitle(ProjectStore& project);

}  // namespace zhenmap::store
