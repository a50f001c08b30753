// Streaming a server layer by viewport: bbox queries return exactly the features in the box, a
// view meeting more than the stream's limit fetches none, and a request that the view has moved
// past is cancelled on the server and never delivered.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "pg_test_support.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_transfer.hpp"
#include "store/pg_viewport.hpp"
#include "store_test_support.hpp"

namespace zhenmap::store {
namespace {

// 400 sites on a 20 x 20 grid, 0.01 degree apart from (116.0, 23.0): id 1000 + row * 20 + col.
std::string gridProject(const test::TempDir& dir) {
  const std::string uri = test::makePgDatabase();
  pushProject(test::makeSmallProject(dir), uri, false, false);
  test::pgExec(uri, R"SQL(
INSERT INTO project_sites (id, name, programme, status, township_code, geom)
SELECT 1000 + i, 'grid ' || i, 'other', 'planned', '445222111',
       ST_SetSRID(ST_MakePoint(116.0 + (i % 20) * 0.01, 23.0 + (i / 20) * 0.01), 4490)
FROM generate_series(0, 399) AS i;
ANALYZE project_sites;
)SQL");
  return uri;
}

std::optional<ViewportResult> waitForResult(PgViewportStream& s) {
  for (int i = 0; i < 1200; ++i) {
    if (auto r = s.take()) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

TEST(PostgisViewport, BoxQueryReturnsExactlyTheFeaturesInTheBox) {
  test::TempDir dir;
  const std::string uri = gridProject(dir);
  PgViewportStream stream(uri, "project_sites", {"name", "status"});
  const auto g = stream.request({116.035, 23.035, 116.075, 23.055});
  const auto r = waitForResult(stream);
  ASSERT_TRUE(r.has_value()) << stream.lastError().value_or("no result");
  EXPECT_EQ(r->generation, g);
  // Columns 4..7 (116.04 .. 116.07) of rows 4 and 5 (23.04, 23.05).
  std::set<std::int64_t> expected;
  for (int row = 4; row <= 5; ++row) {
    for (int col = 4; col <= 7; ++col) expected.insert(1000 + row * 20 + col);
  }
  std::set<std::int64_t> got;
  for (const auto& f : r->features) {
    got.insert(f.id);
    ASSERT_EQ(f.values.size(), 2u);
    EXPECT_EQ(f.values[0], "grid " + std::to_string(f.id - 1000));
    EXPECT_EQ(f.values[1], "planned");
    ASSERT_EQ(f.wkb.size(), 21u);  // a 2D point
    EXPECT_EQ(f.wkb[1], 1);
  }
  EXPECT_EQ(got, expected);
  EXPECT_FALSE(stream.take().has_value());  // delivered once

  // An empty box, and the whole layer.
  stream.request({100.0, 10.0, 100.1, 10.1});
  auto empty = waitForResult(stream);
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->features.empty());
  stream.request({115.0, 22.0, 117.0, 24.0});
  auto all = waitForResult(stream);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->features.size(), 402u);
  // The query runs on the spatial index.
  PgConnection c(uri);
  PgResult plan = c.exec(
      "EXPLAIN SELECT id FROM project_sites WHERE geom && "
      "ST_MakeEnvelope(116.035, 23.035, 116.075, 23.055, 4490)");
  std::string text;
  for (int i = 0; i < plan.rows(); ++i) text += plan.text(i, 0) + "\n";
  EXPECT_NE(text.find("project_sites_geom"), std::string::npos) << text;
}

TEST(PostgisViewport, AViewMeetingTooManyFeaturesFetchesNone) {
  test::TempDir dir;
  const std::string uri = gridProject(dir);
  PgViewportStream stream(uri, "project_sites");
  stream.setMaxFeatures(10);
  // 8 grid sites (columns 4..7 of rows 4 and 5): under the limit, delivered.
  stream.request({116.035, 23.035, 116.075, 23.055});
  auto few = waitForResult(stream);
  ASSERT_TRUE(few.has_value()) << stream.lastError().value_or("no result");
  EXPECT_FALSE(few->tooMany);
  EXPECT_EQ(few->features.size(), 8u);
  EXPECT_EQ(few->count, 8);
  EXPECT_EQ(stream.deliveredFeatures(), 8u);
  // 30 sites (columns 0..9 of rows 0..2): over the limit, nothing fetched, the count stops at 11.
  stream.request({115.995, 22.995, 116.095, 23.025});
  auto many = waitForResult(stream);
  ASSERT_TRUE(many.has_value()) << stream.lastError().value_or("no result");
  EXPECT_TRUE(many->tooMany);
  EXPECT_TRUE(many->features.empty());
  EXPECT_EQ(many->count, 11);
  EXPECT_EQ(stream.deliveredFeatures(), 8u);
  // Exactly the limit is not too many.
  stream.request({116.035, 23.035, 116.085, 23.055});  // columns 4..8 of rows 4 and 5: 10 sites
  auto limit = waitForResult(stream);
  ASSERT_TRUE(limit.has_value());
  EXPECT_FALSE(limit->tooMany);
  EXPECT_EQ(limit->features.size(), 10u);
}

TEST(PostgisViewport, MovingOnCancelsTheRunningQueryOnTheServer) {
  test::TempDir dir;
  const std::string uri = gridProject(dir);
  PgViewportStream stream(uri + " application_name=zhenmap_viewport", "project_sites");
  stream.setServerDelayForTests(60);
  const auto first = stream.request({115.0, 22.0, 117.0, 24.0});
  // Wait until the slow query runs on the server.
  const std::string running =
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'zhenmap_viewport' AND state = 'active' "
      "AND query LIKE '%pg_sleep%'";
  bool seen = false;
  for (int i = 0; i < 600 && !seen; ++i) {
    seen = test::pgQuery(uri, running) == "1";
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(seen);
  EXPECT_TRUE(stream.busy());
  stream.setServerDelayForTests(0);
  const auto second = stream.request({116.035, 23.035, 116.075, 23.055});
  EXPECT_GT(second, first);
  const auto r = waitForResult(stream);  // long before the first query's 60 s
  ASSERT_TRUE(r.has_value()) << stream.lastError().value_or("no result");
  EXPECT_EQ(r->generation, second);
  EXPECT_EQ(r->features.size(), 8u);
  EXPECT_EQ(stream.cancelledQueries(), 1u);
  EXPECT_EQ(test::pgQuery(uri, running), "0");
  EXPECT_FALSE(stream.lastError().has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(stream.take().has_value());  // the first view's features never arrive
  EXPECT_FALSE(stream.busy());
}

TEST(PostgisViewport, ServerErrorsAreReportedNotThrown) {
  PgViewportStream stream("PG:host=127.0.0.1 port=1 dbname=none connect_timeout=5", "project_sites");
  stream.request({0, 0, 1, 1});
  for (int i = 0; i < 400 && stream.busy(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(stream.busy());
  ASSERT_TRUE(stream.lastError().has_value());
  EXPECT_NE(stream.lastError()->find("cannot connect"), std::string::npos) << *stream.lastError();
  EXPECT_FALSE(stream.take().has_value());
}

}  // namespace
}  // namespace zhenmap::store
