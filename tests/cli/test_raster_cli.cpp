// Rasters and basemaps through the command line: `render` of GeoTIFFs in EPSG:4490 and a CGCS2000
// GK zone against gdalwarp of the same raster to the same view; basemaps from a local tile server,
// online and offline; time limits; broken input; `overviews`; `tiles seed` from a project bookmark;
// tile keys kept out of every file the run writes.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "image.hpp"
#include "raster_fixtures.hpp"
#include "test_support.hpp"
#include "tile_server.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

// Mean absolute difference per channel between the rendered PNG and gdalwarp's GeoTIFF (RGB),
// the render shifted by `shift` pixels to the right.
double meanAbsDiff(const Image& img, const std::vector<std::uint8_t>& ref, int w, int h, int shift = 0) {
  double sum = 0;
  std::size_t n = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x + shift < w; ++x) {
      const std::uint8_t* p = img.pixel(x + shift, y);
      for (int b = 0; b < 3; ++b) {
        sum += std::abs(int(p[b]) - int(ref[std::size_t(b) * std::size_t(w * h) + std::size_t(y * w + x)]));
        ++n;
      }
    }
  }
  return sum / double(n);
}

struct Compared {
  double mad = 0;
  double shiftedMad = 0;
};

// Renders `tif` with zhenmap and warps it with gdalwarp to the same view (map CRS `crs`).
Compared compareWithGdalwarp(const test::TempDir& dir, const std::string& tif, const std::string& extent, int w, int h,
                             const std::string& crs = "EPSG:3857") {
  const std::string png = (dir / "zhenmap.png").string(), warped = (dir / "gdalwarp.tif").string();
  const auto r = test::runZhenmap({"render", tif, "--crs", crs, "--extent", extent, "--size",
                                   std::to_string(w) + "x" + std::to_string(h), "--out", png});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  std::vector<std::string> te = {"/usr/bin/gdalwarp", "-q", "-overwrite", "-t_srs", crs, "-r", "bilinear"};
  te.insert(te.end(), {"-ts", std::to_string(w), std::to_string(h), "-te"});
  std::string e = extent;
  for (char& c : e) c = c == ',' ? ' ' : c;
  std::istringstream in(e);
  for (std::string v; in >> v;) te.push_back(v);
  te.insert(te.end(), {tif, warped});
  const auto g = test::run(te);
  EXPECT_EQ(g.exitCode, 0) << g.err;
  const Image img = readPng(png);
  int rw = 0, rh = 0, bands = 0;
  const std::vector<std::uint8_t> ref = test::readAllBands(warped, rw, rh, bands);
  EXPECT_EQ(rw, w);
  EXPECT_EQ(rh, h);
  return {meanAbsDiff(img, ref, w, h), meanAbsDiff(img, ref, w, h, 1)};
}

test::RunResult zhenmapWith(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                            const std::string& input = {}) {
  std::vector<std::string> argv = {test::zhenmapBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> e = env;
  e["DISPLAY"] = "\x01unset";
  return test::run(argv, input, e);
}

}  // namespace

TEST(RasterCli, Cgcs2000LonLatGeoTiffMatchesGdalwarp) {
  test::TempDir dir;
  test::TiffSpec spec;  // 0.0001 degree pixels from 116.0 E, 23.6 N
  spec.width = 400;
  spec.height = 300;
  const std::string tif = (dir / "dom_4490.tif").string();
  test::writePatternTiff(tif, spec);
  // A Web Mercator view inside the raster, about 8 m pixels (the raster's are about 11 x 12 m).
  const Compared c = compareWithGdalwarp(dir, tif, "12913500,2701500,12916700,2703900", 400, 300);
  std::printf("EPSG:4490 GeoTIFF vs gdalwarp: mean absolute difference %.2f (1 px shifted: %.2f)\n", c.mad,
              c.shiftedMad);
  EXPECT_LT(c.mad, 1.0);
  EXPECT_GT(c.shiftedMad, 10 * c.mad);  // the comparison sees a one-pixel misplacement
}

