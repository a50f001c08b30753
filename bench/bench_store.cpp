// Project-store commit benchmark (issue 4): 10,000 attribute changes committed in ONE transaction
// with audit rows, and the latency of a single-cell commit, against the same updates done through
// GDAL/OGR's SQLite driver (OGR_L_GetFeature + OGR_L_SetFeature inside a transaction) in the same
// run. Median of several runs on fresh copies of one file. Usage: bench_store [runs] [rows]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "gdal_handles.hpp"
#include "store/edit_session.hpp"
#include "store/project_store.hpp"
#include "store/sqlite_audit.hpp"

using namespace zhenmap;
using namespace zhenmap::store;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void makeBase(const std::string& path, int rows) {
  ProjectStore project = ProjectStore::create(path);
  Database& db = project.database();
  Transaction tx(db);
  suspendAudit(db);  // the benchmark's starting data is not history
  db.exec(
      "INSERT INTO townships (code, name, county_code, kind, geom) VALUES ('445222111', '金和镇', '445222', '镇', "
      "CastToMultiPolygon(GeomFromText('POLYGON((116 23, 117 23, 117 24, 116 24, 116 23))', 4490)));"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
      std::to_string(rows) +
      ") INSERT INTO project_sites (id, name, programme, status, township_code, budget_wan, geom) "
      "SELECT i, 'site ' || i, 'county_library', 'planned', '445222111', 100.0, "
      "MakePoint(116 + (i % 100) / 100.0, 23 + (i / 100) / 1000.0, 4490) FROM n");
  resumeAudit(db);
  tx.commit();
}

struct StoreTimes {
  double fill;       // building the edit buffer (reads every edited row once)
  double commit;     // the one transaction, audit included (wall clock)
  double commitCpu;  // the same in process CPU time: the machine may be shared
};

double cpuNow() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

StoreTimes storeRun(const std::string& path, int rows, int run) {
  ProjectStore project = ProjectStore::open(path);
  EditSession buffer(project);
  const auto t0 = Clock::now();
  for (int id = 1; id <= rows; ++id) {
    buffer.setValue({"project_sites", id, "budget_wan"}, Value{100.0 + run + id % 7});
  }
  const double fill = seconds(t0);
  const auto t1 = Clock::now();
  const double c0 = cpuNow();
  buffer.commit({"bench", "benchmark"});
  const double cpu = cpuNow() - c0;
  return {fill, seconds(t1), cpu};
}

double storeSingle(const std::string& path, int repeats) {
  ProjectStore project = ProjectStore::open(path);
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    EditSession buffer(project);
    buffer.setValue({"project_sites", 1 + i, "notes"}, Value{"single " + std::to_string(i)});
    const auto t0 = Clock::now();
    buffer.commit({"bench", ""});
    t.push_back(seconds(t0));
  }
  return median(t);
}

gdal::Dataset openOgr(const std::string& path) {
  const char* const drivers[] = {"SQLite", nullptr};
  gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
  if (!ds) throw OpenError("GDAL cannot open the project for update", {path});
  return ds;
}

void ogrUpdate(GDALDatasetH ds, OGRLayerH layer, int field, GIntBig fid, double value) {
  gdal::Feature f(OGR_L_GetFeature(layer, fid));
  if (!f) throw DataError("OGR has no feature", {"", "project_sites", fid});
  OGR_F_SetFieldDouble(f.get(), field, value);
  if (OGR_L_SetFeature(layer, f.get()) != OGRERR_NONE) throw DataError("OGR_L_SetFeature failed");
  (void)ds;
}

double ogrRun(const std::string& path, int rows, int run) {
  gdal::Dataset ds = openOgr(path);
  OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "project_sites");
  const int field = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "budget_wan");
  const auto t0 = Clock::now();
  if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) throw DataError("OGR transaction failed");
  for (int id = 1; id <= rows; ++id) ogrUpdate(ds.get(), layer, field, id, 100.0 + run + id % 7);
  if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE) throw DataError("OGR commit failed");
  return seconds(t0);
}

double ogrSingle(const std::string& path, int repeats) {
  gdal::Dataset ds = openOgr(path);
  OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "project_sites");
  const int field = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "budget_wan");
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = Clock::now();
    GDALDatasetStartTransaction(ds.get(), FALSE);
    ogrUpdate(ds.get(), layer, field, 1 + i, 200.0 + i);
    GDALDatasetCommitTransaction(ds.get());
    t.push_back(seconds(t0));
  }
  return median(t);
}

std::string fresh(const fs::path& dir, const std::string& base, const std::string& name) {
  const fs::path p = dir / name;
  fs::copy_file(base, p, fs::copy_options::overwrite_existing);
  return p.string();
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  const int rows = argc > 2 ? std::atoi(argv[2]) : 10000;
  if (runs < 1 || rows < 100) {
    std::fprintf(stderr, "usage: bench_store [runs >= 1] [rows >= 100]\n");
    return 1;
  }
  GDALAllRegister();
  const fs::path dir = fs::temp_directory_path() / ("zhenmap-bench-store-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  try {
    const std::string base = (dir / "base.sqlite").string();
    makeBase(base, rows);
    std::vector<double> fill, commit, commitCpu, ogr, single, ogrOne;
    for (int r = 0; r < runs; ++r) {
      const StoreTimes s = storeRun(fresh(dir, base, "store.sqlite"), rows, r);
      fill.push_back(s.fill);
      commit.push_back(s.commit);
      commitCpu.push_back(s.commitCpu);
      ogr.push_back(ogrRun(fresh(dir, base, "ogr.sqlite"), rows, r));
    }
    single.push_back(storeSingle(fresh(dir, base, "single.sqlite"), 50));
    ogrOne.push_back(ogrSingle(fresh(dir, base, "ogr_single.sqlite"), 50));
    const double c = median(commit), f = median(fill), o = median(ogr);
    std::printf("bench_store: %d attribute changes, median of %d runs (single-cell: median of 50 commits)\n", rows,
                runs);
    std::printf("%-48s %12s %14s\n", "", "seconds", "vs this");
    std::printf("%-48s %12.4f %14s\n", "zhenmap commit (1 txn, audit, versions)", c, "1.00x");
    std::printf("%-48s %12.4f %13.2fx\n", "zhenmap commit, process CPU time", median(commitCpu), median(commitCpu) / c);
    std::printf("%-48s %12.4f %13.2fx\n", "zhenmap buffer fill + commit", f + c, (f + c) / c);
    std::printf("%-48s %12.4f %13.2fx\n", "OGR SQLite driver GetFeature+SetFeature (1 txn)", o, o / c);
    std::printf("%-48s %12.4f %13.2fx\n", "reference desktop GIS (issue 4 figure)", 0.11, 0.11 / c);
    std::printf("%-48s %12.6f %14s\n", "zhenmap single-cell commit", median(single), "1.00x");
    std::printf("%-48s %12.6f %13.2fx\n", "OGR single-cell SetFeature + commit", median(ogrOne),
                median(ogrOne) / median(single));
    std::printf("goal: zhenmap commit <= %.4f s (3x faster than 0.11 s): %s\n", 0.11 / 3,
                c <= 0.11 / 3 ? "met" : "NOT met");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    fs::remove_all(dir);
    return 2;
  }
  fs::remove_all(dir);
  return 0;
}
