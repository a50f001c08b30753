// Parallel per-feature load work; see feature_pipeline.hpp.
#include "feature_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <pthread.h>

#include "crs_transform.hpp"
#include "gdal_errors.hpp"
#include "ogr_geometry.hpp"
#include "ogr_source.hpp"
#include "ogr_values.hpp"

namespace zhenmap {

namespace {

ValidationResult quickCheck(const Geometry& g) { return checkCoordinates(g); }

// The tools of one thread: PROJ and GEOS contexts and iconv handles are not shared between threads.
struct Tools {
  std::optional<CrsTransform> transform;
  std::optional<GeometryValidator> validator;
  TextDecoder decode;

  explicit Tools(const FeaturePipeline::Settings& s) : decode(s.encoding) {
    if (!s.fromCrs.empty() && !s.toCrs.empty()) {
      transform.emplace(s.fromCrs, s.toCrs);
      if (transform->identity()) transform.reset();
    }
    if (s.validate) validator.emplace();
  }
};

Feature convert(OGRFeatureH src, Tools& tools, const FeaturePipeline::Settings& s) {
  Feature f;
  f.fid = OGR_F_GetFID(src);
  f.attributes.reserve(s.fieldTypes.size());
  for (std::size_t i = 0; i < s.fieldTypes.size(); ++i) {
    f.attributes.push_back(readOgrValue(src, static_cast<int>(i), s.fieldTypes[i], tools.decode));
  }
  f.geometry = fromOgr(OGR_F_GetGeometryRef(src));
  return f;
}

void process(FeatureBatch& batch, Tools& tools, const FeaturePipeline::Settings& s) {
  batch.bounds.resize(batch.features.size());
  for (std::size_t k = 0; k < batch.features.size(); ++k) {
    Feature& f = batch.features[k];
    std::vector<Vec2>& pts = f.geometry.points;
    if (s.swapAxes) {
      for (Vec2& p : pts) std::swap(p.x, p.y);
    }
    if (tools.transform) tools.transform->forward(pts.data(), pts.size());
    ValidationResult r = tools.validator ? tools.validator->validate(f.geometry) : quickCheck(f.geometry);
    f.status = r.status;
    if (r.valid() || r.status == GeometryStatus::Invalid) batch.bounds[k] = f.geometry.bounds();
    if (r.valid()) continue;
    if (r.status == GeometryStatus::Null && !s.hasGeometry) continue;
    if (r.status != GeometryStatus::Invalid) f.geometry = Geometry{};
    batch.issues.push_back({batch.first + k, f.fid, r.status, std::move(r.reason), r.location});
  }
}

}  // namespace

struct FeaturePipeline::Inline {
  Tools tools;
  std::vector<FeatureBatch> done;
};

FeaturePipeline::FeaturePipeline(Settings settings, const std::atomic<bool>* cancel)
    : m_settings(std::move(settings)), m_cancel(cancel) {
  // Built here first so that a bad CRS throws on the caller's thread before any worker starts;
  // kept for the batches the calling thread processes itself.
  m_inline = std::make_unique<Inline>(Inline{Tools(m_settings), {}});
  if (m_settings.workers == 0) return;
  for (unsigned i = 0; i < m_settings.workers; ++i) m_threads.emplace_back([this] { work(); });
}

FeaturePipeline::~FeaturePipeline() { stop(); }

Feature FeaturePipeline::convert(OGRFeatureH source) { return zhenmap::convert(source, m_inline->tools, m_settings); }

void FeaturePipeline::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_closing = true;
  }
  m_changed.notify_all();
  for (std::thread& t : m_threads) {
    if (t.joinable()) t.join();
  }
}

void FeaturePipeline::work() {
  pthread_setname_np(pthread_self(), "zhenmap-load");  // for profilers and debuggers
  try {
    Tools tools(m_settings);
    for (;;) {
      FeatureBatch batch;
      {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_queue.empty() || m_closing || m_failure; });
        if (m_failure || m_queue.empty()) return;  // closing and drained, or another worker failed
        batch = std::move(m_queue.front());
        m_queue.pop_front();
      }
      m_changed.notify_all();  // room in the queue
      if (!(m_cancel && m_cancel->load())) process(batch, tools, m_settings);
      std::lock_guard lock(m_mutex);
      m_done.push_back(std::move(batch));
    }
  } catch (...) {
    {
      std::lock_guard lock(m_mutex);
      if (!m_failure) m_failure = std::current_exception();
    }
    m_changed.notify_all();
  }
}

void FeaturePipeline::push(FeatureBatch batch) {
  if (m_threads.empty()) {
    process(batch, m_inline->tools, m_settings);
    m_inline->done.push_back(std::move(batch));
    return;
  }
  const std::size_t limit = 2 * m_threads.size() + 2;
  std::unique_lock lock(m_mutex);
  if (m_failure) std::rethrow_exception(m_failure);
  if (m_queue.size() >= limit) {
    // The workers are behind: rather than wait, the calling thread does this batch itself, so
    // reading and processing share the cores instead of the reader idling.
    lock.unlock();
    if (!(m_cancel && m_cancel->load())) process(batch, m_inline->tools, m_settings);
    lock.lock();
    m_done.push_back(std::move(batch));
    return;
  }
  m_queue.push_back(std::move(batch));
  lock.unlock();
  m_changed.notify_all();
}

std::vector<FeatureBatch> FeaturePipeline::finish() {
  std::vector<FeatureBatch> out;
  if (m_threads.empty()) {
    out = std::move(m_inline->done);
  } else {
    // Reading is over: this thread takes queued batches too instead of waiting for the workers.
    for (;;) {
      FeatureBatch batch;
      {
        std::lock_guard lock(m_mutex);
        if (m_failure || m_queue.empty()) break;
        batch = std::move(m_queue.front());
        m_queue.pop_front();
      }
      m_changed.notify_all();
      if (!(m_cancel && m_cancel->load())) process(batch, m_inline->tools, m_settings);
      std::lock_guard lock(m_mutex);
      m_done.push_back(std::move(batch));
    }
    stop();
    if (m_failure) std::rethrow_exception(m_failure);
    out = std::move(m_done);
  }
  std::sort(out.begin(), out.end(), [](const FeatureBatch& a, const FeatureBatch& b) { return a.first < b.first; });
  return out;
}

}  // namespace zhenmap
