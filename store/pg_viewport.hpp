// Streaming a large server layer by viewport: bbox queries on the layer's spatial (GiST) index run
// on a worker thread with its own connection; when the view moves on, the query still running
// is cancelled on the server (PQcancel, sent by the worker) and only the newest view's features
// are delivered. request() and take() never wait on the network, so the UI thread may call them
// every frame. Features arrive as WKB in EPSG:4490 lon/lat.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace zhenmap::store {

struct ViewportBox {
  double minLon = 0, minLat = 0, maxLon = 0, maxLat = 0;
};

struct ViewportFeature {
  std::int64_t id = 0;
  std::string wkb;                  // ISO/OGC WKB, EPSG:4490
  std::vector<std::string> values;  // the extra columns as text ("" for NULL)
};

struct ViewportResult {
  std::uint64_t generation = 0;  // the request() that asked for it
  ViewportBox box;
  std::vector<ViewportFeature> features;
  double queryMs = 0;  // server query and transfer time
  // More features meet the box than the stream's maxFeatures: none were fetched (`features` is
  // empty) and `count` is maxFeatures + 1 (the count stops there).
  bool tooMany = false;
  std::int64_t count = 0;
};

class PgViewportStream {
 public:
  // uri: "PG:..." address; layer: a table with id and geom (indexed); columns: extra attribute
  // columns to fetch. onReady (optional) is called on the worker thread after a result is stored
  // (e.g. to wake the UI's event loop). Connecting happens on the worker.
  PgViewportStream(std::string uri, std::string layer, std::vector<std::string> columns = {},
                   std::function<void()> onReady = {});
  ~PgViewportStream();  // cancels what runs, joins the worker
  PgViewportStream(const PgViewportStream&) = delete;
  PgViewportStream& operator=(const PgViewportStream&) = delete;

  // Asks for the features whose bounding box meets `box`; supersedes (and cancels) every earlier
  // request. Returns the request's generation.
  std::uint64_t request(const ViewportBox& box);
  // The newest finished result not yet taken; results of superseded requests are never delivered.
  std::optional<ViewportResult> take();
  // True while a request is queued or running.
  bool busy() const;
  // Queries the worker cancelled on the server because the view moved on.
  std::size_t cancelledQueries() const { return m_cancelled.load(); }
  // The last failure (connection, SQL), if any; the next request tries again (reconnecting).
  std::optional<std::string> lastError() const;
  // A view meeting more than `n` features fetches none of them (ViewportResult::tooMany): a
  // bounded count on the index runs first. Default: no limit (no count query).
  void setMaxFeatures(std::int64_t n) { m_maxFeatures.store(n); }
  // Features delivered in results so far (geometry rows fetched from the server).
  std::size_t deliveredFeatures() const { return m_delivered.load(); }
  // Tests: every query first sleeps this long on the server (to have something to cancel).
  void setServerDelayForTests(double seconds) { m_testDelay.store(seconds); }

 private:
  void run();
  struct Pending {
    std::uint64_t generation;
    ViewportBox box;
  };
  std::string m_uri;
  std::string m_layer;
  std::vector<std::string> m_columns;
  std::function<void()> m_onReady;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::optional<Pending> m_pending;
  std::optional<ViewportResult> m_ready;
  std::optional<std::string> m_error;
  std::uint64_t m_generation = 0;
  std::atomic<std::uint64_t> m_latest{0};
  std::atomic<bool> m_running{false};
  std::atomic<std::size_t> m_cancelled{0};
  std::atomic<double> m_testDelay{0.0};
  std::atomic<std::int64_t> m_maxFeatures{-1};
  std::atomic<std::size_t> m_delivered{0};
  bool m_stop = false;
  std::thread m_worker;  // last: started after every member above exists
};

}  // namespace zhenmap::store
