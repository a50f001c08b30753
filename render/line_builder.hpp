// Turns polylines into triangles whose vertices carry an extrusion direction: the vertex shader
// offsets each by half the line width in pixels, so one tessellation serves every zoom. Builds
// joins (round, miter with a limit of 2, bevel) and caps (butt, round, square), and the distance
// along the line for dashes.
#pragma once

#include <cstdint>
#include <vector>

#include "geometry.hpp"
#include "style.hpp"

namespace zhenmap {

struct LineVertex;

struct LineStyle {
  float width = 1.0f;  // px
  float dashOn = 0.0f, dashOff = 0.0f;
  float casingWidth = 0.0f;
  Rgba color = 0;
  Rgba casing = 0;
  friend bool operator==(const LineStyle&, const LineStyle&) = default;
};

// Lines at most this wide (casing included, px) are built as a strip with two vertices per point
// (mitred joins, bevelled where the mitre would pass twice the half width; caps folded into the
// end vertices): joins and caps that small differ from round ones by under a tenth of a pixel.
constexpr float kThinLinePx = 2.0f;

class LineBuilder {
 public:
  LineBuilder(std::vector<LineVertex>& vertices, std::vector<std::uint32_t>& indices, std::vector<LineStyle>& styles,
              Vec2 origin, LineJoin join, LineCap cap)
      : m_vertices(vertices), m_indices(indices), m_styles(styles), m_origin(origin), m_join(join), m_cap(cap) {}

  // Adds one polyline (closed: a ring; the closing point may be repeated or not). Non-finite and
  // repeated points are skipped; fewer than two distinct points draw nothing.
  void add(const Vec2* points, std::size_t count, bool closed, const LineStyle& style);

 private:
  std::uint32_t vertex(Vec2 p, Vec2 extrude, double dist);
  void addThin(bool closed);
  void join(Vec2 p, Vec2 n0, Vec2 n1, double dist);
  void cap(Vec2 p, Vec2 dir, Vec2 n, double dist, bool start);
  void fan(Vec2 p, Vec2 from, Vec2 to, double dist);

  std::vector<LineVertex>& m_vertices;
  std::vector<std::uint32_t>& m_indices;
  std::vector<LineStyle>& m_styles;
  Vec2 m_origin;
  LineJoin m_join;
  LineCap m_cap;
  LineStyle m_style;
  std::uint32_t m_styleIndex = 0;
  double m_roundStep = 0.39;  // radians per step of a round join or cap
  std::vector<Vec2> m_points;
  std::vector<Vec2> m_normals;
  std::vector<double> m_lengths;
};

}  // namespace zhenmap
