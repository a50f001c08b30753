// Checks of a feature before it is inserted, for the window (before the user commits) and the
// CLI: whether this user may insert it at all (a server's row-level security: a site inside
// another work team's township is refused, with the reason) and what deserves a warning (a
// feature outside every township of the project). The server enforces the refusal itself too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/project_store.hpp"

namespace zhenmap::store {

struct InsertCheck {
  std::optional<std::string> refusal;  // why the insert would be refused; nullopt: it may go ahead
  std::vector<std::string> warnings;   // worth telling the user, not a reason to refuse
  std::vector<std::string> townships;  // codes of the townships the feature lies in
};

// `attributes` and `wkb` (EPSG:4490) as they would be inserted into `layer`.
InsertCheck checkInsert(ProjectStore& project, const std::string& layer, const Row& attributes, const std::string& wkb);

// The project's township layer: a polygon layer with a unique field whose role is
// "township_code" (the standard `townships`), and that field; nullopt when it has none.
std::optional<std::pair<const LayerSpec*, const FieldSpec*>> townshipLayer(const ProjectStore& project);

}  // namespace zhenmap::store
