// A framebuffer object to render into without a window: 4x multisampled colour (and stencil), resolved
// into a single-sample texture for read-back and for drawing scaled (single-sampled targets draw
// into that texture directly). Needs a current GL context (EGL or GLFW).
#pragma once

#include "gl_objects.hpp"
#include "image.hpp"

namespace zhenmap {

class OffscreenTarget {
 public:
  // Throws std::runtime_error when the size exceeds GL limits or the FBO is incomplete.
  OffscreenTarget(int width, int height, int samples = 4);

  void bind() const;  // bind for drawing, viewport set to the full size
  Image readPixels() const;  // resolves and reads back, top row first
  // Resolves and copies the picture into framebuffer `target` (0: the window), same size, with
  // its bottom-left corner at (x, y) of the target (GL's window coordinates).
  void blitTo(GLuint target, int x = 0, int y = 0) const;
  // The framebuffer holding the finished single-sampled picture, to read or copy from: the
  // drawing one when single-sampled, else the resolve buffer, resolved once after each bind()
  // (drawing goes through bind(), so a picture shown or copied many times is resolved once).
  GLuint pictureFramebuffer() const;
  // The same picture as a texture (linear filtering, clamped to its edges), to draw scaled.
  GLuint pictureTexture() const;
  int samples() const { return m_samples; }
  int width() const { return m_width; }
  int height() const { return m_height; }

 private:
  void resolve() const;

  int m_width;
  int m_height;
  int m_samples = 0;
  gl::Framebuffer m_msFbo;
  gl::Texture m_msColor;  // multisampled only
  gl::Renderbuffer m_msStencil;
  gl::Framebuffer m_resolveFbo;
  gl::Texture m_picture;  // the single-sampled picture: drawn into, or resolved into
  mutable gl::Program m_resolveProgram;  // made at the first resolve
  mutable gl::VertexArray m_resolveVao;
  mutable bool m_resolved = false;  // the resolve buffer holds what was drawn since the last bind()
};

}  // namespace zhenmap
