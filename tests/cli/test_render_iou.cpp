// The filled area that `zhenmap render` draws equals what gdal_rasterize burns for the same layer,
// extent and size (intersection over union >= 0.99), in lon/lat, Web Mercator and a Gauss-Kruger
// CRS. gdal_rasterize is an independent implementation: this checks placement, projection and
// triangulation (area preserved, holes and islands kept) together.
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>

#include "image.hpp"
#include "test_support.hpp"

using namespace zhenmap;

namespace {

struct Mask {
  int width = 0, height = 0;
  std::vector<std::uint8_t> on;
};

// Layer extent in its own CRS, read with OGR.
std::array<double, 4> layerExtent(const std::string& path) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr);
  OGREnvelope env;
  OGR_L_GetExtent(GDALDatasetGetLayer(ds, 0), &env, TRUE);
  GDALClose(ds);
  return {env.MinX, env.MinY, env.MaxX, env.MaxY};
}

Mask readRasterMask(const std::string& tif) {
  GDALDatasetH ds = GDALOpen(tif.c_str(), GA_ReadOnly);
  EXPECT_NE(ds, nullptr);
  Mask m;
  m.width = GDALGetRasterXSize(ds);
  m.height = GDALGetRasterYSize(ds);
  m.on.resize(static_cast<std::size_t>(m.width) * m.height);
  const CPLErr err = GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, m.width, m.height, m.on.data(), m.width,
                                  m.height, GDT_Byte, 0, 0);
  EXPECT_EQ(err, CE_None);
  GDALClose(ds);
  return m;
}

// A pixel is filled when it is clearly not the white background (MSAA edges count from ~half).
Mask renderedMask(const Image& img) {
  Mask m{img.width, img.height, std::vector<std::uint8_t>(static_cast<std::size_t>(img.width) * img.height)};
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const std::uint8_t* p = img.pixel(x, y);
      const int dev = std::max({255 - p[0], 255 - p[1], 255 - p[2]});
      m.on[static_cast<std::size_t>(y) * img.width + x] = dev >= 36;
    }
  }
  return m;
}

double iou(const Mask& a, const Mask& b) {
  std::size_t inter = 0, uni = 0;
  for (std::size_t i = 0; i < a.on.size(); ++i) {
    inter += a.on[i] && b.on[i];
    uni += a.on[i] || b.on[i];
  }
  return uni ? double(inter) / double(uni) : 0.0;
}

void checkIou(const std::string& crs) {
  test::TempDir tmp;
  const std::string src = (test::dataDir() / "jieyang" / "jieyang_counties.geojson").string();
  const std::string projected = (tmp / "counties.gpkg").string();
  auto r = test::run({"/usr/bin/ogr2ogr", "-f", "GPKG", "-t_srs", crs, projected, src});
  ASSERT_EQ(r.exitCode, 0) << r.err;

  // An extent with the picture's aspect ratio, so both tools map it onto the pixels identically.
  const int w = 800, h = 600;
  auto e = layerExtent(projected);
  const double cx = (e[0] + e[2]) / 2, cy = (e[1] + e[3]) / 2;
  double halfW = (e[2] - e[0]) / 2 * 1.05, halfH = (e[3] - e[1]) / 2 * 1.05;
  if (halfW / halfH < double(w) / h) halfW = halfH * w / h;
  else halfH = halfW * h / w;
  char extent[256];
  std::snprintf(extent, sizeof extent, "%.10f,%.10f,%.10f,%.10f", cx - halfW, cy - halfH, cx + halfW, cy + halfH);

  const auto png = tmp / "render.png";
  r = test::runZhenmap({"render", projected, "--crs", crs, "--extent", extent, "--size", "800x600", "--no-outline",
                        "--no-labels", "--background", "#ffffff", "--out", png.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;

  const auto tif = (tmp / "burn.tif").string();
  r = test::run({"/usr/bin/gdal_rasterize", "-q", "-burn", "1", "-ot", "Byte", "-te", std::to_string(cx - halfW),
                 std::to_string(cy - halfH), std::to_string(cx + halfW), std::to_string(cy + halfH), "-ts", "800", "600",
                 projected, tif});
  ASSERT_EQ(r.exitCode, 0) << r.err;

  const Mask rendered = renderedMask(readPng(png.string()));
  const Mask burned = readRasterMask(tif);
  ASSERT_EQ(rendered.width, burned.width);
  ASSERT_EQ(rendered.height, burned.height);
  std::size_t burnedCount = 0;
  for (auto v : burned.on) burnedCount += v;
  ASSERT_GT(burnedCount, 100000u) << "gdal_rasterize burned almost nothing: the test setup is wrong";
  const double score = iou(rendered, burned);
  EXPECT_GE(score, 0.99) << "IoU against gdal_rasterize in " << crs;
  std::printf("IoU %s: %.5f\n", crs.c_str(), score);
}

}  // namespace

TEST(RenderIou, LonLatCgcs2000) { checkIou("EPSG:4490"); }
TEST(RenderIou, WebMercator) { checkIou("EPSG:3857"); }
TEST(RenderIou, GaussKrugerZone39) { checkIou("EPSG:4527"); }
