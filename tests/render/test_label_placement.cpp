// Label candidates and placement: interior points, collision with priority, pan stability,
// lines read upright along their path, and the time to place a few thousand labels.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <set>

#include "label_placement.hpp"
#include "label_test_support.hpp"

using namespace zhenmap;

namespace {
Geometry point(double x, double y) {
  Geometry g;
  g.kind = GeomKind::Point;
  g.points = {{x, y}};
  g.rings = {0, 1};
  return g;
}

Geometry line(std::vector<Vec2> pts) {
  Geometry g;
  g.kind = GeomKind::Line;
  g.points = std::move(pts);
  g.rings = {0, static_cast<std::uint32_t>(g.points.size())};
  return g;
}

Camera cameraAt(Vec2 centre, double upp, int w = 800, int h = 600) {
  Camera cam;
  cam.setViewport(w, h);
  cam.setCenter(centre);
  cam.setUnitsPerPixel(upp);
  return cam;
}

std::vector<PlacedLabel> placeAll(const std::vector<LabelCandidate>& c, const Camera& cam) {
  const Box view = cam.visibleExtent();
  return placeLabels(c, placementOrder(c), cam, view);
}

std::set<std::size_t> featuresOf(const std::vector<PlacedLabel>& placed, const std::vector<LabelCandidate>& c) {
  std::set<std::size_t> s;
  for (const PlacedLabel& p : placed) s.insert(c[p.candidate].featureIndex);
  return s;
}
}  // namespace

TEST(LabelCandidates, ConcavePolygonAnchorIsInside) {
  // A U shape: its box centre (15, 15) lies in the notch, outside the polygon.
  Geometry u;
  u.kind = GeomKind::Polygon;
  u.points = {{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10}, {10, 10}, {10, 30}, {0, 30}, {0, 0}};
  u.rings = {0, 9};
  u.parts = {0, 1};
  const auto c = makeLabelCandidates(test::layerOfGeoms({u}), {"乡"}, LabelStyle{});
  ASSERT_EQ(c.size(), 1u);
  const Vec2 a = c[0].anchor;
  const bool inBar = a.x > 0 && a.x < 30 && a.y > 0 && a.y < 10;
  const bool inArm = a.y >= 10 && a.y < 30 && ((a.x > 0 && a.x < 10) || (a.x > 20 && a.x < 30));
  EXPECT_TRUE(inBar || inArm) << a.x << "," << a.y;
  EXPECT_EQ(c[0].kind, LabelKind::Polygon);
}

TEST(LabelCandidates, WigglyPolygonsGetInteriorAnchors) {
  // 270 star-shaped polygons of 3,700 vertices, r(a) = 1000 (1 + 0.3 sin 7a + 0.05 sin 97a),
  // centred 3,000 units apart: an anchor is inside when its radius is below r at its angle.
  auto radius = [](double a) { return 1000 * (1 + 0.3 * std::sin(7 * a) + 0.05 * std::sin(97 * a)); };
  std::vector<Geometry> geoms;
  std::vector<std::string> names;
  const int n = 3700;
  for (int k = 0; k < 270; ++k) {
    Geometry g;
    g.kind = GeomKind::Polygon;
    for (int i = 0; i <= n; ++i) {
      const double a = 2 * M_PI * (i % n) / n;
      g.points.push_back({k * 3000 + radius(a) * std::cos(a), radius(a) * std::sin(a)});
    }
    g.rings = {0, static_cast<std::uint32_t>(g.points.size())};
    g.parts = {0, 1};
    geoms.push_back(std::move(g));
    names.push_back("村" + std::to_string(k));
  }
  const LayerData layer = test::layerOfGeoms(std::move(geoms));
  makeLabelCandidates(layer, {}, LabelStyle{});  // loads the font outside the timing
  const auto t0 = std::chrono::steady_clock::now();
  const auto c = makeLabelCandidates(layer, names, LabelStyle{});
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("candidates for 270 polygons of 3,700 vertices: %.1f ms\n", ms);
  ASSERT_EQ(c.size(), 270u);
  for (const LabelCandidate& l : c) {
    const double dx = l.anchor.x - l.featureIndex * 3000.0, dy = l.anchor.y;
    EXPECT_LT(std::hypot(dx, dy), radius(std::atan2(dy, dx)) - 50) << l.featureIndex;
  }
}

