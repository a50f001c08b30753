// `zhenmap render` as a user runs it: headless (DISPLAY unset), PNG out, clear errors.
#include <gtest/gtest.h>

#include <cstdio>

#include "image.hpp"
#include "test_support.hpp"

using namespace zhenmap;

namespace {
std::string counties() { return (test::dataDir() / "jieyang" / "jieyang_counties.geojson").string(); }
}  // namespace

TEST(RenderCli, WritesAPngOfTheRequestedSizeWithoutADisplay) {
  test::TempDir tmp;
  const auto out = tmp / "map.png";
  const auto r = test::runZhenmap({"render", counties(), "--out", out.string(), "--size", "320x200"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const Image img = readPng(out.string());
  EXPECT_EQ(img.width, 320);
  EXPECT_EQ(img.height, 200);
  // The background colour is at the corner; the counties cover the centre with another colour.
  const std::uint8_t* corner = img.pixel(0, 0);
  EXPECT_EQ(corner[0], 0xf4);
  EXPECT_EQ(corner[1], 0xf1);
  EXPECT_EQ(corner[2], 0xea);
  std::size_t background = 0;
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const std::uint8_t* p = img.pixel(x, y);
      background += (p[0] == 0xf4 && p[1] == 0xf1 && p[2] == 0xea);
    }
  }
  const double covered = 1.0 - double(background) / (img.width * img.height);
  EXPECT_GT(covered, 0.25);
  EXPECT_LT(covered, 0.75);
}

TEST(RenderCli, MissingInputIsAnErrorLineWithStatus2) {
  test::TempDir tmp;
  const auto r = test::runZhenmap({"render", (tmp / "nope.shp").string(), "--out", (tmp / "x.png").string()});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("nope.shp"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(tmp / "x.png"));
}

TEST(RenderCli, BadSizeAndColourAreUsageErrors) {
  test::TempDir tmp;
  const auto out = (tmp / "x.png").string();
  auto r = test::runZhenmap({"render", counties(), "--out", out, "--size", "0x100"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("--size"), std::string::npos) << r.err;
  r = test::runZhenmap({"render", counties(), "--out", out, "--background", "#12345"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("colour"), std::string::npos) << r.err;
}

TEST(RenderCli, ViewerWithoutDisplayFailsCleanly) {
  const auto r = test::runZhenmap({counties()});
  EXPECT_EQ(r.exitCode, 6);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
}

TEST(RenderCli, ExportsAt7680x4320) {
  test::TempDir tmp;
  const auto out = tmp / "8k.png";
  const auto r = test::runZhenmap({"render", counties(), "--out", out.string(), "--size", "7680x4320", "--title", "8K"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const Image img = readPng(out.string());
  EXPECT_EQ(img.width, 7680);
  EXPECT_EQ(img.height, 4320);
  // The map is there at full size: the centre is a county, not the background.
  const std::uint8_t* centre = img.pixel(3840, 2160);
  EXPECT_FALSE(centre[0] == 0xf4 && centre[1] == 0xf1 && centre[2] == 0xea);
}

namespace {
std::string square(double x0, double y0, double size) {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":)"
                R"({"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}]})",
                x0, y0, x0 + size, y0, x0 + size, y0 + size, x0, y0 + size, x0, y0);
  return buf;
}
}  // namespace

// `--layers` names the layers to draw and their order, bottom first (as the peers' cartography of
// bench/peer_args.txt needs: township outlines over village fills, whatever order the file has).
TEST(RenderCli, LayersAreDrawnInTheOrderNamedBottomFirst) {
  test::TempDir tmp;
  test::writeFile(tmp / "red.geojson", square(116.0, 23.0, 0.2));
  test::writeFile(tmp / "blue.geojson", square(116.05, 23.05, 0.2));
  test::writeFile(tmp / "red.json", R"({"symbol": {"fill": "#ff0000", "stroke_width": 0}})");
  test::writeFile(tmp / "blue.json", R"({"symbol": {"fill": "#0000ff", "stroke_width": 0}})");
  const std::string extent = "116.0,23.0,116.25,23.25";
  auto render = [&](const std::string& order, const std::string& png) {
    const auto r = test::runZhenmap({"render", (tmp / "red.geojson").string(), (tmp / "blue.geojson").string(), "--out",
                                     (tmp / png).string(), "--size", "100x100", "--no-labels", "--extent", extent,
                                     "--extent-crs", "EPSG:4326", "--crs", "EPSG:4326", "--layers", order, "--style",
                                     "red=" + (tmp / "red.json").string(), "--style",
                                     "blue=" + (tmp / "blue.json").string()});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return readPng((tmp / png).string());
  };
  // The overlap (116.05..116.2, 23.05..23.2) is in the middle of the picture.
  const Image blueOnTop = render("red,blue", "a.png");
  const std::uint8_t* p = blueOnTop.pixel(50, 50);
  EXPECT_EQ(p[0], 0);
  EXPECT_EQ(p[2], 255);
  const Image redOnTop = render("blue,red", "b.png");
  p = redOnTop.pixel(50, 50);
  EXPECT_EQ(p[0], 255);
  EXPECT_EQ(p[2], 0);
  // Only what is named is drawn.
  const Image onlyBlue = render("blue", "c.png");
  p = onlyBlue.pixel(10, 90);  // red alone there (116.01, 23.01)
  EXPECT_FALSE(p[0] == 255 && p[2] == 0);
}
