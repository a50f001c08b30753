// A corpus of hard polygons, generated (deterministic seeds), for comparing what zhenmap fills
// with what gdal_rasterize burns: valid polygons with many holes touching each other and the
// shell at vertices, and the invalid boundaries real bureau data has (self-touching rings,
// bow-ties, a hole equal to its shell, holes outside or across their shell, overlapping or nested
// parts), plus spikes, repeated and collinear vertices, slivers, degenerate rings, many parts and
// a ring of 100,000 vertices. Coordinates lie in the unit square; each case is one feature.
// Features stay a few pixels apart at 64 pixels to the unit: where two edges come closer than a
// pixel, sampling pixel centres (GDAL) and covering half a pixel (antialiased) differ over more
// than one pixel's width by nature.
#pragma once

#include <string>
#include <vector>

namespace zhenmap::test {

struct CorpusPoint {
  double x = 0.0, y = 0.0;
};
using CorpusRing = std::vector<CorpusPoint>;  // closed (first point repeated) unless the case says not
using CorpusPart = std::vector<CorpusRing>;   // the first ring is the shell

struct CorpusPolygon {
  std::string name;
  bool valid = false;             // valid by construction (OGC rules); the tests ask GEOS too
  std::vector<CorpusPart> parts;  // one: a POLYGON; more: a MULTIPOLYGON
};

std::vector<CorpusPolygon> polygonCorpus();

// WKT of the polygon with every point mapped through (x, y) -> (ax + bx x, ay + by y); 17
// significant digits, so GDAL reads back exactly these doubles.
std::string corpusWkt(const CorpusPolygon& p, double ax, double bx, double ay, double by);
// WKT of the polygon's rings as a MULTILINESTRING, mapped the same way.
std::string corpusOutlineWkt(const CorpusPolygon& p, double ax, double bx, double ay, double by);
// The rings' total length, in the units the mapping makes (scale: |bx| = |by|).
double corpusOutlineLength(const CorpusPolygon& p, double scale);

}  // namespace zhenmap::test
