// Multisampled FBO with a resolve step; see offscreen_target.hpp.
#include "offscreen_target.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <string>

#include "shader_program.hpp"

namespace zhenmap {

OffscreenTarget::OffscreenTarget(int width, int height, int samples) : m_width(width), m_height(height) {
  GLint maxSize = 0, maxTexture = 0, maxSamples = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxSize);
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxTexture);
  maxSize = std::min(maxSize, maxTexture);
  glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
  if (width <= 0 || height <= 0 || width > maxSize || height > maxSize) {
    throw std::runtime_error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                             " is outside 1.." + std::to_string(maxSize));
  }
  samples = std::clamp(samples, 0, static_cast<int>(maxSamples));
  m_samples = samples;

  // The picture as a texture, so a zoom preview can draw it scaled (frame_reuse.hpp).
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  m_picture = gl::makeTexture();
  glBindTexture(GL_TEXTURE_2D, m_picture.get());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));

  m_msFbo = gl::makeFramebuffer();
  glBindFramebuffer(GL_FRAMEBUFFER, m_msFbo.get());
  if (samples > 0) {
    // A multisampled texture, not a renderbuffer: the resolve reads its samples in a shader.
    GLint boundMs = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D_MULTISAMPLE, &boundMs);
    m_msColor = gl::makeTexture();
    glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, m_msColor.get());
    glTexImage2DMultisample(GL_TEXTURE_2D_MULTISAMPLE, samples, GL_RGBA8, width, height, GL_TRUE);
    glGetTexLevelParameteriv(GL_TEXTURE_2D_MULTISAMPLE, 0, GL_TEXTURE_SAMPLES, &m_samples);  // what was made
    if (m_samples < 1) m_samples = samples;  // a driver that does not say: what was asked for
    glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, static_cast<GLuint>(boundMs));
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D_MULTISAMPLE, m_msColor.get(), 0);
  } else {
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_picture.get(), 0);
  }
  // Stencil: translucent lines are drawn once per pixel even where their triangles overlap.
  m_msStencil = gl::makeRenderbuffer();
  glBindRenderbuffer(GL_RENDERBUFFER, m_msStencil.get());
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH24_STENCIL8, width, height);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, m_msStencil.get());
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    throw std::runtime_error("multisampled framebuffer incomplete");
  }

  if (samples > 0) {
    m_resolveFbo = gl::makeFramebuffer();
    glBindFramebuffer(GL_FRAMEBUFFER, m_resolveFbo.get());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_picture.get(), 0);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      throw std::runtime_error("resolve framebuffer incomplete");
    }
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void OffscreenTarget::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, m_msFbo.get());
  glViewport(0, 0, m_width, m_height);
  m_resolved = false;
}

GLuint OffscreenTarget::pictureFramebuffer() const {
  if (m_samples == 0) return m_msFbo.get();  // nothing to resolve: saves a whole-picture copy
  if (!m_resolved) {
    resolve();
    m_resolved = true;
  }
  return m_resolveFbo.get();
}

// The samples' mean into the picture texture, by a shader pass over the target (llvmpipe's
// glBlitFramebuffer resolve cost 55 ms at 1920x1080 in `zhenmap render`, issue 24). The GL state
// it touches is put back as it was.
void OffscreenTarget::resolve() const {
  if (!m_resolveProgram) {
    m_resolveProgram = buildProgram("resolve.vert", "resolve.frag");
    m_resolveVao = gl::makeVertexArray();
  }
  GLint program = 0, vao = 0, active = 0, texture = 0, drawFbo = 0, readFbo = 0, viewport[4] = {};
  glGetIntegerv(GL_CURRENT_PROGRAM, &program);
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao);
  glGetIntegerv(GL_ACTIVE_TEXTURE, &active);
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &drawFbo);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &readFbo);
  glGetIntegerv(GL_VIEWPORT, viewport);
  const GLenum caps[] = {GL_BLEND, GL_DEPTH_TEST, GL_STENCIL_TEST, GL_SCISSOR_TEST, GL_CULL_FACE, GL_MULTISAMPLE};
  bool enabled[std::size(caps)];
  for (std::size_t i = 0; i < std::size(caps); ++i) {
    enabled[i] = glIsEnabled(caps[i]) == GL_TRUE;
    glDisable(caps[i]);
  }
  glActiveTexture(GL_TEXTURE0);
  glGetIntegerv(GL_TEXTURE_BINDING_2D_MULTISAMPLE, &texture);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolveFbo.get());
  glViewport(0, 0, m_width, m_height);
  glUseProgram(m_resolveProgram.get());
  glUniform1i(glGetUniformLocation(m_resolveProgram.get(), "u_samples"), 0);
  glUniform1i(glGetUniformLocation(m_resolveProgram.get(), "u_count"), m_samples);
  glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, m_msColor.get());
  glBindVertexArray(m_resolveVao.get());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, static_cast<GLuint>(texture));
  glBindVertexArray(static_cast<GLuint>(vao));
  glUseProgram(static_cast<GLuint>(program));
  glActiveTexture(static_cast<GLenum>(active));
  glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(drawFbo));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(readFbo));
  for (std::size_t i = 0; i < std::size(caps); ++i) {
    if (enabled[i]) glEnable(caps[i]);
  }
}

GLuint OffscreenTarget::pictureTexture() const {
  pictureFramebuffer();  // resolves first when multisampled
  return m_picture.get();
}

void OffscreenTarget::blitTo(GLuint target, int x, int y) const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, pictureFramebuffer());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
  glBlitFramebuffer(0, 0, m_width, m_height, x, y, x + m_width, y + m_height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, target);
}

Image OffscreenTarget::readPixels() const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, pictureFramebuffer());
  Image img;
  img.width = m_width;
  img.height = m_height;
  img.rgba.resize(static_cast<std::size_t>(m_width) * static_cast<std::size_t>(m_height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  // GL's first row is the bottom one: flip so row 0 is the top of the picture.
  const std::size_t stride = static_cast<std::size_t>(m_width) * 4;
  std::vector<std::uint8_t> row(stride);
  for (int y = 0; y < m_height / 2; ++y) {
    std::uint8_t* a = &img.rgba[static_cast<std::size_t>(y) * stride];
    std::uint8_t* b = &img.rgba[static_cast<std::size_t>(m_height - 1 - y) * stride];
    std::memcpy(row.data(), a, stride);
    std::memcpy(a, b, stride);
    std::memcpy(b, row.data(), stride);
  }
  return img;
}

}  // namespace zhenmap
