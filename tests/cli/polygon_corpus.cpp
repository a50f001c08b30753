// The hard-polygon corpus; see polygon_corpus.hpp.
#include "polygon_corpus.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace zhenmap::test {

namespace {

constexpr double kPi = 3.14159265358979323846;

CorpusRing closed(CorpusRing r) {
  r.push_back(r.front());
  return r;
}

CorpusRing square(double x0, double y0, double x1, double y1) {
  return closed({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}

CorpusRing reversed(CorpusRing r) { return CorpusRing(r.rbegin(), r.rend()); }

// Diamond holes on an n x n grid, touching their neighbours at their vertices and, on the
// border, the shell. Valid (a connected interior) when the touching holes and the shell form no
// cycle: cells are visited in random order and a diamond is added only where it joins no two
// holes (or a hole and the shell) already joined; corner cells, which would touch the shell
// twice, stay empty. Union-find over the cells, the shell as n * n. Coordinates are multiples of
// 1 / 2n computed once per multiple, so touching vertices are equal to the bit.
CorpusPolygon touchingDiamonds(int n, unsigned seed) {
  std::mt19937 rng(seed);
  auto at = [n](int halfSteps) { return double(halfSteps) / double(2 * n); };
  std::vector<int> parent(std::size_t(n) * n + 1);
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = int(i);
  auto find = [&](int x) {
    while (parent[std::size_t(x)] != x) x = parent[std::size_t(x)] = parent[std::size_t(parent[std::size_t(x)])];
    return x;
  };
  std::vector<int> order(std::size_t(n) * n);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<bool> present(order.size(), false);
  CorpusPart part = {square(0, 0, 1, 1)};
  for (int cell : order) {
    const int i = cell % n, j = cell / n;
    const bool borderX = i == 0 || i == n - 1, borderY = j == 0 || j == n - 1;
    if (borderX && borderY) continue;  // a corner: it would touch the shell twice
    std::vector<int> roots;
    if (borderX || borderY) roots.push_back(find(n * n));
    const int di[] = {1, -1, 0, 0}, dj[] = {0, 0, 1, -1};
    for (int d = 0; d < 4; ++d) {
      const int ni = i + di[d], nj = j + dj[d];
      if (ni >= 0 && nj >= 0 && ni < n && nj < n && present[std::size_t(nj * n + ni)])
        roots.push_back(find(nj * n + ni));
    }
    std::sort(roots.begin(), roots.end());
    if (std::adjacent_find(roots.begin(), roots.end()) != roots.end()) continue;  // would close a cycle
    present[std::size_t(cell)] = true;
    for (int r : roots) parent[std::size_t(r)] = cell;
    const int x = 2 * i + 1, y = 2 * j + 1;  // the centre, in half steps
    part.push_back(closed({{at(x), at(y - 1)}, {at(x - 1), at(y)}, {at(x), at(y + 1)}, {at(x + 1), at(y)}}));
  }
  return {"touching diamond holes " + std::to_string(n) + "x" + std::to_string(n) + " #" + std::to_string(seed),
          true,
          {part}};
}

// A star-shaped shell of `vertices` points (a radius of random wavy terms) and eight wedge holes:
// the even ones touch the shell at one of its vertices, each even one touches the next at an
// inner vertex (pairs: no cycle of touching rings, so the polygon is valid).
CorpusPolygon starWithTouchingHoles(int vertices, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> phase(0.0, 2 * kPi);
  const double phase1 = phase(rng), phase2 = phase(rng), phase3 = phase(rng);
  CorpusRing shell;
  for (int i = 0; i < vertices; ++i) {
    const double a = 2 * kPi * i / vertices;
    const double r =
        0.42 + 0.03 * std::sin(3 * a + phase1) + 0.025 * std::sin(7 * a + phase2) + 0.015 * std::sin(13 * a + phase3);
    shell.push_back({0.5 + r * std::cos(a), 0.5 + r * std::sin(a)});
  }
  CorpusPart part = {closed(shell)};
  // Holes: wedges towards the centre from shell vertices, ending on a circle of radius 0.12
  // around the centre; wedge k + 1 starts there where wedge k ends, for even k.
  const int wedges = 8;
  // The inner points by their number (angle m pi / 8), computed once each: shared ones are equal.
  auto inner = [](int m, double turn) {
    const double a = 2 * kPi * ((m + 16) % 16) / 16 + turn;
    return CorpusPoint{0.5 + 0.12 * std::cos(a), 0.5 + 0.12 * std::sin(a)};
  };
  for (int k = 0; k < wedges; ++k) {
    const int v = k * vertices / wedges;  // vertices is a multiple of 8: at angle k pi / 4
    CorpusPoint apex = shell[static_cast<std::size_t>(v)];
    if (k % 2 == 1) apex = {0.5 + 0.9 * (apex.x - 0.5), 0.5 + 0.9 * (apex.y - 0.5)};  // off the shell
    const CorpusPoint p0 = inner(2 * k - 1, 0.0), p1 = inner(2 * k + 1, k % 2 == 1 ? -0.05 : 0.0);
    const CorpusPoint mid{0.5 + 0.6 * (apex.x - 0.5), 0.5 + 0.6 * (apex.y - 0.5)};
    part.push_back(closed({apex,
                           {mid.x + 0.3 * (p0.x - 0.5), mid.y + 0.3 * (p0.y - 0.5)},
                           p0,
                           p1,
                           {mid.x + 0.3 * (p1.x - 0.5), mid.y + 0.3 * (p1.y - 0.5)}}));
  }
  return {"star, holes touching the shell and each other #" + std::to_string(seed), true, {part}};
}

// A closed wiggly ring of n vertices (a circle with a sinusoidal edge).
CorpusRing wiggly(int n, double cx, double cy, double r, double amplitude, int waves) {
  CorpusRing ring;
  for (int i = 0; i < n; ++i) {
    const double a = 2 * kPi * i / n, rr = r + amplitude * std::sin(waves * a);
    ring.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
  }
  return closed(ring);
}

CorpusRing subdivided(const CorpusRing& r, int steps) {
  CorpusRing out;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    for (int k = 0; k < steps; ++k) {
      out.push_back({r[i].x + (r[i + 1].x - r[i].x) * k / steps, r[i].y + (r[i + 1].y - r[i].y) * k / steps});
    }
  }
  out.push_back(r.back());
  return out;
}

void appendPoint(std::string& s, CorpusPoint p, double ax, double bx, double ay, double by) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g %.17g", ax + bx * p.x, ay + by * p.y);
  s += buf;
}

std::string ringWkt(const CorpusRing& r, double ax, double bx, double ay, double by) {
  std::string s = "(";
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i) s += ",";
    appendPoint(s, r[i], ax, bx, ay, by);
  }
  return s + ")";
}

}  // namespace

