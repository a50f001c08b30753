// Background loading; see load_job.hpp.
#include "load_job.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

#include "camera.hpp"
#include "label_renderer.hpp"

namespace zhenmap {

namespace {
const auto kProcessStart = std::chrono::steady_clock::now();

// The finer levels are not urgent: let the frame loop (and llvmpipe's threads) go first.
void lowerThisThreadsPriority() {
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  setpriority(PRIO_PROCESS, tid, 10);  // best effort: failure only means a busier UI thread
}
}  // namespace

double secondsSinceStart() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - kProcessStart).count();
}

LoadJob::LoadJob(std::vector<std::string> paths, std::string mapCrs, std::function<double(const Box&)> firstView,
                 std::function<void()> wake) {
  m_timings.startedAt = secondsSinceStart();
  m_thread = std::thread([this, paths = std::move(paths), mapCrs = std::move(mapCrs), firstView = std::move(firstView),
                          wake = std::move(wake)] {
    LoadedLayers later;  // what is left to tessellate: data, styles (in buckets) and levels
    try {
      LoadOptions options;
      options.mapCrs = mapCrs;
      options.personalLayers = true;  // the editing window; sensitive fields stay hidden in its panels
      options.streamAbove = streamMinFeatures();  // large server layers: by viewport (viewer_stream.cpp)
      options.firstView = firstView;
      LoadedLayers result = loadLayers(paths, options, [this](double f) { m_progress = static_cast<float>(f); }, &m_cancel);
      const double atlasStart = secondsSinceStart();
      GlyphAtlas atlas = labelAtlas(result.labels);  // a few hundred ms for thousands of CJK characters
      const double atlasS = secondsSinceStart() - atlasStart;
      later.data = result.data;
      later.laterLevels = result.laterLevels;
      for (const Buckets& b : result.buckets) {
        Buckets styleOnly;
        styleOnly.style = b.style;
        later.buckets.push_back(std::move(styleOnly));
      }
      std::lock_guard lock(m_mutex);
      m_timings.readS = result.readSeconds;
      m_timings.tessellateS = result.tessellateSeconds;
      m_timings.atlasS = atlasS;
      m_timings.finishedAt = secondsSinceStart();
      m_result = std::move(result);
      m_atlas = std::move(atlas);
    } catch (const std::exception& e) {
      std::lock_guard lock(m_mutex);
      m_error = e.what();
      m_refineFinished = true;
    }
    m_finished = true;
    if (wake) wake();
    if (!later.data.empty() && !m_cancel.load()) {
      lowerThisThreadsPriority();
      try {
        // One thread: the other core draws the frames.
        std::vector<Buckets> more = tessellateLater(later, 1, &m_cancel);
        std::lock_guard lock(m_mutex);
        for (std::size_t i = 0; i < more.size() && !m_cancel.load(); ++i) {
          if (!more[i].levels.empty()) m_refined.emplace_back(later.data[i], std::move(more[i]));
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(m_mutex);
        m_refineError = e.what();
      }
    }
    {
      std::lock_guard lock(m_mutex);
      m_refineFinished = true;
      m_timings.refinedAt = secondsSinceStart();
    }
    if (wake) wake();
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

std::optional<LoadJob::Refined> LoadJob::takeRefined() {
  std::lock_guard lock(m_mutex);
  if (m_refined.empty()) return std::nullopt;
  Refined r = std::move(m_refined.front());
  m_refined.pop_front();
  return r;
}

std::unique_ptr<LoadJob> startViewerLoad(std::vector<std::string> paths, int fbWidth, int fbHeight,
                                         double currentUnitsPerPixel, std::function<void()> wake) {
  return std::make_unique<LoadJob>(
      std::move(paths), "EPSG:3857",
      [fbWidth, fbHeight, currentUnitsPerPixel](const Box& all) {
        if (currentUnitsPerPixel > 0.0) return currentUnitsPerPixel;
        Camera cam;
        cam.setViewport(std::max(fbWidth, 1), std::max(fbHeight, 1));
        cam.fit(all);
        return cam.unitsPerPixel();
      },
      std::move(wake));
}

LoadTimings LoadJob::timings() const {
  std::lock_guard lock(m_mutex);
  return m_timings;
}

std::string LoadJob::refineError() const {
  std::lock_guard lock(m_mutex);
  return m_refineError;
}

bool LoadJob::refineDone() const {
  std::lock_guard lock(m_mutex);
  return m_refineFinished && m_refined.empty();
}

}  // namespace zhenmap