TEST(RasterCli, GaussKruegerGeoTiffLinesUpWithGdalwarp) {
  test::TempDir dir;
  test::TiffSpec spec;  // CGCS2000 3-degree GK zone 39 (northing first in its definition), 5 m pixels
  spec.crs = "EPSG:4527";
  spec.width = spec.height = 400;
  const double gt[6] = {39440000, 5, 0, 2610000, 0, -5};
  std::copy(gt, gt + 6, spec.gt);
  const std::string tif = (dir / "dom_gk.tif").string();
  test::writePatternTiff(tif, spec);
  const auto t = test::run({"/usr/bin/gdaltransform", "-s_srs", "EPSG:4527", "-t_srs", "EPSG:3857", "-output_xy"},
                           "39441000 2609000\n");
  double x = 0, y = 0;
  std::istringstream(t.out) >> x >> y;
  ASSERT_GT(x, 1e7) << t.out << t.err;
  // 1200 x 900 Web Mercator metres around the raster's centre (about 1100 x 830 on the ground).
  const std::string extent = std::to_string(x - 600) + "," + std::to_string(y - 450) + "," + std::to_string(x + 600) +
                             "," + std::to_string(y + 450);
  const Compared c = compareWithGdalwarp(dir, tif, extent, 400, 300);
  std::printf("EPSG:4527 GeoTIFF vs gdalwarp: mean absolute difference %.2f (1 px shifted: %.2f)\n", c.mad,
              c.shiftedMad);
  EXPECT_LT(c.mad, 1.0);
  EXPECT_GT(c.shiftedMad, 10 * c.mad);
  // The same raster on a CGCS2000 lon/lat map.
  const Compared lonLat = compareWithGdalwarp(dir, tif, "116.415,23.575,116.425,23.585", 400, 400, "EPSG:4490");
  std::printf("EPSG:4527 GeoTIFF on an EPSG:4490 map vs gdalwarp: %.2f (1 px shifted: %.2f)\n", lonLat.mad,
              lonLat.shiftedMad);
  EXPECT_LT(lonLat.mad, 1.0);
  EXPECT_GT(lonLat.shiftedMad, 10 * lonLat.mad);
}

