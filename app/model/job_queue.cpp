// The app's job queue; see job_queue.hpp.
#include "job_queue.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace zhenmap {

struct JobContext::State {
  std::mutex mutex;
  float fraction = 0.0f;
  std::string text;
};

void JobContext::progress(float fraction, const std::string& text) {
  std::lock_guard lock(m_state->mutex);
  m_state->fraction = std::clamp(fraction, 0.0f, 1.0f);
  if (!text.empty()) m_state->text = text;
}

struct JobQueue::Job {
  JobId id = 0;
  std::uint64_t sequence = 0;
  Options options;
  std::function<void(JobContext&)> work;
  std::function<void()> done;
  std::function<void(const std::string&)> failed;
  std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<JobContext::State> state = std::make_shared<JobContext::State>();
  std::string error;  // set when work threw
  bool threw = false;
};

JobQueue::JobQueue(unsigned workers, std::function<void()> wake) : m_wake(std::move(wake)) {
  // Several jobs wait on I/O (a server query, a file on a slow disk): more workers than cores, so
  // one slow source never holds up the others.
  if (workers == 0) workers = std::max(4u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < workers; ++i) m_workers.emplace_back([this] { workerLoop(false); });
  m_workers.emplace_back([this] { workerLoop(true); });
}

JobQueue::~JobQueue() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    for (auto& j : m_queued) j->cancel->store(true);
    for (auto& j : m_running) j->cancel->store(true);
    m_queued.clear();
  }
  m_wakeWorkers.notify_all();
  for (std::thread& t : m_workers) t.join();
}

JobId JobQueue::enqueue(Options options, std::function<void(JobContext&)> work, std::function<void()> done,
                        std::function<void(const std::string&)> failed) {
  auto job = std::make_shared<Job>();
  job->options = std::move(options);
  job->work = std::move(work);
  job->done = std::move(done);
  job->failed = std::move(failed);
  JobId id = 0;
  {
    std::lock_guard lock(m_mutex);
    id = job->id = m_nextId++;
    job->sequence = m_nextSequence++;
    m_queued.push_back(std::move(job));
  }
  m_wakeWorkers.notify_all();  // the one worker that may take it (background or not) wakes too
  return id;
}

std::shared_ptr<JobQueue::Job> JobQueue::takeNext(bool background) {
  // Highest priority first, then the oldest; background jobs only on the background worker.
  auto best = m_queued.end();
  for (auto it = m_queued.begin(); it != m_queued.end(); ++it) {
    if (((*it)->options.priority == JobPriority::Background) != background) continue;
    if (best == m_queued.end() || (*it)->options.priority > (*best)->options.priority ||
        ((*it)->options.priority == (*best)->options.priority && (*it)->sequence < (*best)->sequence)) {
      best = it;
    }
  }
  if (best == m_queued.end()) return nullptr;
  std::shared_ptr<Job> job = *best;
  m_queued.erase(best);
  m_running.push_back(job);
  return job;
}

void JobQueue::workerLoop(bool background) {
  // The background worker yields to the UI thread, the other workers and llvmpipe's threads.
  if (background) setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(m_mutex);
      m_wakeWorkers.wait(lock, [&] { return m_stopping || (job = takeNext(background)) != nullptr; });
      if (m_stopping) return;
    }
    if (!job->cancel->load()) {
      JobContext ctx(job->cancel, job->state);
      try {
        job->work(ctx);
      } catch (const std::exception& e) {
        job->threw = true;
        job->error = e.what();
      } catch (...) {
        job->threw = true;
        job->error = "unknown error";
      }
    }
    {
      std::lock_guard lock(m_mutex);
      m_running.erase(std::find(m_running.begin(), m_running.end(), job));
      if (!job->cancel->load()) m_finished.push_back(job);
    }
    m_finishedCv.notify_all();
    if (m_wake && !job->cancel->load()) m_wake();
  }
}

void JobQueue::cancel(JobId id) {
  std::lock_guard lock(m_mutex);
  auto queued = std::find_if(m_queued.begin(), m_queued.end(), [id](const auto& j) { return j->id == id; });
  if (queued != m_queued.end()) {
    (*queued)->cancel->store(true);
    m_queued.erase(queued);
  }
  for (auto& j : m_running) {
    if (j->id == id) j->cancel->store(true);
  }
  m_finished.erase(std::remove_if(m_finished.begin(), m_finished.end(), [id](const auto& j) { return j->id == id; }),
                   m_finished.end());
  m_finishedCv.notify_all();
}

void JobQueue::cancelAll() {
  std::lock_guard lock(m_mutex);
  for (auto& j : m_queued) j->cancel->store(true);
  for (auto& j : m_running) j->cancel->store(true);
  m_queued.clear();
  m_finished.clear();
  m_finishedCv.notify_all();
}

bool JobQueue::pending(JobId id) const {
  std::lock_guard lock(m_mutex);
  const auto is = [id](const auto& j) { return j->id == id; };
  return std::any_of(m_queued.begin(), m_queued.end(), is) ||
         std::any_of(m_running.begin(), m_running.end(), [id](const auto& j) { return j->id == id && !j->cancel->load(); }) ||
         std::any_of(m_finished.begin(), m_finished.end(), is);
}

std::size_t JobQueue::pendingCount() const {
  std::lock_guard lock(m_mutex);
  std::size_t running = 0;
  for (const auto& j : m_running) running += j->cancel->load() ? 0 : 1;
  return m_queued.size() + running + m_finished.size();
}

std::size_t JobQueue::deliver() {
  std::deque<std::shared_ptr<Job>> finished;
  {
    std::lock_guard lock(m_mutex);
    finished.swap(m_finished);
  }
  for (const auto& job : finished) {
    if (job->threw) {
      if (job->failed) job->failed(job->error);
    } else if (job->done) {
      job->done();
    }
  }
  return finished.size();
}

std::vector<JobStatus> JobQueue::status() const {
  std::vector<std::pair<std::shared_ptr<Job>, bool>> jobs;
  {
    std::lock_guard lock(m_mutex);
    for (const auto& j : m_running) {
      if (!j->cancel->load() && !j->options.title.empty()) jobs.push_back({j, true});
    }
    for (const auto& j : m_queued) {
      if (!j->options.title.empty()) jobs.push_back({j, false});
    }
  }
  std::stable_sort(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) {
    return a.first->options.priority > b.first->options.priority;
  });
  std::vector<JobStatus> out;
  for (const auto& [job, running] : jobs) {
    JobStatus s{job->id, job->options.title, 0.0f, {}, running, job->options.cancellable};
    std::lock_guard lock(job->state->mutex);
    s.fraction = job->state->fraction;
    s.text = job->state->text;
    out.push_back(std::move(s));
  }
  return out;
}

void JobQueue::wait(JobId id) {
  {
    std::unique_lock lock(m_mutex);
    const auto unfinished = [this, id] {
      const auto is = [id](const auto& j) { return j->id == id; };
      return std::any_of(m_queued.begin(), m_queued.end(), is) ||
             std::any_of(m_running.begin(), m_running.end(), is);
    };
    m_finishedCv.wait(lock, [&] { return !unfinished(); });
  }
  deliver();
}

}  // namespace zhenmap
