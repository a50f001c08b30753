// Title, legend, scale bar and north arrow; see map_decorations.hpp.
#include "map_decorations.hpp"

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include "crs_transform.hpp"
#include "shader_program.hpp"
#include "text_layout.hpp"

namespace zhenmap {

namespace {
constexpr Rgba kInk = rgba(0x1a, 0x1a, 0x1a);
constexpr Rgba kWhite = rgba(0xff, 0xff, 0xff);
constexpr double kWgs84A = 6378137.0;
constexpr double kWgs84F = 1.0 / 298.257223563;
}  // namespace

double groundMetresPerPixel(const Camera& camera, const CrsTransform& toLonLat) {
  const double cx = camera.width() * 0.5, cy = camera.height() * 0.5;
  constexpr double half = 50.0;  // measure over 100 pixels around the centre
  Vec2 pts[2] = {camera.screenToMap({cx - half, cy}), camera.screenToMap({cx + half, cy})};
  toLonLat.forward(pts, 2);
  for (const Vec2& p : pts) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || std::abs(p.y) > 90.0) return std::nan("");
  }
  geod_geodesic g;
  geod_init(&g, kWgs84A, kWgs84F);
  double s12 = 0;
  geod_inverse(&g, pts[0].y, pts[0].x, pts[1].y, pts[1].x, &s12, nullptr, nullptr);
  return s12 / (2 * half);
}

double niceLength(double maxMetres) {
  if (!(maxMetres > 0) || !std::isfinite(maxMetres)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(maxMetres)));
  for (double m : {5.0, 2.0, 1.0}) {
    if (m * p <= maxMetres * (1 + 1e-12)) return m * p;
  }
  return p;
}

std::string formatDistance(double metres, const DistanceUnits& units) {
  char buf[32];
  if (metres >= 1000) {
    const double km = metres / 1000;
    std::snprintf(buf, sizeof buf, km == std::floor(km) ? "%.0f " : "%g ", km);
    return buf + units.kilometres;
  }
  std::snprintf(buf, sizeof buf, metres >= 1 ? "%.0f " : "%g ", metres);
  return buf + units.metres;
}

DecorationRenderer::DecorationRenderer() : m_program(buildProgram("overlay.vert", "color.frag")) {
  m_vao = gl::makeVertexArray();
  m_vbo = gl::makeBuffer();
  glBindVertexArray(m_vao.get());
  glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
  const auto stride = static_cast<GLsizei>(sizeof(Vertex));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(Vertex, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(Vertex, color)));
  glBindVertexArray(0);
}

DecorationRenderer::~DecorationRenderer() = default;

void DecorationRenderer::setCrs(const std::string& mapCrs) {
  if (mapCrs == m_crs && (m_toLonLat || mapCrs.empty())) return;
  m_toLonLat.reset();
  m_crs = mapCrs;
  if (!mapCrs.empty()) m_toLonLat = std::make_unique<CrsTransform>(mapCrs, "EPSG:4326");
}

void DecorationRenderer::triangle(float ax, float ay, float bx, float by, float cx, float cy, Rgba color) {
  m_vertices.push_back({ax, ay, color});
  m_vertices.push_back({bx, by, color});
  m_vertices.push_back({cx, cy, color});
}

void DecorationRenderer::rect(float x0, float y0, float x1, float y1, Rgba color) {
  triangle(x0, y0, x1, y0, x1, y1, color);
  triangle(x0, y0, x1, y1, x0, y1, color);
}

void DecorationRenderer::disc(float cx, float cy, float r, Rgba color) {
  constexpr int kSegments = 32;
  for (int i = 0; i < kSegments; ++i) {
    const double a0 = 2 * M_PI * i / kSegments, a1 = 2 * M_PI * (i + 1) / kSegments;
    triangle(cx, cy, cx + r * static_cast<float>(std::cos(a0)), cy + r * static_cast<float>(std::sin(a0)),
             cx + r * static_cast<float>(std::cos(a1)), cy + r * static_cast<float>(std::sin(a1)), color);
  }
}

float DecorationRenderer::textWidth(const std::string& utf8, float sizePx) const {
  return layoutLine(Font::defaultFont(), utf8, sizePx).width;
}

void DecorationRenderer::queueText(const std::u32string& text, float x, float baseline, const TextPaint& paint) {
  const Font& font = Font::defaultFont();
  float pen = x;
  for (std::size_t i = 0; i < text.size(); ++i) {
    m_text.add(text[i], pen, baseline, 1.0f, 0.0f, paint);
    pen += font.advance(text[i], i + 1 < text.size() ? text[i + 1] : 0, paint.sizePx);
  }
}