TEST(RasterCli, BrokenRastersAreErrorLines) {
  test::TempDir dir;
  test::TiffSpec spec;
  const std::string tif = (dir / "ok.tif").string();
  test::writePatternTiff(tif, spec);
  const std::string bare = (dir / "bare.jpg").string();
  ASSERT_EQ(test::run({"/usr/bin/gdal_translate", "-q", "-of", "JPEG", tif, bare}).exitCode, 0);
  fs::remove(bare + ".aux.xml");
  auto r = test::runZhenmap({"render", bare, "--out", (dir / "x.png").string()});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("world file"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.png"));
  // Truncated: the header opens, the tiles do not.
  test::TiffSpec big;
  big.width = big.height = 1024;
  const std::string cut = (dir / "cut.tif").string();
  test::writePatternTiff(cut, big);
  fs::resize_file(cut, fs::file_size(cut) / 3);
  r = test::runZhenmap({"render", cut, "--out", (dir / "y.png").string(), "--size", "512x512"});
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("could not be loaded"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cut.tif"), std::string::npos) << r.err;
}

TEST(RasterCli, OverviewsAreBuiltWithProgress) {
  test::TempDir dir;
  test::TiffSpec spec;
  spec.width = 2048;
  spec.height = 1024;
  const std::string tif = (dir / "big.tif").string();
  test::writePatternTiff(tif, spec);
  const auto r = test::runZhenmap({"overviews", tif});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("1/2 1/4 1/8"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("overviews: 100%"), std::string::npos) << r.err;
  const auto info = test::run({"/usr/bin/gdalinfo", tif});
  EXPECT_NE(info.out.find("Overviews: 1024x512, 512x256, 256x128"), std::string::npos) << info.out;
  EXPECT_EQ(test::runZhenmap({"overviews", (dir / "none.tif").string()}).exitCode, 2);
}

TEST(RasterCli, BasemapOnlineThenOfflineFromTheCache) {
  test::TileServer server;
  test::TempDir dir;
  const std::string cache = (dir / "cache").string();
  const std::string tmpl = server.url("ok/{z}/{x}/{y}.png");
  const std::vector<std::string> view = {
      "--extent", "116.30,23.50,116.40,23.58", "--extent-crs", "EPSG:4490", "--size", "320x256", "--cache-dir", cache};
  auto args = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> a = {"render", "--basemap", tmpl, "--out", (dir / out).string()};
    a.insert(a.end(), view.begin(), view.end());
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  auto r = test::runZhenmap(args("online.png", {}));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const int fetched = server.count();
  EXPECT_GT(fetched, 0);
  r = test::runZhenmap(args("offline.png", {"--offline"}));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(server.count(), fetched);  // offline: zero requests
  EXPECT_EQ(test::readFile(dir / "online.png"), test::readFile(dir / "offline.png"));
  // Offline somewhere never visited: a clear error, still no request.
  std::vector<std::string> elsewhere = {
      "render",   "--basemap",         tmpl,           "--out",     (dir / "none.png").string(),
      "--extent", "100,30,100.1,30.1", "--extent-crs", "EPSG:4490", "--cache-dir",
      cache,      "--offline"};
  r = test::runZhenmap(elsewhere);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("not in the cache"), std::string::npos) << r.err;
  EXPECT_EQ(server.count(), fetched);
}

TEST(RasterCli, HangingAndFailingServersEndWithClearErrors) {
  test::TileServer server;
  test::TempDir dir;
  const std::vector<std::string> view = {"--extent",     "116.30,23.50,116.40,23.58",
                                         "--extent-crs", "EPSG:4490",
                                         "--size",       "256x256",
                                         "--cache-dir",  (dir / "c").string(),
                                         "--out",        (dir / "x.png").string()};
  auto render = [&](const std::string& mode, std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"render", "--basemap", server.url(mode + "/{z}/{x}/{y}.png")};
    a.insert(a.end(), view.begin(), view.end());
    a.insert(a.end(), extra.begin(), extra.end());
    return test::runZhenmap(a);
  };
  const auto start = std::chrono::steady_clock::now();
  auto r = render("hang", {"--tile-timeout", "2"});
  EXPECT_EQ(r.exitCode, 5) << r.err;
  EXPECT_NE(r.err.find("did not all arrive within 2 s"), std::string::npos) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
  r = render("html");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("web page instead of a tile image"), std::string::npos) << r.err;
  r = render("e404");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("HTTP 404"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.png"));
  r = test::runZhenmap({"render", "--basemap", "nonsense", "--extent", "0,0,1,1", "--out", (dir / "y.png").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("neither a basemap preset"), std::string::npos) << r.err;
}

TEST(RasterCli, TheKeyIsStoredOnceAndNeverWrittenAnywhereElse) {
  const std::string key = "SeCrEtKeY-0042";
  test::TileServer server(key);
  test::TempDir root;
  const std::map<std::string, std::string> env = {{"XDG_CONFIG_HOME", (root / "config").string()},
                                                  {"XDG_CACHE_HOME", (root / "cache").string()}};
  const std::string tmpl = server.url("key/{z}/{x}/{y}.png?tk={tk}");
  const std::string keyName = "127.0.0.1:" + std::to_string(server.port());
  const std::vector<std::string> view = {
      "--extent", "116.30,23.50,116.40,23.58", "--extent-crs", "EPSG:4490", "--size", "256x200", "--export", "--title",
      "底图"};
  // Without a key: says how to give one.
  std::vector<std::string> none = {"render", "--basemap", tmpl, "--out", (root / "out" / "a.png").string()};
  none.insert(none.end(), view.begin(), view.end());
  auto r = zhenmapWith(none, env);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("zhenmap tiles key " + keyName), std::string::npos) << r.err;
  r = zhenmapWith({"tiles", "key", keyName}, env, key + "\n");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const fs::path settings = root / "config" / "zhenmap" / "settings.json";
  struct stat st {};
  ASSERT_EQ(stat(settings.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  fs::create_directories(root / "out");
  std::vector<std::string> a = {"render", "--basemap", tmpl, "--out", (root / "out" / "map.png").string()};
  a.insert(a.end(), view.begin(), view.end());
  r = zhenmapWith(a, env);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_GT(server.count(), 0);
  // A wrong key written into the template itself: rejected, and not repeated in the message.
  // (Another place: the tiles of the first one are in the cache, whatever the key.)
  const std::vector<std::string> b = {"render",
                                      "--basemap",
                                      server.url("key/{z}/{x}/{y}.png?tk=WrOnG-123"),
                                      "--out",
                                      (root / "out" / "bad.png").string(),
                                      "--extent",
                                      "110,30,110.1,30.1",
                                      "--extent-crs",
                                      "EPSG:4490",
                                      "--size",
                                      "128x128"};
  r = zhenmapWith(b, env);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("key rejected (HTTP 403)"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("WrOnG"), std::string::npos) << r.err;
  // An approval number set once is written with the credits: more ink along the bottom edge.
  ASSERT_EQ(zhenmapWith({"tiles", "approval", keyName, "GS(2099)0001号"}, env).exitCode, 0);
  EXPECT_NE(test::readFile(settings).find("GS(2099)0001"), std::string::npos);
  a[4] = (root / "out" / "approved.png").string();
  ASSERT_EQ(zhenmapWith(a, env).exitCode, 0);
  auto bottomInk = [](const Image& img) {
    std::size_t n = 0;
    for (int y = img.height - 14; y < img.height; ++y) {
      for (int x = 0; x < img.width; ++x) n += img.pixel(x, y)[0] < 60 && img.pixel(x, y)[1] < 60;
    }
    return n;
  };
  EXPECT_GT(bottomInk(readPng(a[4])), bottomInk(readPng((root / "out" / "map.png").string())) + 20);
  // Every file the run wrote (caches, pictures, settings folder), except settings.json itself.
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root.path())) {
    if (!e.is_regular_file() || e.path() == settings) continue;
    ++files;
    const std::string content = test::readFile(e.path());
    EXPECT_EQ(content.find(key), std::string::npos) << e.path();
    EXPECT_EQ(content.find("WrOnG-123"), std::string::npos) << e.path();
  }
  EXPECT_GE(files, 3u);  // the picture and the cache files at least
}

