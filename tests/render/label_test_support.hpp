// Shared by the label and decoration GL tests: small geometries, pixel counting and golden
// comparison against PNGs kept in tests/render/expected/ (ZHENMAP_UPDATE_GOLDEN=1 rewrites them).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include "image.hpp"
#include "image_diff.hpp"
#include "layer.hpp"
#include "test_support.hpp"

namespace zhenmap::test {

inline Geometry squareGeom(double x, double y, double half) {
  Geometry g;
  g.kind = GeomKind::Polygon;
  g.points = {
      {x - half, y - half}, {x + half, y - half}, {x + half, y + half}, {x - half, y + half}, {x - half, y - half}};
  g.rings = {0, 5};
  g.parts = {0, 1};
  return g;
}

inline LayerData layerOfGeoms(std::vector<Geometry> geoms) {
  LayerData layer;
  for (std::size_t i = 0; i < geoms.size(); ++i) {
    Feature f;
    f.fid = static_cast<std::int64_t>(i);
    f.geometry = std::move(geoms[i]);
    layer.features.push_back(std::move(f));
  }
  return layer;
}

struct PixelStats {
  int count = 0;
  int minX = 1 << 30, minY = 1 << 30, maxX = -1, maxY = -1;
};

// Pixels for which pred(r, g, b) holds, inside [x0, x1) x [y0, y1).
inline PixelStats countPixels(const Image& img, const std::function<bool(int, int, int)>& pred, int x0 = 0, int y0 = 0,
                              int x1 = -1, int y1 = -1) {
  if (x1 < 0) x1 = img.width;
  if (y1 < 0) y1 = img.height;
  PixelStats s;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const std::uint8_t* p = img.pixel(x, y);
      if (!pred(p[0], p[1], p[2])) continue;
      ++s.count;
      s.minX = std::min(s.minX, x);
      s.maxX = std::max(s.maxX, x);
      s.minY = std::min(s.minY, y);
      s.maxY = std::max(s.maxY, y);
    }
  }
  return s;
}

inline bool dark(int r, int g, int b) { return r < 70 && g < 70 && b < 70; }
inline bool light(int r, int g, int b) { return r > 225 && g > 225 && b > 225; }

// Compares with tests/render/expected/NAME.png (threshold 24, at most 0.2% of pixels differ).
// On failure writes NAME.actual.png and NAME.diff.png into the working directory.
inline void expectMatchesGolden(const Image& actual, const std::string& name) {
  const std::filesystem::path expected = sourceDir() / "tests" / "render" / "expected" / (name + ".png");
  const char* update = std::getenv("ZHENMAP_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::filesystem::create_directories(expected.parent_path());
    writePng(actual, expected.string());
    std::printf("UPDATED %s: look at it before committing\n", expected.c_str());
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(expected)) << expected << " missing (ZHENMAP_UPDATE_GOLDEN=1 makes it)";
  const Image want = readPng(expected.string());
  const ImageDiff d = compareImages(want, actual, 24);
  const bool ok = d.sameSize && d.fraction() <= 0.002;
  if (!ok) {
    writePng(actual, name + ".actual.png");
    if (d.sameSize) writePng(diffImage(want, actual, 24), name + ".diff.png");
  }
  EXPECT_TRUE(ok) << name << ": " << d.differing << " of " << d.total << " pixels differ (max delta "
                  << d.maxChannelDelta << ")";
}

}  // namespace zhenmap::test
