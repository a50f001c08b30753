// The project store on PostGIS against the same store on a SpatiaLite file, in one run on the same
// data (issue 9): commit latency of one edit and of 10,000 edits (one transaction, audit rows
// included), viewport (bbox) query latency on the spatial index, and 8 editing processes
// committing at the same time. Prints a table with PostGIS/SpatiaLite ratios.
// Usage: bench_postgis PG_ADDRESS WORK_DIR [sites=100000] [runs=5]
// PG_ADDRESS names an existing database with PostGIS and no project (bench/bench_postgis.sh makes
// a throwaway server for it).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_transfer.hpp"
#include "store/pg_viewport.hpp"
#include "store/edit_session.hpp"
#include "store/project_store.hpp"
#include "store/sqlite_audit.hpp"

using namespace zhenmap;
using namespace zhenmap::store;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point since) { return std::chrono::duration<double, std::milli>(Clock::now() - since).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int side(int sites) { return static_cast<int>(std::ceil(std::sqrt(static_cast<double>(sites)))); }

// `sites` project sites on a square grid over 116..117 E, 23..24 N.
void makeProject(const std::string& path, int sites) {
  ProjectStore project = ProjectStore::create(path);
  const int n = side(sites);
  Database& db = project.database();
  Transaction tx(db);
  suspendAudit(db);  // the benchmark's starting data is not history
  db.exec(
      "INSERT INTO townships (code, name, county_code, kind, geom) VALUES ('445222111', '金和镇', '445222', '镇', "
      "CastToMultiPolygon(GeomFromText('POLYGON((116 23, 117 23, 117 24, 116 24, 116 23))', 4490)));"
      "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < " +
      std::to_string(sites) +
      ") INSERT INTO project_sites (id, name, programme, status, township_code, budget_wan, geom) "
      "SELECT i, 'site ' || i, 'county_library', 'planned', '445222111', 100.0, "
      "MakePoint(116 + ((i - 1) % " +
      std::to_string(n) + ") * (1.0 / " + std::to_string(n) + "), 23 + ((i - 1) / " + std::to_string(n) +
      ") * (1.0 / " + std::to_string(n) + "), 4490) FROM k;");
  resumeAudit(db);
  tx.commit();
}

double singleCommit(const std::string& uri, int repeats, int firstId) {
  ProjectStore project = ProjectStore::open(uri);
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    EditSession buffer(project);
    buffer.setValue({"project_sites", firstId + i, "notes"}, Value{"single " + std::to_string(i)});
    const auto t0 = Clock::now();
    buffer.commit({"bench", ""});
    t.push_back(ms(t0));
  }
  return median(t);
}

struct BulkTimes {
  double fill;
  double commit;
};

BulkTimes bulkCommit(const std::string& uri, int edits, int runs) {
  ProjectStore project = ProjectStore::open(uri);
  std::vector<double> fill, commit;
  for (int run = 0; run < runs; ++run) {
    EditSession buffer(project);
    const auto t0 = Clock::now();
    for (int id = 1; id <= edits; ++id) {
      buffer.setValue({"project_sites", id, "budget_wan"}, Value{200.0 + run + id % 7});
    }
    fill.push_back(ms(t0));
    const auto t1 = Clock::now();
    buffer.commit({"bench", "bulk"});
    commit.push_back(ms(t1));
  }
  return {median(fill), median(commit)};
}

struct Box {
  double x0, y0, x1, y1;
};

std::vector<Box> viewports(int count, double size) {
  std::vector<Box> out;
  for (int i = 0; i < count; ++i) {
    const double x = 116.0 + std::fmod(i * 0.137, 1.0 - size);
    const double y = 23.0 + std::fmod(i * 0.291, 1.0 - size);
    out.push_back({x, y, x + size, y + size});
  }
  return out;
}

struct ViewTimes {
  double ms;
  double features;
};

