// GPU buffers and draw calls for the map; see map_renderer.hpp.
#include "map_renderer.hpp"

#include <cstddef>

#include "shader_program.hpp"

namespace zhenmap {

struct MapRenderer::GpuLayer {
  Vec2 origin;
  LayerStyle style;
  gl::VertexArray fillVao;
  gl::Buffer fillVbo;
  gl::Buffer fillIbo;
  GLsizei fillCount = 0;
  gl::VertexArray outlineVao;
  gl::Buffer outlineVbo;
  GLsizei outlineCount = 0;
  gl::VertexArray markerVao;
  gl::Buffer markerVbo;
  GLsizei markerCount = 0;
  std::size_t bytes = 0;
};

namespace {
void setupSegments(gl::VertexArray& vao, gl::Buffer& vbo, const std::vector<LineSegment>& segs) {
  vao = gl::makeVertexArray();
  vbo = gl::makeBuffer();
  glBindVertexArray(vao.get());
  glBindBuffer(GL_ARRAY_BUFFER, vbo.get());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(segs.size() * sizeof(LineSegment)), segs.data(),
               GL_STATIC_DRAW);
  const auto stride = static_cast<GLsizei>(sizeof(LineSegment));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(LineSegment, ax)));
  glVertexAttribDivisor(0, 1);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(LineSegment, bx)));
  glVertexAttribDivisor(1, 1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                        reinterpret_cast<void*>(offsetof(LineSegment, color)));
  glVertexAttribDivisor(2, 1);
  glBindVertexArray(0);
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

void setPlacement(GLuint prog, const Placement& p) {
  glUniform2fv(glGetUniformLocation(prog, "u_scale"), 1, p.scale);
  glUniform2fv(glGetUniformLocation(prog, "u_offset"), 1, p.offset);
  glUniform2fv(glGetUniformLocation(prog, "u_viewport"), 1, p.viewport);
}
}  // namespace

MapRenderer::MapRenderer()
    : m_fillProgram(buildProgram("fill.vert", "color.frag")), m_lineProgram(buildProgram("line.vert", "color.frag")) {}

MapRenderer::~MapRenderer() = default;

void MapRenderer::addLayer(const Buckets& b) {
  auto layer = std::make_unique<GpuLayer>();
  layer->origin = b.origin;
  layer->style = b.style;
  layer->fillVao = gl::makeVertexArray();
  layer->fillVbo = gl::makeBuffer();
  layer->fillIbo = gl::makeBuffer();
  glBindVertexArray(layer->fillVao.get());
  glBindBuffer(GL_ARRAY_BUFFER, layer->fillVbo.get());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(b.fillVertices.size() * sizeof(FillVertex)),
               b.fillVertices.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, layer->fillIbo.get());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(b.fillIndices.size() * sizeof(std::uint32_t)),
               b.fillIndices.data(), GL_STATIC_DRAW);
  const auto stride = static_cast<GLsizei>(sizeof(FillVertex));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(FillVertex, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(FillVertex, color)));
  glBindVertexArray(0);
  layer->fillCount = static_cast<GLsizei>(b.fillIndices.size());

  setupSegments(layer->outlineVao, layer->outlineVbo, b.outlines);
  layer->outlineCount = static_cast<GLsizei>(b.outlines.size());
  setupSegments(layer->markerVao, layer->markerVbo, b.markers);
  layer->markerCount = static_cast<GLsizei>(b.markers.size());
  layer->bytes = b.fillVertices.size() * sizeof(FillVertex) + b.fillIndices.size() * sizeof(std::uint32_t) +
                 (b.outlines.size() + b.markers.size()) * sizeof(LineSegment);
  m_layers.push_back(std::move(layer));
}

void MapRenderer::clearLayers() { m_layers.clear(); }
std::size_t MapRenderer::layerCount() const { return m_layers.size(); }
std::size_t MapRenderer::gpuBytes() const {
  std::size_t n = 0;
  for (const auto& l : m_layers) n += l->bytes;
  return n;
}

void MapRenderer::draw(const Camera& camera, Rgba background) const {
  glClearColor((background & 0xff) / 255.0f, ((background >> 8) & 0xff) / 255.0f,
               ((background >> 16) & 0xff) / 255.0f, ((background >> 24) & 0xff) / 255.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  for (const auto& layer : m_layers) {
    const Placement p = placement(camera, layer->origin);
    if (layer->fillCount > 0) {
      glUseProgram(m_fillProgram.get());
      setPlacement(m_fillProgram.get(), p);
      glUniform1f(glGetUniformLocation(m_fillProgram.get(), "u_opacity"), layer->style.opacity);
      glBindVertexArray(layer->fillVao.get());
      glDrawElements(GL_TRIANGLES, layer->fillCount, GL_UNSIGNED_INT, nullptr);
    }
    glUseProgram(m_lineProgram.get());
    setPlacement(m_lineProgram.get(), p);
    glUniform1f(glGetUniformLocation(m_lineProgram.get(), "u_opacity"), layer->style.opacity);
    if (layer->outlineCount > 0 && layer->style.strokeWidth > 0) {
      glUniform1f(glGetUniformLocation(m_lineProgram.get(), "u_width"), layer->style.strokeWidth);
      glBindVertexArray(layer->outlineVao.get());
      glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, layer->outlineCount);
    }
    if (layer->markerCount > 0) {
      glUniform1f(glGetUniformLocation(m_lineProgram.get(), "u_width"), layer->style.pointSize);
      glBindVertexArray(layer->markerVao.get());
      glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, layer->markerCount);
    }
  }
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace zhenmap
