// GPU buffers and draw calls for the map; see map_renderer.hpp.
#include "map_renderer.hpp"

#include <algorithm>
#include <cstddef>

#include "glyph_atlas.hpp"
#include "offscreen_target.hpp"
#include "text_renderer.hpp"
#include "shader_program.hpp"

namespace zhenmap {

struct MapRenderer::GpuLevel {
  double tolerance = 0.0;
  std::vector<Tile> tiles;
  gl::VertexArray fillVao;
  gl::Buffer fillVbo, fillIbo;
  gl::VertexArray lineVao;
  gl::Buffer lineVbo, lineIbo;
  gl::Texture lineStyles;  // RGBA32F, 3 x styles: (width, dash on, dash off, casing width), colour, casing
  bool opaqueFills = true;  // every fill colour opaque: no blending needed at full layer opacity
  bool opaqueLines = true;  // every line and casing colour opaque: overlaps need no stencil
  bool dashedLines = false;  // some line style dashed
  bool clusters = false;     // some marker stands for several points
  gl::VertexArray markerVao;
  gl::Buffer markerVbo, markerIbo;  // four vertices (one quad) per marker: llvmpipe runs its
                                    // vertex pipeline once per instance, so no instancing
  std::size_t bytes = 0;
};

struct MapRenderer::GpuLayer {
  Vec2 origin;
  LayerStyle style;
  GeomKind kind = GeomKind::None;
  bool hasCasing = false;
  bool visible = true;
  float opacity = 1.0f;
  std::uint64_t generation = 0;
  std::vector<GpuLevel> levels;
  Buckets levelInfo;  // levels' tolerances and kind only (for chooseLevel), no vertex data
  std::shared_ptr<const FillCoverage> coverage;  // where its opaque fills cover the map
  std::shared_ptr<LayerPainter> painter;         // set for painter layers (no levels)
};

namespace {

template <typename T>
void bufferData(GLenum target, const gl::Buffer& buf, const std::vector<T>& data) {
  glBindBuffer(target, buf.get());
  glBufferData(target, static_cast<GLsizeiptr>(data.size() * sizeof(T)), data.data(), GL_STATIC_DRAW);
}

void attrib(GLuint index, GLint size, GLenum type, bool normalized, GLsizei stride, std::size_t offset,
            bool instanced = false) {
  glEnableVertexAttribArray(index);
  glVertexAttribPointer(index, size, type, normalized ? GL_TRUE : GL_FALSE, stride, reinterpret_cast<void*>(offset));
  if (instanced) glVertexAttribDivisor(index, 1);
}

struct Placement {
  GLfloat scale[2];
  GLfloat offset[2];
  GLfloat viewport[2];
};

// Computed in double: (origin - center) / resolution, so float only ever holds screen-sized values.
Placement placement(const Camera& cam, Vec2 origin) {
  const double inv = 1.0 / cam.unitsPerPixel();
  return {{static_cast<GLfloat>(inv), static_cast<GLfloat>(inv)},
          {static_cast<GLfloat>((origin.x - cam.center().x) * inv), static_cast<GLfloat>((origin.y - cam.center().y) * inv)},
          {static_cast<GLfloat>(cam.width()), static_cast<GLfloat>(cam.height())}};
}

void usePlacement(GLuint prog, const Placement& p, float opacity) {
  glUseProgram(prog);
  glUniform2fv(glGetUniformLocation(prog, "u_scale"), 1, p.scale);
  glUniform2fv(glGetUniformLocation(prog, "u_offset"), 1, p.offset);
  glUniform2fv(glGetUniformLocation(prog, "u_viewport"), 1, p.viewport);
  glUniform1f(glGetUniformLocation(prog, "u_opacity"), opacity);
}

// Visible tiles merged into runs of contiguous index ranges: few draw calls.
template <typename First, typename Count>
std::vector<std::pair<std::uint32_t, std::uint32_t>> runs(const std::vector<Tile>& tiles, const Box& view,
                                                            First first, Count count, std::size_t& tilesDrawn) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const Tile& t : tiles) {
    if (count(t) == 0 || !t.bounds.intersects(view)) continue;
    ++tilesDrawn;
    if (!out.empty() && out.back().first + out.back().second == first(t)) {
      out.back().second += count(t);
    } else {
      out.emplace_back(first(t), count(t));
    }
  }
  return out;
}

}  // namespace

