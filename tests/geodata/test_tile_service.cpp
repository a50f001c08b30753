// Online tiles against a local tile server started by each test (tests/support/tile_server.py):
// what arrives, deduplication, cancellation, priority, retries, time limits, the messages for
// HTML pages, 404, 403 with a key, oversized images, the offline cache (LRU eviction, pinning, a
// full disk), offline mode making no request, and seeding.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "service_tile_loader.hpp"
#include "tile_source.hpp"
#include "test_support.hpp"
#include "tile_seed.hpp"
#include "tile_server.hpp"

using namespace zhenmap;
using namespace std::chrono_literals;

namespace {

TileServiceSpec source(const test::TileServer& server, const std::string& mode, const std::string& name = "t") {
  TileServiceSpec s = basemapSources(server.url(mode + "/{z}/{x}/{y}.png")).front();
  s.name = name;
  s.title = name;
  return s;
}

ServiceLoaderOptions options(const std::string& cacheDir = {}) {
  ServiceLoaderOptions o;
  o.cacheDir = cacheDir;
  o.http.timeout = 3000ms;
  o.http.backoff = 20ms;
  return o;
}

// Waits until `n` results came (or 10 s), collecting them.
std::vector<TileResult> collect(TileLoader& loader, std::size_t n) {
  std::vector<TileResult> out;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
    for (TileResult& r : loader.takeResults()) out.push_back(std::move(r));
    std::this_thread::sleep_for(5ms);
  }
  return out;
}

}  // namespace

TEST(TileService, DeliversDecodedTilesWithAnHonestUserAgent) {
  test::TileServer server;
  ServiceTileLoader loader(source(server, "ok"), options());
  loader.want({{5, 26, 13}, {5, 27, 13}, {5, 26, 13}});
  const std::vector<TileResult> r = collect(loader, 2);
  ASSERT_EQ(r.size(), 2u);
  for (const TileResult& t : r) {
    ASSERT_EQ(t.status, TileResult::Status::Ok) << t.error;
    ASSERT_EQ(t.image->width, 256);
    const auto [cr, cg, cb] = test::TileServer::colour(t.id.z, t.id.x, t.id.y);
    EXPECT_EQ(t.image->pixel(100, 100)[0], cr);
    EXPECT_EQ(t.image->pixel(100, 100)[1], cg);
    EXPECT_EQ(t.image->pixel(100, 100)[2], cb);
  }
  EXPECT_EQ(server.count(), 2);  // the tile asked twice was fetched once
  EXPECT_NE(server.stats().find("\"zhenmap/0.1.0\""), std::string::npos) << server.stats();
}

TEST(TileService, FailuresAreNamedPlainly) {
  test::TileServer server("goodkey");
  struct Case {
    std::string mode;
    TileResult::Status status;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"html", TileResult::Status::Failed, "web page instead of a tile image"},
      {"e404", TileResult::Status::Missing, "no such tile (HTTP 404)"},
      {"e500", TileResult::Status::Failed, "server error (HTTP 500)"},
      {"bomb", TileResult::Status::Failed, "60000 x 60000 pixels, larger than a tile may be: refused"},
  };
  for (const Case& c : cases) {
    ServiceTileLoader loader(source(server, c.mode), options());
    loader.want({{3, 1, 1}});
    const std::vector<TileResult> r = collect(loader, 1);
    ASSERT_EQ(r.size(), 1u) << c.mode;
    EXPECT_EQ(r[0].status, c.status) << c.mode;
    EXPECT_NE(r[0].error.find(c.words), std::string::npos) << c.mode << ": " << r[0].error;
    EXPECT_EQ(r[0].error.find("127.0.0.1"), std::string::npos) << "no URL in messages: " << r[0].error;
  }
  // A 500 is transient: retried (twice by default) before it is reported.
  server.reset();
  {
    ServiceTileLoader loader(source(server, "e500"), options());
    loader.want({{3, 1, 1}});
    collect(loader, 1);
    EXPECT_EQ(server.count(), 3);
  }
  // A rejected key says so, and never shows the key.
  TileServiceSpec keyed = basemapSources(server.url("key/{z}/{x}/{y}.png?tk={tk}")).front();
  keyed.key = "badkey-SECRET";
  ServiceTileLoader bad(keyed, options());
  bad.want({{3, 1, 1}});
  const std::vector<TileResult> r = collect(bad, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(r[0].error.find("key rejected (HTTP 403)"), std::string::npos) << r[0].error;
  EXPECT_EQ(r[0].error.find("SECRET"), std::string::npos) << r[0].error;
  keyed.key = "goodkey";
  ServiceTileLoader good(keyed, options());
  good.want({{3, 1, 1}});
  EXPECT_EQ(collect(good, 1).at(0).status, TileResult::Status::Ok);
}

