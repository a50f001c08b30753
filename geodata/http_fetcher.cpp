// libcurl multi fetching on a worker thread; see http_fetcher.hpp.
#include "http_fetcher.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <optional>
#include <stdexcept>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#ifndef ZHENMAP_VERSION
#define ZHENMAP_VERSION "0"
#endif

namespace zhenmap {

namespace {
using Clock = std::chrono::steady_clock;

void initCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Request {
  std::uint64_t id = 0;
  std::string url;
  double priority = 0;
  int attempts = 0;
  Clock::time_point notBefore{};
};

struct Active {
  Request req;
  CURL* easy = nullptr;
  std::string body;
  bool tooLarge = false;
  std::size_t maxBytes = 0;
};

std::size_t onData(char* data, std::size_t size, std::size_t count, void* user) {
  auto* a = static_cast<Active*>(user);
  const std::size_t n = size * count;
  if (a->body.size() + n > a->maxBytes) {
    a->tooLarge = true;
    return 0;  // aborts the transfer
  }
  a->body.append(data, n);
  return n;
}
}  // namespace

struct HttpFetcher::Impl {
  HttpOptions options;
  std::function<void(HttpResponse&&)> done;
  CURLM* multi = nullptr;
  mutable std::mutex mutex;
  std::map<std::uint64_t, Request> queued;                   // guarded by mutex
  std::set<std::uint64_t> runningIds;                        // guarded by mutex
  std::set<std::uint64_t> toCancel;                          // guarded by mutex: running ones to abort
  std::map<std::uint64_t, std::unique_ptr<Active>> running;  // worker thread only
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> attempts{0};
  std::thread thread;

  void loop();
  void startTransfers();
  void abortCancelled();
  void finish(CURL* easy, CURLcode code);
  void remove(std::uint64_t id) {
    auto it = running.find(id);
    if (it == running.end()) return;
    curl_multi_remove_handle(multi, it->second->easy);
    curl_easy_cleanup(it->second->easy);
    running.erase(it);
  }
};

std::string HttpFetcher::defaultUserAgent() { return std::string("zhenmap/") + ZHENMAP_VERSION; }

HttpFetcher::HttpFetcher(HttpOptions options, std::function<void(HttpResponse&&)> done)
    : m_impl(std::make_unique<Impl>()) {
  initCurl();
  if (options.userAgent.empty()) options.userAgent = defaultUserAgent();
  options.maxConnections = std::max(1, options.maxConnections);
  m_impl->options = std::move(options);
  m_impl->done = std::move(done);
  m_impl->multi = curl_multi_init();
  const long n = m_impl->options.maxConnections;
  curl_multi_setopt(m_impl->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, n);
  curl_multi_setopt(m_impl->multi, CURLMOPT_MAX_HOST_CONNECTIONS, n);
  curl_multi_setopt(m_impl->multi, CURLMOPT_MAXCONNECTS, n);
  m_impl->thread = std::thread([impl = m_impl.get()] { impl->loop(); });
}

HttpFetcher::~HttpFetcher() {
  m_impl->stop = true;
  curl_multi_wakeup(m_impl->multi);
  m_impl->thread.join();
  std::vector<std::uint64_t> ids;
  for (const auto& [id, a] : m_impl->running) ids.push_back(id);
  for (std::uint64_t id : ids) m_impl->remove(id);
  curl_multi_cleanup(m_impl->multi);
}

void HttpFetcher::submit(std::uint64_t id, const std::string& url, double priority) {
  {
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->runningIds.count(id)) return;
    Request& r = m_impl->queued[id];
    r.id = id;
    r.url = url;
    r.priority = priority;
  }
  curl_multi_wakeup(m_impl->multi);
}

void HttpFetcher::reprioritize(std::uint64_t id, double priority) {
  std::lock_guard lock(m_impl->mutex);
  if (auto it = m_impl->queued.find(id); it != m_impl->queued.end()) it->second.priority = priority;
}

void HttpFetcher::cancel(std::uint64_t id) {
  {
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->queued.erase(id)) return;
    if (!m_impl->runningIds.count(id)) return;
    m_impl->toCancel.insert(id);
  }
  curl_multi_wakeup(m_impl->multi);
}

void HttpFetcher::cancelAll() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->queued.clear();
    m_impl->toCancel.insert(m_impl->runningIds.begin(), m_impl->runningIds.end());
  }
  curl_multi_wakeup(m_impl->multi);
}

std::uint64_t HttpFetcher::attemptsStarted() const { return m_impl->attempts.load(); }

std::size_t HttpFetcher::pending() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->queued.size() + m_impl->runningIds.size() - m_impl->toCancel.size();
}

