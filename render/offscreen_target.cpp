// Multisampled FBO with a resolve step; see offscreen_target.hpp.
#include "offscreen_target.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

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
    m_msColor = gl::makeRenderbuffer();
    glBindRenderbuffer(GL_RENDERBUFFER, m_msColor.get());
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m_msColor.get());
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
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_msFbo.get());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolveFbo.get());
    glBlitFramebuffer(0, 0, m_width, m_height, 0, 0, m_width, m_height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    m_resolved = true;
  }
  return m_resolveFbo.get();
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
