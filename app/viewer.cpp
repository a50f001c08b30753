// The map window: GLFW + Dear ImGui around the map view (map_view_widget.hpp). Frame loop: poll,
// new frame, input, UI, draw map, draw UI, swap. Loading, tessellation and the label atlas run in
// a LoadJob; nothing here blocks on I/O. The panels live in panel_*.cpp (see viewer.hpp); this
// file holds the loop, loading, selection, the menu bar and the --state-file test hook.
#include "viewer.hpp"

#include <glad/gl.h>
// glad first: GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fonts.hpp"
#include "i18n.hpp"
#include "map_annotations.hpp"
#include "project_meta.hpp"

namespace zhenmap {

namespace {
const UiText kMenuView{"视图", "View"};
const UiText kMenuLanguage{"语言", "Language"};
}  // namespace
ZHENMAP_UI_TEXTS(kMenuView, kMenuLanguage)

std::vector<PanelFactory>& panelFactories() {
  static std::vector<PanelFactory> factories;
  return factories;
}

Viewer::Viewer(GLFWwindow* window, const ViewerCommand& cmd, MapInput& input)
    : m_window(window), m_cmd(cmd), m_input(input), m_toLonLat("EPSG:3857", "EPSG:4490") {
  std::vector<std::string> inputs = cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs;
  m_job = std::make_unique<LoadJob>(inputs, "EPSG:3857");
  if (isProject(inputs.front())) m_projectPath = inputs.front();
  m_inputs = inputs;
  for (PanelFactory f : panelFactories()) m_panels.push_back(f());
  std::stable_sort(m_panels.begin(), m_panels.end(), [](const auto& a, const auto& b) { return a->order() < b->order(); });
  rebuildFont();
}

Viewer::~Viewer() = default;

void Viewer::run() {
  while (true) {
    if (glfwWindowShouldClose(m_window)) {
      // A panel with unsaved work may hold the close (it draws its own prompt).
      bool held = false;
      if (!m_closeConfirmed && m_cmd.exitAfterFrames == 0) {
        for (auto& p : m_panels) held = p->holdsClose(*this) || held;
      }
      if (!held) break;
      glfwSetWindowShouldClose(m_window, 0);
    }
    glfwPollEvents();
    pollLoad();
    if (m_fontDirty) {  // the atlas may only change between frames
      m_fontDirty = false;
      rebuildFont();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handleInput();
    drawUi();
    ImGui::Render();

    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(m_window, &fbw, &fbh);
    m_map.draw(fbw, fbh);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fbw, fbh);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(m_window);
    ++m_frame;
    writeState();
    if (m_cmd.exitAfterFrames > 0 && m_frame >= m_cmd.exitAfterFrames) glfwSetWindowShouldClose(m_window, 1);
  }
}

void Viewer::confirmClose() {
  m_closeConfirmed = true;
  glfwSetWindowShouldClose(m_window, 1);
}

void Viewer::rebuildFont() {
  std::vector<std::string> strings = allUiStrings();
  strings.insert(strings.end(), m_loaded.titles.begin(), m_loaded.titles.end());
  for (const auto& [key, alias] : m_loaded.fieldAliases) strings.push_back(alias);
  // Attribute text shown in the identify panel: every text value of every layer.
  for (const auto& layer : m_loaded.data) {
    for (const FieldDef& f : layer->fields) strings.push_back(f.name);
    for (const Feature& f : layer->features) {
      for (const AttributeValue& v : f.attributes) {
        if (const auto* t = std::get_if<std::string>(&v)) strings.push_back(*t);
      }
    }
  }
  for (const auto& p : m_panels) p->glyphStrings(*this, strings);
  for (const LogEntry& e : m_log) strings.push_back(e.text);
  buildUiFont(strings, 18.0f);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void Viewer::reload() {
  if (!m_job) m_job = std::make_unique<LoadJob>(m_inputs, "EPSG:3857");
}

void Viewer::pollLoad() {
  if (!m_job || !m_job->finished()) return;
  if (auto result = m_job->take()) {
    MapRenderer& renderer = m_map.renderer();
    renderer.clearLayers();
    m_selected.reset();
    m_hover.reset();
    renderer.setHighlight(Buckets{});
    m_loaded = std::move(*result);
    Box all;
    for (const Buckets& b : m_loaded.buckets) {
      renderer.addLayer(b);
      all.expand(b.extent);
    }
    m_visible.assign(m_loaded.data.size(), true);
    m_opacity.clear();
    for (const Buckets& b : m_loaded.buckets) m_opacity.push_back(b.style.opacity);
    if (auto atlas = m_job->takeAtlas()) {
      m_map.labels().setCandidates(m_loaded.labels, std::move(*atlas));
    } else {
      m_map.labels().setCandidates(m_loaded.labels);
    }
    const bool first = m_extent.empty();
    m_extent = all;
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(m_window, &fbw, &fbh);
    camera().setViewport(std::max(fbw, 1), std::max(fbh, 1));
    if (first) camera().fit(m_extent);
    m_map.sceneChanged();
    for (auto& p : m_panels) p->onLoaded(*this);
    rebuildFont();
  } else {
    m_error = m_job->error();
    std::fprintf(stderr, "error: %s\n", m_error.c_str());
    log(LogLevel::Error, m_error);
  }
  m_job.reset();
}

void Viewer::setLayerVisible(std::size_t i, bool visible) {
  m_visible[i] = visible;
  m_map.renderer().setVisible(i, visible);
  m_map.sceneChanged();
}

void Viewer::setLayerOpacity(std::size_t i, float opacity) {
  m_opacity[i] = opacity;
  m_map.renderer().setOpacity(i, opacity);
  m_map.sceneChanged();
}

void Viewer::moveLayer(std::size_t from, std::size_t to) {
  m_map.renderer().moveLayer(from, to);
  m_map.sceneChanged();
  auto move = [&](auto& v) {
    auto item = std::move(v[from]);
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(from));
    v.insert(v.begin() + static_cast<std::ptrdiff_t>(to), std::move(item));
  };
  move(m_loaded.data);
  move(m_loaded.buckets);
  move(m_loaded.titles);
  const bool vis = m_visible[from];
  m_visible.erase(m_visible.begin() + static_cast<std::ptrdiff_t>(from));
  m_visible.insert(m_visible.begin() + static_cast<std::ptrdiff_t>(to), vis);
  move(m_opacity);
  m_selected.reset();
  m_hover.reset();
  setHighlight();
  notifySelection();
}

std::optional<PickHit> Viewer::pickAt(Vec2 px) const {
  const auto hits = pick(m_loaded.data, camera(), px, 4.0, m_visible);
  if (hits.empty()) return std::nullopt;
  return hits.front();
}

void Viewer::setHighlight() {
  // The selection wins over the hover; both are tiny layers tessellated on demand.
  std::optional<PickHit> h = m_selected ? m_selected : m_hover;
  if (!h) {
    m_map.renderer().setHighlight(Buckets{});
  } else {
    m_map.renderer().setHighlight(
        highlightBuckets(*m_loaded.data[h->layer], {h->feature}, !m_selected.has_value()));
  }
  m_map.sceneChanged();
}

void Viewer::select(std::optional<PickHit> hit) {
  m_selected = hit;
  setHighlight();
  notifySelection();
}

void Viewer::notifySelection() {
  for (auto& p : m_panels) p->onSelectionChanged(*this);
}

void Viewer::highlightFeatures(std::size_t layer, const std::vector<std::size_t>& features) {
  m_selected = features.empty() ? std::nullopt : std::optional<PickHit>(PickHit{layer, features.front(), 0.0});
  m_map.renderer().setHighlight(features.empty() ? Buckets{} : highlightBuckets(*m_loaded.data[layer], features));
  m_map.sceneChanged();
}

void Viewer::log(LogLevel level, std::string text) {
  m_log.push_back({level, std::move(text), m_frame});
  m_fontDirty = true;  // messages may carry names (a file name in Chinese)
}

void Viewer::notify(std::string text) { log(LogLevel::Info, std::move(text)); }

double Viewer::framebufferScale() const {
  int ww = 0, fbw = 0, h = 0;
  glfwGetWindowSize(m_window, &ww, &h);
  glfwGetFramebufferSize(m_window, &fbw, &h);
  return ww > 0 ? double(fbw) / ww : 1.0;
}

void Viewer::handleInput() {
  ImGuiIO& io = ImGui::GetIO();
  const double fb = framebufferScale();
  Camera& cam = camera();
  for (const MouseEvent& e : m_input.take()) {
    const Vec2 px{e.pos.x * fb, e.pos.y * fb};
    switch (e.kind) {
      case MouseEvent::Kind::Press:
        // Grab semantics: the map point under the press stays under the cursor while dragging.
        if (e.button == GLFW_MOUSE_BUTTON_LEFT && !io.WantCaptureMouse) {
          m_dragAnchor = cam.screenToMap(px);
          m_pressAt = px;
        }
        break;
      case MouseEvent::Kind::Move:
      case MouseEvent::Kind::Release:
        if (m_dragAnchor) {
          const Vec2 under = cam.screenToMap(px);
          cam.setCenter({cam.center().x + m_dragAnchor->x - under.x, cam.center().y + m_dragAnchor->y - under.y});
        }
        if (e.kind == MouseEvent::Kind::Release && e.button == GLFW_MOUSE_BUTTON_LEFT && m_dragAnchor) {
          m_dragAnchor.reset();
          // A press and release within 3 px is a click: a panel's tool, else identify.
          if (std::hypot(px.x - m_pressAt.x, px.y - m_pressAt.y) <= 3.0) {
            bool consumed = false;
            for (auto& p : m_panels) {
              if (p->onMapClick(*this, px, cam.screenToMap(px))) {
                consumed = true;
                break;
              }
            }
            if (!consumed) select(pickAt(px));
          }
        }
        break;
      case MouseEvent::Kind::Wheel:
        if (!io.WantCaptureMouse) cam.zoomAt(px, std::pow(1.25, e.wheel));
        break;
      case MouseEvent::Kind::Key:
        if (!io.WantCaptureKeyboard) handleKey(e.button, e.mods);
        break;
    }
  }
  const Vec2 mouse{io.MousePos.x * fb, io.MousePos.y * fb};
  if (!io.WantCaptureMouse && !m_dragAnchor && (mouse.x != m_lastHoverPx.x || mouse.y != m_lastHoverPx.y)) {
    m_lastHoverPx = mouse;
    const std::optional<PickHit> hover = pickAt(mouse);
    const bool changed = hover.has_value() != m_hover.has_value() ||
                         (hover && (hover->layer != m_hover->layer || hover->feature != m_hover->feature));
    m_hover = hover;
    if (changed && !m_selected) setHighlight();
  }
  m_cursorPx = mouse;
}

void Viewer::handleKey(int key, int mods) {
  for (auto& p : m_panels) {
    if (p->onKey(*this, key, mods)) return;
  }
  Camera& cam = camera();
  const double step = 80.0;
  const Vec2 centre{cam.width() * 0.5, cam.height() * 0.5};
  switch (key) {
    case GLFW_KEY_LEFT: cam.panPixels(step, 0); break;
    case GLFW_KEY_RIGHT: cam.panPixels(-step, 0); break;
    case GLFW_KEY_UP: cam.panPixels(0, step); break;
    case GLFW_KEY_DOWN: cam.panPixels(0, -step); break;
    case GLFW_KEY_EQUAL:
    case GLFW_KEY_KP_ADD: cam.zoomAt(centre, 1.5); break;
    case GLFW_KEY_MINUS:
    case GLFW_KEY_KP_SUBTRACT: cam.zoomAt(centre, 1.0 / 1.5); break;
    case GLFW_KEY_ESCAPE:
      if (m_selected) select(std::nullopt);
      break;
    default: break;
  }
}

void Viewer::drawMenuBar() {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu(tr(kMenuView))) {
    for (auto& p : m_panels) {
      const char* title = p->title();
      if (title && *title) ImGui::MenuItem(title, nullptr, p->openFlag());
    }
    ImGui::Separator();
    bool labels = m_map.showLabels();
    if (ImGui::MenuItem(tr(Text::Labels), nullptr, &labels)) m_map.setShowLabels(labels);
    if (ImGui::MenuItem(tr(Text::FullExtent))) camera().fit(m_extent);
    ImGui::EndMenu();
  }
  for (auto& p : m_panels) p->drawMenu(*this);
  if (ImGui::BeginMenu(tr(kMenuLanguage))) {
    if (ImGui::MenuItem("中文", nullptr, language() == Language::Chinese)) setLanguage(Language::Chinese);
    if (ImGui::MenuItem("English", nullptr, language() == Language::English)) setLanguage(Language::English);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void Viewer::drawHoverTooltip() {
  if (!m_hover || m_selected || ImGui::GetIO().WantCaptureMouse) return;
  const LayerData& layer = *m_loaded.data[m_hover->layer];
  ImGui::BeginTooltip();
  ImGui::Text("%s", m_loaded.titles[m_hover->layer].c_str());
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name != "name") continue;
    const auto& attrs = layer.features[m_hover->feature].attributes;
    if (i < attrs.size()) ImGui::Text("%s", toDisplayString(attrs[i], layer.fields[i].type).c_str());
  }
  ImGui::EndTooltip();
}

