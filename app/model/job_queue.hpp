// The one way the app runs work off the UI thread: loading, streaming, tessellation, label
// atlases, exports, push/pull. A fixed pool of worker threads takes jobs by priority (then in the
// order submitted); Background jobs (finer levels of detail, caches) run one at a time on a
// worker of their own at a lower OS priority, so they never hold up the others; every job has a cancellation token and reports progress (a fraction and a
// short text) that the status bar shows with a cancel button; its result (or its error) is
// delivered on the UI thread by deliver(), which the frame loop calls once per frame. A job
// cancelled before it finishes delivers nothing. Workers never touch GL or ImGui. The destructor
// cancels every job and joins the workers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace zhenmap {

enum class JobPriority { Background = 0, Normal = 1, Interactive = 2 };

using JobId = std::uint64_t;

// What a running job sees of itself: its cancellation flag and its progress.
class JobContext {
 public:
  bool cancelled() const { return m_cancel->load(std::memory_order_relaxed); }
  // The flag itself, for code that polls a std::atomic<bool> (geodata readers, the tessellator).
  const std::atomic<bool>* cancelFlag() const { return m_cancel.get(); }
  // fraction in [0, 1]; text replaces the previous one when not empty.
  void progress(float fraction, const std::string& text = {});

 private:
  friend class JobQueue;
  struct State;
  JobContext(std::shared_ptr<std::atomic<bool>> cancel, std::shared_ptr<State> state)
      : m_cancel(std::move(cancel)), m_state(std::move(state)) {}
  std::shared_ptr<std::atomic<bool>> m_cancel;
  std::shared_ptr<State> m_state;
};

// A job in the status bar: what it is, how far it got.
struct JobStatus {
  JobId id = 0;
  std::string title;
  float fraction = 0.0f;
  std::string text;
  bool running = false;  // false: still queued
  bool cancellable = true;
};

class JobQueue {
 public:
  // workers: threads in the pool besides the background one (0: one per hardware thread, at
  // least 4: several jobs wait on I/O). wake: called on a
  // worker whenever a result is ready (e.g. glfwPostEmptyEvent, so a waiting frame loop runs).
  explicit JobQueue(unsigned workers = 0, std::function<void()> wake = {});
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  struct Options {
    std::string title;  // shown in the status bar ("" : not shown)
    JobPriority priority = JobPriority::Normal;
    bool cancellable = true;  // the status bar offers a cancel button
  };

  // Runs work(ctx) on a worker; then, on the UI thread in deliver(), done(result) or failed(error
  // text) unless the job was cancelled. Either callback may be empty.
  template <class R>
  JobId submit(Options options, std::function<R(JobContext&)> work, std::function<void(R&&)> done,
               std::function<void(const std::string&)> failed = {}) {
    auto result = std::make_shared<std::optional<R>>();
    return enqueue(
        std::move(options), [work = std::move(work), result](JobContext& ctx) { result->emplace(work(ctx)); },
        [done = std::move(done), result] {
          if (done && *result) done(std::move(**result));
        },
        std::move(failed));
  }
  // A job without a result.
  JobId run(Options options, std::function<void(JobContext&)> work, std::function<void()> done = {},
            std::function<void(const std::string&)> failed = {}) {
    return enqueue(std::move(options), std::move(work), std::move(done), std::move(failed));
  }

  // Cancels a job: a queued one never runs, a running one sees cancelled() and its result is
  // dropped. Unknown or finished ids are ignored.
  void cancel(JobId id);
  // Cancels every job.
  void cancelAll();
  // True while the job is queued, running, or finished but not delivered yet.
  bool pending(JobId id) const;
  std::size_t pendingCount() const;

  // UI thread: runs the callbacks of the jobs finished since the last call, in finishing order.
  // Returns how many were delivered.
  std::size_t deliver();
  // Jobs with a title, queued or running, for the status bar (highest priority first).
  std::vector<JobStatus> status() const;

  // Waits (UI thread) until the job is finished, then delivers everything finished. For headless
  // commands and tests; the window never waits.
  void wait(JobId id);

 private:
  struct Job;
  JobId enqueue(Options options, std::function<void(JobContext&)> work, std::function<void()> done,
                std::function<void(const std::string&)> failed);
  void workerLoop(bool background);
  std::shared_ptr<Job> takeNext(bool background);  // under m_mutex; null when none fits

  mutable std::mutex m_mutex;
  std::condition_variable m_wakeWorkers;
  std::condition_variable m_finishedCv;
  std::vector<std::shared_ptr<Job>> m_queued;   // not started
  std::vector<std::shared_ptr<Job>> m_running;  // on a worker
  std::deque<std::shared_ptr<Job>> m_finished;  // waiting for deliver()
  std::function<void()> m_wake;
  JobId m_nextId = 1;
  std::uint64_t m_nextSequence = 0;
  bool m_stopping = false;
  std::vector<std::thread> m_workers;
};

}  // namespace zhenmap
