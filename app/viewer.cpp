// The map window: GLFW + Dear ImGui around the shared MapRenderer. Frame loop: poll, new frame,
// input, UI, draw map, draw UI, swap. Loading runs in a LoadJob; nothing here blocks on I/O.
#include <glad/gl.h>
// glad first: GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "layer_loading.hpp"
#include "load_job.hpp"
#include "map_input.hpp"
#include "map_renderer.hpp"
#include "map_view.hpp"

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
  explicit ImGuiSession(GLFWwindow* w) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
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

class Viewer {
 public:
  Viewer(GLFWwindow* window, const ViewerCommand& cmd, MapInput& input)
      : m_window(window), m_cmd(cmd), m_input(input) {
    std::vector<std::string> inputs = cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs;
    m_job = std::make_unique<LoadJob>(inputs, "EPSG:3857");
    rebuildFont();
  }

  void run() {
    while (!glfwWindowShouldClose(m_window)) {
      glfwPollEvents();
      pollLoad();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      handleInput();
      drawUi();
      ImGui::Render();

      int fbw = 0, fbh = 0;
      glfwGetFramebufferSize(m_window, &fbw, &fbh);
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      glViewport(0, 0, fbw, fbh);
      m_camera.setViewport(std::max(fbw, 1), std::max(fbh, 1));
      m_renderer.draw(m_camera, rgba(0xf4, 0xf1, 0xea));
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      glfwSwapBuffers(m_window);
      ++m_frame;
      writeState();
      if (m_cmd.exitAfterFrames > 0 && m_frame >= m_cmd.exitAfterFrames) glfwSetWindowShouldClose(m_window, 1);
    }
  }