void DecorationRenderer::draw(const Camera& camera, const MapDecorations& dec) {
  const auto W = static_cast<float>(camera.width()), H = static_cast<float>(camera.height());
  const float s = std::clamp(std::min(W, H) / 720.0f, 1.0f, 6.0f);
  const float margin = 16 * s;
  const Font& font = Font::defaultFont();
  setCrs(dec.mapCrs);
  m_vertices.clear();
  m_text.clear();

  // Everything that will be written, so the atlas holds exactly these characters.
  std::string scaleText;
  float barPx = 0;
  if (dec.scaleBar && m_toLonLat) {
    const double mpp = groundMetresPerPixel(camera, *m_toLonLat);
    const double len = std::isfinite(mpp) && mpp > 0 ? niceLength(mpp * 160 * s) : 0;
    if (len > 0) {
      barPx = static_cast<float>(len / mpp);
      scaleText = formatDistance(len, dec.units);
    }
  }
  std::string credits;
  for (const std::string& c : dec.credits) credits += (credits.empty() ? "" : "  ") + c;
  std::vector<std::u32string> texts{decodeUtf8(dec.title), decodeUtf8(scaleText), U"N", decodeUtf8(credits)};
  for (const LegendEntry& e : dec.legend) texts.push_back(decodeUtf8(e.label));
  m_text.setCharacters(distinctCharacters(texts));

  if (!dec.title.empty()) {
    const TextPaint paint{26 * s, kInk, kWhite, 3 * s};
    const FontVMetrics vm = font.vMetrics(paint.sizePx);
    queueText(texts[0], std::round((W - textWidth(dec.title, paint.sizePx)) * 0.5f), std::round(margin + vm.ascent),
              paint);
  }

  if (!dec.legend.empty()) {
    const TextPaint paint{15 * s, kInk, kWhite, 0};
    const float rowH = 24 * s, symW = 24 * s, symH = 14 * s, pad = 10 * s;
    float maxW = 0;
    for (const LegendEntry& e : dec.legend) maxW = std::max(maxW, textWidth(e.label, paint.sizePx));
    const float panelW = std::round(pad + symW + 8 * s + maxW + pad);
    const float panelH = std::round(pad + rowH * static_cast<float>(dec.legend.size()) + pad * 0.5f);
    const float px = margin, py = std::round(H - margin - panelH);
    const float b = std::max(1.0f, std::round(s));
    rect(px - b, py - b, px + panelW + b, py + panelH + b, rgba(0x66, 0x66, 0x66));
    rect(px, py, px + panelW, py + panelH, rgba(0xff, 0xff, 0xff, 0xeb));
    const FontVMetrics vm = font.vMetrics(paint.sizePx);
    for (std::size_t i = 0; i < dec.legend.size(); ++i) {
      const LegendEntry& e = dec.legend[i];
      const float cy = py + pad + rowH * (static_cast<float>(i) + 0.5f);
      const float sx = px + pad;
      switch (e.kind) {
        case 1:  // line, in its stroke colour
          rect(sx, cy - 2 * s, sx + symW, cy + 2 * s, e.stroke);
          break;
        case 2:  // point marker: fill with an outline
          disc(sx + symW * 0.5f, cy, 6 * s, e.stroke);
          disc(sx + symW * 0.5f, cy, 4.5f * s, e.fill);
          break;
        case 3:  // cluster: a disc inside a translucent ring, as the map draws it
          disc(sx + symW * 0.5f, cy, 8 * s, e.stroke);
          disc(sx + symW * 0.5f, cy, 5.5f * s, e.fill);
          break;
        default:  // polygon patch: fill with an outline
          rect(sx, cy - symH * 0.5f, sx + symW, cy + symH * 0.5f, e.stroke);
          rect(sx + b, cy - symH * 0.5f + b, sx + symW - b, cy + symH * 0.5f - b, e.fill);
          break;
      }
      queueText(texts[4 + i], std::round(sx + symW + 8 * s), std::round(cy + 0.5f * (vm.ascent - vm.descent)), paint);
    }
  }

  // Credits along the bottom edge, right-aligned; the scale bar then stands above them.
  float creditsH = 0;
  if (!credits.empty()) {
    const TextPaint paint{11 * s, kInk, kWhite, 2 * s};
    const FontVMetrics vm = font.vMetrics(paint.sizePx);
    creditsH = std::round(vm.ascent + vm.descent + 6 * s);
    queueText(texts[3], std::round(W - 6 * s - textWidth(credits, paint.sizePx)), std::round(H - 5 * s - vm.descent),
              paint);
  }

  if (barPx > 0) {
    const TextPaint paint{14 * s, kInk, kWhite, 2 * s};
    const float x1 = std::round(W - margin), x0 = std::round(x1 - barPx);
    const float y1 = std::round(H - std::max(margin, creditsH + 6 * s)), y0 = std::round(y1 - 6 * s);
    const float b = std::max(1.0f, std::round(s));
    const float mid = std::round((x0 + x1) * 0.5f);
    rect(x0 - b, y0 - b, x1 + b, y1 + b, kInk);
    rect(x0, y0, mid, y1, kInk);
    rect(mid, y0, x1, y1, kWhite);
    queueText(texts[1], std::round(mid - textWidth(scaleText, paint.sizePx) * 0.5f), std::round(y0 - 6 * s), paint);
  }

  if (dec.northArrow) {
    // Direction of true north on screen: from the view centre a little way north, through PROJ.
    float dx = 0, dy = -1;
    if (m_toLonLat) {
      const Vec2 c = camera.screenToMap({W * 0.5, H * 0.5});
      const Vec2 ll = m_toLonLat->forward(c);
      const Vec2 up = m_toLonLat->inverse(Vec2{ll.x, std::min(ll.y + 1e-3, 90.0)});
      const Vec2 a = camera.mapToScreen(c), u = camera.mapToScreen(up);
      const double len = std::hypot(u.x - a.x, u.y - a.y);
      if (std::isfinite(len) && len > 0) {
        dx = static_cast<float>((u.x - a.x) / len);
        dy = static_cast<float>((u.y - a.y) / len);
      }
    }
    const float L = 30 * s, cx = std::round(W - margin - 14 * s), cy = std::round(margin + 30 * s + L * 0.5f);
    const float nx = -dy, ny = dx;  // to the right of the arrow
    auto at = [&](float along, float side, float& x, float& y) {
      x = cx + dx * along + nx * side;
      y = cy + dy * along + ny * side;
    };
    float tx = 0, ty = 0, lx = 0, ly = 0, rx = 0, ry = 0, kx = 0, ky = 0;
    const float o = 1.5f * s;  // outline
    at(L * 0.5f + 2 * o, 0, tx, ty);
    at(-L * 0.5f - o, -L * 0.32f - 1.6f * o, lx, ly);
    at(-L * 0.5f - o, L * 0.32f + 1.6f * o, rx, ry);
    at(-L * 0.25f - 1.5f * o, 0, kx, ky);
    triangle(tx, ty, kx, ky, lx, ly, kInk);
    triangle(tx, ty, rx, ry, kx, ky, kInk);
    at(L * 0.5f, 0, tx, ty);
    at(-L * 0.5f, -L * 0.32f, lx, ly);
    at(-L * 0.5f, L * 0.32f, rx, ry);
    at(-L * 0.25f, 0, kx, ky);
    triangle(tx, ty, kx, ky, lx, ly, kInk);
    triangle(tx, ty, rx, ry, kx, ky, kWhite);
    const TextPaint paint{17 * s, kInk, kWhite, 2 * s};
    const FontVMetrics vm = font.vMetrics(paint.sizePx);
    float nxPos = 0, nyPos = 0;
    at(L * 0.5f + 6 * s + 0.5f * (vm.ascent + vm.descent), 0, nxPos, nyPos);
    queueText(U"N", std::round(nxPos - textWidth("N", paint.sizePx) * 0.5f),
              std::round(nyPos + 0.5f * (vm.ascent - vm.descent)), paint);
  }

  if (!m_vertices.empty()) {
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(m_program.get());
    glUniform2f(glGetUniformLocation(m_program.get(), "u_viewport"), W, H);
    glUniform1f(glGetUniformLocation(m_program.get(), "u_opacity"), 1.0f);
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_vertices.size() * sizeof(Vertex)), m_vertices.data(),
                 GL_STREAM_DRAW);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(m_vertices.size()));
    glBindVertexArray(0);
    glUseProgram(0);
  }
  m_text.draw(camera.width(), camera.height());
}

}  // namespace zhenmap