TEST(LabelCandidates, FieldTextsFollowTheFeatureOrder) {
  LayerData layer = test::layerOfGeoms({point(0, 0), point(1, 0), point(2, 0)});
  layer.name = "villages";
  FieldDef code, name;
  code.name = "code";
  code.type = FieldType::Integer;
  name.name = "name";
  layer.fields = {code, name};
  layer.features[0].attributes = {std::int64_t{445202001001}, std::string("进东社区")};
  layer.features[1].attributes = {std::monostate{}, std::monostate{}};
  layer.features[2].attributes = {std::int64_t{7}, std::string("㘵村")};
  EXPECT_EQ(fieldTexts(layer, "name"), (std::vector<std::string>{"进东社区", "", "㘵村"}));
  EXPECT_EQ(fieldTexts(layer, "code"), (std::vector<std::string>{"445202001001", "", "7"}));
  EXPECT_THROW(fieldTexts(layer, "mingcheng"), std::invalid_argument);
}

TEST(LabelCandidates, EmptyTextMeansNoLabel) {
  const auto c =
      makeLabelCandidates(test::layerOfGeoms({point(0, 0), point(10, 0), point(20, 0)}), {"甲", "", "丙"}, LabelStyle{});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].featureIndex, 0u);
  EXPECT_EQ(c[1].featureIndex, 2u);
}

TEST(LabelPlacement, HigherPriorityWinsAnOverlapWhateverTheInputOrder) {
  // Two squares 4 px apart at 1 unit per pixel: their centred labels overlap.
  const LayerData layer = test::layerOfGeoms({test::squareGeom(0, 0, 100), test::squareGeom(4, 0, 100)});
  LabelStyle village, township;
  village.priority = 1;
  township.priority = 10;
  for (int townshipFirst = 0; townshipFirst < 2; ++townshipFirst) {
    std::vector<LabelCandidate> c = makeLabelCandidates(layer, {"仙桥村", ""}, village);
    std::vector<LabelCandidate> t = makeLabelCandidates(layer, {"", "仙桥街道"}, township);
    if (townshipFirst) std::swap(c, t);
    c.insert(c.end(), t.begin(), t.end());
    const auto placed = placeAll(c, cameraAt({0, 0}, 1.0));
    EXPECT_EQ(featuresOf(placed, c), std::set<std::size_t>{1}) << "township first: " << townshipFirst;
  }
}

TEST(LabelPlacement, NonOverlappingLabelsAreAllShown) {
  const LayerData layer = test::layerOfGeoms({test::squareGeom(-200, 0, 100), test::squareGeom(200, 0, 100), test::squareGeom(0, 200, 50)});
  const auto c = makeLabelCandidates(layer, {"榕城区", "揭东区", "普宁市"}, LabelStyle{});
  const auto placed = placeAll(c, cameraAt({0, 0}, 1.0));
  EXPECT_EQ(featuresOf(placed, c), (std::set<std::size_t>{0, 1, 2}));
}

TEST(LabelPlacement, PolygonsTooSmallOnScreenAreNotLabelled) {
  const LayerData layer = test::layerOfGeoms({test::squareGeom(0, 0, 100)});
  const auto c = makeLabelCandidates(layer, {"榕城区"}, LabelStyle{});
  EXPECT_EQ(placeAll(c, cameraAt({0, 0}, 1.0)).size(), 1u);   // 200 px wide
  EXPECT_EQ(placeAll(c, cameraAt({0, 0}, 20.0)).size(), 0u);  // 10 px wide, label 42 px
}

