// A background job that loads and tessellates layers while the window keeps drawing.
// The worker never touches GL or ImGui: it publishes its result, the frame loop uploads it.
// The destructor cancels and joins.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "glyph_atlas.hpp"
#include "layer_loading.hpp"

namespace zhenmap {

class LoadJob {
 public:
  LoadJob(std::vector<std::string> paths, std::string mapCrs);
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

 private:
  std::atomic<float> m_progress{0.0f};
  std::atomic<bool> m_finished{false};
  std::atomic<bool> m_cancel{false};
  mutable std::mutex m_mutex;
  std::optional<LoadedLayers> m_result;
  std::optional<GlyphAtlas> m_atlas;
  std::string m_error;
  std::thread m_thread;
};

}  // namespace zhenmap
