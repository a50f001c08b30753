// The per-feature work of loading (axis swap, reprojection, GEOS validation and repair, bounds) on
// worker threads while the calling thread keeps reading from OGR and converting each OGR feature
// right away (convert(): typed attributes, our geometry arrays), while it is hot in that thread's
// cache and its memory goes straight back to that thread's allocator. (Handing the OGR features
// themselves to the workers measured slower on two cores.) Batches go through a bounded queue (so
// memory stays flat) and come back in their reading order. Internal to vector_source.cpp.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gdal_handles.hpp"
#include "layer.hpp"

namespace zhenmap {

struct FeatureBatch {
  std::size_t first = 0;  // index of features[0] in the layer
  std::vector<Feature> features;
  std::vector<GeometryIssue> issues;  // filled by the pipeline, indices into the layer
  std::vector<Box> bounds;            // filled by the pipeline: one per feature, in the map CRS
};

class FeaturePipeline {
 public:
  struct Settings {
    std::string fromCrs;  // empty: no reprojection
    std::string toCrs;
    bool swapAxes = false;  // source hands out north/east: swap before anything else
    bool validate = true;
    bool hasGeometry = true;            // null geometries are issues only in layers with a geometry field
    std::string encoding;               // text encoding for TextDecoder ("" or "UTF-8": as GDAL hands it out)
    std::vector<FieldType> fieldTypes;  // one per OGR field, in order
    unsigned workers = 1;               // 0: process on the calling thread inside push()
  };

  // Throws CrsError when the CRSs cannot be combined (checked before any thread starts).
  FeaturePipeline(Settings settings, const std::atomic<bool>* cancel);
  ~FeaturePipeline();
  FeaturePipeline(const FeaturePipeline&) = delete;
  FeaturePipeline& operator=(const FeaturePipeline&) = delete;

  // One OGR feature as a Feature (fid, typed attributes, geometry as read), on the calling thread.
  Feature convert(OGRFeatureH source);
  // Hands a batch over; when the queue is full, processes it on the calling thread instead.
  // Rethrows a worker's error.
  void push(FeatureBatch batch);
  // Processes what is still queued on the calling thread too, waits for the workers and returns
  // all batches in order. Rethrows a worker's error.
  std::vector<FeatureBatch> finish();

 private:
  void work();
  void stop();

  Settings m_settings;
  const std::atomic<bool>* m_cancel;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<FeatureBatch> m_queue;
  std::vector<FeatureBatch> m_done;
  std::exception_ptr m_failure;
  bool m_closing = false;
  std::vector<std::thread> m_threads;
  // The calling thread's tools (and, with no workers, its results).
  struct Inline;
  std::unique_ptr<Inline> m_inline;
};

}  // namespace zhenmap
