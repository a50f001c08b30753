// A background job that reads data sources into display layers (read, reproject, validate,
// index) while the UI keeps running. Progress in [0, 1] and cancel are lock-free; the result
// (or the typed error) is taken once the job has finished. The destructor cancels and joins.
#pragma once

#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "vector_source.hpp"

namespace zhenmap {

class LayerLoadJob {
 public:
  // Starts loading at once on a new thread; sources are read in order.
  LayerLoadJob(std::vector<std::string> sources, ReadOptions options);
  ~LayerLoadJob();
  LayerLoadJob(const LayerLoadJob&) = delete;
  LayerLoadJob& operator=(const LayerLoadJob&) = delete;
  LayerLoadJob(LayerLoadJob&&) = delete;
  LayerLoadJob& operator=(LayerLoadJob&&) = delete;

  double progress() const { return m_progress.load(); }
  bool finished() const { return m_finished.load(); }
  void cancel() { m_cancel = true; }
  // Blocks until the worker has finished.
  void wait();

  // After finished(): the layers, or rethrows the job's error (OpenError, CrsError, DataError
  // with path/layer/feature id, CancelledError). Callable once; later calls return nothing.
  std::vector<LayerData> take();
  // After finished(): the error's message, "" on success.
  std::string error() const;

 private:
  void run(const std::vector<std::string>& sources, const ReadOptions& options);

  std::atomic<double> m_progress{0.0};
  std::atomic<bool> m_finished{false};
  std::atomic<bool> m_cancel{false};
  mutable std::mutex m_mutex;
  std::vector<LayerData> m_layers;
  std::exception_ptr m_error;
  std::string m_errorText;
  std::thread m_thread;  // last member: started after everything it uses exists
};

}  // namespace zhenmap
