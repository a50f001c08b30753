// Move-only owners of GL object names. Each deletes its name on destruction and on
// move-assignment (the old name is released first). Only use on the thread owning the context.
#pragma once

#include <glad/gl.h>

#include <utility>

namespace zhenmap::gl {

template <void (*Delete)(GLuint)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(GLuint name) : m_name(name) {}
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : m_name(std::exchange(o.m_name, 0)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      m_name = std::exchange(o.m_name, 0);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  GLuint get() const { return m_name; }
  explicit operator bool() const { return m_name != 0; }
  void reset() {
    if (m_name != 0) Delete(m_name);
    m_name = 0;
  }

 private:
  GLuint m_name = 0;
};

namespace detail {
inline void deleteBuffer(GLuint n) { glDeleteBuffers(1, &n); }
inline void deleteVertexArray(GLuint n) { glDeleteVertexArrays(1, &n); }
inline void deleteTexture(GLuint n) { glDeleteTextures(1, &n); }
inline void deleteFramebuffer(GLuint n) { glDeleteFramebuffers(1, &n); }
inline void deleteRenderbuffer(GLuint n) { glDeleteRenderbuffers(1, &n); }
inline void deleteProgram(GLuint n) { glDeleteProgram(n); }
inline void deleteShader(GLuint n) { glDeleteShader(n); }
}  // namespace detail

using Buffer = Handle<detail::deleteBuffer>;
using VertexArray = Handle<detail::deleteVertexArray>;
using Texture = Handle<detail::deleteTexture>;
using Framebuffer = Handle<detail::deleteFramebuffer>;
using Renderbuffer = Handle<detail::deleteRenderbuffer>;
using Program = Handle<detail::deleteProgram>;
using Shader = Handle<detail::deleteShader>;

inline Buffer makeBuffer() {
  GLuint n = 0;
  glGenBuffers(1, &n);
  return Buffer(n);
}
inline VertexArray makeVertexArray() {
  GLuint n = 0;
  glGenVertexArrays(1, &n);
  return VertexArray(n);
}
inline Framebuffer makeFramebuffer() {
  GLuint n = 0;
  glGenFramebuffers(1, &n);
  return Framebuffer(n);
}
inline Texture makeTexture() {
  GLuint n = 0;
  glGenTextures(1, &n);
  return Texture(n);
}
inline Renderbuffer makeRenderbuffer() {
  GLuint n = 0;
  glGenRenderbuffers(1, &n);
  return Renderbuffer(n);
}

}  // namespace zhenmap::gl