TEST(LabelPlacement, PointLabelsSitBesideTheMarker) {
  const auto c = makeLabelCandidates(test::layerOfGeoms({point(0, 0)}), {"站点"}, LabelStyle{});
  const auto placed = placeAll(c, cameraAt({0, 0}, 1.0));
  ASSERT_EQ(placed.size(), 1u);
  // To the right of the point, starting pointOffsetPx away, vertically around it.
  EXPECT_NEAR(placed[0].glyphs.front().penX, 7.0f, 0.5f);
  EXPECT_LT(placed[0].minY, 0.0f);
  EXPECT_GT(placed[0].maxY, 0.0f);
}

TEST(LabelPlacement, AnchorsAndBaselinesAreOnWholePixels) {
  // A fractional point and camera: the anchor rounds to the nearest pixel and a horizontal
  // label's baseline starts on a whole pixel from it, so glyphs never land between pixels.
  const auto c = makeLabelCandidates(test::layerOfGeoms({point(10.37, -3.61)}), {"站点"}, LabelStyle{});
  const Camera cam = cameraAt({0.2, 0.3}, 1.0);  // screen x = 10.37 - 0.2 + 400 = 410.17
  const Vec2 s = snappedAnchor(cam, c[0].anchor);
  EXPECT_EQ(s.x, 410.0);
  EXPECT_EQ(s.y, 304.0);  // 300 - (-3.61 - 0.3) = 303.91
  const auto placed = placeAll(c, cam);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].glyphs[0].penX, std::round(placed[0].glyphs[0].penX));
  EXPECT_EQ(placed[0].glyphs[0].penY, std::round(placed[0].glyphs[0].penY));
}

TEST(LabelPlacement, PanningMovesEveryLabelByThePanAndKeepsTheSet) {
  // 400 points on a 20x20 grid 30 px apart: plenty of collisions.
  std::vector<Geometry> g;
  std::vector<std::string> names;
  const char* words[] = {"村", "榕城", "揭东区", "Rongcheng", "玉湖镇", "𬌗村"};
  for (int i = 0; i < 400; ++i) {
    g.push_back(point((i % 20) * 30.0 + 0.37, (i / 20) * 30.0 + 0.61));
    names.push_back(words[i % 6] + std::to_string(i));
  }
  LabelPlacer placer;
  placer.setCandidates(makeLabelCandidates(test::layerOfGeoms(std::move(g)), names, LabelStyle{}));
  Camera cam = cameraAt({300.2, 300.7}, 1.0);
  ASSERT_TRUE(placer.update(cam));
  const std::vector<PlacedLabel> before = placer.placed();
  std::vector<Vec2> anchorsBefore;
  for (const PlacedLabel& p : before)
    anchorsBefore.push_back(snappedAnchor(cam, placer.candidates()[p.candidate].anchor));
  ASSERT_GT(before.size(), 30u);
  ASSERT_LT(before.size(), 400u);

  cam.panPixels(3, -7);
  EXPECT_FALSE(placer.update(cam));  // a small pan re-uses the placement
  const std::vector<PlacedLabel>& after = placer.placed();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    ASSERT_EQ(after[i].candidate, before[i].candidate);
    const Vec2 a = snappedAnchor(cam, placer.candidates()[after[i].candidate].anchor);
    EXPECT_EQ(a.x, anchorsBefore[i].x + 3);
    EXPECT_EQ(a.y, anchorsBefore[i].y - 7);
    ASSERT_EQ(after[i].glyphs.size(), before[i].glyphs.size());
    EXPECT_EQ(after[i].glyphs[0].penX, before[i].glyphs[0].penX);
  }

  // Placing from scratch at the panned camera over a region panned the same way gives the same set.
  Camera fresh = cameraAt({300.2, 300.7}, 1.0);
  fresh.panPixels(3, -7);
  const Box region{-2000, -2000, 2600, 2600};
  const auto c = placer.candidates();
  const auto p1 = placeLabels(c, placementOrder(c), cameraAt({300.2, 300.7}, 1.0), region);
  const auto p2 = placeLabels(c, placementOrder(c), fresh, region);
  EXPECT_EQ(featuresOf(p1, c), featuresOf(p2, c));

  cam.zoomAt({400, 300}, 2.0);
  EXPECT_TRUE(placer.update(cam));  // zoom changes the placement
}