ViewTimes fileViewport(const std::string& path, const std::vector<Box>& boxes) {
  Database db(path, OpenMode::ReadOnly);
  Statement s = db.prepare(
      "SELECT id, AsBinary(geom) FROM project_sites WHERE ROWID IN (SELECT ROWID FROM SpatialIndex WHERE "
      "f_table_name = 'project_sites' AND f_geometry_column = 'geom' AND search_frame = BuildMbr(?, ?, ?, ?, 4490))");
  std::vector<double> t;
  double features = 0;
  for (const Box& b : boxes) {
    const auto t0 = Clock::now();
    s.bind(1, Value{b.x0}).bind(2, Value{b.y0}).bind(3, Value{b.x1}).bind(4, Value{b.y1});
    std::size_t n = 0, bytes = 0;
    while (s.step()) {
      ++n;
      bytes += s.getBlob(1).size();
    }
    s.reset();
    t.push_back(ms(t0));
    if (n > 0 && bytes == 0) throw DataError("empty geometries");
    features += static_cast<double>(n);
  }
  return {median(t), features / static_cast<double>(boxes.size())};
}

ViewTimes serverViewport(const std::string& uri, const std::vector<Box>& boxes) {
  PgViewportStream stream(uri, "project_sites");
  std::vector<double> t;
  double features = 0;
  for (const Box& b : boxes) {
    const auto t0 = Clock::now();
    stream.request({b.x0, b.y0, b.x1, b.y1});
    std::optional<ViewportResult> r;
    while (!(r = stream.take())) {
      if (auto e = stream.lastError(); e && !stream.busy()) throw DataError(*e);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    t.push_back(ms(t0));
    features += static_cast<double>(r->features.size());
  }
  return {median(t), features / static_cast<double>(boxes.size())};
}

struct Concurrent {
  double wallMs;    // all processes, start to last commit
  double commitMs;  // median single-commit latency over every commit of every process
  int failures;     // commits that failed (busy/locked)
};

// `procs` processes, each committing `commits` single-cell edits to its own rows, all at once.
Concurrent concurrentEditors(const std::string& uri, const fs::path& dir, int procs, int commits) {
  int go[2];
  if (pipe(go) != 0) throw std::runtime_error("pipe");
  std::vector<pid_t> pids;
  for (int p = 0; p < procs; ++p) {
    const pid_t pid = fork();
    if (pid == 0) {
      close(go[1]);
      std::ofstream out(dir / ("proc" + std::to_string(p) + ".txt"));
      int failures = 0;
      try {
        ProjectStore project = ProjectStore::open(uri, OpenMode::ReadWrite, 30000);
        char c;
        if (read(go[0], &c, 1) != 1) _exit(2);
        for (int i = 0; i < commits; ++i) {
          EditSession buffer(project);
          buffer.setValue({"project_sites", 1 + p * 1000 + i, "notes"}, Value{"proc " + std::to_string(p)});
          const auto t0 = Clock::now();
          try {
            buffer.commit({"proc" + std::to_string(p), ""});
            out << ms(t0) << "\n";
          } catch (const std::exception&) {
            ++failures;
          }
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "editor %d: %s\n", p, e.what());
        _exit(3);
      }
      out << "failures " << failures << "\n";
      out.close();
      _exit(0);
    }
    pids.push_back(pid);
  }
  close(go[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // every editor connected
  const auto t0 = Clock::now();
  const std::string bytes(static_cast<std::size_t>(procs), 'g');
  if (write(go[1], bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) throw std::runtime_error("write");
  close(go[1]);
  for (pid_t pid : pids) waitpid(pid, nullptr, 0);
  Concurrent c{ms(t0), 0, 0};
  std::vector<double> all;
  for (int p = 0; p < procs; ++p) {
    std::ifstream in(dir / ("proc" + std::to_string(p) + ".txt"));
    std::string word;
    while (in >> word) {
      if (word == "failures") {
        int f = 0;
        in >> f;
        c.failures += f;
      } else {
        all.push_back(std::stod(word));
      }
    }
  }
  c.commitMs = all.empty() ? 0 : median(all);
  if (static_cast<int>(all.size()) + c.failures != procs * commits)
    c.failures = procs * commits - static_cast<int>(all.size());
  return c;
}

void row(const char* what, double file, double server, const char* unit) {
  std::printf("| %-44s | %10.2f %-3s | %10.2f %-3s | %6.2fx |\n", what, file, unit, server, unit, server / file);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_postgis PG_ADDRESS WORK_DIR [sites=100000] [runs=5]\n");
    return 1;
  }
  const std::string pg = argv[1];
  const fs::path dir = argv[2];
  const int sites = argc > 3 ? std::atoi(argv[3]) : 100000;
  const int runs = argc > 4 ? std::atoi(argv[4]) : 5;
  const int edits = std::min(10000, sites);
  try {
    fs::create_directories(dir);
    const std::string file = (dir / "bench_postgis.sqlite").string();
    fs::remove(file);
    auto t0 = Clock::now();
    makeProject(file, sites);
    std::printf("project file with %d sites: %.0f ms\n", sites, ms(t0));
    t0 = Clock::now();
    pushProject(file, pg, /*replace=*/true, /*teamRoles=*/false);
    std::printf("push to the server: %.0f ms\n", ms(t0));

    const double fileSingle = singleCommit(file, 30, 1);
    const double pgSingle = singleCommit(pg, 30, 1);
    const BulkTimes fileBulk = bulkCommit(file, edits, runs);
    const BulkTimes pgBulk = bulkCommit(pg, edits, runs);
    const auto boxes = viewports(40, 0.1);
    const ViewTimes fileView = fileViewport(file, boxes);
    const ViewTimes pgView = serverViewport(pg, boxes);
    const auto bigBoxes = viewports(10, 0.5);
    const ViewTimes fileBig = fileViewport(file, bigBoxes);
    const ViewTimes pgBig = serverViewport(pg, bigBoxes);
    const int procs = 8, commits = std::min(100, sites / 8 / 10);
    const Concurrent fileConc = concurrentEditors(file, dir, procs, commits);
    const Concurrent pgConc = concurrentEditors(pg, dir, procs, commits);

    std::printf("\n| %-44s | %14s | %14s | %7s |\n", "", "SpatiaLite", "PostGIS", "ratio");
    std::printf("|----------------------------------------------|----------------|----------------|---------|\n");
    row("commit 1 edit (median of 30)", fileSingle, pgSingle, "ms");
    char label[96];
    std::snprintf(label, sizeof label, "commit %d edits, one transaction (median)", edits);
    row(label, fileBulk.commit, pgBulk.commit, "ms");
    std::snprintf(label, sizeof label, "  recording %d edits in the buffer", edits);
    row(label, fileBulk.fill, pgBulk.fill, "ms");
    std::snprintf(label, sizeof label, "viewport 0.1 deg (%.0f features, median)", fileView.features);
    row(label, fileView.ms, pgView.ms, "ms");
    std::snprintf(label, sizeof label, "viewport 0.5 deg (%.0f features, median)", fileBig.features);
    row(label, fileBig.ms, pgBig.ms, "ms");
    std::snprintf(label, sizeof label, "8 processes x %d commits: wall", commits);
    row(label, fileConc.wallMs, pgConc.wallMs, "ms");
    row("  8 processes: median commit latency", fileConc.commitMs, pgConc.commitMs, "ms");
    row("  8 processes: commits per second", procs * commits * 1000.0 / fileConc.wallMs,
        procs * commits * 1000.0 / pgConc.wallMs, "/s");
    std::printf("failed commits: SpatiaLite %d, PostGIS %d; viewport features equal: %s\n", fileConc.failures,
                pgConc.failures,
                fileView.features == pgView.features && fileBig.features == pgBig.features ? "yes" : "NO");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
