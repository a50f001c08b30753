// Loading a document on a job; see document_load.hpp.
#include "document_load.hpp"

#include <algorithm>
#include <chrono>

#include "camera.hpp"
#include "label_renderer.hpp"

namespace zhenmap {

namespace {
const auto kProcessStart = std::chrono::steady_clock::now();
}  // namespace

double secondsSinceStart() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - kProcessStart).count();
}

std::function<double(const Box&)> firstViewFor(int fbWidth, int fbHeight, double currentUnitsPerPixel) {
  return [fbWidth, fbHeight, currentUnitsPerPixel](const Box& all) {
    if (currentUnitsPerPixel > 0.0) return currentUnitsPerPixel;
    Camera cam;
    cam.setViewport(std::max(fbWidth, 1), std::max(fbHeight, 1));
    cam.fit(all);
    return cam.unitsPerPixel();
  };
}

DocumentLoad loadDocument(const std::vector<std::string>& inputs, const std::string& mapCrs,
                          const std::function<double(const Box&)>& firstView, JobContext& ctx,
                          const ProjectMetadata* known) {
  DocumentLoad out;
  out.inputs = inputs;
  out.timings.startedAt = secondsSinceStart();
  if (known && !inputs.empty()) {
    out.project = Project::unopened(inputs.front(), *known);
  } else if (!inputs.empty()) {
    out.project = Project::tryOpen(inputs.front());
  }
  if (!out.project) out.project = std::make_unique<Project>();
  out.timings.openS = secondsSinceStart() - out.timings.startedAt;
  LoadOptions options;
  options.mapCrs = mapCrs;
  options.projectPath = out.project->path();
  options.project = out.project->path().empty() ? nullptr : &out.project->metadata();
  options.personalLayers = true;  // the editing window; sensitive fields stay hidden in its panels
  options.streamAbove = streamMinFeatures();  // large server layers: by viewport (viewer_stream.cpp)
  options.firstView = firstView;
  out.layers = loadLayers(inputs, options, [&](double f) { ctx.progress(static_cast<float>(f)); }, ctx.cancelFlag());
  const double atlasStart = secondsSinceStart();
  out.atlas = labelAtlas(out.layers.labels);  // a few hundred ms for thousands of CJK characters
  out.timings.atlasS = secondsSinceStart() - atlasStart;
  out.timings.readS = out.layers.readSeconds;
  out.timings.tessellateS = out.layers.tessellateSeconds;
  out.timings.finishedAt = secondsSinceStart();
  return out;
}

}  // namespace zhenmap
