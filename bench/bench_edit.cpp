// bench_edit: commit of 10,000 attribute changes (one `measures` cell of each of the first 10,000
// households) and the latency of single-cell commits, on a workload project (SpatiaLite). Ours
// through the project store (validation, optimistic concurrency check, audit rows, one
// transaction), and the same updates through GDAL/OGR's SQLite driver (one transaction) as a peer.
// Works on the given file in place: the runner passes a fresh copy per run.
//   bench_edit --store COPY.sqlite --ogr COPY2.sqlite [--edits 10000] [--singles 20]
#include <exception>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "gdal_handles.hpp"
#include "store/edit_session.hpp"
#include "store/project_store.hpp"

namespace {

using namespace zhenmap;
using bench::JsonOut;
using bench::Stopwatch;

struct Args {
  std::string store;
  std::string ogr;
  int edits = 10'000;
  int singles = 20;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + k);
    const std::string v = argv[++i];
    if (k == "--store")
      a.store = v;
    else if (k == "--ogr")
      a.ogr = v;
    else if (k == "--edits")
      a.edits = std::stoi(v);
    else if (k == "--singles")
      a.singles = std::stoi(v);
    else
      throw std::invalid_argument("unknown option " + k);
  }
  if (a.store.empty()) throw std::invalid_argument("--store FILE is required");
  return a;
}

void ours(const Args& a, JsonOut& out) {
  store::ProjectStore project = store::ProjectStore::open(a.store);
  store::EditSession buffer(project);
  Stopwatch sw;
  for (int id = 1; id <= a.edits; ++id) {
    buffer.setValue({"households", id, "measures"}, store::Value{"基准编辑 " + std::to_string(id)});
  }
  const double fill = sw.seconds();
  sw.restart();
  const store::ChangeSet result = buffer.commit({"bench", "benchmark: 10k edits"});
  const double commit = sw.seconds();
  if (result.cells != static_cast<std::size_t>(a.edits))
    throw std::runtime_error("the commit wrote fewer cells than edited");
  out.number("edit_10k_buffer_s", fill);
  out.number("commit_10k_s", commit);
  out.number("edit_10k_total_s", fill + commit);

  std::vector<double> single;
  for (int i = 0; i < a.singles; ++i) {
    Stopwatch s;
    store::EditSession one(project);
    one.setValue({"households", 1 + i, "measures"}, store::Value{"单次编辑 " + std::to_string(i)});
    one.commit({"bench", "benchmark: single edit"});
    single.push_back(s.millis());
  }
  out.summary("single_edit_ms", bench::summarize(single));
  out.number("peak_rss_mib", bench::peakRssMiB());
}

void ogrPeer(const Args& a, JsonOut& out) {
  gdal::ensureRegistered();
  gdal::Dataset ds(GDALOpenEx(a.ogr.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!ds) throw std::runtime_error("OGR cannot open " + a.ogr + ": " + CPLGetLastErrorMsg());
  OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "households");
  if (!layer) throw std::runtime_error("no households layer in " + a.ogr);
  const int field = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "measures");
  const auto update = [&](GIntBig fid, const std::string& value) {
    gdal::Feature f(OGR_L_GetFeature(layer, fid));
    if (!f) throw std::runtime_error("OGR: no feature " + std::to_string(fid));
    OGR_F_SetFieldString(f.get(), field, value.c_str());
    if (OGR_L_SetFeature(layer, f.get()) != OGRERR_NONE)
      throw std::runtime_error(std::string("OGR SetFeature: ") + CPLGetLastErrorMsg());
  };
  Stopwatch sw;
  if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) throw std::runtime_error("OGR: no transaction");
  for (int id = 1; id <= a.edits; ++id) update(id, "OGR 编辑 " + std::to_string(id));
  if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
    throw std::runtime_error(std::string("OGR commit: ") + CPLGetLastErrorMsg());
  out.number("ogr_commit_10k_s", sw.seconds());
  std::vector<double> single;
  for (int i = 0; i < a.singles; ++i) {
    Stopwatch s;
    if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) throw std::runtime_error("OGR: no transaction");
    update(1 + i, "OGR 单次 " + std::to_string(i));
    if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE) throw std::runtime_error("OGR commit failed");
    single.push_back(s.millis());
  }
  out.summary("ogr_single_edit_ms", bench::summarize(single));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = parse(argc, argv);
    JsonOut out;
    ours(args, out);
    if (!args.ogr.empty()) ogrPeer(args, out);
    out.print();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
