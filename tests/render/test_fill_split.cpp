// Quadtree cutting of large polygons before triangulation (fill_split.hpp): the pieces fill
// exactly what the part's rings fill by the even-odd rule (areas computed here from the
// geometry, coverage checked at sample points against an even-odd test written here), keep to
// the vertex and cell limits, and leave the interior as whole rectangles; valid or invalid input.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "fill_split.hpp"
#include "triangulator.hpp"

using namespace zhenmap;

namespace {

constexpr double kPi = 3.14159265358979323846;

// A ring of n points on a circle (closed), counter-clockwise unless reversed.
void addCircleRing(Geometry& g, double cx, double cy, double r, int n, bool reversed) {
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * kPi * (i % n) / n * (reversed ? -1 : 1);
    g.points.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
  }
  g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
}

// A closed ring through pts, each edge divided into `steps` collinear pieces (more vertices,
// same shape).
void addRing(Geometry& g, const std::vector<Vec2>& pts, int steps = 1) {
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const Vec2 a = pts[i], b = pts[(i + 1) % pts.size()];
    for (int k = 0; k < steps; ++k) g.points.push_back({a.x + (b.x - a.x) * k / steps, a.y + (b.y - a.y) * k / steps});
  }
  g.points.push_back(pts[0]);
  g.rings.push_back(static_cast<std::uint32_t>(g.points.size()));
}

Geometry onePart(std::vector<std::vector<Vec2>> rings, int steps = 1) {
  Geometry g;
  g.kind = GeomKind::Polygon;
  g.rings = {0};
  for (const auto& r : rings) addRing(g, r, steps);
  g.parts = {0, static_cast<std::uint32_t>(g.ringCount())};
  return g;
}

double triangleArea(const std::vector<Vec2>& t) {
  double a = 0.0;
  for (std::size_t i = 0; i + 2 < t.size(); i += 3) {
    a += std::abs((t[i + 1].x - t[i].x) * (t[i + 2].y - t[i].y) - (t[i + 2].x - t[i].x) * (t[i + 1].y - t[i].y)) / 2;
  }
  return a;
}

double longestEdge(const std::vector<Vec2>& t) {
  double longest = 0.0;
  for (std::size_t i = 0; i + 2 < t.size(); i += 3) {
    for (int k = 0; k < 3; ++k) {
      const Vec2 a = t[i + k], b = t[i + (k + 1) % 3];
      longest = std::max(longest, std::hypot(a.x - b.x, a.y - b.y));
    }
  }
  return longest;
}

// How many triangles cover p (strictly inside).
int coverCount(const std::vector<Vec2>& t, Vec2 p) {
  int n = 0;
  for (std::size_t i = 0; i + 2 < t.size(); i += 3) {
    const Vec2 a = t[i], b = t[i + 1], c = t[i + 2];
    const double d1 = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    const double d2 = (c.x - b.x) * (p.y - b.y) - (c.y - b.y) * (p.x - b.x);
    const double d3 = (a.x - c.x) * (p.y - c.y) - (a.y - c.y) * (p.x - c.x);
    n += (d1 > 0 && d2 > 0 && d3 > 0) || (d1 < 0 && d2 < 0 && d3 < 0);
  }
  return n;
}

