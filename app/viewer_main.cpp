// runViewer: the window system, the GL context and ImGui around one Viewer, and the window's size
// and place kept in the settings between runs.
#include "viewer.hpp"

#include <glad/gl.h>
// glad first: GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <filesystem>

#include "i18n.hpp"
#include "timing.hpp"

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
    ImGui::StyleColorsLight();
    ImGui_ImplGlfw_InitForOpenGL(w, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  ~ImGuiSession() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
};

}  // namespace

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
  // The size and place the window had when it was last closed (a sane minimum, on screen).
  const bool restore = settings.windowWidth >= 320 && settings.windowHeight >= 240;
  // One job queue for the window's life; the data loads while the window and its GL context are
  // made (viewer_document.cpp).
  JobQueue jobs(0, [] { glfwPostEmptyEvent(); });
  EarlyLoad early{0, std::make_shared<EarlyLoadResult>()};
  early.job = startEarlyLoad(jobs, cmd, settings, restore, early.result);
  std::unique_ptr<GLFWwindow, WindowDeleter> window(glfwCreateWindow(restore ? settings.windowWidth : 1280,
                                                                     restore ? settings.windowHeight : 800,
                                                                     "镇图 zhenmap", nullptr, nullptr));
  if (!window) {
    printError("cannot create an OpenGL 3.3 window");
    return 6;
  }
  timingMark("window and GL context");
  if (restore && settings.windowX > -10000 && settings.windowY > -10000) {
    glfwSetWindowPos(window.get(), settings.windowX, settings.windowY);
  }
  if (settings.maximized) glfwMaximizeWindow(window.get());
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