TEST(RasterCli, SeedFromABookmarkPinsTheTiles) {
  test::TileServer server;
  test::TempDir dir;
  // A real project (the demo) with a bookmark added by sqlite3, as another tool would.
  const std::string project = (dir / "proj.sqlite").string();
  ASSERT_EQ(test::runZhenmap({"demo", "--out", project}).exitCode, 0);
  const auto db = test::run({"/usr/bin/sqlite3", project,
                             "DELETE FROM bookmarks WHERE name = '灰寨镇'; INSERT INTO bookmarks (name, min_lon, min_lat,"
                             " max_lon, max_lat) VALUES ('灰寨镇', 115.84, 23.40, 115.90, 23.45);"});
  ASSERT_EQ(db.exitCode, 0) << db.err;
  const std::string cache = (dir / "cache").string();
  const std::string tmpl = server.url("ok/{z}/{x}/{y}.png");
  auto r = test::runZhenmap({"tiles", "seed", project, "--source", tmpl, "--bookmark", "灰寨镇", "--zoom", "10-13",
                             "--cache-dir", cache, "--dry-run"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(server.count(), 0);
  // The count the XYZ formula gives for the bookmark's box.
  std::size_t expected = 0;
  for (int z = 10; z <= 13; ++z) {
    const double n = std::ldexp(1.0, z), pi = 3.14159265358979323846;
    auto tx = [&](double lon) { return int(std::floor((lon + 180) / 360 * n)); };
    auto ty = [&](double lat) { return int(std::floor((1 - std::asinh(std::tan(lat * pi / 180)) / pi) / 2 * n)); };
    expected += std::size_t(tx(115.90) - tx(115.84) + 1) * std::size_t(ty(23.40) - ty(23.45) + 1);
  }
  EXPECT_NE(r.out.find(": " + std::to_string(expected) + " tiles on levels 10-13, 0 already cached, about"),
            std::string::npos)
      << r.out;
  r = test::runZhenmap(
      {"tiles", "seed", project, "--source", tmpl, "--bookmark", "灰寨镇", "--zoom", "10-13", "--cache-dir", cache});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(server.count(), int(expected));
  EXPECT_NE(r.err.find("seed: " + std::to_string(expected) + "/" + std::to_string(expected)), std::string::npos)
      << r.err;
  fs::path file;
  for (const auto& e : fs::directory_iterator(cache)) {
    if (e.path().extension() == ".mbtiles") file = e.path();
  }
  const auto pinned =
      test::run({"/usr/bin/sqlite3", file.string(), "SELECT COUNT(*) FROM tile_usage WHERE pinned = 1"});
  EXPECT_EQ(pinned.out, std::to_string(expected) + "\n");
  // Bad input: unknown bookmark, a source whose terms forbid bulk downloads, a rejected key.
  r = test::runZhenmap({"tiles", "seed", project, "--source", tmpl, "--bookmark", "nope", "--zoom", "10"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("no bookmark named 'nope'"), std::string::npos) << r.err;
  r = test::runZhenmap({"tiles", "seed", project, "--source", "osm", "--bookmark", "灰寨镇", "--zoom", "10"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("forbid bulk downloads"), std::string::npos) << r.err;
  r = test::runZhenmap({"tiles", "seed", project, "--source", server.url("e403/{z}/{x}/{y}.png"), "--bookmark",
                        "灰寨镇", "--zoom", "10-13", "--cache-dir", cache});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("access denied (HTTP 403)"), std::string::npos) << r.err;
}

TEST(RasterCli, WmtsCapabilitiesGiveTheSamePictureAsTheXyzTemplate) {
  const std::string key = "WmTsKeY-77";
  test::TileServer server(key);
  test::TempDir root;
  const std::map<std::string, std::string> env = {{"XDG_CONFIG_HOME", (root / "config").string()},
                                                  {"XDG_CACHE_HOME", (root / "cache").string()}};
  ASSERT_EQ(zhenmapWith({"tiles", "key", "127.0.0.1:" + std::to_string(server.port())}, env, key).exitCode, 0);
  const std::vector<std::string> view = {"--extent", "116.30,23.50,116.40,23.58", "--extent-crs", "EPSG:4490", "--size",
                                         "300x240"};
  auto render = [&](const std::string& basemap, const std::string& out) {
    std::vector<std::string> a = {"render", "--basemap", basemap, "--out", (root / out).string()};
    a.insert(a.end(), view.begin(), view.end());
    return zhenmapWith(a, env);
  };
  auto r = render("wmts:" + server.url("wmts/caps.xml?tk={tk}") + "#test", "wmts.png");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  r = render(server.url("ok/{z}/{x}/{y}.png"), "xyz.png");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // The same tiles on the same grid; only the credits in the corner differ.
  const Image a = readPng((root / "wmts.png").string()), b = readPng((root / "xyz.png").string());
  std::size_t differ = 0;
  for (int y = 0; y < 200; ++y) {
    for (int x = 0; x < 300; ++x) differ += std::memcmp(a.pixel(x, y), b.pixel(x, y), 3) != 0;
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_NE(server.stats().find("/ok/L"), std::string::npos);  // the matrix identifiers went out
  r = render("wmts:" + server.url("wmts/caps.xml?tk={tk}") + "#nolayer", "none.png");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("has no layer 'nolayer'"), std::string::npos) << r.err;
  r = render("wmts:" + server.url("wmts/caps.xml?tk=wrong") + "#test", "bad.png");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("HTTP 403"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wrong"), std::string::npos) << r.err;
}

TEST(RasterCli, SlidesAreExportedOverTheBasemapWithItsCredits) {
  test::TileServer server;
  test::TempDir dir;
  const std::string demo = (dir / "demo.sqlite").string();
  ASSERT_EQ(test::runZhenmap({"demo", "--out", demo}).exitCode, 0);
  const std::string tmpl = server.url("ok/{z}/{x}/{y}.png");
  auto r = test::runZhenmap({"export-slides", demo, "--out", (dir / "slides").string(), "--size", "320x180",
                             "--basemap", tmpl, "--cache-dir", (dir / "cache").string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_GT(server.count(), 0);
  // The credits (the template's host) are written in the bottom-right corner. The same tiles
  // through another host name give the same slide but for the credits: the pictures differ there
  // and only there. (Counting dark pixels in the corner depended on the port's digits.)
  std::string other = tmpl;
  const auto host = other.find("127.0.0.1");
  ASSERT_NE(host, std::string::npos) << other;
  other.replace(host, 9, "localhost");
  r = test::runZhenmap({"export-slides", demo, "--out", (dir / "slides2").string(), "--size", "320x180", "--basemap",
                        other, "--cache-dir", (dir / "cache2").string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const Image first = readPng((dir / "slides" / "slide_01.png").string());
  const Image second = readPng((dir / "slides2" / "slide_01.png").string());
  std::size_t inCorner = 0, elsewhere = 0;
  for (int y = 0; y < 180; ++y) {
    for (int x = 0; x < 320; ++x) {
      if (std::memcmp(first.pixel(x, y), second.pixel(x, y), 3) == 0) continue;
      (y >= 160 && x >= 200 ? inCorner : elsewhere) += 1;
    }
  }
  EXPECT_GT(inCorner, 30u);
  EXPECT_EQ(elsewhere, 0u);
  // Offline with an empty cache: the slides are not exported with holes.
  r = test::runZhenmap({"export-slides", demo, "--out", (dir / "offline").string(), "--size", "320x180", "--basemap",
                        tmpl, "--cache-dir", (dir / "empty").string(), "--offline"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("not in the cache"), std::string::npos) << r.err;
}
