// runViewer: the window system, the GL context and ImGui around one Viewer, and the window's size
// and place kept in the settings between runs.
#include "viewer.hpp"

#include <glad/gl.h>
// glad first: GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "i18n.hpp"
#include "timing.hpp"
#include "ui_widgets.hpp"

namespace zhenmap {

namespace {

struct GlfwSession {
  bool ok = glfwInit() == GLFW_TRUE;
  ~GlfwSession() {
    if (ok) glfwTerminate();
  }
};

struct WindowDeleter {
  void operator()(GLFWwindow* w) const { glfwDestroyWindow(w); }
};

struct ImGuiSession {
  // iniPath: where ImGui keeps panel places and sizes ("" = nowhere); must outlive the session.
  ImGuiSession(GLFWwindow* w, const std::string& iniPath) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = iniPath.empty() ? nullptr : iniPath.c_str();
    applyWindowColours(ImGui::GetStyle(), false);
    // Sizes follow the screen's DPI (GLFW's content scale: 1 at 96 dpi); the font does too
    // (Viewer::rebuildFont).
    const float scale = uiScale(w);
    if (scale > 1.05f) ImGui::GetStyle().ScaleAllSizes(scale);
    ImGui_ImplGlfw_InitForOpenGL(w, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  ~ImGuiSession() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
};

// Where the window opens: where it was when last closed (a sane minimum, on screen), maximised
// if it was; the first time, over the work area of the primary screen, maximised.
struct WindowPlace {
  int width = 1280, height = 800;
  std::optional<int> x, y;
  bool maximize = false;
  int viewWidth = 1280, viewHeight = 800;  // the size it will have once shown (maximised or not)
};

WindowPlace initialPlace(const Settings& settings) {
  WindowPlace p;
  if (settings.windowWidth >= 320 && settings.windowHeight >= 240) {
    p.width = settings.windowWidth;
    p.height = settings.windowHeight;
    if (settings.windowX > -10000 && settings.windowY > -10000) p.x = settings.windowX, p.y = settings.windowY;
    p.maximize = settings.maximized;
  } else if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    int x = 0, y = 0, w = 0, h = 0;
    glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
    if (w >= 320 && h >= 240) p.width = w, p.height = h, p.x = x, p.y = y;
    p.maximize = true;
  }
  p.viewWidth = p.width;
  p.viewHeight = p.height;
  if (p.maximize) {
    if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor())) {
      p.viewWidth = mode->width;
      p.viewHeight = mode->height;
    }
  }
  return p;
}

}  // namespace

float uiScale(GLFWwindow* window) {
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window, &x, &y);
  return std::clamp(std::max(x, y), 1.0f, 4.0f);
}

int runViewer(const ViewerCommand& cmd) {
  setLanguage(cmd.language == "en" ? Language::English : Language::Chinese);
  timingMark("main");
  GlfwSession glfw;
  timingMark("window system (glfwInit)");
  if (!glfw.ok) {
    printError("cannot start the window system (is DISPLAY set?); use `zhenmap render` for headless output");
    return 6;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SAMPLES, 0);
  Settings settings;
  const WindowPlace place = initialPlace(settings);
  // One job queue for the window's life; the data loads while the window and its GL context are
  // made (viewer_document.cpp).
  JobQueue jobs(0, [] { glfwPostEmptyEvent(); });
  EarlyLoad early{0, std::make_shared<EarlyLoadResult>()};
  early.job = startEarlyLoad(jobs, cmd, place.viewWidth, place.viewHeight, early.result);
  std::unique_ptr<GLFWwindow, WindowDeleter> window(
      glfwCreateWindow(place.width, place.height, "镇图 zhenmap", nullptr, nullptr));
  if (!window) {
    printError("cannot create an OpenGL 3.3 window");
    return 6;
  }
  timingMark("window and GL context");
  if (place.x && place.y) glfwSetWindowPos(window.get(), *place.x, *place.y);
  if (place.maximize) glfwMaximizeWindow(window.get());
  glfwMakeContextCurrent(window.get());
  glfwSwapInterval(1);
  if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
    printError("cannot load OpenGL entry points");
    return 6;
  }
  timingMark("GL entry points");
  MapInput input;
  input.install(window.get());  // before ImGui's backend, which chains to these callbacks
  std::string iniPath = settings.imguiIniPath();
  if (!iniPath.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(iniPath).parent_path(), ec);
    if (ec) iniPath.clear();
  }
  ImGuiSession imgui(window.get(), iniPath);
  timingMark("ImGui");
  int status = 0;
  try {
    Viewer viewer(window.get(), cmd, input, settings, jobs, std::move(early));
    viewer.run();
  } catch (const std::exception& e) {
    printError(e.what());
    status = 5;
  }
  settings.maximized = glfwGetWindowAttrib(window.get(), GLFW_MAXIMIZED) == GLFW_TRUE;
  if (!settings.maximized) {
    glfwGetWindowPos(window.get(), &settings.windowX, &settings.windowY);
    glfwGetWindowSize(window.get(), &settings.windowWidth, &settings.windowHeight);
  }
  settings.save();
  return status;
}

}  // namespace zhenmap