// Even-odd over all rings of g, written out here independently of the code under test.
bool insideEvenOdd(const Geometry& g, Vec2 p) {
  bool in = false;
  for (std::size_t r = 0; r < g.ringCount(); ++r) {
    for (std::uint32_t i = g.rings[r], j = g.rings[r + 1] - 1; i < g.rings[r + 1]; j = i++) {
      const Vec2 a = g.points[i], b = g.points[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
  }
  return in;
}

struct Cut {
  std::vector<Geometry> pieces;
  std::vector<Vec2> triangles;
};

// The pieces of part 0 of g cut with at most 16 vertices a piece and the given minimum cell,
// and their triangles.
Cut cutAndTriangulate(const Geometry& g, double minCell) {
  FillSplitOptions options;
  options.maxVertices = 16;
  options.minCell = minCell;
  Cut out;
  splitForFill(g, 0, options, out.pieces);
  Triangulator triangulator;
  for (const Geometry& p : out.pieces) EXPECT_TRUE(triangulator.triangulate(p, 0, p.partCount(), out.triangles));
  return out;
}

// At a grid of sample points over g's box (offset so no point lies on an axis-parallel edge):
// the triangles cover each point once where the even-odd rule fills it, else not at all.
void expectSameCoverage(const Geometry& g, const std::vector<Vec2>& triangles, int samples = 97) {
  const Box b = g.bounds();
  int wrong = 0;
  for (int i = 0; i < samples; ++i) {
    for (int j = 0; j < samples; ++j) {
      const Vec2 p{b.minX + b.width() * (i + 0.5123) / samples, b.minY + b.height() * (j + 0.4871) / samples};
      const int want = insideEvenOdd(g, p) ? 1 : 0;
      if (coverCount(triangles, p) != want && ++wrong <= 3)
        ADD_FAILURE() << "at " << p.x << " " << p.y << " want " << want;
    }
  }
  EXPECT_EQ(wrong, 0);
}

bool isAxisRectangle(const Geometry& g) {
  if (g.points.size() != 5 || g.ringCount() != 1) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    const Vec2 a = g.points[i], b = g.points[i + 1];
    if (a.x != b.x && a.y != b.y) return false;
  }
  return true;
}

}  // namespace

TEST(FillSplit, PiecesTileADiscWithAHoleExactly) {
  Geometry disc;
  disc.kind = GeomKind::Polygon;
  disc.rings = {0};
  addCircleRing(disc, 1000.0, 2000.0, 500.0, 720, false);
  addCircleRing(disc, 1100.0, 2050.0, 120.0, 90, true);  // a hole, clockwise
  disc.parts = {0, 2};
  // The exact area of the two regular polygons: n/2 r^2 sin(2 pi / n) each.
  const double want =
      0.5 * 720 * 500.0 * 500.0 * std::sin(2 * kPi / 720) - 0.5 * 90 * 120.0 * 120.0 * std::sin(2 * kPi / 90);

  const Cut cut = cutAndTriangulate(disc, 20.0);
  ASSERT_GT(cut.pieces.size(), 20u);
  std::size_t rectangles = 0;
  for (const Geometry& p : cut.pieces) {
    const Box b = p.bounds();
    EXPECT_TRUE(p.points.size() <= 16 + 8 || std::max(b.width(), b.height()) <= 2 * 20.0)
        << p.points.size() << " vertices in a cell of " << b.width() << " x " << b.height();
    if (isAxisRectangle(p)) ++rectangles;
  }
  EXPECT_NEAR(triangleArea(cut.triangles), want, 1e-9 * want);  // no gap, no overlap
  EXPECT_GE(rectangles, 4u) << "the interior should come out as whole cells";
  expectSameCoverage(disc, cut.triangles);
  // No triangle reaches across the disc any more: each lies within one piece's cell.
  EXPECT_LT(longestEdge(cut.triangles), 500.0);
  Triangulator triangulator;
  std::vector<Vec2> whole;
  ASSERT_TRUE(triangulator.triangulate(disc, 0, 1, whole));
  EXPECT_GT(longestEdge(whole), 800.0) << "uncut, the triangulation has slivers across the disc";
}

TEST(FillSplit, SmallPolygonsStayWhole) {
  const Geometry square = onePart({{{0, 0}, {10, 0}, {10, 10}, {0, 10}}});
  std::vector<Geometry> pieces;
  splitForFill(square, 0, FillSplitOptions{}, pieces);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].points.size(), 5u);
  EXPECT_EQ(pieces[0].points.front(), pieces[0].points.back());
}

