// Turning paths given on the command line into tessellated layers ready to upload: read through
// geodata, then tessellate with a default style. Pure CPU work, so it can run on a worker thread.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "tessellator.hpp"

namespace zhenmap {

struct LoadedLayers {
  std::vector<Buckets> buckets;
  std::vector<std::string> names;
};

// progress(done, total) is called after each source; cancel is polled between sources.
// Throws the geodata errors (OpenError, CrsError, DataError) unchanged.
LoadedLayers loadLayers(const std::vector<std::string>& paths, const std::string& mapCrs,
                        const std::function<void(std::size_t, std::size_t)>& progress = {},
                        const std::atomic<bool>* cancel = nullptr);

// The data the viewer and `render` open when given nothing: the bundled county outlines.
std::string defaultDataPath();

}  // namespace zhenmap
