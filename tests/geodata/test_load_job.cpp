// The background load job: finishes with progress 1 and the layers, can be cancelled, hands
// back typed errors with context, and joins its thread when destroyed mid-load.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "errors.hpp"
#include "layer_load_job.hpp"
#include "sample_data.hpp"
#include "spatial_index.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

// A GeoJSON of n points around Jieyang, big enough that loading takes a noticeable time.
fs::path manyPoints(const test::TempDir& dir, int n) {
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < n; ++i) {
    if (i) json += ',';
    json += R"({"type":"Feature","properties":{"i":)" + std::to_string(i) +
            R"(},"geometry":{"type":"Point","coordinates":[)" + std::to_string(115.6 + (i % 1000) * 0.001) + "," +
            std::to_string(22.9 + (i / 1000) * 0.001) + "]}}";
  }
  json += "]}";
  const fs::path p = dir / "points.geojson";
  test::writeFile(p, json);
  return p;
}

// The same points as a CSV with a WKT column: GDAL's CSV driver reads it row by row, so opening
// costs nothing and nearly all of the load is feature reading, which cancel can interrupt (the
// GeoJSON driver parses the whole file while opening, which nothing can interrupt).
fs::path manyPointsCsv(const test::TempDir& dir, int n) {
  std::string csv = "WKT,i\n";
  for (int i = 0; i < n; ++i) {
    csv += "\"POINT (" + std::to_string(115.6 + (i % 1000) * 0.001) + " " + std::to_string(22.9 + (i / 1000) * 0.001) +
           ")\"," + std::to_string(i) + "\n";
  }
  const fs::path p = dir / "points.csv";
  test::writeFile(p, csv);
  return p;
}

TEST(LayerLoadJob, LoadsWithProgressToOne) {
  test::TempDir dir;
  const fs::path path = manyPoints(dir, 5000);
  LayerLoadJob job({path.string(), test::writeSample(dir).string()}, ReadOptions{});
  job.wait();
  EXPECT_TRUE(job.finished());
  EXPECT_DOUBLE_EQ(job.progress(), 1.0);
  EXPECT_EQ(job.error(), "");
  const std::vector<LayerData> layers = job.take();
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].features.size(), 5000u);
  EXPECT_EQ(layers[1].features.size(), test::kSampleFeatures);
  EXPECT_TRUE(layers[0].index && layers[0].index->size() == 5000u);
}

TEST(LayerLoadJob, CancelStopsTheLoad) {
  test::TempDir dir;
  const fs::path path = manyPoints(dir, 200000);
  LayerLoadJob job({path.string()}, ReadOptions{});
  job.cancel();
  job.wait();
  EXPECT_THROW(job.take(), CancelledError);
  EXPECT_LT(job.progress(), 1.0);
}

TEST(LayerLoadJob, ErrorsCarryThePath) {
  test::TempDir dir;
  const std::string missing = (dir / "missing.gpkg").string();
  LayerLoadJob job({missing}, ReadOptions{});
  job.wait();
  EXPECT_NE(job.error().find(missing), std::string::npos) << job.error();
  try {
    job.take();
    FAIL() << "no error";
  } catch (const OpenError& e) {
    EXPECT_EQ(e.context().path, missing);
  }
}

TEST(LayerLoadJob, DestructorCancelsAndJoinsARunningJob) {
  test::TempDir dir;
  const fs::path path = manyPointsCsv(dir, 200000);
  ReadOptions options;
  options.assignCrs = "EPSG:4490";
  using Clock = std::chrono::steady_clock;
  const auto fullStart = Clock::now();
  {
    LayerLoadJob full({path.string()}, options);
    full.wait();
    ASSERT_EQ(full.take().at(0).features.size(), 200000u);
  }
  const auto fullLoad = Clock::now() - fullStart;
  Clock::duration destroy{};
  {
    auto job = std::make_unique<LayerLoadJob>(std::vector<std::string>{path.string()}, options);
    std::this_thread::sleep_for(fullLoad / 5);
    ASSERT_FALSE(job->finished());
    const auto t0 = Clock::now();
    job.reset();
    destroy = Clock::now() - t0;
  }
  EXPECT_LT(destroy, fullLoad / 2) << "the destructor waited for the whole load instead of cancelling";
}

}  // namespace
