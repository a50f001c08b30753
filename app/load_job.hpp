// A background job that loads and tessellates layers while the window keeps drawing.
// The worker never touches GL or ImGui: it publishes its result, the frame loop uploads it.
// Progressive levels of detail: with a first view, the job publishes the layers with the levels
// that view draws (finished()), then tessellates the finer levels at a low priority and hands
// them out one layer at a time (takeRefined) for MapRenderer::addLevels.
// The destructor cancels and joins.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "glyph_atlas.hpp"
#include "layer_loading.hpp"

namespace zhenmap {

// Seconds since the process started (static initialisation): the launch timing log.
double secondsSinceStart();

struct LoadTimings {
  double startedAt = 0.0;    // secondsSinceStart() when the job began
  double readS = 0.0;        // LoadedLayers::readSeconds
  double tessellateS = 0.0;  // LoadedLayers::tessellateSeconds (the first view's levels)
  double atlasS = 0.0;       // the label glyph atlas
  double finishedAt = 0.0;   // secondsSinceStart() when the result was published
  double refinedAt = 0.0;    // ... when the finer levels were (0 while not)
};

class LoadJob {
 public:
  // firstView: see LoadOptions::firstView (called on the worker); empty: every level at once.
  // wake: called on the worker when a result is ready (e.g. glfwPostEmptyEvent, so a frame loop
  // that waits for events polls it at once).
  LoadJob(std::vector<std::string> paths, std::string mapCrs, std::function<double(const Box&)> firstView = {},
          std::function<void()> wake = {});
  ~LoadJob();
  LoadJob(const LoadJob&) = delete;
  LoadJob& operator=(const LoadJob&) = delete;

  float progress() const { return m_progress.load(); }
  bool finished() const { return m_finished.load(); }
  // Takes the result once finished (empty otherwise); error() holds the message on failure.
  std::optional<LoadedLayers> take();
  // The label atlas built on the worker for the taken layers' label candidates.
  std::optional<GlyphAtlas> takeAtlas();
  std::string error() const;

  // After finished(): the finer levels of one layer (the taken LoadedLayers::data pointer and
  // buckets holding only those levels) when the next is ready; empty while none is.
  using Refined = std::pair<std::shared_ptr<const LayerData>, Buckets>;
  std::optional<Refined> takeRefined();
  // True once every refined layer was handed out (or there was nothing to refine, or it failed).
  bool refineDone() const;
  std::string refineError() const;
  LoadTimings timings() const;  // why the finer levels could not be built ("" if they were)

 private:
  std::atomic<float> m_progress{0.0f};
  std::atomic<bool> m_finished{false};
  std::atomic<bool> m_cancel{false};
  mutable std::mutex m_mutex;
  std::optional<LoadedLayers> m_result;
  std::optional<GlyphAtlas> m_atlas;
  std::string m_error;
  std::deque<Refined> m_refined;
  bool m_refineFinished = false;
  std::string m_refineError;
  LoadTimings m_timings;
  std::thread m_thread;
};

// A LoadJob for the viewer: the first view is the current one when currentUnitsPerPixel > 0 (a
// reload keeps the view), else the layers fitted to a fbWidth x fbHeight window.
// wake: see LoadJob.
std::unique_ptr<LoadJob> startViewerLoad(std::vector<std::string> paths, int fbWidth, int fbHeight,
                                         double currentUnitsPerPixel = 0.0, std::function<void()> wake = {});

}  // namespace zhenmap
