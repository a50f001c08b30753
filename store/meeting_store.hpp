// Meeting mode's data read through the project store, so that presentation works on a file and
// on a server project alike (meeting.hpp has the same functions over a SQLite connection; these
// call them for a file and run the same queries through ProjectStore::query on a server).
#pragma once

#include <string>
#include <vector>

#include "store/meeting.hpp"

namespace zhenmap::store {

class ProjectStore;

std::vector<Slide> readSlides(ProjectStore& project);
std::vector<Change> changesSince(ProjectStore& project, const std::string& sinceIso);
std::vector<VillageCount> householdCountsByVillage(ProjectStore& project);
std::vector<VillageCount> householdCountsByTownship(ProjectStore& project);
// The project's title (settings key 'title'), "" when it has none.
std::string projectTitle(ProjectStore& project);

}  // namespace zhenmap::store
