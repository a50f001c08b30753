// The one-ring shortcut of validation (simple_ring.hpp) must never call a ring valid that GEOS
// calls invalid: checked against GEOSisValid on many random rings, including the awkward ones
// (grid points, collinear runs, spikes, touching vertices, repeated points, near-degenerate turns).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <random>

#include "geos_convert.hpp"
#include "simple_ring.hpp"
#include "validation.hpp"

using namespace zhenmap;

namespace {

Geometry polygonOf(std::vector<Vec2> ring) {
  Geometry g;
  g.kind = GeomKind::Polygon;
  ring.push_back(ring.front());
  g.points = std::move(ring);
  g.rings = {0, static_cast<std::uint32_t>(g.points.size())};
  g.parts = {0, 1};
  return g;
}

// A ring around (cx, cy) with `n` vertices; `jitter` moves vertices in angle and radius, so that
// small values give simple rings and large ones self-intersecting rings.
std::vector<Vec2> randomRing(std::mt19937_64& rng, int n, double jitter, double cx, double cy, double r) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<Vec2> ring;
  const double pi = std::acos(-1.0);
  for (int k = 0; k < n; ++k) {
    const double a = 2 * pi * (k + jitter * u(rng) * 3) / n;
    const double rr = r * (1.0 + jitter * u(rng));
    ring.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
  }
  return ring;
}

}  // namespace

TEST(GeodataSimpleRing, NeverProvesARingGeosFindsInvalid) {
  geos::Context ctx;
  SimpleRingCheck check;
  std::mt19937_64 rng(20261129);
  std::uniform_int_distribution<int> sizes(3, 40);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int proved = 0, geosValid = 0, total = 0;
  int provedByCase[6] = {}, validByCase[6] = {};
  for (int i = 0; i < 20000; ++i) {
    const int n = sizes(rng);
    std::vector<Vec2> ring;
    switch (i % 6) {
      case 0:  // smooth and mostly simple, at Web Mercator magnitudes
        ring = randomRing(rng, n, 0.05, 12.9e6, 2.6e6, 500.0);
        break;
      case 1:  // often self-intersecting
        ring = randomRing(rng, n, 0.8, 116.3, 23.5, 0.01);
        break;
      case 2: {  // small integer grid: collinear runs, touching vertices, repeated points, spikes
        std::uniform_int_distribution<int> cell(0, 4);
        for (int k = 0; k < n; ++k) ring.push_back({double(cell(rng)), double(cell(rng))});
        break;
      }
      case 3: {  // a simple ring with one vertex moved onto another vertex or edge (self-touch)
        ring = randomRing(rng, std::max(n, 6), 0.0, 0.0, 0.0, 1.0);
        const std::size_t a = std::uniform_int_distribution<std::size_t>(0, ring.size() - 1)(rng);
        const std::size_t b = (a + ring.size() / 2) % ring.size();
        const std::size_t c = (b + 1) % ring.size();
        const double t = unit(rng) < 0.5 ? 0.0 : 0.5;
        ring[a] = {ring[b].x + t * (ring[c].x - ring[b].x), ring[b].y + t * (ring[c].y - ring[b].y)};
        break;
      }
      case 4: {  // nearly collinear vertices, a few ulps off a line, on long and short edges, some
                 // stepping back along the line (overlaps, or not, within rounding)
        const double step = std::pow(10.0, std::uniform_real_distribution<double>(-4.0, 1.0)(rng));
        const double slope = std::uniform_real_distribution<double>(-3.0, 3.0)(rng);
        std::uniform_int_distribution<int> ulps(-2, 2);
        for (int k = 0; k < n; ++k) {
          const double back = unit(rng) < 0.1 ? -1.5 : 0.0;
          double x = 116.0 + step * (k + back), y = 23.0 + slope * step * (k + back);
          for (int u = ulps(rng); u != 0; u += u > 0 ? -1 : 1) y = std::nextafter(y, u > 0 ? 1e9 : -1e9);
          ring.push_back({x, y});
        }
        ring.push_back({116.0 + step * n * 0.5, 23.0 + slope * step * n * 0.5 + step * (unit(rng) < 0.5 ? 1 : -1)});
        break;
      }
      default: {  // repeated points inside a simple ring, and closing duplicates
        ring = randomRing(rng, n, 0.02, 0.0, 0.0, 10.0);
        const std::size_t a = std::uniform_int_distribution<std::size_t>(0, ring.size() - 1)(rng);
        ring.insert(ring.begin() + static_cast<std::ptrdiff_t>(a), ring[a]);
        if (unit(rng) < 0.3) ring.push_back(ring.front());
        break;
      }
    }
    const Geometry g = polygonOf(ring);
    const bool shortcut = check.provedSimple(g.points.data(), g.points.size());
    geos::GeometryPtr poly = geos::polygonsToGeos(ctx, g, false);
    const bool valid = poly && GEOSisValid_r(ctx.get(), poly.get()) == 1;
    ++total;
    proved += shortcut ? 1 : 0;
    geosValid += valid ? 1 : 0;
    provedByCase[i % 6] += shortcut ? 1 : 0;
    validByCase[i % 6] += valid ? 1 : 0;
    if (shortcut) {
      ASSERT_TRUE(valid) << "case " << i % 6 << ", ring " << i << " proved simple but GEOS says invalid";
    }
  }
  for (int c = 0; c < 6; ++c) {
    std::printf("case %d: %d valid for GEOS, %d of them proved by the shortcut\n", c, validByCase[c], provedByCase[c]);
  }
  // The shortcut must also be useful: most GEOS-valid rings are proved without GEOS.
  EXPECT_GT(proved, geosValid / 2) << proved << " of " << geosValid << " valid rings proved, " << total << " rings";
}