MapRenderer::MapRenderer()
    : m_fillProgram(buildProgram("fill.vert", "fill.frag")),
      m_lineProgram(buildProgram("line.vert", "line.frag")),
      m_solidLineProgram(buildProgram("line.vert", "line_solid.frag")),
      m_markerProgram(buildProgram("marker.vert", "marker.frag")),
      m_countProgram(buildProgram("count.vert", "count.frag")),
      m_pictureProgram(buildProgram("picture.vert", "picture.frag")),
      m_pictureVao(gl::makeVertexArray()),
      m_pictureCorners(gl::makeBuffer()) {
  const float corners[] = {0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f};
  glBindVertexArray(m_pictureVao.get());
  glBindBuffer(GL_ARRAY_BUFFER, m_pictureCorners.get());
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);

  // The digits of cluster counts, from the label font; without it clusters show no count.
  try {
    const Font& font = Font::defaultFont();
    const std::vector<char32_t> digits = {U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U'k'};
    const GlyphAtlas atlas(font, digits);
    for (int d = 0; d < 11; ++d) {
      const AtlasGlyph* g = atlas.find(digits[d]);
      m_digitRects[d][0] = static_cast<float>(g->x);
      m_digitRects[d][1] = static_cast<float>(g->y);
      m_digitRects[d][2] = static_cast<float>(g->w);
      m_digitRects[d][3] = static_cast<float>(g->h);
      m_digitPens[d][0] = g->left;
      m_digitPens[d][1] = g->top;
      m_digitAdvance = std::max(m_digitAdvance, font.advance(digits[d], 0, GlyphAtlas::kEmPx));
    }
    m_digits = gl::makeTexture();
    uploadAtlas(m_digits.get(), atlas);
    m_digitAtlas[0] = static_cast<float>(atlas.width());
    m_digitAtlas[1] = static_cast<float>(atlas.height());
  } catch (const std::runtime_error&) {
    m_digitAtlas[0] = m_digitAtlas[1] = 0.0f;  // FontError, or no room: counts are left out
  }
}

void MapRenderer::useDigits(GLuint prog) const {
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m_digits.get());
  glUniform1i(glGetUniformLocation(prog, "u_digits"), 0);
  glUniform2fv(glGetUniformLocation(prog, "u_digitAtlas"), 1, m_digitAtlas);
  glUniform4fv(glGetUniformLocation(prog, "u_digitRect"), 11, &m_digitRects[0][0]);
  glUniform2fv(glGetUniformLocation(prog, "u_digitPen"), 11, &m_digitPens[0][0]);
  glUniform1f(glGetUniformLocation(prog, "u_digitAdvance"), m_digitAdvance);
  glUniform1f(glGetUniformLocation(prog, "u_digitEm"), GlyphAtlas::kEmPx);
  glUniform1f(glGetUniformLocation(prog, "u_edge"), GlyphAtlas::kEdge / 255.0f);
  glUniform1f(glGetUniformLocation(prog, "u_spread"), static_cast<float>(GlyphAtlas::kSpread));
}

MapRenderer::~MapRenderer() = default;

