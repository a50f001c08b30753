// Labels drawn with GL (EGL, offscreen): dark glyphs with a light halo at the expected place, a
// rare CJK extension character, exact pixel shifts when panning, and a golden picture of the
// Jieyang county names with lines and points.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "egl_context.hpp"
#include "label_renderer.hpp"
#include "label_test_support.hpp"
#include "offscreen_target.hpp"
#include "vector_source.hpp"

using namespace zhenmap;
using namespace zhenmap::test;

namespace {
Camera cameraAt(Vec2 centre, double upp, int w, int h) {
  Camera cam;
  cam.setViewport(w, h);
  cam.setCenter(centre);
  cam.setUnitsPerPixel(upp);
  return cam;
}

Image drawLabels(LabelRenderer& labels, OffscreenTarget& target, const Camera& cam) {
  target.bind();
  glClearColor(0.5f, 0.5f, 0.5f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  labels.draw(cam);
  glFinish();
  return target.readPixels();
}

bool grey(int r, int g, int b) { return std::abs(r - 128) <= 2 && std::abs(g - 128) <= 2 && std::abs(b - 128) <= 2; }
}  // namespace

TEST(LabelRenderer, DarkGlyphsWithALightHaloAtTheAnchor) {
  EglContext context;
  OffscreenTarget target(400, 200);
  LabelRenderer labels;
  LabelStyle style;
  style.sizePx = 40;
  style.color = rgba(0, 0, 0);
  style.haloColor = rgba(255, 255, 255);
  style.haloPx = 3;
  labels.setCandidates(makeLabelCandidates(layerOfGeoms({squareGeom(0, 0, 150)}), {"田国"}, style));
  EXPECT_EQ(labels.atlas().glyphCount(), 2u);
  const Image img = drawLabels(labels, target, cameraAt({0, 0}, 1.0, 400, 200));
  EXPECT_EQ(labels.visibleCount(), 1u);

  // Two 40 px ideographs centred on (200, 100): ink within [160, 240] x [80, 120].
  const PixelStats ink = countPixels(img, dark);
  EXPECT_GT(ink.count, 300);
  EXPECT_GE(ink.minX, 158);
  EXPECT_LE(ink.maxX, 242);
  EXPECT_GE(ink.minY, 78);
  EXPECT_LE(ink.maxY, 122);
  EXPECT_NEAR((ink.minX + ink.maxX) * 0.5, 200.0, 4.0);
  EXPECT_NEAR((ink.minY + ink.maxY) * 0.5, 100.0, 4.0);
  // The halo: light pixels around the ink, none far from it.
  const PixelStats halo = countPixels(img, light);
  EXPECT_GT(halo.count, 300);
  EXPECT_GE(halo.minX, ink.minX - 5);
  EXPECT_LE(halo.maxX, ink.maxX + 5);
  EXPECT_LT(halo.minX, ink.minX);  // the halo extends beyond the ink on every side
  EXPECT_GT(halo.maxX, ink.maxX);
  EXPECT_LT(halo.minY, ink.minY);
  EXPECT_GT(halo.maxY, ink.maxY);
  // Just left of the leftmost ink, on its row, there is halo.
  for (int y = ink.minY; y <= ink.maxY; ++y) {
    if (!dark(img.pixel(ink.minX, y)[0], img.pixel(ink.minX, y)[1], img.pixel(ink.minX, y)[2])) continue;
    const std::uint8_t* p = img.pixel(ink.minX - 2, y);
    EXPECT_TRUE(light(p[0], p[1], p[2])) << "row " << y;
    break;
  }
  // Everything else is untouched background.
  const int outside = countPixels(img, grey).count;
  EXPECT_GE(outside, 400 * 200 - (ink.maxX - ink.minX + 12) * (ink.maxY - ink.minY + 12));
}

TEST(LabelRenderer, AtlasBuiltOnAWorkerIsUsedAsIs) {
  LabelStyle style;
  style.sizePx = 30;
  style.color = rgba(0, 0, 0);
  std::vector<LabelCandidate> c = makeLabelCandidates(layerOfGeoms({squareGeom(0, 0, 90)}), {"镇图 map"}, style);
  GlyphAtlas atlas;
  std::thread worker([&] { atlas = labelAtlas(c); });
  worker.join();
  EXPECT_EQ(atlas.glyphCount(), 6u);  // 镇 图 space m a p
  EglContext context;
  OffscreenTarget target(200, 100);
  LabelRenderer labels;
  const GlyphAtlas other(Font::defaultFont(), {U'镇'});
  EXPECT_THROW(labels.setCandidates(c, other), std::invalid_argument);
  labels.setCandidates(std::move(c), std::move(atlas));
  EXPECT_EQ(labels.atlas().glyphCount(), 6u);
  const Image img = drawLabels(labels, target, cameraAt({0, 0}, 1.0, 200, 100));
  EXPECT_GT(countPixels(img, dark).count, 100);
}

TEST(LabelRenderer, RareExtensionCharacterRenders) {
  EglContext context;
  OffscreenTarget target(200, 100);
  LabelRenderer labels;
  LabelStyle style;
  style.sizePx = 36;
  style.color = rgba(0, 0, 0);
  labels.setCandidates(makeLabelCandidates(layerOfGeoms({squareGeom(0, 0, 80)}), {"\xF0\xAC\x8C\x97"}, style));  // 𬌗
  ASSERT_NE(labels.atlas().find(char32_t{0x2C317}), nullptr);
  const Image img = drawLabels(labels, target, cameraAt({0, 0}, 1.0, 200, 100));
  const PixelStats ink = countPixels(img, dark);
  EXPECT_GT(ink.count, 100);
  EXPECT_NEAR((ink.minX + ink.maxX) * 0.5, 100.0, 5.0);
}

TEST(LabelRenderer, PanningShiftsThePictureExactly) {
  EglContext context;
  OffscreenTarget target(500, 300);
  LabelRenderer labels;
  std::vector<Geometry> geoms;
  std::vector<std::string> names;
  for (int i = 0; i < 30; ++i) {
    Geometry g;
    g.kind = GeomKind::Point;
    g.points = {{(i % 6) * 80.0 - 200.3, (i / 6) * 50.0 - 100.6}};
    g.rings = {0, 1};
    geoms.push_back(std::move(g));
    names.push_back(i % 2 ? "榕城区" : "Jiedong");
  }
  labels.setCandidates(makeLabelCandidates(layerOfGeoms(std::move(geoms)), names, LabelStyle{}));
  Camera cam = cameraAt({0.25, 0.4}, 1.3, 500, 300);
  const Image a = drawLabels(labels, target, cam);
  cam.panPixels(7, 4);
  const Image b = drawLabels(labels, target, cam);
  int compared = 0, differing = 0;
  for (int y = 0; y + 4 < 300; ++y) {
    for (int x = 0; x + 7 < 500; ++x) {
      const std::uint8_t* p = a.pixel(x, y);
      const std::uint8_t* q = b.pixel(x + 7, y + 4);
      ++compared;
      differing += (p[0] != q[0] || p[1] != q[1] || p[2] != q[2]) ? 1 : 0;
    }
  }
  EXPECT_GT(countPixels(a, dark).count, 500);
  EXPECT_EQ(differing, 0) << "of " << compared;
}

TEST(LabelRenderer, JieyangCountiesLinesAndPointsGolden) {
  ReadOptions options;
  options.mapCrs = "EPSG:3857";
  const std::vector<LayerData> layers =
      readVectorSource((dataDir() / "jieyang" / "jieyang_counties.geojson").string(), options);
  ASSERT_EQ(layers.size(), 1u);
  const LayerData& counties = layers[0];
  std::size_t nameField = 0;
  while (nameField < counties.fields.size() && counties.fields[nameField].name != "name") ++nameField;
  ASSERT_LT(nameField, counties.fields.size());
  std::vector<std::string> names;
  for (const Feature& f : counties.features) names.push_back(std::get<std::string>(f.attributes[nameField]));

  EglContext context;
  OffscreenTarget target(800, 600);
  Camera cam;
  cam.setViewport(800, 600);
  cam.fit(counties.extent);
  LabelStyle county;
  county.sizePx = 20;
  county.priority = 10;
  county.haloPx = 2.5f;
  std::vector<LabelCandidate> all = makeLabelCandidates(counties, names, county);
  // A curved route through the middle of the view and a few sites, in the same CRS.
  const Vec2 c = cam.center();
  const double u = cam.unitsPerPixel();
  Geometry route;
  route.kind = GeomKind::Line;
  for (int i = 0; i <= 40; ++i) {
    const double t = i / 40.0;
    route.points.push_back({c.x + (t - 0.5) * 500 * u, c.y - 150 * u + 40 * u * std::sin(t * 3.0)});
  }
  route.rings = {0, 41};
  LabelStyle routeStyle;
  routeStyle.color = rgba(0x8a, 0x2b, 0x0e);
  routeStyle.priority = 5;
  auto routes = makeLabelCandidates(layerOfGeoms({route}), {"榕江风貌带 Scenic belt"}, routeStyle);
  std::vector<Geometry> sites;
  for (int i = 0; i < 6; ++i) {
    Geometry p;
    p.kind = GeomKind::Point;
    p.points = {{c.x + (i * 90 - 260) * u, c.y + (i % 3 * 60 - 200) * u}};
    p.rings = {0, 1};
    sites.push_back(p);
  }
  auto points =
      makeLabelCandidates(layerOfGeoms(sites),
                          {"㘵村项目", "埔田镇竹笋基地", "玉湖镇", "地都镇", "𬌗村", "Paotai 炮台镇"}, LabelStyle{});
  all.insert(all.end(), routes.begin(), routes.end());
  all.insert(all.end(), points.begin(), points.end());
  LabelRenderer labels;
  labels.setCandidates(std::move(all));
  target.bind();
  glClearColor(0xf4 / 255.0f, 0xf1 / 255.0f, 0xea / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  labels.draw(cam);
  glFinish();
  const Image img = target.readPixels();
  EXPECT_EQ(labels.visibleCount(), counties.features.size() + 1 + 6);
  expectMatchesGolden(img, "labels_jieyang");
}
