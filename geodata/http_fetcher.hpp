// Fetching many small HTTP resources (map tiles) at once with libcurl's multi interface on one
// worker thread: a bounded connection pool (connections are kept alive and reused), the most
// urgent request first, cancellation, retries with exponential backoff for transient failures
// (timeouts, refused connections, HTTP 429 and 5xx), time limits, a cap on the body size and an
// honest User-Agent ("zhenmap/<version>"). URLs may hold keys: they are never part of a result's
// message, and nothing here logs.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace zhenmap {

struct HttpResponse {
  std::uint64_t id = 0;
  enum class Outcome {
    Ok,            // a 2xx answer (body may be empty: 204)
    HttpError,     // a non-2xx answer: see status
    Timeout,       // no complete answer within the time limit, retries spent
    NetworkError,  // no connection (refused, unreachable, DNS), retries spent
    TooLarge,      // the body passed maxBytes
  } outcome = Outcome::Ok;
  long status = 0;
  std::string contentType;
  std::string body;
  int attempts = 0;
  std::string detail;  // curl's own words for network failures (never the URL)
};

struct HttpOptions {
  int maxConnections = 6;  // transfers at once, and the size of the connection pool
  std::chrono::milliseconds connectTimeout{5000};
  std::chrono::milliseconds timeout{15000};  // a whole transfer
  std::size_t maxBytes = 8u << 20;
  int retries = 2;                         // further attempts after a transient failure
  std::chrono::milliseconds backoff{400};  // before the first retry; doubled each time
  std::string userAgent;                   // default: "zhenmap/<version>"
};

class HttpFetcher {
 public:
  // `done` is called on the fetcher's thread once per request that was not cancelled.
  HttpFetcher(HttpOptions options, std::function<void(HttpResponse&&)> done);
  ~HttpFetcher();  // cancels everything and joins the thread
  HttpFetcher(const HttpFetcher&) = delete;
  HttpFetcher& operator=(const HttpFetcher&) = delete;

  // Queues a request; lower priority values go first. Submitting an id again updates its priority.
  void submit(std::uint64_t id, const std::string& url, double priority);
  // A queued request's new priority (nothing when it runs already or is unknown).
  void reprioritize(std::uint64_t id, double priority);
  // Drops a queued request or aborts a running one; its `done` is never called.
  void cancel(std::uint64_t id);
  void cancelAll();
  // HTTP attempts started so far (each retry counts).
  std::uint64_t attemptsStarted() const;
  std::size_t pending() const;  // queued, waiting for a retry, or running

  static std::string defaultUserAgent();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// One request, waited for (a WMTS capabilities document): the body of a 2xx answer. Throws
// std::runtime_error saying what went wrong (status, time limit, no connection), never the URL.
std::string httpGet(const std::string& url, const HttpOptions& options = {});

}  // namespace zhenmap