MapRenderer::GpuLevel MapRenderer::uploadLevel(const LevelBuckets& lb) const {
    GpuLevel level;
    level.tolerance = lb.tolerance;
    level.tiles = lb.tiles;

    level.fillVao = gl::makeVertexArray();
    level.fillVbo = gl::makeBuffer();
    level.fillIbo = gl::makeBuffer();
    glBindVertexArray(level.fillVao.get());
    bufferData(GL_ARRAY_BUFFER, level.fillVbo, lb.fillVertices);
    bufferData(GL_ELEMENT_ARRAY_BUFFER, level.fillIbo, lb.fillIndices);
    constexpr auto fs = static_cast<GLsizei>(sizeof(FillVertex));
    attrib(0, 2, GL_FLOAT, false, fs, offsetof(FillVertex, x));
    attrib(1, 4, GL_UNSIGNED_BYTE, true, fs, offsetof(FillVertex, color));

    level.lineVao = gl::makeVertexArray();
    level.lineVbo = gl::makeBuffer();
    level.lineIbo = gl::makeBuffer();
    glBindVertexArray(level.lineVao.get());
    bufferData(GL_ARRAY_BUFFER, level.lineVbo, lb.lineVertices);
    bufferData(GL_ELEMENT_ARRAY_BUFFER, level.lineIbo, lb.lineIndices);
    constexpr auto ls = static_cast<GLsizei>(sizeof(LineVertex));
    attrib(0, 2, GL_FLOAT, false, ls, offsetof(LineVertex, x));
    attrib(1, 2, GL_SHORT, false, ls, offsetof(LineVertex, ex));
    attrib(2, 1, GL_FLOAT, false, ls, offsetof(LineVertex, dist));
    glEnableVertexAttribArray(3);
    glVertexAttribIPointer(3, 1, GL_UNSIGNED_INT, ls, reinterpret_cast<void*>(offsetof(LineVertex, style)));
    if (!lb.lineStyles.empty()) {
      std::vector<float> texels;
      auto colour = [&](Rgba c) {
        for (int k = 0; k < 4; ++k) texels.push_back(static_cast<float>((c >> (8 * k)) & 0xff) / 255.0f);
      };
      for (const LineStyle& st : lb.lineStyles) {
        texels.insert(texels.end(), {st.width, st.dashOn, st.dashOff, st.casingWidth});
        colour(st.color);
        colour(st.casing);
        level.dashedLines = level.dashedLines || st.dashOn > 0.0f;
        level.opaqueLines = level.opaqueLines && (st.color >> 24) == 0xff &&
                            (st.casingWidth <= 0.0f || (st.casing >> 24) == 0xff);
      }
      GLuint tex = 0;
      glGenTextures(1, &tex);
      level.lineStyles = gl::Texture(tex);
      glBindTexture(GL_TEXTURE_2D, tex);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, 3, static_cast<GLsizei>(lb.lineStyles.size()), 0, GL_RGBA, GL_FLOAT,
                   texels.data());
      glBindTexture(GL_TEXTURE_2D, 0);
    }
    for (const FillVertex& v : lb.fillVertices) {
      if ((v.color >> 24) != 0xff) {
        level.opaqueFills = false;
        break;
      }
    }

    level.markerVao = gl::makeVertexArray();
    level.markerVbo = gl::makeBuffer();
    glBindVertexArray(level.markerVao.get());
    {
      std::vector<MarkerInstance> corners;
      corners.reserve(lb.markers.size() * 4);
      std::vector<std::uint32_t> quads;
      quads.reserve(lb.markers.size() * 6);
      for (const MarkerInstance& m : lb.markers) {
        level.clusters = level.clusters || m.count > 1.0f;
        const auto base = static_cast<std::uint32_t>(corners.size());
        corners.insert(corners.end(), {m, m, m, m});  // the shader takes the corner from gl_VertexID & 3
        quads.insert(quads.end(), {base, base + 1, base + 2, base + 1, base + 3, base + 2});
      }
      level.markerIbo = gl::makeBuffer();
      bufferData(GL_ARRAY_BUFFER, level.markerVbo, corners);
      bufferData(GL_ELEMENT_ARRAY_BUFFER, level.markerIbo, quads);
    }
    constexpr auto ms = static_cast<GLsizei>(sizeof(MarkerInstance));
    attrib(0, 2, GL_FLOAT, false, ms, offsetof(MarkerInstance, x));
    attrib(1, 4, GL_UNSIGNED_BYTE, true, ms, offsetof(MarkerInstance, fill));
    attrib(2, 4, GL_UNSIGNED_BYTE, true, ms, offsetof(MarkerInstance, stroke));
    attrib(3, 1, GL_FLOAT, false, ms, offsetof(MarkerInstance, size));
    attrib(4, 1, GL_FLOAT, false, ms, offsetof(MarkerInstance, strokeWidth));
    attrib(5, 1, GL_FLOAT, false, ms, offsetof(MarkerInstance, shape));
    attrib(6, 1, GL_FLOAT, false, ms, offsetof(MarkerInstance, count));
    glBindVertexArray(0);

    level.bytes = lb.bytes() + lb.lineStyles.size() * 12 * sizeof(float) +
                  lb.markers.size() * (3 * sizeof(MarkerInstance) + 6 * sizeof(std::uint32_t));
    return level;
}

