// HeadlessGl: the GL side of a one-shot picture made on a thread of its own while the data is
// read (issue 24's start-up); the picture must be the one renderHeadless makes by itself.
#include <gtest/gtest.h>

#include <stdexcept>

#include "default_styles.hpp"
#include "map_view.hpp"
#include "test_support.hpp"
#include "vector_source.hpp"

using namespace zhenmap;

namespace {
std::vector<Buckets> counties() {
  ReadOptions opts;
  opts.mapCrs = "EPSG:3857";
  const std::vector<LayerData> layers =
      readVectorSource((test::dataDir() / "jieyang" / "jieyang_counties.geojson").string(), opts);
  std::vector<Buckets> out;
  for (const LayerData& l : layers) out.push_back(tessellate(l, defaultStyle(l)));
  return out;
}
}  // namespace

TEST(HeadlessGl, APreparedContextDrawsTheSamePictureAsOneMadeOnTheSpot) {
  const std::vector<Buckets> layers = counties();
  MapViewOptions view;
  view.width = 240;
  view.height = 180;
  HeadlessGl gl(view.width, view.height);  // prepared while the layers were "read"
  const Image prepared = renderHeadless(layers, view, &gl);
  const Image onTheSpot = renderHeadless(layers, view);
  ASSERT_EQ(prepared.width, 240);
  ASSERT_EQ(prepared.height, 180);
  EXPECT_EQ(prepared.rgba, onTheSpot.rgba);
  // Something was drawn: the counties cover the centre in another colour than the background.
  const std::uint8_t* centre = prepared.pixel(120, 90);
  EXPECT_FALSE(centre[0] == 0xf4 && centre[1] == 0xf1 && centre[2] == 0xea);
  // The prepared parts go to one picture only.
  EXPECT_THROW(renderHeadless(layers, view, &gl), std::logic_error);
}

TEST(HeadlessGl, APreparedTargetOfAnotherSizeIsRefusedAndAnUnusedOneIsReleased) {
  const std::vector<Buckets> layers = counties();
  MapViewOptions view;
  view.width = 64;
  view.height = 64;
  {
    HeadlessGl wrong(32, 32);
    EXPECT_THROW(renderHeadless(layers, view, &wrong), std::logic_error);
  }
  { HeadlessGl unused(16, 16); }  // made and dropped without a picture: no leak, no hang
  const Image after = renderHeadless(layers, view);
  EXPECT_EQ(after.width, 64);
}