TEST(TileService, FlakyServersAreRetriedAndHangingOnesTimeOut) {
  test::TileServer server;
  {
    ServiceTileLoader loader(source(server, "flaky/2"), options());
    loader.want({{4, 3, 3}});
    const std::vector<TileResult> r = collect(loader, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, TileResult::Status::Ok) << r[0].error;
    EXPECT_EQ(server.count(), 3);
  }
  ServiceLoaderOptions o = options();
  o.http.timeout = 300ms;
  o.http.retries = 1;
  o.autoOfflineAfter = 100;
  ServiceTileLoader loader(source(server, "hang"), o);
  const auto start = std::chrono::steady_clock::now();
  loader.want({{4, 3, 3}});
  const std::vector<TileResult> r = collect(loader, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, TileResult::Status::Failed);
  EXPECT_NE(r[0].error.find("did not answer within 0.3 s (tried 2 times)"), std::string::npos) << r[0].error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(TileService, TilesNoLongerWantedAreCancelledAndTheCentreComesFirst) {
  test::TileServer server;
  ServiceLoaderOptions o = options();
  o.http.maxConnections = 1;
  ServiceTileLoader loader(source(server, "slow/300"), o);
  // Centre first: the loader keeps the order it is given.
  loader.want({{6, 10, 10}, {6, 11, 10}, {6, 12, 10}, {6, 13, 10}});
  std::this_thread::sleep_for(100ms);
  loader.want({});  // the view moved away: the queue goes, the running transfer is aborted
  std::this_thread::sleep_for(600ms);
  EXPECT_TRUE(loader.takeResults().empty());
  const std::string stats = server.stats();
  EXPECT_LE(server.count(), 2) << stats;
  EXPECT_NE(stats.find("/slow/300/6/10/10.png"), std::string::npos) << stats;
  EXPECT_EQ(stats.find("/6/13/10.png"), std::string::npos) << stats;
  EXPECT_EQ(loader.status().pending, 0u);
}

TEST(TileService, WaitingDownloadsFollowTheLatestOrder) {
  test::TileServer server;
  ServiceLoaderOptions o = options();
  o.http.maxConnections = 1;
  ServiceTileLoader loader(source(server, "slow/200"), o);
  loader.want({{6, 10, 10}, {6, 11, 10}, {6, 12, 10}, {6, 13, 10}});
  std::this_thread::sleep_for(100ms);  // 10/10 is running, the others wait for the connection
  loader.want({{6, 10, 10}, {6, 13, 10}, {6, 12, 10}, {6, 11, 10}});  // the view moved east
  ASSERT_EQ(collect(loader, 4).size(), 4u);
  const std::string stats = server.stats();
  const auto at = [&](const std::string& tile) { return stats.find("/slow/200/6/" + tile + ".png"); };
  EXPECT_LT(at("10/10"), at("13/10")) << stats;
  EXPECT_LT(at("13/10"), at("12/10")) << stats;
  EXPECT_LT(at("12/10"), at("11/10")) << stats;
}

TEST(TileService, OfflineModeReadsTheCacheAndMakesNoRequest) {
  test::TileServer server;
  test::TempDir cache;
  const std::vector<TileId> tiles = {{7, 100, 50}, {7, 101, 50}, {7, 100, 51}};
  {
    ServiceTileLoader online(source(server, "ok"), options(cache.path().string()));
    online.want(tiles);
    ASSERT_EQ(collect(online, 3).size(), 3u);
  }
  const int before = server.count();
  EXPECT_EQ(before, 3);
  ServiceLoaderOptions o = options(cache.path().string());
  o.offline = true;
  ServiceTileLoader offline(source(server, "ok"), o);
  offline.want({{7, 100, 50}, {7, 101, 50}, {7, 100, 51}, {7, 102, 50}});
  const std::vector<TileResult> r = collect(offline, 4);
  ASSERT_EQ(r.size(), 4u);
  int ok = 0, missing = 0;
  for (const TileResult& t : r) {
    ok += t.status == TileResult::Status::Ok && t.fromCache;
    if (t.status == TileResult::Status::Missing) {
      ++missing;
      EXPECT_NE(t.error.find("not in the cache"), std::string::npos);
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(missing, 1);
  EXPECT_EQ(server.count(), before);  // zero requests
  EXPECT_EQ(offline.status().requests, 0u);
}

TEST(TileService, GoesOfflineByItselfWhenTheNetworkFails) {
  test::TileServer server;
  TileServiceSpec spec = source(server, "ok");
  server.stop();  // connections are now refused
  ServiceLoaderOptions o = options();
  o.http.retries = 0;
  ServiceTileLoader loader(spec, o);
  loader.want({{5, 1, 1}, {5, 2, 1}, {5, 3, 1}, {5, 4, 1}, {5, 5, 1}, {5, 6, 1}});
  collect(loader, 6);
  const LoaderStatus s = loader.status();
  EXPECT_TRUE(s.offline);
  EXPECT_TRUE(s.autoOffline);
  EXPECT_NE(s.lastError.find("cannot reach the server"), std::string::npos) << s.lastError;
  EXPECT_LE(s.requests, 6u);
}

TEST(TileCache, EvictsLeastRecentlyUsedButNeverPinned) {
  test::TempDir dir;
  const TileGrid grid = webMercatorGrid(18);
  TileCacheOptions o;
  o.maxBytes = 10000;
  TileCache cache((dir / "c.mbtiles").string(), grid, o);
  const std::string kb(1000, 'x');
  cache.put({10, 0, 0}, kb, true);  // pinned
  for (int i = 1; i <= 8; ++i) cache.put({10, i, 0}, kb);
  ASSERT_TRUE(cache.get({10, 1, 0}));  // used: now the most recent
  for (int i = 9; i <= 12; ++i) cache.put({10, i, 0}, kb);
  EXPECT_TRUE(cache.contains({10, 0, 0}));   // pinned
  EXPECT_TRUE(cache.contains({10, 1, 0}));   // recently used
  EXPECT_FALSE(cache.contains({10, 2, 0}));  // the oldest unpinned went
  EXPECT_TRUE(cache.contains({10, 12, 0}));
  EXPECT_LE(cache.stats().bytes, 10000u);
  EXPECT_EQ(cache.stats().pinnedTiles, 1u);
  // MBTiles layout, TMS rows, as sqlite3 (the independent tool) reads it.
  const auto r = test::run({"/usr/bin/sqlite3", (dir / "c.mbtiles").string(),
                            "SELECT tile_row FROM tiles WHERE zoom_level = 10 AND tile_column = 0"});
  EXPECT_EQ(r.out, "1023\n");
}

TEST(TileCache, AFullDiskIsAClearErrorAndTilesStillArrive) {
  test::TileServer server;
  test::TempDir dir;
  ServiceLoaderOptions o = options(dir.path().string());
  o.cache.maxPageCount = 9;  // SQLite's page limit for this connection stands in for a full disk
  ServiceTileLoader loader(source(server, "ok"), o);
  std::vector<TileId> tiles;
  for (int i = 0; i < 40; ++i) tiles.push_back({8, i, 7});
  loader.want(tiles);
  const std::vector<TileResult> r = collect(loader, 40);
  ASSERT_EQ(r.size(), 40u);
  for (const TileResult& t : r) EXPECT_EQ(t.status, TileResult::Status::Ok) << t.error;
  const std::string e = loader.status().cacheError;
  EXPECT_NE(e.find("full"), std::string::npos) << e;
  // And directly: the typed error.
  TileCacheOptions full;
  full.maxPageCount = 8;
  TileCache cache((dir / "direct.mbtiles").string(), webMercatorGrid(), full);
  EXPECT_THROW(
      {
        for (int i = 0; i < 100; ++i) cache.put({9, i, 0}, std::string(4000, 'y'));
      },
      CacheFullError);
}

TEST(TileSeed, CountsDownloadsAndPinsAnArea) {
  test::TileServer server;
  test::TempDir dir;
  const TileServiceSpec spec = source(server, "ok", "seedtest");
  TileCacheOptions small;
  small.maxBytes = 2000;  // far smaller than the area: pinned tiles must survive eviction anyway
  TileCache cache((dir / "seedtest.mbtiles").string(), spec.grid, small);
  const Box area{116.30, 23.50, 116.40, 23.58};
  const SeedPlan plan = planSeed(spec, area, "EPSG:4490", 10, 12, &cache);
  // Independent count: XYZ tile ranges of the box's corners per level.
  std::size_t expected = 0;
  for (int z = 10; z <= 12; ++z) {
    const double n = std::ldexp(1.0, z);
    auto tx = [&](double lon) { return int(std::floor((lon + 180) / 360 * n)); };
    auto ty = [&](double lat) {
      const double r = lat * 3.14159265358979323846 / 180;
      return int(std::floor((1 - std::asinh(std::tan(r)) / 3.14159265358979323846) / 2 * n));
    };
    expected += std::size_t(tx(area.maxX) - tx(area.minX) + 1) * std::size_t(ty(area.minY) - ty(area.maxY) + 1);
  }
  EXPECT_EQ(plan.tiles.size(), expected);
  EXPECT_EQ(plan.alreadyCached, 0u);
  EXPECT_GT(plan.estimatedBytes, 0);
  std::size_t reports = 0;
  const SeedResult r = seedTiles(spec, cache, plan, HttpOptions{}, [&](const SeedProgress&) { ++reports; });
  EXPECT_EQ(r.progress.downloaded, expected);
  EXPECT_EQ(r.progress.failed, 0u);
  EXPECT_GT(reports, 0u);
  EXPECT_EQ(server.count(), int(expected));
  EXPECT_EQ(cache.stats().pinnedTiles, expected);
  for (const TileId& t : plan.tiles) EXPECT_TRUE(cache.contains(t));
  // Seeding again downloads nothing.
  const SeedPlan again = planSeed(spec, area, "EPSG:4490", 10, 12, &cache);
  EXPECT_EQ(again.alreadyCached, expected);
  seedTiles(spec, cache, again, HttpOptions{});
  EXPECT_EQ(server.count(), int(expected));
}

// Found by ./dev.sh fuzz (tile_url): a key that the pasted URL carried twice stayed in it once.
// Every copy becomes {tk}, and the tile URLs built from the template are the URLs pasted.
TEST(TileKeys, AKeyCarriedTwiceIsTakenOutEverywhereAndTheTileUrlsStayTheSame) {
  std::string url = "https://t0.example.cn/img_w/wmts?tk=0123456789abcdef&z={z}&x={x}&y={y}&mirror=0123456789abcdef";
  const std::string key = takeKeyOutOfUrl(url);
  EXPECT_EQ(key, "0123456789abcdef");
  EXPECT_EQ(url, "https://t0.example.cn/img_w/wmts?tk={tk}&z={z}&x={x}&y={y}&mirror={tk}");
  TileServiceSpec spec = basemapSources(url).at(0);
  spec.key = key;
  EXPECT_EQ(tileUrl(spec, TileId{5, 26, 13}),
            "https://t0.example.cn/img_w/wmts?tk=0123456789abcdef&z=5&x=26&y=13&mirror=0123456789abcdef");
  std::string shortKey = "https://example.cn/{z}/{x}/{y}.png?key=ab&c=ab";  // too short to hunt for
  EXPECT_EQ(takeKeyOutOfUrl(shortKey), "ab");
  EXPECT_EQ(shortKey, "https://example.cn/{z}/{x}/{y}.png?key={tk}&c=ab");
}

TEST(TileKeys, AParameterHoldingAPlaceholderIsNoKey) {
  std::string url = "https://example.cn/wmts?tk={-y}&x={x}&z={z}";
  EXPECT_EQ(takeKeyOutOfUrl(url), "");
  EXPECT_EQ(url, "https://example.cn/wmts?tk={-y}&x={x}&z={z}");
}

// Found by ./dev.sh fuzz (tile_url): a "key" starting with "}" met the brace of the {tk} put in
// its place and was spelled again. A value with a brace, a space or a non-ASCII byte is no key.
TEST(TileKeys, AValueWithABraceOrNonAsciiIsNoKey) {
  std::string url = "https://example.cn/{z}/{x}/{y}.png?tk=}abcd&m=}abcdabcd";
  EXPECT_EQ(takeKeyOutOfUrl(url), "");
  EXPECT_EQ(url, "https://example.cn/{z}/{x}/{y}.png?tk=}abcd&m=}abcdabcd");
  std::string spaced = "https://example.cn/{z}/{x}/{y}.png?tk=ab cd";
  EXPECT_EQ(takeKeyOutOfUrl(spaced), "");
  std::string wide = "https://example.cn/{z}/{x}/{y}.png?tk=\xe5\xaf\x86\xe9\x92\xa5";
  EXPECT_EQ(takeKeyOutOfUrl(wide), "");
  std::string fine = "https://example.cn/{z}/{x}/{y}.png?tk=A1b2-C3_d4.e5~f%20";
  EXPECT_EQ(takeKeyOutOfUrl(fine), "A1b2-C3_d4.e5~f%20");
  EXPECT_EQ(fine, "https://example.cn/{z}/{x}/{y}.png?tk={tk}");
}

TEST(TileKeys, ATemplateWithTangledPlaceholdersIsRefused) {
  try {
    (void)basemapSources("https://example.cn/{z}/{x}/{y}.png?l={z{TileMatrixSet}}");
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("tangled ({z} is left"), std::string::npos) << e.what();
  }
  // Filled in one pass: a value is never read again for placeholders.
  TileServiceSpec spec = basemapSources("https://example.cn/{z}/{x}/{y}.png?k={tk}").at(0);
  spec.key = "{x}{y}";
  EXPECT_EQ(tileUrl(spec, TileId{5, 26, 13}), "https://example.cn/5/26/13.png?k={x}{y}");
}
