// Background loading; see load_job.hpp.
#include "load_job.hpp"

#include "label_renderer.hpp"

#include <exception>
#include <utility>

namespace zhenmap {

LoadJob::LoadJob(std::vector<std::string> paths, std::string mapCrs) {
  m_thread = std::thread([this, paths = std::move(paths), mapCrs = std::move(mapCrs)] {
    try {
      LoadOptions options;
      options.mapCrs = mapCrs;
      options.personalLayers = true;  // the editing window; sensitive fields stay hidden in its panels
      options.streamAbove = streamMinFeatures();  // large server layers: by viewport (viewer_stream.cpp)
      LoadedLayers result = loadLayers(paths, options, [this](double f) { m_progress = static_cast<float>(f); }, &m_cancel);
      GlyphAtlas atlas = labelAtlas(result.labels);  // a few hundred ms for thousands of CJK characters
      std::lock_guard lock(m_mutex);
      m_result = std::move(result);
      m_atlas = std::move(atlas);
    } catch (const std::exception& e) {
      std::lock_guard lock(m_mutex);
      m_error = e.what();
    }
    m_finished = true;
  });
}

LoadJob::~LoadJob() {
  m_cancel = true;
  if (m_thread.joinable()) m_thread.join();
}

std::optional<LoadedLayers> LoadJob::take() {
  std::lock_guard lock(m_mutex);
  return std::exchange(m_result, std::nullopt);
}

std::optional<GlyphAtlas> LoadJob::takeAtlas() {
  std::lock_guard lock(m_mutex);
  return std::exchange(m_atlas, std::nullopt);
}

std::string LoadJob::error() const {
  std::lock_guard lock(m_mutex);
  return m_error;
}

}  // namespace zhenmap