 private:
  void rebuildFont() {
    std::vector<std::string> strings = allUiStrings();
    strings.insert(strings.end(), m_layerNames.begin(), m_layerNames.end());
    buildUiFont(strings, 18.0f);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  void pollLoad() {
    if (!m_job || !m_job->finished()) return;
    if (auto result = m_job->take()) {
      Box all;
      m_layerNames.clear();
      for (const Buckets& b : result->buckets) {
        m_renderer.addLayer(b);
        all.expand(b.extent);
        m_layerNames.push_back(b.name);
      }
      m_extent = all;
      int fbw = 0, fbh = 0;
      glfwGetFramebufferSize(m_window, &fbw, &fbh);
      m_camera.setViewport(std::max(fbw, 1), std::max(fbh, 1));
      m_camera.fit(m_extent);
      rebuildFont();
    } else {
      m_error = m_job->error();
      std::fprintf(stderr, "error: %s\n", m_error.c_str());
    }
    m_job.reset();
  }

  void handleInput() {
    ImGuiIO& io = ImGui::GetIO();
    const double fb = framebufferScale();
    for (const MouseEvent& e : m_input.take()) {
      const Vec2 px{e.pos.x * fb, e.pos.y * fb};
      switch (e.kind) {
        case MouseEvent::Kind::Press:
          // Grab semantics: the map point under the press stays under the cursor while dragging.
          if (e.button == GLFW_MOUSE_BUTTON_LEFT && !io.WantCaptureMouse) m_dragAnchor = m_camera.screenToMap(px);
          break;
        case MouseEvent::Kind::Move:
        case MouseEvent::Kind::Release:
          if (m_dragAnchor) {
            const Vec2 under = m_camera.screenToMap(px);
            m_camera.setCenter(
                {m_camera.center().x + m_dragAnchor->x - under.x, m_camera.center().y + m_dragAnchor->y - under.y});
          }
          if (e.kind == MouseEvent::Kind::Release && e.button == GLFW_MOUSE_BUTTON_LEFT) m_dragAnchor.reset();
          break;
        case MouseEvent::Kind::Wheel:
          if (!io.WantCaptureMouse) m_camera.zoomAt(px, std::pow(1.25, e.wheel));
          break;
      }
    }
    const Vec2 mouse{io.MousePos.x * fb, io.MousePos.y * fb};
    if (!io.WantCaptureKeyboard) {
      // ImGui 1.86 indexes keys by the backend's (GLFW) key codes.
      const double step = 80.0;
      if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) m_camera.panPixels(step, 0);
      if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) m_camera.panPixels(-step, 0);
      if (ImGui::IsKeyPressed(GLFW_KEY_UP)) m_camera.panPixels(0, step);
      if (ImGui::IsKeyPressed(GLFW_KEY_DOWN)) m_camera.panPixels(0, -step);
      const Vec2 centre{m_camera.width() * 0.5, m_camera.height() * 0.5};
      if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD)) m_camera.zoomAt(centre, 1.5);
      if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT)) {
        m_camera.zoomAt(centre, 1.0 / 1.5);
      }
    }
    m_cursorMap = m_camera.screenToMap(mouse);
  }

  double framebufferScale() const {
    int ww = 0, fbw = 0, h = 0;
    glfwGetWindowSize(m_window, &ww, &h);
    glfwGetFramebufferSize(m_window, &fbw, &h);
    return ww > 0 ? double(fbw) / ww : 1.0;
  }

  void drawUi() {
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(260, 0), ImGuiCond_FirstUseEver);
    ImGui::Begin(tr(Text::Layers));
    if (m_job) {
      ImGui::TextUnformatted(tr(Text::Loading));
      ImGui::ProgressBar(m_job->progress());
    }
    if (!m_error.empty()) {
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", tr(Text::LoadFailed));
      ImGui::TextWrapped("%s", m_error.c_str());
    }
    for (const std::string& name : m_layerNames) ImGui::BulletText("%s", name.c_str());
    if (ImGui::Button(tr(Text::FullExtent))) m_camera.fit(m_extent);
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::Language))) {
      setLanguage(language() == Language::Chinese ? Language::English : Language::Chinese);
    }
    ImGui::End();

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - 30));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, 30));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::Text("%s: %.1f, %.1f (EPSG:3857)    %s: %.1f m/px", tr(Text::Cursor), m_cursorMap.x, m_cursorMap.y,
                tr(Text::Scale), m_camera.unitsPerPixel());
    ImGui::End();
  }

  void writeState() {
    if (m_cmd.stateFile.empty()) return;
    nlohmann::json s = {{"center", {m_camera.center().x, m_camera.center().y}},
                        {"units_per_pixel", m_camera.unitsPerPixel()},
                        {"viewport", {m_camera.width(), m_camera.height()}},
                        {"layers", m_renderer.layerCount()},
                        {"loading", m_job != nullptr},
                        {"error", m_error}};
    const std::string key = s.dump();
    if (key == m_lastState) return;
    m_lastState = key;
    s["frame"] = m_frame;
    const std::string text = s.dump();
    const std::string tmp = m_cmd.stateFile + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << text << '\n';
    }
    std::rename(tmp.c_str(), m_cmd.stateFile.c_str());
  }

  GLFWwindow* m_window;
  ViewerCommand m_cmd;
  MapInput& m_input;
  MapRenderer m_renderer;
  Camera m_camera;
  std::unique_ptr<LoadJob> m_job;
  std::vector<std::string> m_layerNames;
  Box m_extent;
  Vec2 m_cursorMap;
  std::optional<Vec2> m_dragAnchor;  // map point grabbed by the left button
  std::string m_error;
  std::string m_lastState;
  int m_frame = 0;
};

}  // namespace

int runViewer(const ViewerCommand& cmd) {
  setLanguage(cmd.language == "en" ? Language::English : Language::Chinese);
  GlfwSession glfw;
  if (!glfw.ok) {
    printError("cannot start the window system (is DISPLAY set?); use `zhenmap render` for headless output");
    return 6;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SAMPLES, 4);
  std::unique_ptr<GLFWwindow, WindowDeleter> window(glfwCreateWindow(1280, 800, "镇图 zhenmap", nullptr, nullptr));
  if (!window) {
    printError("cannot create an OpenGL 3.3 window");
    return 6;
  }
  glfwMakeContextCurrent(window.get());
  glfwSwapInterval(1);
  if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
    printError("cannot load OpenGL entry points");
    return 6;
  }
  MapInput input;
  input.install(window.get());  // before ImGui's backend, which chains to these callbacks
  ImGuiSession imgui(window.get());
  try {
    Viewer viewer(window.get(), cmd, input);
    viewer.run();
  } catch (const std::exception& e) {
    printError(e.what());
    return 5;
  }
  return 0;
}

}  // namespace zhenmap