void HttpFetcher::Impl::abortCancelled() {
  std::set<std::uint64_t> ids;
  {
    std::lock_guard lock(mutex);
    ids.swap(toCancel);
    for (std::uint64_t id : ids) runningIds.erase(id);
  }
  for (std::uint64_t id : ids) remove(id);
}

void HttpFetcher::Impl::startTransfers() {
  const Clock::time_point now = Clock::now();
  std::vector<Request> start;
  {
    std::lock_guard lock(mutex);
    while (running.size() + start.size() < std::size_t(options.maxConnections)) {
      auto best = queued.end();
      for (auto it = queued.begin(); it != queued.end(); ++it) {
        if (it->second.notBefore > now) continue;
        if (best == queued.end() || it->second.priority < best->second.priority) best = it;
      }
      if (best == queued.end()) break;
      start.push_back(std::move(best->second));
      runningIds.insert(best->first);
      queued.erase(best);
    }
  }
  for (Request& r : start) {
    auto a = std::make_unique<Active>();
    a->req = std::move(r);
    a->maxBytes = options.maxBytes;
    CURL* e = curl_easy_init();
    a->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, a->req.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.userAgent.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(options.connectTimeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(options.timeout.count()));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBytes));
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, a.get());
    curl_easy_setopt(e, CURLOPT_PRIVATE, a.get());
    ++a->req.attempts;
    ++attempts;
    curl_multi_add_handle(multi, e);
    running[a->req.id] = std::move(a);
  }
}

void HttpFetcher::Impl::finish(CURL* easy, CURLcode code) {
  Active* a = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, reinterpret_cast<char**>(&a));
  if (!a) return;
  HttpResponse r;
  r.id = a->req.id;
  r.attempts = a->req.attempts;
  bool retry = false;
  if (code == CURLE_OK) {
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r.status);
    const char* type = nullptr;
    curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type);
    if (type) r.contentType = type;
    r.outcome = r.status >= 200 && r.status < 300 ? HttpResponse::Outcome::Ok : HttpResponse::Outcome::HttpError;
    retry = r.status == 429 || r.status >= 500;
    r.body = std::move(a->body);
  } else if (a->tooLarge || code == CURLE_FILESIZE_EXCEEDED) {
    r.outcome = HttpResponse::Outcome::TooLarge;
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    r.outcome = HttpResponse::Outcome::Timeout;
    retry = true;
  } else {
    r.outcome = HttpResponse::Outcome::NetworkError;
    r.detail = curl_easy_strerror(code);
    retry = true;
  }
  Request req = a->req;
  remove(r.id);
  bool deliver = true;
  {
    std::lock_guard lock(mutex);
    runningIds.erase(r.id);
    if (toCancel.erase(r.id)) {
      deliver = false;
    } else if (retry && req.attempts <= options.retries) {
      req.notBefore = Clock::now() + options.backoff * (1 << (req.attempts - 1));
      queued[req.id] = std::move(req);
      deliver = false;
    }
  }
  if (deliver && done) done(std::move(r));
}

void HttpFetcher::Impl::loop() {
  while (!stop) {
    abortCancelled();
    startTransfers();
    int stillRunning = 0;
    curl_multi_perform(multi, &stillRunning);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg == CURLMSG_DONE) finish(msg->easy_handle, msg->data.result);
    }
    // Sleep until there is network activity, a wakeup (submit, cancel, stop) or a retry is due.
    auto wait = std::chrono::milliseconds(200);
    {
      std::lock_guard lock(mutex);
      const Clock::time_point now = Clock::now();
      for (const auto& [id, r] : queued) {
        if (running.size() >= std::size_t(options.maxConnections)) break;
        const auto due = std::chrono::duration_cast<std::chrono::milliseconds>(r.notBefore - now);
        wait = std::min(wait, std::max(due, std::chrono::milliseconds(0)));
      }
    }
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(std::max<long>(wait.count(), 1)), nullptr);
  }
}

std::string httpGet(const std::string& url, const HttpOptions& options) {
  std::mutex mutex;
  std::condition_variable cv;
  std::optional<HttpResponse> got;
  HttpFetcher fetcher(options, [&](HttpResponse&& r) {
    std::lock_guard lock(mutex);
    got = std::move(r);
    cv.notify_one();
  });
  fetcher.submit(1, url, 0);
  std::unique_lock lock(mutex);
  cv.wait(lock, [&] { return got.has_value(); });
  using O = HttpResponse::Outcome;
  switch (got->outcome) {
    case O::Ok:
      return std::move(got->body);
    case O::HttpError:
      throw std::runtime_error("the server answered HTTP " + std::to_string(got->status));
    case O::Timeout:
      throw std::runtime_error("the server did not answer in time");
    case O::TooLarge:
      throw std::runtime_error("the answer is too large");
    case O::NetworkError:
      break;
  }
  throw std::runtime_error("cannot reach the server (" + got->detail + ")");
}

}  // namespace zhenmap
