// ogr_read: the plain-OGR peer of our load: open the file and read every feature of every layer
// with its attributes and geometry (touching each geometry's point count), nothing else.
// Prints {"ogr_read_s": ..., "features": ..., "vertices": ...}.
//   ogr_read FILE
#include <exception>
#include <string>

#include "bench_common.hpp"
#include "gdal_handles.hpp"

namespace {

double countPoints(OGRGeometryH g) {
  const int parts = OGR_G_GetGeometryCount(g);
  if (parts == 0) return OGR_G_GetPointCount(g);
  double n = 0;
  for (int i = 0; i < parts; ++i) n += countPoints(OGR_G_GetGeometryRef(g, i));
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace zhenmap;
  if (argc != 2) {
    std::fprintf(stderr, "error: usage: ogr_read FILE\n");
    return 1;
  }
  bench::Stopwatch sw;
  gdal::ensureRegistered();
  gdal::Dataset ds(GDALOpenEx(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    std::fprintf(stderr, "error: cannot open %s: %s\n", argv[1], CPLGetLastErrorMsg());
    return 1;
  }
  double features = 0, vertices = 0;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i) {
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), i);
    OGR_L_ResetReading(layer);
    while (gdal::Feature f{OGR_L_GetNextFeature(layer)}) {
      features += 1;
      if (OGRGeometryH g = OGR_F_GetGeometryRef(f.get())) vertices += countPoints(g);
    }
  }
  bench::JsonOut out;
  out.number("ogr_read_s", sw.seconds());
  out.number("features", features);
  out.number("vertices", vertices);
  out.number("peak_rss_mib", bench::peakRssMiB());
  out.print();
  return 0;
}
