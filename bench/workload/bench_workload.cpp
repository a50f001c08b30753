// bench_workload: writes the synthetic Jieyang workload of one size as a GeoPackage and a
// SpatiaLite project, plus manifest.json (counts, vertices, extent, coordinate checksum).
//   bench_workload --size small|large|huge|tiny --out DIR [--seed N] [--households N]
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "workload_model.hpp"
#include "writers.hpp"

namespace {

struct Args {
  std::string size = "small";
  std::string out;
  std::uint64_t seed = 20261129;
  std::size_t households = 10'000;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + k);
    const std::string v = argv[++i];
    if (k == "--size") a.size = v;
    else if (k == "--out") a.out = v;
    else if (k == "--seed") a.seed = std::stoull(v);
    else if (k == "--households") a.households = std::stoull(v);
    else throw std::invalid_argument("unknown option " + k);
  }
  if (a.out.empty()) throw std::invalid_argument("--out DIR is required");
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace zhenmap::bench;
  try {
    const Args args = parse(argc, argv);
    const auto t0 = std::chrono::steady_clock::now();
    const Workload w = generateWorkload({args.seed, sizeByName(args.size).targetPolygonVertices, args.households});
    std::filesystem::create_directories(args.out);
    const std::string dir = args.out + "/";
    writeGeoPackage(w, dir + "workload.gpkg");
    writeSpatiaLite(w, dir + "workload.sqlite");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    zhenmap::Box extent;
    std::ofstream m(dir + "manifest.json");
    m << "{\n  \"size\": \"" << args.size << "\",\n  \"seed\": " << args.seed << ",\n  \"polygon_vertices\": " << w.polygonVertices
      << ",\n  \"coordinate_checksum\": \"" << std::hex << coordinateChecksum(w) << std::dec << "\",\n  \"layers\": {";
    for (std::size_t i = 0; i < w.layers.size(); ++i) {
      for (const WorkFeature& f : w.layers[i].features) extent.expand(f.geometry.bounds());
      m << (i ? ", " : "") << "\"" << w.layers[i].name << "\": " << w.layers[i].features.size();
    }
    m.precision(10);
    m << "},\n  \"extent\": [" << extent.minX << ", " << extent.minY << ", " << extent.maxX << ", " << extent.maxY
      << "],\n  \"seconds\": " << seconds << "\n}\n";
    std::printf("%s: %llu polygon vertices, written to %s in %.1f s\n", args.size.c_str(),
                static_cast<unsigned long long>(w.polygonVertices), args.out.c_str(), seconds);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
