// What a commit changed, per layer: the features inserted (temporary id -> id in the store), the
// features updated with the fields and whether the geometry changed, the features deleted. The
// window rebuilds only these features' buckets from it; the table updates only these rows.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace zhenmap::store {

struct FeatureChange {
  std::set<std::string> fields;  // attribute fields that changed
  bool geometry = false;         // the geometry changed
  std::int64_t version = 0;      // the feature's row version after the commit
};

struct LayerChanges {
  std::map<std::int64_t, std::int64_t> inserted;  // temporary (negative) id -> id in the store
  std::map<std::int64_t, FeatureChange> updated;  // stored features whose attributes/geometry changed
  std::set<std::int64_t> deleted;
};

struct ChangeSet {
  std::map<std::string, LayerChanges> layers;  // only layers with changes
  std::size_t cells = 0;                       // attribute cells written (updates only)

  bool empty() const { return layers.empty(); }
  // Features inserted, updated or deleted, over all layers.
  std::size_t features() const {
    std::size_t n = 0;
    for (const auto& [name, l] : layers) n += l.inserted.size() + l.updated.size() + l.deleted.size();
    return n;
  }
};

}  // namespace zhenmap::store
