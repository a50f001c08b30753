// Quadtree cutting of large polygons before triangulation (fill_split.hpp): the pieces tile the
// polygon exactly (areas from the shoelace formula, computed here), keep to the vertex and cell
// limits, and leave the interior as whole rectangles.
#include <gtest/gtest.h>

#include <cmath>

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

// Area of polygonal g: per part, its shell less its holes, whatever the rings' orientation.
double shoelace(const Geometry& g) {
  auto ringArea = [&](std::size_t r) {
    double a = 0.0;
    for (std::uint32_t i = g.rings[r]; i + 1 < g.rings[r + 1]; ++i) {
      a += g.points[i].x * g.points[i + 1].y - g.points[i + 1].x * g.points[i].y;
    }
    return std::abs(0.5 * a);
  };
  double total = 0.0;
  for (std::size_t p = 0; p + 1 < g.parts.size(); ++p) {
    for (std::uint32_t r = g.parts[p]; r < g.parts[p + 1]; ++r) total += r == g.parts[p] ? ringArea(r) : -ringArea(r);
  }
  return total;
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

// The pieces of g cut with at most 16 vertices a piece and the given minimum cell.
std::vector<Geometry> cutPieces(const Geometry& g, double minCell) {
  geos::Context ctx;
  FillSplitOptions options;
  options.maxVertices = 16;
  options.minCell = minCell;
  std::vector<Geometry> pieces;
  EXPECT_TRUE(splitForFill(ctx, g, options, pieces));
  return pieces;
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
  const double want = 0.5 * 720 * 500.0 * 500.0 * std::sin(2 * kPi / 720) - 0.5 * 90 * 120.0 * 120.0 * std::sin(2 * kPi / 90);
  ASSERT_NEAR(shoelace(disc), want, 1e-6 * want);

  const std::vector<Geometry> pieces = cutPieces(disc, 20.0);
  ASSERT_GT(pieces.size(), 20u);
  double sum = 0.0;
  std::size_t rectangles = 0;
  Triangulator triangulator;
  std::vector<Vec2> triangles;
  for (const Geometry& p : pieces) {
    const double a = shoelace(p);
    EXPECT_GT(a, 0.0);
    sum += a;
    const Box b = p.bounds();
    EXPECT_TRUE(p.points.size() <= 16 + 8 || std::max(b.width(), b.height()) <= 2 * 20.0)
        << p.points.size() << " vertices in a cell of " << b.width() << " x " << b.height();
    if (isAxisRectangle(p)) ++rectangles;
    ASSERT_TRUE(triangulator.triangulate(p, 0, p.partCount(), triangles));
  }
  EXPECT_NEAR(sum, want, 1e-9 * want);                      // no gap, no overlap
  EXPECT_NEAR(triangleArea(triangles), want, 1e-9 * want);  // and so are their triangles
  EXPECT_GE(rectangles, 4u) << "the interior should come out as whole cells";
  // No triangle reaches across the disc any more: each lies within one piece's cell.
  EXPECT_LT(longestEdge(triangles), 500.0);
  std::vector<Vec2> whole;
  ASSERT_TRUE(triangulator.triangulate(disc, 0, 1, whole));
  EXPECT_GT(longestEdge(whole), 800.0) << "uncut, the triangulation has slivers across the disc";
}

TEST(FillSplit, SmallPolygonsStayWhole) {
  Geometry square;
  square.kind = GeomKind::Polygon;
  square.points = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
  square.rings = {0, 5};
  square.parts = {0, 1};
  geos::Context ctx;
  std::vector<Geometry> pieces;
  ASSERT_TRUE(splitForFill(ctx, square, FillSplitOptions{}, pieces));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].points.size(), 5u);
  EXPECT_DOUBLE_EQ(shoelace(pieces[0]), 100.0);
}

// Forty wedges touching at one point (a valid multipolygon: parts meet at points only): every
// cell around the point keeps at least three coordinates of each wedge, more than maxVertices,
// however small it gets. With no minimum cell the cutting still ends (depth cap) and the pieces
// still add up to the wedges' area (forty triangles of 0.5 * 100 * 100 * sin(0.9 * 9°)).
TEST(FillSplit, ManyPartsMeetingAtAPointEndWithoutAMinimumCell) {
  Geometry star;
  star.kind = GeomKind::Polygon;
  star.rings = {0};
  star.parts = {0};
  for (int k = 0; k < 40; ++k) {
    const double a0 = 2 * kPi * k / 40, a1 = a0 + 0.9 * 2 * kPi / 40;
    star.points.push_back({0, 0});
    star.points.push_back({100 * std::cos(a0), 100 * std::sin(a0)});
    star.points.push_back({100 * std::cos(a1), 100 * std::sin(a1)});
    star.points.push_back({0, 0});
    star.rings.push_back(static_cast<std::uint32_t>(star.points.size()));
    star.parts.push_back(static_cast<std::uint32_t>(star.rings.size() - 1));
  }
  const std::vector<Geometry> pieces = cutPieces(star, 0.0);
  double sum = 0.0;
  for (const Geometry& p : pieces) sum += shoelace(p);
  EXPECT_GT(pieces.size(), 40u);  // cut down to the depth cap around the point
  const double want = 40 * 0.5 * 100 * 100 * std::sin(0.9 * 2 * kPi / 40);
  EXPECT_NEAR(sum, want, 1e-6 * want);
}
