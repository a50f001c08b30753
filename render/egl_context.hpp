// A headless OpenGL 3.3 core context on EGL (surfaceless Mesa, or an EGL device), with no X server.
// Rendering goes into a framebuffer object (see offscreen_target.hpp).
#pragma once

#include <memory>
#include <string>

namespace zhenmap {

class EglContext {
 public:
  // Creates the context, makes it current on the calling thread and loads GL entry points with glad.
  // Throws std::runtime_error naming the failing EGL step.
  EglContext();
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  // "Mesa llvmpipe ..." style renderer description.
  std::string renderer() const;

  // Hands the context from one thread to another: release() on the thread that has it current,
  // then makeCurrent() on the next. Throw std::runtime_error when EGL refuses.
  void release();
  void makeCurrent();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace zhenmap