TEST(LabelPlacement, LinesAreLabelledUprightAlongTheirPath) {
  // The same horizontal line drawn left-to-right and right-to-left; and a 30-degree line.
  const double c30 = std::cos(M_PI / 6), s30 = std::sin(M_PI / 6);
  const LayerData layer = test::layerOfGeoms({line({{-300, 0}, {300, 0}}), line({{300, 100}, {-300, 100}}),
                                   line({{-300 * c30, -200 - 300 * s30}, {300 * c30, -200 + 300 * s30}})});
  const auto c = makeLabelCandidates(layer, {"风貌带", "风貌带", "立面改造"}, LabelStyle{});
  const auto placed = placeAll(c, cameraAt({0, 0}, 1.0, 1000, 800));
  ASSERT_EQ(placed.size(), 3u);
  for (const PlacedLabel& p : placed) {
    const std::size_t f = c[p.candidate].featureIndex;
    ASSERT_GE(p.glyphs.size(), 3u);
    for (std::size_t i = 1; i < p.glyphs.size(); ++i) EXPECT_GT(p.glyphs[i].penX, p.glyphs[i - 1].penX) << f;
    if (f < 2) {
      EXPECT_NEAR(p.glyphs[0].cosA, 1.0f, 1e-5f);
      EXPECT_NEAR(p.glyphs[0].sinA, 0.0f, 1e-5f);
    } else {
      // Rising to the right on the map = going up (negative y) on screen.
      EXPECT_NEAR(p.glyphs[0].cosA, c30, 1e-4);
      EXPECT_NEAR(p.glyphs[0].sinA, -s30, 1e-4);
    }
  }
}

TEST(LabelPlacement, TwoThousandCandidatesArePlacedWithoutOverlap) {
  std::vector<Geometry> g;
  std::vector<std::string> names;
  for (int i = 0; i < 2000; ++i) {
    g.push_back(point((i * 7919 % 1900) + 0.5, (i * 104729 % 1060) + 0.5));
    names.push_back("村委会" + std::to_string(i));
  }
  const auto c = makeLabelCandidates(test::layerOfGeoms(std::move(g)), names, LabelStyle{});
  const auto order = placementOrder(c);
  const Camera cam = cameraAt({950, 530}, 1.0, 1920, 1080);
  const Box region = cam.visibleExtent();
  std::size_t placed = 0;
  const int runs = 20;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < runs; ++r) placed = placeLabels(c, order, cam, region).size();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / runs;
  std::printf("placement of %zu candidates: %zu placed, %.3f ms\n", c.size(), placed, ms);
  EXPECT_GT(placed, 100u);
  EXPECT_LT(placed, 2000u);
  // No two placed labels overlap on screen.
  const auto labels = placeLabels(c, order, cam, region);
  std::vector<Box> boxes;
  for (const PlacedLabel& l : labels) {
    const Vec2 a = snappedAnchor(cam, c[l.candidate].anchor);
    boxes.push_back({a.x + l.minX, a.y + l.minY, a.x + l.maxX, a.y + l.maxY});
  }
  std::size_t overlaps = 0;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const Box& p = boxes[i];
      const Box& q = boxes[j];
      overlaps += p.minX < q.maxX && q.minX < p.maxX && p.minY < q.maxY && q.minY < p.maxY;
    }
  }
  EXPECT_EQ(overlaps, 0u);
}