std::unique_ptr<MapRenderer::GpuLayer> MapRenderer::upload(const Buckets& b) const {
  auto layer = std::make_unique<GpuLayer>();
  layer->origin = b.origin;
  layer->style = b.style;
  layer->kind = b.kind;
  layer->hasCasing = b.hasCasing;
  layer->opacity = b.style.opacity;
  layer->levelInfo.kind = b.kind;
  layer->coverage = b.coverage;
  for (const LevelBuckets& lb : b.levels) insertLevel(*layer, uploadLevel(lb));
  return layer;
}

void MapRenderer::insertLevel(GpuLayer& layer, GpuLevel&& level) {
  std::size_t at = 0;
  while (at < layer.levels.size() && layer.levels[at].tolerance < level.tolerance) ++at;
  LevelBuckets info;
  info.tolerance = level.tolerance;
  layer.levelInfo.levels.insert(layer.levelInfo.levels.begin() + static_cast<std::ptrdiff_t>(at), std::move(info));
  layer.levels.insert(layer.levels.begin() + static_cast<std::ptrdiff_t>(at), std::move(level));
}

void MapRenderer::addLevels(std::size_t index, const Buckets& more) {
  GpuLayer& layer = *m_layers.at(index);
  if (more.coverage) layer.coverage = more.coverage;
  for (const LevelBuckets& lb : more.levels) insertLevel(layer, uploadLevel(lb));
}

std::size_t MapRenderer::addLayer(const Buckets& b) {
  m_layers.push_back(upload(b));
  m_layers.back()->generation = m_nextGeneration++;
  return m_layers.size() - 1;
}

std::size_t MapRenderer::addPainterLayer(std::shared_ptr<LayerPainter> painter) {
  auto layer = std::make_unique<GpuLayer>();
  layer->painter = std::move(painter);
  layer->generation = m_nextGeneration++;
  m_layers.push_back(std::move(layer));
  return m_layers.size() - 1;
}

void MapRenderer::replaceLayer(std::size_t index, const Buckets& b) {
  auto layer = upload(b);
  layer->visible = m_layers.at(index)->visible;
  layer->generation = m_nextGeneration++;
  m_layers.at(index) = std::move(layer);
}

void MapRenderer::removeLayer(std::size_t index) {
  if (index < m_layers.size()) m_layers.erase(m_layers.begin() + static_cast<std::ptrdiff_t>(index));
}

std::uint64_t MapRenderer::generation(std::size_t index) const { return m_layers.at(index)->generation; }

