// EGL surfaceless context creation; see egl_context.hpp.
#define EGL_NO_X11
#include "egl_context.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <glad/gl.h>

#include <stdexcept>
#include <vector>

namespace zhenmap {

struct EglContext::Impl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
};

namespace {
std::string eglErrorText(const char* step) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " (EGL error 0x%04x)", static_cast<unsigned>(eglGetError()));
  return std::string("EGL: ") + step + buf;
}

EGLDisplay openDisplay() {
  auto getPlatformDisplay =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
  const char* clientExts = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  std::string exts = clientExts ? clientExts : "";
  if (getPlatformDisplay && exts.find("EGL_MESA_platform_surfaceless") != std::string::npos) {
    EGLDisplay d = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (d != EGL_NO_DISPLAY && eglInitialize(d, nullptr, nullptr)) return d;
  }
  auto queryDevices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
  if (getPlatformDisplay && queryDevices && exts.find("EGL_EXT_platform_device") != std::string::npos) {
    EGLint count = 0;
    if (queryDevices(0, nullptr, &count) && count > 0) {
      std::vector<EGLDeviceEXT> devices(static_cast<std::size_t>(count));
      queryDevices(count, devices.data(), &count);
      for (EGLDeviceEXT dev : devices) {
        EGLDisplay d = getPlatformDisplay(EGL_PLATFORM_DEVICE_EXT, dev, nullptr);
        if (d != EGL_NO_DISPLAY && eglInitialize(d, nullptr, nullptr)) return d;
      }
    }
  }
  EGLDisplay d = eglGetDisplay(EGL_DEFAULT_DISPLAY);
  if (d != EGL_NO_DISPLAY && eglInitialize(d, nullptr, nullptr)) return d;
  throw std::runtime_error(eglErrorText("no usable display (surfaceless, device or default)"));
}
}  // namespace

// The EGL display is initialised once per process and never terminated: terminating unloads
// the driver, and re-initialising it for every picture costs more than keeping it.
namespace {
EGLDisplay sharedDisplay() {
  static EGLDisplay display = openDisplay();
  return display;
}
}  // namespace

EglContext::EglContext() : m_impl(std::make_unique<Impl>()) {
  m_impl->display = sharedDisplay();
  if (!eglBindAPI(EGL_OPENGL_API)) throw std::runtime_error(eglErrorText("eglBindAPI(OpenGL)"));
  const EGLint configAttribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                  EGL_RED_SIZE,     8,               EGL_GREEN_SIZE,      8,
                                  EGL_BLUE_SIZE,    8,               EGL_ALPHA_SIZE,      8,
                                  EGL_NONE};
  EGLConfig config = nullptr;
  EGLint numConfigs = 0;
  if (!eglChooseConfig(m_impl->display, configAttribs, &config, 1, &numConfigs) || numConfigs < 1) {
    throw std::runtime_error(eglErrorText("no OpenGL config with pbuffer support"));
  }
  const EGLint ctxAttribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                               EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
  m_impl->context = eglCreateContext(m_impl->display, config, EGL_NO_CONTEXT, ctxAttribs);
  if (m_impl->context == EGL_NO_CONTEXT) {
    throw std::runtime_error(eglErrorText("cannot create an OpenGL 3.3 core context"));
  }
  if (!eglMakeCurrent(m_impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, m_impl->context)) {
    eglDestroyContext(m_impl->display, m_impl->context);
    throw std::runtime_error(eglErrorText("surfaceless eglMakeCurrent"));
  }
  if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress))) {
    eglMakeCurrent(m_impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(m_impl->display, m_impl->context);
    throw std::runtime_error("EGL: glad could not load OpenGL entry points");
  }
}

EglContext::~EglContext() {
  eglMakeCurrent(m_impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(m_impl->display, m_impl->context);
  eglReleaseThread();
}

void EglContext::release() {
  if (!eglMakeCurrent(m_impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT)) {
    throw std::runtime_error(eglErrorText("releasing the context"));
  }
}

void EglContext::makeCurrent() {
  if (!eglMakeCurrent(m_impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, m_impl->context)) {
    throw std::runtime_error(eglErrorText("surfaceless eglMakeCurrent"));
  }
}

std::string EglContext::renderer() const {
  const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return r ? r : "";
}

}  // namespace zhenmap