std::vector<CorpusPolygon> polygonCorpus() {
  std::vector<CorpusPolygon> c;
  // Valid polygons with many touching holes.
  for (unsigned seed = 1; seed <= 4; ++seed) c.push_back(touchingDiamonds(3 + 2 * int(seed), seed));
  c.push_back(starWithTouchingHoles(64, 7));
  c.push_back(starWithTouchingHoles(400, 8));
  c.push_back({"hole touching the shell at a vertex",
               true,
               {{square(0, 0, 1, 1), closed({{0, 0}, {0.5, 0.2}, {0.5, 0.5}, {0.2, 0.5}})}}});
  c.push_back({"two holes sharing a vertex",
               true,
               {{square(0, 0, 1, 1), closed({{0.1, 0.1}, {0.5, 0.1}, {0.5, 0.5}, {0.1, 0.5}}),
                 closed({{0.5, 0.5}, {0.9, 0.5}, {0.9, 0.9}, {0.5, 0.9}})}}});
  // Invalid boundaries as bureau data has them.
  c.push_back({"self-touching ring (inverted hole)",
               false,
               {{closed({{0, 0}, {0.5, 0}, {0.3, 0.4}, {0.7, 0.4}, {0.5, 0}, {1, 0}, {1, 1}, {0, 1}})}}});
  c.push_back({"self-touching ring, its loop turning the same way (wound twice)",
               false,
               {{closed({{0, 0}, {0.5, 0}, {0.7, 0.4}, {0.3, 0.4}, {0.5, 0}, {1, 0}, {1, 1}, {0, 1}})}}});
  c.push_back({"bow-tie", false, {{closed({{0, 0}, {1, 1}, {1, 0}, {0, 1}})}}});
  c.push_back({"figure eight, three lobes",
               false,
               {{closed({{0, 0}, {1, 0.33}, {0, 0.66}, {1, 1}, {0, 1}, {1, 0.66}, {0, 0.33}, {1, 0}})}}});
  c.push_back({"hole equal to its shell", false, {{square(0, 0, 1, 1), square(0, 0, 1, 1)}}});
  c.push_back({"hole equal to its shell, reversed", false, {{square(0, 0, 1, 1), reversed(square(0, 0, 1, 1))}}});
  c.push_back({"hole outside its shell", false, {{square(0, 0, 0.45, 0.45), square(0.55, 0.55, 1, 1)}}});
  c.push_back({"hole crossing its shell", false, {{square(0, 0, 0.7, 0.7), square(0.3, 0.3, 1, 1)}}});
  c.push_back({"hole larger than its shell", false, {{square(0.25, 0.25, 0.75, 0.75), square(0, 0, 1, 1)}}});
  c.push_back({"overlapping multipolygon parts", false, {{square(0, 0, 0.7, 0.7)}, {square(0.3, 0.3, 1, 1)}}});
  c.push_back(
      {"nested parts: island in a hole, part inside a part",
       false,
       {{square(0, 0, 1, 1), square(0.1, 0.1, 0.6, 0.6)}, {square(0.2, 0.2, 0.5, 0.5)}, {square(0.7, 0.7, 0.9, 0.9)}}});
  c.push_back({"duplicate parts", false, {{square(0, 0, 1, 1)}, {square(0, 0, 1, 1)}}});
  c.push_back({"ring wound twice",
               false,
               {{subdivided(closed({{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 1}, {0, 1}}), 3)}}});
  c.push_back({"unclosed ring", false, {{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}});
  // Degenerate vertices.
  c.push_back(
      {"spikes out and in",
       false,
       {{closed(
           {{0, 0.3}, {0.5, 0.3}, {0.5, 0}, {0.5, 0.3}, {1, 0.3}, {1, 0.6}, {0.6, 0.6}, {1, 0.6}, {1, 1}, {0, 1}})}}});
  {
    CorpusRing r;
    for (const CorpusPoint& p : subdivided(square(0, 0, 1, 1), 5)) r.insert(r.end(), 3, p);
    c.push_back({"every vertex three times", true, {{r}}});
  }
  c.push_back({"collinear runs", true, {{subdivided(closed({{0, 0}, {1, 0}, {1, 1}, {0.5, 0.5}, {0, 1}}), 40)}}});
  c.push_back({"thin sliver", true, {{closed({{0, 0.1}, {1, 0.9}, {1, 0.9 + 1e-3}})}}});
  c.push_back({"sliver hole", true, {{square(0, 0, 1, 1), closed({{0.1, 0.2}, {0.9, 0.8}, {0.9, 0.8 + 1e-3}})}}});
  c.push_back({"two distinct points", false, {{closed({{0.2, 0.2}, {0.8, 0.8}})}}});
  c.push_back({"one point", false, {{closed({{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}})}}});
  c.push_back(
      {"degenerate part beside a good one", false, {{closed({{0.1, 0.1}, {0.9, 0.1}})}, {square(0.2, 0.3, 0.8, 0.9)}}});
  // Many vertices.
  c.push_back({"100,000-vertex ring with a hole",
               true,
               {{wiggly(100000, 0.5, 0.5, 0.42, 0.03, 12), wiggly(5000, 0.5, 0.5, 0.15, 0.02, 7)}}});
  {
    std::vector<CorpusPart> parts;
    for (int i = 0; i < 6; ++i) {
      for (int j = 0; j < 6; ++j)
        parts.push_back({square(i / 6.0 + 0.03, j / 6.0 + 0.03, i / 6.0 + 0.13, j / 6.0 + 0.13)});
    }
    c.push_back({"36 parts", true, parts});
  }
  return c;
}

std::string corpusWkt(const CorpusPolygon& p, double ax, double bx, double ay, double by) {
  auto partWkt = [&](const CorpusPart& part) {
    std::string s = "(";
    for (std::size_t r = 0; r < part.size(); ++r) s += (r ? "," : "") + ringWkt(part[r], ax, bx, ay, by);
    return s + ")";
  };
  if (p.parts.size() == 1) return "POLYGON " + partWkt(p.parts[0]);
  std::string s = "MULTIPOLYGON (";
  for (std::size_t i = 0; i < p.parts.size(); ++i) s += (i ? "," : "") + partWkt(p.parts[i]);
  return s + ")";
}

std::string corpusOutlineWkt(const CorpusPolygon& p, double ax, double bx, double ay, double by) {
  std::string s = "MULTILINESTRING (";
  bool first = true;
  for (const CorpusPart& part : p.parts) {
    for (const CorpusRing& r : part) {
      CorpusRing ring = r;
      if (ring.front().x != ring.back().x || ring.front().y != ring.back().y) ring.push_back(ring.front());
      s += (first ? "" : ",") + ringWkt(ring, ax, bx, ay, by);
      first = false;
    }
  }
  return s + ")";
}

double corpusOutlineLength(const CorpusPolygon& p, double scale) {
  double total = 0.0;
  for (const CorpusPart& part : p.parts) {
    for (const CorpusRing& r : part) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        const CorpusPoint a = r[i], b = r[(i + 1) % r.size()];
        total += std::hypot(b.x - a.x, b.y - a.y);
      }
    }
  }
  return total * scale;
}

}  // namespace zhenmap::test