void MapRenderer::clearLayers() { m_layers.clear(); }
std::size_t MapRenderer::layerCount() const { return m_layers.size(); }
void MapRenderer::setVisible(std::size_t index, bool visible) { m_layers.at(index)->visible = visible; }
void MapRenderer::setOpacity(std::size_t index, float opacity) {
  m_layers.at(index)->opacity = std::clamp(opacity, 0.0f, 1.0f);
}
void MapRenderer::moveLayer(std::size_t from, std::size_t to) {
  if (from >= m_layers.size() || to >= m_layers.size() || from == to) return;
  auto layer = std::move(m_layers[from]);
  m_layers.erase(m_layers.begin() + static_cast<std::ptrdiff_t>(from));
  m_layers.insert(m_layers.begin() + static_cast<std::ptrdiff_t>(to), std::move(layer));
}
void MapRenderer::setHighlight(const Buckets& b) {
  m_highlight = b.levels.empty() ? nullptr : upload(b);
}

std::size_t MapRenderer::gpuBytes() const {
  std::size_t n = 0;
  for (const auto& l : m_layers) {
    for (const GpuLevel& level : l->levels) n += level.bytes;
  }
  return n;
}

void MapRenderer::drawLayer(const GpuLayer& layer, const Camera& camera, const Box& drawn, FrameStats& stats,
                            bool skipFills) const {
  if (layer.levels.empty()) return;
  const GpuLevel& level = layer.levels[chooseLevel(layer.levelInfo, camera.unitsPerPixel())];
  const Placement p = placement(camera, layer.origin);
  // Lines and markers reach beyond their features' boxes by up to their width: widen the view.
  const double margin = 48.0 * camera.unitsPerPixel();
  const Box view{drawn.minX - margin, drawn.minY - margin, drawn.maxX + margin, drawn.maxY + margin};

  const bool fullOpacity = layer.opacity >= 1.0f;
  const auto fills = runs(level.tiles, view, [](const Tile& t) { return t.fillFirst; },
                          [](const Tile& t) { return t.fillCount; }, stats.tilesDrawn);
  if (!fills.empty() && !skipFills) {
    usePlacement(m_fillProgram.get(), p, layer.opacity);
    glBindVertexArray(level.fillVao.get());
    // Opaque fills overwrite: llvmpipe skips reading the framebuffer back when blending is off.
    if (fullOpacity && level.opaqueFills) glDisable(GL_BLEND);
    for (const auto& [first, count] : fills) {
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(count), GL_UNSIGNED_INT,
                     reinterpret_cast<void*>(std::size_t{first} * sizeof(std::uint32_t)));
      stats.triangles += count / 3;
      ++stats.drawCalls;
    }
    glEnable(GL_BLEND);
  }
  std::size_t unused = 0;
  const auto lines = runs(level.tiles, view, [](const Tile& t) { return t.lineFirst; },
                          [](const Tile& t) { return t.lineCount; }, unused);
  if (!lines.empty()) {
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, level.lineStyles.get());
    glBindVertexArray(level.lineVao.get());
    // Translucent lines: each pass covers a pixel once (its own stencil value), so overlapping
    // join triangles never double-blend. Opaque lines look the same drawn twice: no stencil.
    const bool once = !(fullOpacity && level.opaqueLines);
    if (once) {
      glEnable(GL_STENCIL_TEST);
      glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
    } else {
      glDisable(GL_BLEND);
    }
    for (int pass = layer.hasCasing ? 1 : 0; pass >= 0; --pass) {
      if (once) {
        if (m_stencilRef == 255) {
          glClearStencil(0);
          glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);  // both: no masked write of the packed buffer
          m_stencilRef = 0;
        }
        ++m_stencilRef;
        glStencilFunc(GL_NOTEQUAL, m_stencilRef, 0xff);
      }
      // Opaque solid lines have nothing to discard: the program without discards.
      const GLuint prog = pass == 0 && !once && !level.dashedLines ? m_solidLineProgram.get() : m_lineProgram.get();
      usePlacement(prog, p, layer.opacity);
      glUniform1i(glGetUniformLocation(prog, "u_styles"), 0);
      glUniform1i(glGetUniformLocation(prog, "u_casingPass"), pass);
      for (const auto& [first, count] : lines) {
        glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(count), GL_UNSIGNED_INT,
                       reinterpret_cast<void*>(std::size_t{first} * sizeof(std::uint32_t)));
        stats.triangles += count / 3;
        ++stats.drawCalls;
      }
    }
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_BLEND);
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  const auto markers = runs(level.tiles, view, [](const Tile& t) { return t.markerFirst; },
                            [](const Tile& t) { return t.markerCount; }, unused);
  if (!markers.empty()) {
    usePlacement(m_markerProgram.get(), p, layer.opacity);
    glUniform1f(glGetUniformLocation(m_markerProgram.get(), "u_sizeScale"), 1.0f);
    glBindVertexArray(level.markerVao.get());
    auto drawMarkers = [&] {
      for (const auto& [first, count] : markers) {
        glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(count * 6), GL_UNSIGNED_INT,
                       reinterpret_cast<void*>(std::size_t{first} * 6 * sizeof(std::uint32_t)));
        ++stats.drawCalls;
      }
    };
    drawMarkers();
    for (const auto& run : markers) stats.markers += run.second;
    // The clusters' counts, over them: a second pass whose quads cover only the digits (in the
    // marker shader every marker's pixels paid for them: 33 -> 54 ms a small full extent frame).
    if (level.clusters && m_digitAtlas[0] > 0.0f) {
      const GLuint prog = m_countProgram.get();
      usePlacement(prog, p, layer.opacity);
      glUniform1f(glGetUniformLocation(prog, "u_sizeScale"), 1.0f);
      useDigits(prog);
      drawMarkers();
      glBindTexture(GL_TEXTURE_2D, 0);
    }
  }
}

