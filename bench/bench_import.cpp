// Reading and planning the import of a large CSV of project points (issue 19), against ogr2ogr
// writing the same CSV into a SpatiaLite layer, in the same run with the rounds interleaved.
//   bench_import --generate FILE.csv [--rows N] [--seed S]   a team's project list, GCJ-02 coordinates
//   bench_import --run FILE.csv [--rounds R] [--work DIR]    prints one JSON object
// Ours: readImportSource (header, columns, every coordinate parsed, the readings wgs84/gcj02/bd09
// compared over Jieyang's extent, conversion to CGCS2000) + planImport into project_sites (aliases,
// status values, township names to codes from data/jieyang, per-row checks). Not yet included:
// writing into the project (the store's import, the lead's part). ogr2ogr: CSV -> SpatiaLite with
// the point geometry from the 经度/纬度 columns, as GDAL would import it without any of the above.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "boundary_match.hpp"
#include "china_offsets.hpp"
#include "import_source.hpp"
#include "import_target.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

const char* const kTowns[] = {"灰寨镇", "金和镇", "隆江镇", "华湖镇", "登岗镇"};
const char* const kStatus[] = {"已完工", "在建", "规划中", "计划"};

void generate(const std::string& path, int rows, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lon(115.7, 116.5), lat(23.0, 23.7), budget(5.0, 2000.0);
  std::ofstream out(path, std::ios::binary);
  out << "序号,项目名称,镇/村,经度,纬度,投资(万元),状态,开工日期\n";
  char line[256];
  for (int i = 1; i <= rows; ++i) {
    const Vec2 g = offsets::wgs84ToGcj02({lon(rng), lat(rng)});
    std::snprintf(line, sizeof line, "%d,项目%d,%s,%.6f,%.6f,%.2f,%s,2024-%02d-%02d\n", i, i, kTowns[i % 5], g.x, g.y,
                  budget(rng), kStatus[i % 4], 1 + i % 12, 1 + i % 28);
    out << line;
  }
}

// Runs a program and waits; the wall time in seconds, or -1 when it failed.
double timed(const std::vector<std::string>& argv) {
  bench::Stopwatch clock;
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const double s = clock.seconds();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? s : -1.0;
}

struct OursResult {
  double seconds;
  std::size_t rows, rejects;
  std::string system;
};

OursResult ours(const std::string& csv, const DivisionCatalog& catalog, const TargetLayer& target) {
  bench::Stopwatch clock;
  ImportReadOptions read;
  read.points.expectedExtent = Box{115.6, 22.9, 116.6, 23.8};
  const ImportSource src = readImportSource(csv, read);
  PlanOptions plan;
  plan.fieldMap = {{"镇/村", "township_code"}};
  plan.defaults = {{"programme", "county_library"}};
  plan.codeLookup = divisionCodeLookup(catalog);
  const ImportPlan p = planImport(src.table, target, plan);
  return {clock.seconds(), p.rows.size(), p.rejectedRows(), offsets::lonLatSystemName(src.points->chosen.system)};
}

int run(const std::string& csv, int rounds, const fs::path& work) {
  fs::create_directories(work);
  const std::string data = std::string(ZHENMAP_SOURCE_DIR) + "/data/jieyang/";
  const DivisionCatalog catalog = DivisionCatalog::load(data + "jieyang_towns.csv", data + "jieyang_villages.csv");
  const TargetLayer target = standardTarget("project_sites");
  std::vector<double> oursSeconds, gdalSeconds;
  OursResult last{};
  for (int r = 0; r < rounds; ++r) {
    last = ours(csv, catalog, target);
    oursSeconds.push_back(last.seconds);
    const fs::path out = work / "ogr2ogr.sqlite";
    fs::remove(out);
    const double g = timed({"ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES", out.string(), csv, "-oo",
                            "X_POSSIBLE_NAMES=经度", "-oo", "Y_POSSIBLE_NAMES=纬度", "-oo", "AUTODETECT_TYPE=YES",
                            "-a_srs", "EPSG:4490", "-nln", "project_sites", "-gt", "65536"});
    if (g < 0) {
      std::fprintf(stderr, "ogr2ogr failed\n");
      return 2;
    }
    gdalSeconds.push_back(g);
  }
  const bench::Summary o = bench::summarize(oursSeconds), g = bench::summarize(gdalSeconds);
  std::printf(
      "{\"rows\": %zu, \"rejected\": %zu, \"system\": \"%s\", \"rounds\": %d, \"ours_read_plan_s\": {\"median\": %.3f, "
      "\"min\": %.3f, \"max\": %.3f}, \"ogr2ogr_spatialite_s\": {\"median\": %.3f, \"min\": %.3f, \"max\": %.3f}, "
      "\"ratio\": %.2f, \"peak_rss_mib\": %.0f}\n",
      last.rows, last.rejects, last.system.c_str(), rounds, o.median, o.min, o.max, g.median, g.min, g.max,
      o.median / g.median, bench::peakRssMiB());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string generateTo, runOn, work = "bench-import-work";
  int rows = 100000, rounds = 3;
  unsigned seed = 19;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--generate")
      generateTo = v;
    else if (a == "--run")
      runOn = v;
    else if (a == "--rows")
      rows = std::stoi(v);
    else if (a == "--rounds")
      rounds = std::stoi(v);
    else if (a == "--seed")
      seed = static_cast<unsigned>(std::stoul(v));
    else if (a == "--work")
      work = v;
  }
  if (!generateTo.empty()) {
    generate(generateTo, rows, seed);
    return 0;
  }
  if (!runOn.empty()) return run(runOn, rounds, work);
  std::fprintf(stderr,
               "usage: bench_import --generate FILE.csv [--rows N] | --run FILE.csv [--rounds R] [--work DIR]\n");
  return 1;
}
