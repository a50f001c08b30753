// bench_raster_gen: writes a large synthetic orthophoto for the raster benchmark (never committed):
// an RGB, tiled (256 x 256), uncompressed GeoTIFF in CGCS2000 GK zone 39 (EPSG:4527) near Jieyang
// at 0.2 m pixels, whose size on disk is about --gb gigabytes. The picture looks loosely like
// fields, roads and roofs (value noise and stripes), so overviews and drawing have real work.
//   bench_raster_gen --out FILE [--gb 2]
#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::uint32_t hash(std::uint32_t x, std::uint32_t y) {
  std::uint32_t h = x * 374761393u + y * 668265263u;
  h = (h ^ (h >> 13)) * 1274126177u;
  return h ^ (h >> 16);
}

// Smooth value noise in [0, 1) with cells of `cell` pixels.
double noise(std::int64_t x, std::int64_t y, int cell) {
  const std::int64_t cx = x / cell, cy = y / cell;
  const double fx = double(x % cell) / cell, fy = double(y % cell) / cell;
  auto v = [&](std::int64_t i, std::int64_t j) {
    return double(hash(std::uint32_t(i), std::uint32_t(j)) & 0xffff) / 65536.0;
  };
  const double a = v(cx, cy), b = v(cx + 1, cy), c = v(cx, cy + 1), d = v(cx + 1, cy + 1);
  const double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
  return (a * (1 - sx) + b * sx) * (1 - sy) + (c * (1 - sx) + d * sx) * sy;
}

void pixel(std::int64_t x, std::int64_t y, std::uint8_t* out) {
  const double field = noise(x, y, 400), grain = noise(x, y, 9);
  double r = 70 + 90 * field + 30 * grain, g = 95 + 80 * (1 - field) + 25 * grain, b = 55 + 40 * field + 20 * grain;
  if ((x % 1500) < 40 || (y % 1800) < 30) r = g = b = 150 + 40 * grain;  // roads
  if (hash(std::uint32_t(x / 120), std::uint32_t(y / 120)) % 23 == 0 && (x % 120) > 20 && (y % 120) > 30) {
    r = 170 + 40 * grain;  // roofs
    g = 80 + 30 * grain;
    b = 60;
  }
  out[0] = std::uint8_t(std::min(255.0, r));
  out[1] = std::uint8_t(std::min(255.0, g));
  out[2] = std::uint8_t(std::min(255.0, b));
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  double gb = 2.0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
    if (!std::strcmp(argv[i], "--gb") && i + 1 < argc) gb = std::atof(argv[++i]);
  }
  if (out.empty() || gb <= 0) {
    std::fprintf(stderr, "usage: bench_raster_gen --out FILE [--gb 2]\n");
    return 1;
  }
  const int side = int(std::sqrt(gb * 1e9 / 3.0)) / 256 * 256;
  GDALAllRegister();
  const char* opts[] = {"TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=YES", "INTERLEAVE=PIXEL", nullptr};
  GDALDatasetH ds =
      GDALCreate(GDALGetDriverByName("GTiff"), out.c_str(), side, side, 3, GDT_Byte, const_cast<char**>(opts));
  if (!ds) {
    std::fprintf(stderr, "error: cannot create %s\n", out.c_str());
    return 2;
  }
  double gt[6] = {39440000.0, 0.2, 0, 2612000.0, 0, -0.2};
  GDALSetGeoTransform(ds, gt);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 4527);
  GDALSetSpatialRef(ds, srs);
  OSRRelease(srs);
  // One row of blocks at a time, pixel-interleaved, written through the dataset.
  std::vector<std::uint8_t> strip(std::size_t(side) * 256 * 3);
  for (int by = 0; by < side; by += 256) {
    for (int r = 0; r < 256; ++r) {
      for (int c = 0; c < side; ++c)
        pixel(c, by + r, &strip[(std::size_t(r) * std::size_t(side) + std::size_t(c)) * 3]);
    }
    if (GDALDatasetRasterIO(ds, GF_Write, 0, by, side, 256, strip.data(), side, 256, GDT_Byte, 3, nullptr, 3,
                            GSpacing(side) * 3, 1) != CE_None) {
      std::fprintf(stderr, "error: cannot write %s\n", out.c_str());
      GDALClose(ds);
      return 2;
    }
    if ((by / 256) % 10 == 0) std::fprintf(stderr, "generate: %d%%\n", int(100.0 * by / side));
  }
  GDALClose(ds);
  std::printf("%s: %d x %d RGB, %.2f GB of pixels\n", out.c_str(), side, side, 3.0 * side * side / 1e9);
  return 0;
}