namespace {
LayerData warmUpLayer(GeomKind kind) {
  LayerData layer;
  layer.name = "warm-up";
  Feature f;
  f.geometry.kind = kind;
  if (kind == GeomKind::Polygon) {
    f.geometry.points = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
    f.geometry.rings = {0, 5};
    f.geometry.parts = {0, 1};
  } else if (kind == GeomKind::Line) {
    f.geometry.points = {{0, 1}, {5, 9}, {10, 2}};
    f.geometry.rings = {0, 3};
  } else {
    f.geometry.points = {{5, 5}};
    f.geometry.rings = {0, 1};
  }
  layer.extent = f.geometry.bounds();
  layer.features.push_back(std::move(f));
  return layer;
}
}  // namespace

void MapRenderer::warmUp(int samples) {
  OffscreenTarget target(16, 16, samples);
  LayerStyle style;
  style.symbol.casing = rgba(255, 255, 255);
  style.symbol.casingWidth = 1.0f;
  style.symbol.dashOn = 4.0f;
  style.symbol.dashOff = 2.0f;
  std::vector<std::unique_ptr<GpuLayer>> scene;
  for (GeomKind kind : {GeomKind::Polygon, GeomKind::Line, GeomKind::Point}) {
    Buckets b = tessellate(warmUpLayer(kind), style);
    for (LevelBuckets& l : b.levels) {
      for (MarkerInstance& m : l.markers) m.count = 2.0f;  // a cluster: its count's pass too
    }
    for (float opacity : {1.0f, 0.5f}) {  // opaque: no blending, no stencil; translucent: both
      scene.push_back(upload(b));
      scene.back()->opacity = opacity;
    }
  }
  LayerStyle solid = style;  // opaque lines without dashes or casing: line_solid.frag
  solid.symbol.dashOn = solid.symbol.dashOff = solid.symbol.casingWidth = 0.0f;
  scene.push_back(upload(tessellate(warmUpLayer(GeomKind::Line), solid)));
  Camera cam;
  cam.setViewport(16, 16);
  cam.fit(Box{0, 0, 10, 10});
  std::swap(scene, m_layers);
  std::unique_ptr<GpuLayer> highlight = std::move(m_highlight);
  target.bind();
  draw(cam, rgba(255, 255, 255));
  if (samples == 0) {  // and a zoom preview's scaled copy
    const OffscreenTarget copy(16, 16, 0);
    copy.bind();
    drawPicture(target.pictureTexture(), -2, -2, 18, 18, 16, 16);
  }
  glFinish();
  std::swap(scene, m_layers);
  m_highlight = std::move(highlight);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

bool MapRenderer::drawsSameLayers(double scaleA, double scaleB) const {
  for (const auto& layer : m_layers) {
    const bool a = scaleA <= 0.0 || layer->style.visibleAtScale(scaleA);
    const bool b = scaleB <= 0.0 || layer->style.visibleAtScale(scaleB);
    if (a != b) return false;
  }
  return true;
}

void MapRenderer::drawPicture(GLuint texture, double x0, double y0, double x1, double y1, int width, int height) const {
  const GLuint prog = m_pictureProgram.get();
  glUseProgram(prog);
  // Pixels from the top-left corner to clip space (y up).
  glUniform4f(glGetUniformLocation(prog, "u_box"), static_cast<float>(2.0 * x0 / width - 1.0),
              static_cast<float>(1.0 - 2.0 * y1 / height), static_cast<float>(2.0 * x1 / width - 1.0),
              static_cast<float>(1.0 - 2.0 * y0 / height));
  glUniform1i(glGetUniformLocation(prog, "u_picture"), 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture);
  glDisable(GL_BLEND);
  glDisable(GL_STENCIL_TEST);
  glBindVertexArray(m_pictureVao.get());
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glEnable(GL_BLEND);
  glUseProgram(0);
}

FrameStats MapRenderer::draw(const Camera& camera, Rgba background, double scaleDenominator,
                             const ScreenRect* region) const {
  Box view = camera.visibleExtent();
  if (region) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(region->x, camera.height() - region->y - region->height, region->width, region->height);
    view = camera.extentOf(*region);
  } else {
    glDisable(GL_SCISSOR_TEST);
  }
  auto draws = [&](const GpuLayer& layer) {
    return layer.visible && (!layer.levels.empty() || layer.painter) &&
           (scaleDenominator <= 0.0 || layer.style.visibleAtScale(scaleDenominator));
  };
  // When the bottom layer's opaque fills cover the whole view in one colour (a town inside the
  // township layer), clearing to that colour gives the pixels of its full-detail fills, for less
  // than half the cost on llvmpipe (fill_coverage.hpp; on a simplified level it also closes the
  // slivers simplification may open between neighbours). Its outlines are drawn as ever.
  FrameStats stats;
  const GpuLayer* covered = nullptr;
  Rgba clear = background;
  for (const auto& layer : m_layers) {
    if (!draws(*layer)) continue;
    if (layer->coverage && layer->opacity >= 1.0f) {
      const double px = camera.unitsPerPixel();  // a pixel's margin: pixel centres on the edge
      if (const auto c = layer->coverage->solidColor({view.minX - px, view.minY - px, view.maxX + px, view.maxY + px})) {
        covered = layer.get();
        clear = *c;
        ++stats.coveredFills;
      }
    }
    break;
  }
  glClearColor((clear & 0xff) / 255.0f, ((clear >> 8) & 0xff) / 255.0f, ((clear >> 16) & 0xff) / 255.0f,
               ((clear >> 24) & 0xff) / 255.0f);
  // The stencil is cleared only when a translucent line pass first needs it: clearing it alone
  // in a packed depth-stencil buffer costs llvmpipe more than the colour clear (at 4x MSAA, ten
  // times more), and opaque styles never use it.
  glClear(GL_COLOR_BUFFER_BIT);
  m_stencilRef = 255;
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  for (const auto& layer : m_layers) {
    if (!draws(*layer)) continue;
    if (layer->painter) {
      layer->painter->paint(camera, layer->opacity);
      glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
      ++stats.drawCalls;
      continue;
    }
    drawLayer(*layer, camera, view, stats, layer.get() == covered);
  }
  if (m_highlight) drawLayer(*m_highlight, camera, view, stats);
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
  return stats;
}

}  // namespace zhenmap
