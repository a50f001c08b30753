// Instanced SDF glyph quads; see text_renderer.hpp.
#include "text_renderer.hpp"

#include <algorithm>
#include <cstddef>

#include "shader_program.hpp"

namespace zhenmap {

std::vector<char32_t> distinctCharacters(const std::vector<std::u32string>& texts) {
  std::vector<char32_t> cps;
  for (const std::u32string& t : texts) cps.insert(cps.end(), t.begin(), t.end());
  std::sort(cps.begin(), cps.end());
  cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
  return cps;
}

TextRenderer::TextRenderer() : m_program(buildProgram("text.vert", "text.frag")) {
  GLuint tex = 0;
  glGenTextures(1, &tex);
  m_texture = gl::Texture(tex);
  m_vao = gl::makeVertexArray();
  m_vbo = gl::makeBuffer();
  glBindVertexArray(m_vao.get());
  glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
  const auto stride = static_cast<GLsizei>(sizeof(Instance));
  auto attrib = [stride](GLuint loc, GLint n, GLenum type, GLboolean norm, std::size_t offset) {
    glEnableVertexAttribArray(loc);
    glVertexAttribPointer(loc, n, type, norm, stride, reinterpret_cast<void*>(offset));
    glVertexAttribDivisor(loc, 1);
  };
  attrib(0, 4, GL_FLOAT, GL_FALSE, offsetof(Instance, penRot));
  attrib(1, 4, GL_FLOAT, GL_FALSE, offsetof(Instance, rect));
  attrib(2, 3, GL_FLOAT, GL_FALSE, offsetof(Instance, metrics));
  attrib(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, offsetof(Instance, color));
  attrib(4, 4, GL_UNSIGNED_BYTE, GL_TRUE, offsetof(Instance, halo));
  attrib(5, 1, GL_FLOAT, GL_FALSE, offsetof(Instance, haloPx));
  glBindVertexArray(0);
}

bool TextRenderer::setCharacters(std::vector<char32_t> codepoints) {
  std::sort(codepoints.begin(), codepoints.end());
  codepoints.erase(std::unique(codepoints.begin(), codepoints.end()), codepoints.end());
  if (codepoints == m_characters && m_atlas.width() > 0) return false;
  m_atlas = GlyphAtlas(Font::defaultFont(), codepoints);
  m_characters = std::move(codepoints);
  upload();
  return true;
}

void TextRenderer::setAtlas(GlyphAtlas atlas) {
  m_atlas = std::move(atlas);
  m_characters = m_atlas.codepoints();
  upload();
}

void uploadAtlas(GLuint texture, const GlyphAtlas& atlas) {
  GLint bound = 0, alignment = 4;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
  glBindTexture(GL_TEXTURE_2D, texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, atlas.width(), atlas.height(), 0, GL_RED, GL_UNSIGNED_BYTE, atlas.pixels().data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
}

void TextRenderer::upload() { uploadAtlas(m_texture.get(), m_atlas); }

void TextRenderer::add(char32_t cp, float penX, float penY, float cosA, float sinA, const TextPaint& paint) {
  const AtlasGlyph* g = m_atlas.find(cp);
  if (!g || g->w == 0) return;
  Instance inst{};
  inst.penRot[0] = penX;
  inst.penRot[1] = penY;
  inst.penRot[2] = cosA;
  inst.penRot[3] = sinA;
  inst.rect[0] = static_cast<float>(g->x);
  inst.rect[1] = static_cast<float>(g->y);
  inst.rect[2] = static_cast<float>(g->w);
  inst.rect[3] = static_cast<float>(g->h);
  inst.metrics[0] = g->left;
  inst.metrics[1] = g->top;
  inst.metrics[2] = paint.sizePx / GlyphAtlas::kEmPx;
  inst.color = paint.color;
  inst.halo = paint.haloColor;
  inst.haloPx = paint.haloPx;
  m_instances.push_back(inst);
}

void TextRenderer::draw(int viewportWidth, int viewportHeight) {
  if (m_instances.empty()) return;
  glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
  const std::size_t bytes = m_instances.size() * sizeof(Instance);
  if (bytes > m_vboCapacity) {
    m_vboCapacity = std::max(bytes, 2 * m_vboCapacity);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_vboCapacity), nullptr, GL_STREAM_DRAW);
  }
  glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), m_instances.data());

  glDisable(GL_DEPTH_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const GLuint prog = m_program.get();
  glUseProgram(prog);
  glUniform2f(glGetUniformLocation(prog, "u_viewport"), static_cast<float>(viewportWidth),
              static_cast<float>(viewportHeight));
  glUniform2f(glGetUniformLocation(prog, "u_atlasSize"), static_cast<float>(m_atlas.width()),
              static_cast<float>(m_atlas.height()));
  glUniform1f(glGetUniformLocation(prog, "u_edge"), GlyphAtlas::kEdge / 255.0f);
  glUniform1f(glGetUniformLocation(prog, "u_spread"), static_cast<float>(GlyphAtlas::kSpread));
  glUniform1i(glGetUniformLocation(prog, "u_atlas"), 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m_texture.get());
  glBindVertexArray(m_vao.get());
  const auto count = static_cast<GLsizei>(m_instances.size());
  for (int pass = 0; pass < 2; ++pass) {
    glUniform1i(glGetUniformLocation(prog, "u_pass"), pass);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
  }
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
}

}  // namespace zhenmap