// Forty wedges touching at one point, as the rings of one part: every cell around the point
// keeps at least three coordinates of each wedge, more than maxVertices, however small it gets.
// With no minimum cell the cutting still ends (depth cap) and the pieces still fill the wedges'
// area (forty triangles of 0.5 * 100 * 100 * sin(0.9 * 9°)).
TEST(FillSplit, ManyRingsMeetingAtAPointEndWithoutAMinimumCell) {
  std::vector<std::vector<Vec2>> wedges;
  for (int k = 0; k < 40; ++k) {
    const double a0 = 2 * kPi * k / 40, a1 = a0 + 0.9 * 2 * kPi / 40;
    wedges.push_back({{0, 0}, {100 * std::cos(a0), 100 * std::sin(a0)}, {100 * std::cos(a1), 100 * std::sin(a1)}});
  }
  const Cut cut = cutAndTriangulate(onePart(wedges), 0.0);
  EXPECT_GT(cut.pieces.size(), 40u);  // cut down to the depth cap around the point
  const double want = 40 * 0.5 * 100 * 100 * std::sin(0.9 * 2 * kPi / 40);
  EXPECT_NEAR(triangleArea(cut.triangles), want, 1e-6 * want);
}

// Diamond holes on a grid, touching each other and the shell at their vertices (valid polygons
// that GEOS 3.11's rectangle clipping cut wrongly: whole cells came back filled where holes
// are). Many random patterns; each must be filled exactly where the even-odd rule says.
TEST(FillSplit, HolesTouchingAtVerticesGiveNoInvertedCells) {
  std::mt19937 rng(20261207);
  for (int trial = 0; trial < 12; ++trial) {
    const int n = 4 + trial % 6;
    const double s = 10.0 / n;
    std::vector<std::vector<Vec2>> rings = {{{0, 0}, {10, 0}, {10, 10}, {0, 10}}};
    double holes = 0.0;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        if (std::uniform_int_distribution<int>(0, 99)(rng) < 30) continue;
        const double cx = (i + 0.5) * s, cy = (j + 0.5) * s, r = 0.5 * s;
        rings.push_back({{cx, cy - r}, {cx - r, cy}, {cx, cy + r}, {cx + r, cy}});
        holes += 2 * r * r;
      }
    }
    const Geometry g = onePart(rings);
    const Cut cut = cutAndTriangulate(g, 0.3);
    SCOPED_TRACE("trial " + std::to_string(trial));
    // Where 10 / n is not a binary fraction, touching vertices computed from two diamonds differ
    // in their last bits; GLU then leaves overlaps of about 1e-7 (uncut too): coverage is what counts.
    EXPECT_NEAR(triangleArea(cut.triangles), 100.0 - holes, 1e-6);
    expectSameCoverage(g, cut.triangles);
  }
}

// Invalid rings are cut by the same rule: a bow-tie fills both wings, a ring touching itself
// leaves its inverted hole empty, a hole equal to its shell fills nothing, a hole outside its
// shell is filled, a hole crossing its shell fills what only one of them covers. Edges are subdivided so that the parts
// are large enough to be cut.
TEST(FillSplit, InvalidRingsKeepTheEvenOddFill) {
  struct Case {
    const char* name;
    std::vector<std::vector<Vec2>> rings;
    double area;
  };
  const std::vector<Case> cases = {
      {"bow-tie", {{{0, 0}, {10, 10}, {10, 0}, {0, 10}}}, 50.0},
      {"self-touching ring", {{{0, 0}, {5, 0}, {3, 4}, {7, 4}, {5, 0}, {10, 0}, {10, 10}, {0, 10}}}, 100.0 - 8.0},
      {"hole equal to its shell", {{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{0, 0}, {10, 0}, {10, 10}, {0, 10}}}, 0.0},
      {"hole outside its shell", {{{0, 0}, {4, 0}, {4, 4}, {0, 4}}, {{6, 6}, {6, 10}, {10, 10}, {10, 6}}}, 32.0},
      {"spike", {{{0, 0}, {10, 0}, {10, 5}, {20, 5}, {10, 5}, {10, 10}, {0, 10}}}, 100.0},
      {"hole crossing its shell", {{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{5, 5}, {15, 5}, {15, 15}, {5, 15}}}, 150.0},
      {"ring wound twice", {{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}, {10, 0}, {10, 10}, {0, 10}}}, 0.0}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Geometry g = onePart(c.rings, 12);
    const Cut cut = cutAndTriangulate(g, 0.5);
    EXPECT_NEAR(triangleArea(cut.triangles), c.area, 1e-9);
    expectSameCoverage(g, cut.triangles);
  }
}
