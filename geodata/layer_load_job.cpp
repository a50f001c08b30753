// Background layer loading; see layer_load_job.hpp.
#include "layer_load_job.hpp"

#include <utility>

namespace zhenmap {

LayerLoadJob::LayerLoadJob(std::vector<std::string> sources, ReadOptions options)
    : m_thread([this, sources = std::move(sources), options = std::move(options)] { run(sources, options); }) {}

LayerLoadJob::~LayerLoadJob() {
  m_cancel = true;
  if (m_thread.joinable()) m_thread.join();
}

void LayerLoadJob::run(const std::vector<std::string>& sources, const ReadOptions& options) {
  try {
    std::vector<LayerData> all;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      ReadControl control;
      control.cancel = &m_cancel;
      const double base = double(i) / double(sources.size()), span = 1.0 / double(sources.size());
      control.progress = [this, base, span](double p) { m_progress = base + span * p; };
      for (LayerData& layer : readVectorSource(sources[i], options, control)) all.push_back(std::move(layer));
    }
    std::lock_guard lock(m_mutex);
    m_layers = std::move(all);
    m_progress = 1.0;
  } catch (const std::exception& e) {
    std::lock_guard lock(m_mutex);
    m_error = std::current_exception();
    m_errorText = e.what();
  } catch (...) {
    std::lock_guard lock(m_mutex);
    m_error = std::current_exception();
    m_errorText = "unknown error while loading";
  }
  m_finished = true;
  m_finished.notify_all();
}

void LayerLoadJob::wait() { m_finished.wait(false); }

std::vector<LayerData> LayerLoadJob::take() {
  std::lock_guard lock(m_mutex);
  if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
  return std::exchange(m_layers, {});
}

std::string LayerLoadJob::error() const {
  std::lock_guard lock(m_mutex);
  return m_errorText;
}

}  // namespace zhenmap
