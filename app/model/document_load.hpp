// Loading a document: the project among the inputs opened once (its store and metadata), every
// input read through geodata (reproject, validate, index), the levels of detail the first view
// draws tessellated, the label atlas built. Pure CPU and I/O work for a job on the job queue;
// the window applies the result on the UI thread (and uploads on the GL thread). The finer
// levels are built afterwards, layer by layer (tessellateLater), by background jobs.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "glyph_atlas.hpp"
#include "job_queue.hpp"
#include "layer_loading.hpp"
#include "project.hpp"

namespace zhenmap {

// Seconds since the process started (static initialisation): the launch timing log.
double secondsSinceStart();

struct LoadTimings {
  double startedAt = 0.0;    // secondsSinceStart() when the job began
  double openS = 0.0;        // opening the project (its store connection and metadata)
  double readS = 0.0;        // LoadedLayers::readSeconds
  double tessellateS = 0.0;  // LoadedLayers::tessellateSeconds (the first view's levels)
  double atlasS = 0.0;       // the label glyph atlas
  double finishedAt = 0.0;   // secondsSinceStart() when the result was ready
};

struct DocumentLoad {
  std::unique_ptr<Project> project;  // the opened project; an empty one for plain data files
  std::vector<std::string> inputs;
  LoadedLayers layers;
  std::optional<GlyphAtlas> atlas;  // of layers.labels
  LoadTimings timings;
};

// The resolution of the first view: `currentUnitsPerPixel` when > 0 (a reload keeps the view),
// else the loaded layers fitted to a fbWidth x fbHeight window.
std::function<double(const Box&)> firstViewFor(int fbWidth, int fbHeight, double currentUnitsPerPixel = 0.0);

// Loads the inputs for the editing window (personal layers included, large server layers opened
// for streaming). The first input is opened as the project when it is one, unless `known` gives
// its metadata (a reload of the project the window holds open: the result's project is then an
// empty one with that path and metadata, and no connection). Throws the geodata and store errors
// (OpenError, CrsError, DataError); returns early, partly filled, once ctx is cancelled.
DocumentLoad loadDocument(const std::vector<std::string>& inputs, const std::string& mapCrs,
                          const std::function<double(const Box&)>& firstView, JobContext& ctx,
                          const ProjectMetadata* known = nullptr);

}  // namespace zhenmap
