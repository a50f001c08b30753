// Map export decorations drawn over the map: a title, a legend, a scale bar measured on the
// ellipsoid and a north arrow. DecorationRenderer is GL-thread only; the measuring helpers are
// plain CPU functions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "camera.hpp"
#include "gl_objects.hpp"
#include "style.hpp"
#include "text_renderer.hpp"

namespace zhenmap {

class CrsTransform;

struct LegendEntry {
  std::string label;
  Rgba fill = rgba(0xa6, 0xce, 0xe3);
  Rgba stroke = rgba(0x33, 0x33, 0x33);
  int kind = 0;  // 0 polygon, 1 line, 2 point, 3 point cluster (a disc in a ring of `stroke`)
};

// The words of a scale bar's units, in the language of the picture.
struct DistanceUnits {
  std::string metres = "m";
  std::string kilometres = "km";
};

struct MapDecorations {
  std::string title;
  std::vector<LegendEntry> legend;
  bool scaleBar = true;
  bool northArrow = true;
  std::string mapCrs;  // needed for the scale bar and the north arrow's direction
  DistanceUnits units;  // of the scale bar's text ("km" / "公里")
  // Credits of the layers shown (tile service attribution, 审图号), small in the bottom-right
  // corner under the scale bar; drawn whenever given, whatever else is switched off.
  std::vector<std::string> credits;
};

// Metres on the ground per screen pixel, measured horizontally through the view centre along the
// WGS 84 ellipsoid (PROJ's geodesic). `toLonLat` goes from the map CRS to EPSG:4326.
// Returns NaN when the centre cannot be transformed.
double groundMetresPerPixel(const Camera& camera, const CrsTransform& toLonLat);

// The largest 1, 2 or 5 x 10^n not above maxMetres (for a scale bar); 0 if maxMetres <= 0.
double niceLength(double maxMetres);

// "500 m", "2 km", "2.5 km" style text for a scale bar (with the units given).
std::string formatDistance(double metres, const DistanceUnits& units = {});

class DecorationRenderer {
 public:
  DecorationRenderer();  // needs a current GL 3.3 context
  ~DecorationRenderer();
  DecorationRenderer(const DecorationRenderer&) = delete;
  DecorationRenderer& operator=(const DecorationRenderer&) = delete;

  // Draws over whatever is in the bound framebuffer (call after the map and the labels). The
  // viewport must match the camera's size. Sizes scale with the picture (large exports get
  // proportionally larger decorations). Throws CrsError if mapCrs is set but PROJ rejects it.
  void draw(const Camera& camera, const MapDecorations& decorations);

 private:
  struct Vertex {
    float x, y;
    Rgba color;
  };
  void setCrs(const std::string& mapCrs);
  void rect(float x0, float y0, float x1, float y1, Rgba color);
  void triangle(float ax, float ay, float bx, float by, float cx, float cy, Rgba color);
  void disc(float cx, float cy, float r, Rgba color);
  void queueText(const std::u32string& text, float x, float baseline, const TextPaint& paint);
  float textWidth(const std::string& utf8, float sizePx) const;

  gl::Program m_program;
  gl::VertexArray m_vao;
  gl::Buffer m_vbo;
  std::vector<Vertex> m_vertices;
  TextRenderer m_text;
  std::string m_crs;
  std::unique_ptr<CrsTransform> m_toLonLat;
};

}  // namespace zhenmap
