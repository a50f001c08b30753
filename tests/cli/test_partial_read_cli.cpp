// Partial reading as a user meets it: `zhenmap info --json` on files with one broken feature or
// layer reports every good one (the counts ogrinfo lists, parsed here) and lists the skipped one
// with GDAL's message; `zhenmap render` draws the good features of a layer with a broken one; a
// VRT opened by a relative path from another folder finds its data; network sources that do not
// answer fail within GDAL's HTTP timeouts with "cannot reach", never hang.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "../geodata/broken_sources.hpp"
#include "image.hpp"
#include "test_support.hpp"

using namespace zhenmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json infoJson(const std::string& path) {
  const test::RunResult r = test::runZhenmap({"info", path, "--json"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return r.exitCode == 0 ? json::parse(r.out) : json::object();
}

// A local TCP port that accepts connections and never answers, for as long as it lives.
class SilentServer {
 public:
  SilentServer() {
    m_socket = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(m_socket, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(m_socket, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    listen(m_socket, 16);
    m_thread = std::thread([this] {
      std::vector<int> accepted;
      while (!m_stop) {
        pollfd p{m_socket, POLLIN, 0};
        if (poll(&p, 1, 100) > 0) accepted.push_back(accept(m_socket, nullptr, nullptr));
      }
      for (int fd : accepted) close(fd);
    });
  }
  ~SilentServer() {
    m_stop = true;
    m_thread.join();
    close(m_socket);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  int port() const { return m_port; }

 private:
  int m_socket = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

// A port nothing listens on: bound once, then released.
int closedPort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  close(s);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST(PartialReadCli, InfoListsTheGoodFeaturesAndTheSkippedOne) {
  test::TempDir dir;
  const fs::path shp = test::shapefileWithCorruptRecord(dir, 2);
  const json j = infoJson(shp.string());
  ASSERT_EQ(j.at("layers").size(), 1u);
  const json& l = j["layers"][0];
  EXPECT_EQ(l.at("feature_count"), test::ogrinfoListed(shp.string()).at("corrupt"));
  EXPECT_EQ(l.at("feature_count"), 5);
  EXPECT_EQ(l.at("declared_feature_count"), 5);
  EXPECT_EQ(l.at("readable"), true);
  EXPECT_EQ(l.at("null_geometry_count"), 1);
  ASSERT_EQ(l.at("skipped").size(), 1u);
  EXPECT_EQ(l["skipped"][0].at("what"), "geometry");
  EXPECT_EQ(l["skipped"][0].at("fid"), 2);
  EXPECT_NE(l["skipped"][0].at("error").get<std::string>().find("shape 2"), std::string::npos) << l.dump();
  EXPECT_EQ(l.at("skipped_count"), 1);

  const test::RunResult text = test::runZhenmap({"info", shp.string()});
  EXPECT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("skipped (GDAL could not read them): 1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("geometry 2: "), std::string::npos) << text.out;
}

TEST(PartialReadCli, InfoListsEveryLayerOfAGeoPackageWithABrokenOne) {
  test::TempDir dir;
  const fs::path gpkg = test::geoPackageWithBrokenLayer(dir);
  const std::map<std::string, int> listed = test::ogrinfoListed(gpkg.string());
  const json j = infoJson(gpkg.string());
  ASSERT_EQ(j.at("layers").size(), 3u);
  for (const json& l : j["layers"]) {
    const std::string name = l.at("name");
    EXPECT_EQ(l.at("feature_count"), listed.at(name)) << name;
    EXPECT_EQ(l.at("readable"), name != "bad") << name;
  }
  const json& bad = j["layers"][1];
  ASSERT_EQ(bad.at("skipped").size(), 1u);
  EXPECT_EQ(bad["skipped"][0].at("what"), "layer");
  EXPECT_TRUE(bad["skipped"][0].at("fid").is_null());
  EXPECT_NE(bad["skipped"][0].at("error").get<std::string>().find("nope"), std::string::npos);
}

TEST(PartialReadCli, InfoOnAGeoJsonWithOneBadGeometry) {
  test::TempDir dir;
  const fs::path path = test::geoJsonWithBadGeometry(dir);
  const json j = infoJson(path.string());
  const json& l = j.at("layers").at(0);
  EXPECT_EQ(l.at("feature_count"), 3);
  ASSERT_EQ(l.at("skipped").size(), 1u);
  EXPECT_EQ(l["skipped"][0].at("what"), "geometry");
  EXPECT_EQ(l["skipped"][0].at("fid"), 1);
  for (const json& w : j.at("warnings"))
    EXPECT_EQ(w.get<std::string>().find("coordinates"), std::string::npos) << "listed once";
}

// The GeoJSON's good squares (x 0..1 and 4..5) are drawn, the bad feature left out, and stderr
// says so; the same for the Shapefile whose third square (x 4..5) lost its geometry.
TEST(PartialReadCli, RenderDrawsTheGoodFeaturesOfALayerWithABrokenOne) {
  test::TempDir dir;
  test::writeFile(dir / "black.json", R"({"kind": "single", "symbol": {"fill": "#000000", "stroke_width": 0}})");
  struct Case {
    fs::path path;
    std::string layer;
    std::vector<double> filled, empty;  // x of square centres (y 0.5)
  };
  const std::vector<Case> cases = {{test::geoJsonWithBadGeometry(dir), "bad_geometry", {0.5, 4.5}, {2.5}},
                                   {test::shapefileWithCorruptRecord(dir, 2), "corrupt", {0.5, 2.5, 6.5, 8.5}, {4.5}}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.layer);
    const fs::path png = dir / (c.layer + ".png");
    const test::RunResult r =
        test::runZhenmap({"render", c.path.string(), "--crs", "EPSG:4326", "--extent", "-1,-4,11,5", "--size",
                          "1200x900", "--no-labels", "--no-outline", "--background", "#ffffff", "--style",
                          c.layer + "=" + (dir / "black.json").string(), "--out", png.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("warning: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("layer " + c.layer + ": 1 feature(s)"), std::string::npos) << r.err;
    const Image img = readPng(png.string());
    auto value = [&](double x) { return int(img.pixel(int((x + 1) * 100), int((5 - 0.5) * 100))[0]); };
    for (double x : c.filled) EXPECT_LT(value(x), 40) << "square at " << x;
    for (double x : c.empty) EXPECT_GT(value(x), 215) << "nothing at " << x;
  }
}

TEST(PartialReadCli, VrtOpenedByARelativePathFromAnotherFolder) {
  test::TempDir dir;
  test::vrtWithRelativeSource(dir, false);
  fs::create_directories(dir / "elsewhere");
  // From a sibling folder, by a relative path: GDAL alone looks for data/ there and fails.
  const test::RunResult gdal = test::run(
      {"/bin/sh", "-c", "cd '" + (dir / "elsewhere").string() + "' && /usr/bin/ogrinfo -ro -so -al ../vrt/plain.vrt"});
  EXPECT_EQ(gdal.out.find("Feature Count: 5"), std::string::npos) << "GDAL found it: the test proves nothing";
  const test::RunResult r = test::run(
      {"/bin/sh", "-c",
       "cd '" + (dir / "elsewhere").string() + "' && '" + test::zhenmapBinary() + "' info --json ../vrt/plain.vrt"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j.at("layers").at(0).at("feature_count"), 5);
  EXPECT_EQ(j.at("path"), "../vrt/plain.vrt");
}

// GDAL's HTTP timeouts shortened to 2 s through its own environment variables (the defaults are
// 10 s to connect, 20 s without data): a server that accepts and never answers fails in a few
// seconds with "cannot reach", a closed port at once.
TEST(PartialReadCli, NetworkSourcesThatDoNotAnswerFailWithinTheTimeout) {
  SilentServer silent;
  const std::string host = "127.0.0.1:" + std::to_string(silent.port());
  const std::map<std::string, std::string> env = {{"GDAL_HTTP_LOW_SPEED_TIME", "2"}, {"GDAL_HTTP_CONNECTTIMEOUT", "2"}};
  const std::string closed = "http://127.0.0.1:" + std::to_string(closedPort()) + "/villages.geojson";
  for (const std::string& source : {"http://" + host + "/villages.geojson", "WFS:http://" + host + "/wfs",
                                    "/vsicurl/http://" + host + "/villages.gpkg", closed}) {
    SCOPED_TRACE(source);
    const auto start = std::chrono::steady_clock::now();
    const test::RunResult r = test::run({test::zhenmapBinary(), "info", source}, {}, env, 60);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("cannot reach the server"), std::string::npos) << r.err;
    EXPECT_LT(seconds, source == closed ? 3.0 : 15.0);
  }
}
