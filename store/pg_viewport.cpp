// Viewport streaming from PostGIS; see pg_viewport.hpp.
#include "store/pg_viewport.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>

#include "store/pg_connection.hpp"

namespace zhenmap::store {

namespace {

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};

std::int64_t readInt8(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<std::int64_t>(v);
}

// A coordinate as query text, to well under a millimetre.
std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

std::string firstLine(const char* msg) {
  std::string s = msg ? msg : "";
  const auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

PgViewportStream::PgViewportStream(std::string uri, std::string layer, std::vector<std::string> columns,
                                   std::function<void()> onReady)
    : m_uri(std::move(uri)), m_layer(std::move(layer)), m_columns(std::move(columns)), m_onReady(std::move(onReady)) {
  m_worker = std::thread([this] { run(); });
}

PgViewportStream::~PgViewportStream() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_latest.store(~std::uint64_t{0});  // whatever runs is superseded: the worker cancels it
  }
  m_wake.notify_all();
  m_worker.join();
}

std::uint64_t PgViewportStream::request(const ViewportBox& box) {
  std::uint64_t g;
  {
    std::lock_guard lock(m_mutex);
    g = ++m_generation;
    m_pending = Pending{g, box};
    m_latest.store(g);
  }
  m_wake.notify_all();
  return g;
}

std::optional<ViewportResult> PgViewportStream::take() {
  std::lock_guard lock(m_mutex);
  std::optional<ViewportResult> out = std::move(m_ready);
  m_ready.reset();
  return out;
}

bool PgViewportStream::busy() const {
  std::lock_guard lock(m_mutex);
  return m_pending.has_value() || m_running.load();
}

std::optional<std::string> PgViewportStream::lastError() const {
  std::lock_guard lock(m_mutex);
  return m_error;
}

void PgViewportStream::run() {
  std::unique_ptr<PGconn, ConnCloser> conn;
  while (true) {
    Pending job;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stop || m_pending.has_value(); });
      if (m_stop) return;
      job = *m_pending;
      m_pending.reset();
      m_running.store(true);
    }
    const auto superseded = [&] { return m_latest.load() != job.generation; };
    std::optional<std::string> error;
    ViewportResult result;
    bool cancelled = false;
    const auto start = std::chrono::steady_clock::now();
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
      conn.reset(PQconnectdb(pgConnInfo(m_uri).c_str()));
      if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
        error = "cannot connect to the project server: " + firstLine(conn ? PQerrorMessage(conn.get()) : "");
        conn.reset();
      }
    }
    const std::string p[4] = {number(job.box.minLon), number(job.box.minLat), number(job.box.maxLon),
                              number(job.box.maxLat)};
    const char* values[4] = {p[0].c_str(), p[1].c_str(), p[2].c_str(), p[3].c_str()};
    const std::string box = " WHERE geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4490)";
    // Sends one query (binary results) and waits for it without blocking on it, so that a newer
    // view can cancel it on the server. Null when it failed (error set) or was cancelled.
    const auto query = [&](const std::string& sql) -> std::unique_ptr<PGresult, ResultCloser> {
      std::unique_ptr<PGresult, ResultCloser> out;
      if (!PQsendQueryParams(conn.get(), sql.c_str(), 4, nullptr, values, nullptr, nullptr, 1)) {
        error = firstLine(PQerrorMessage(conn.get()));
        return out;
      }
      while (true) {
        if (!PQconsumeInput(conn.get())) {
          error = "connection to the project server lost: " + firstLine(PQerrorMessage(conn.get()));
          break;
        }
        if (!PQisBusy(conn.get())) break;
        if (!cancelled && superseded()) {
          if (PGcancel* c = PQgetCancel(conn.get())) {
            char buf[256];
            PQcancel(c, buf, sizeof buf);
            PQfreeCancel(c);
          }
          cancelled = true;
          ++m_cancelled;
        }
        pollfd pfd{PQsocket(conn.get()), POLLIN, 0};
        poll(&pfd, 1, 20);
      }
      while (PGresult* raw = PQgetResult(conn.get())) {
        std::unique_ptr<PGresult, ResultCloser> r(raw);
        if (PQresultStatus(raw) == PGRES_TUPLES_OK) {
          if (!cancelled && !error) out = std::move(r);
        } else if (!cancelled && !error) {
          error = firstLine(PQresultErrorMessage(raw));
        }
      }
      if (cancelled || error) out.reset();
      return out;
    };
    const std::int64_t maxFeatures = m_maxFeatures.load();
    if (conn && !superseded() && maxFeatures >= 0) {
      // A bounded count on the index first: a view that meets too many features fetches none.
      const std::string sql = "SELECT count(*) FROM (SELECT 1 FROM " + pgIdent(m_layer) + box + " LIMIT " +
                              std::to_string(maxFeatures + 1) + ") AS s";
      if (auto r = query(sql); r && PQntuples(r.get()) == 1) {
        result.count = readInt8(PQgetvalue(r.get(), 0, 0));
        result.tooMany = result.count > maxFeatures;
      }
    }
    if (conn && !superseded() && !cancelled && !error && !result.tooMany) {
      std::string cols = "id, ST_AsBinary(geom)";
      for (const std::string& c : m_columns) cols += ", " + pgIdent(c) + "::text";
      const double delay = m_testDelay.load();
      std::string sql = "SELECT " + cols + " FROM " + pgIdent(m_layer) + box;
      if (delay > 0) {
        sql = "WITH d AS MATERIALIZED (SELECT pg_sleep(" + std::to_string(delay) + ")) SELECT " + cols + " FROM d, " +
              pgIdent(m_layer) + box;
      }
      if (auto r = query(sql)) {
        const int n = PQntuples(r.get());
        result.features.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
          ViewportFeature f;
          f.id = readInt8(PQgetvalue(r.get(), i, 0));
          f.wkb.assign(PQgetvalue(r.get(), i, 1), static_cast<std::size_t>(PQgetlength(r.get(), i, 1)));
          for (int c = 0; c < static_cast<int>(m_columns.size()); ++c) {
            f.values.emplace_back(PQgetvalue(r.get(), i, c + 2),
                                  static_cast<std::size_t>(PQgetlength(r.get(), i, c + 2)));
          }
          result.features.push_back(std::move(f));
        }
        result.count = n;
      }
    }
    result.generation = job.generation;
    result.box = job.box;
    result.queryMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    {
      std::lock_guard lock(m_mutex);
      if (error) m_error = error;
      if (!error && !cancelled && !superseded()) {
        m_error.reset();
        m_delivered += result.features.size();
        m_ready = std::move(result);
      }
      m_running.store(false);
    }
    if (m_onReady) m_onReady();
  }
}

}  // namespace zhenmap::store