void Viewer::drawUi() {
  if (!m_chromeHidden) drawMenuBar();
  ImDrawList* overlay = ImGui::GetBackgroundDrawList();
  for (auto& p : m_panels) p->drawMapOverlay(*this, overlay);
  for (auto& p : m_panels) p->update(*this);
  for (auto& p : m_panels) {
    if (p->open()) p->draw(*this);
  }
  if (!m_chromeHidden) drawHoverTooltip();
}

void Viewer::writeState() {
  if (m_cmd.stateFile.empty()) return;
  nlohmann::json s = {{"center", {camera().center().x, camera().center().y}},
                      {"units_per_pixel", camera().unitsPerPixel()},
                      {"viewport", {camera().width(), camera().height()}},
                      {"layers", m_map.renderer().layerCount()},
                      {"loading", m_job != nullptr},
                      {"labels_visible", m_map.labels().visibleCount()},
                      {"map_renders", m_map.mapRenders()},
                      {"triangles", m_map.frameStats().triangles},
                      {"language", language() == Language::Chinese ? "zh" : "en"},
                      {"error", m_error}};
  if (m_selected) {
    const LayerData& layer = *m_loaded.data[m_selected->layer];
    s["selected"] = {{"layer", layer.name}, {"fid", layer.features[m_selected->feature].fid}};
  }
  for (const auto& p : m_panels) p->writeState(*this, s);
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
  glfwWindowHint(GLFW_SAMPLES, 0);
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
