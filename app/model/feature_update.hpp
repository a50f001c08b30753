// After a commit, the committed values reach the map without reading any layer again: the
// project's layers in the stack get a copy of their data with the new values, their labels anew,
// and new buckets only when the layer's style reads a changed field (its classes, label, filter,
// progress fields); the stack then announces which features changed. The copy and any
// re-tessellation run on the job queue.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "job_queue.hpp"
#include "layer.hpp"
#include "layer_stack.hpp"
#include "store/value.hpp"
#include "style.hpp"

namespace zhenmap {

// One committed cell.
struct CellChange {
  std::string layer;  // the project layer's name
  std::int64_t fid = 0;
  std::string field;
  store::Value value;
};

// A store value as the attribute of a field of this type (dates as DateTime).
AttributeValue toAttribute(const store::Value& v, FieldType type);

// The fields a style reads: its classification expression, label, rule filters and progress
// fields (every identifier in them that names a field of the layer; a false positive only costs
// a re-tessellation).
std::set<std::string> fieldsReadBy(const LayerStyle& style, const LayerData& layer);

// Applies the changes to every layer of the stack that comes from `projectPath` and has their
// layer name. `done` runs on the UI thread after the stack was updated (with the number of
// features that changed).
void applyCommittedChanges(JobQueue& jobs, LayerStack& stack, const std::string& projectPath,
                           std::vector<CellChange> changes, std::function<void(std::size_t)> done = {});

}  // namespace zhenmap