TEST(GeodataSimpleRing, ValidatorGivesGeosVerdictWithAndWithoutTheShortcut) {
  GeometryValidator validator;
  // A bow-tie: invalid, reason and location from GEOS.
  const ValidationResult bowtie = validator.validate(polygonOf({{0, 0}, {2, 2}, {2, 0}, {0, 2}}));
  EXPECT_EQ(bowtie.status, GeometryStatus::Invalid);
  EXPECT_EQ(bowtie.reason, "Self-intersection");
  ASSERT_TRUE(bowtie.location.has_value());
  EXPECT_DOUBLE_EQ(bowtie.location->x, 1.0);
  EXPECT_DOUBLE_EQ(bowtie.location->y, 1.0);
  // A ring touching itself at a vertex.
  const ValidationResult touch = validator.validate(polygonOf({{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}}));
  EXPECT_EQ(touch.status, GeometryStatus::Invalid);
  EXPECT_EQ(touch.reason, "Ring Self-intersection");
  // A spike folding back on itself.
  const ValidationResult spike = validator.validate(polygonOf({{0, 0}, {4, 0}, {6, 0}, {4, 0}, {4, 4}}));
  EXPECT_EQ(spike.status, GeometryStatus::Invalid);
  // Simple rings, with and without repeated points.
  EXPECT_TRUE(validator.validate(polygonOf({{0, 0}, {4, 0}, {4, 4}, {0, 4}})).valid());
  EXPECT_TRUE(validator.validate(polygonOf({{0, 0}, {4, 0}, {4, 0}, {4, 4}, {0, 4}})).valid());
  // Collinear vertices along an edge are valid for GEOS (the shortcut defers to it).
  EXPECT_TRUE(validator.validate(polygonOf({{0, 0}, {2, 0}, {4, 0}, {4, 4}, {0, 4}})).valid());
  // Too few distinct points.
  EXPECT_FALSE(validator.validate(polygonOf({{0, 0}, {4, 0}, {4, 0}})).valid());
}
