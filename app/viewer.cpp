// The map window: GLFW + Dear ImGui around the map view (map_view_widget.hpp). Frame loop: poll,
// new frame, input, UI, draw map, draw UI, swap. Loading, tessellation and the label atlas run in
// a LoadJob; nothing here blocks on I/O. The panels live in panel_*.cpp (see viewer.hpp); this
// file holds the loop, loading, selection and the menu bar; viewer_main.cpp makes the window and
// viewer_state.cpp writes the --state-file test hook.
#include "viewer.hpp"

#include <glad/gl.h>
// glad first: GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>

#include "fonts.hpp"
#include "i18n.hpp"
#include "label_renderer.hpp"
#include "map_annotations.hpp"
#include "store/pg_connection.hpp"
#include "store/redact.hpp"
#include "tessellator.hpp"

namespace zhenmap {

namespace {
const UiText kMenuView{"视图", "View"};
const UiText kMenuLanguage{"语言", "Language"};
const UiText kMenuFile{"文件", "File"};
const UiText kAddLayer{"添加图层…", "Add layer…"};
const UiText kOpenProject{"打开项目…", "Open project…"};
const UiText kRecentProjects{"最近的项目", "Recent projects"};
const UiText kQuit{"退出", "Quit"};
const UiText kChooseLayer{"添加图层", "Add layer"};
const UiText kChooseProject{"打开项目", "Open project"};
ZHENMAP_UI_TEXTS(kMenuView, kMenuLanguage, kMenuFile, kAddLayer, kOpenProject, kRecentProjects, kQuit, kChooseLayer,
                 kChooseProject)
}  // namespace

std::vector<PanelFactory>& panelFactories() {
  static std::vector<PanelFactory> factories;
  return factories;
}

Viewer::Viewer(GLFWwindow* window, const ViewerCommand& cmd, MapInput& input, Settings& settings, JobQueue& jobs,
               EarlyLoad early)
    : m_window(window),
      m_cmd(cmd),
      m_input(input),
      m_settings(settings),
      m_jobs(jobs),
      m_toLonLat("EPSG:3857", "EPSG:4490") {
  m_inputs = cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs;
  m_stackToken = layers().subscribe([this](const LayerEvent& e) { onLayerEvent(e); });
  if (early.job != 0) {
    m_loadJob = early.job;
    m_early = std::move(early.result);
    m_loadingWhat = store::displayName(m_inputs.front(), false);
  } else {
    startLoad(m_inputs);
  }
  // A project file (not a server address: it may carry a password) joins the recent projects.
  if (Project::looksLikeProjectFile(m_inputs.front())) m_settings.addRecentProject(m_inputs.front());
  m_pendingDrops = cmd.dropFiles;
  if (m_settings.dockSizes.size() == 4) {
    m_dock.sizes() = {m_settings.dockSizes[0], m_settings.dockSizes[1], m_settings.dockSizes[2], m_settings.dockSizes[3]};
  }
  for (PanelFactory f : panelFactories()) m_panels.push_back(f());
  std::stable_sort(m_panels.begin(), m_panels.end(), [](const auto& a, const auto& b) { return a->order() < b->order(); });
  rebuildFont();
}

Viewer::~Viewer() {
  const DockSizes& d = m_dock.sizes();
  m_settings.dockSizes = {d.left, d.leftBottom, d.right, d.bottom};  // saved with the window's place
  // Jobs whose results would call back into this Viewer are dropped with it.
  m_jobs.cancelAll();
  m_streams.clear();
  m_retiredStreams.clear();
}

void Viewer::run() {
  double frameStart = 0.0;
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
    // Xvfb and llvmpipe have no vsync: at most ~60 frames a second (15 while the first load runs
    // and only its progress moves), so that an idle window leaves the cores to the loading
    // workers and llvmpipe. Input wakes it at once.
    const double wait = frameStart + (m_loadJob && layers().empty() ? 1.0 / 15.0 : 1.0 / 60.0) - glfwGetTime();
    if (wait > 0.0) {
      glfwWaitEventsTimeout(wait);
    } else {
      glfwPollEvents();
    }
    frameStart = glfwGetTime();
    if (m_firstLoopAt == 0.0) m_firstLoopAt = secondsSinceStart();
    if (!m_warmedUp && m_loadJob) {
      m_warmedUp = true;  // the UI thread waits for the data anyway: compile llvmpipe's variants now
      m_map.renderer().warmUp();
    }
    m_jobs.deliver();  // finished jobs' results, on this thread
    takeEarlyLoad();
    pollStreams();
    pollLabels();
    logLaunchTiming();
    handleDrops();
    dropStaleHits();
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
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fbw, fbh);
    glClearColor(0.94f, 0.94f, 0.94f, 1.0f);  // under the panels' frames
    glClear(GL_COLOR_BUFFER_BIT);
    bool drawn = false;
    for (auto& p : m_panels) drawn = drawn || p->drawMap(*this, fbw, fbh);
    if (!drawn) {
      updateMapRect(fbw, fbh);
      if (m_fitPending) {
        m_fitPending = false;
        camera().setViewport(m_mapRect[2], m_mapRect[3]);
        camera().fit(m_extent);
      }
      m_map.draw(m_mapRect[0], m_mapRect[1], m_mapRect[2], m_mapRect[3], fbh);
    } else {
      m_mapRect = {0, 0, std::max(camera().width(), 1), std::max(camera().height(), 1)};
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fbw, fbh);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(m_window);
    ++m_frame;
    if (m_firstFullFrameNs == 0 && !m_loadJob && !layers().empty() && m_addJobs.empty()) {
      glFinish();  // the frame is on screen, not just queued (bench/bench_launch.sh)
      m_firstFullFrameNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    }
    writeState();
    if (m_cmd.exitAfterFrames > 0 && m_frame >= m_cmd.exitAfterFrames) glfwSetWindowShouldClose(m_window, 1);
  }
}

void Viewer::drawDocked() {
  std::array<std::vector<Panel*>, 5> regions;
  std::array<bool, 5> used{};
  for (auto& p : m_panels) {
    const int r = static_cast<int>(p->dock());
    if (p->dock() == Dock::Floating || !p->open() || !p->title() || !*p->title()) continue;
    regions[static_cast<std::size_t>(r)].push_back(p.get());
    used[static_cast<std::size_t>(r)] = true;
  }
  const float menu = ImGui::GetFrameHeight();  // the main menu bar
  const float status = 30.0f;                  // status_bar.cpp
  m_dock.layout(menu, status, used);
  for (Dock d : {Dock::Left, Dock::LeftBottom, Dock::Right, Dock::Bottom}) {
    m_dock.drawRegion(d, regions[static_cast<std::size_t>(d)], *this);
  }
  m_dock.drawSplitters();
}

bool Viewer::beginPanel(Panel& panel, const std::string& name, int flags) {
  if (panel.dock() != Dock::Floating && !m_chromeHidden) return true;  // inside its tab already
  return ImGui::Begin(name.c_str(), panel.openFlag(), flags);
}

void Viewer::endPanel(Panel& panel) {
  if (panel.dock() != Dock::Floating && !m_chromeHidden) return;
  ImGui::End();
}

void Viewer::focusPanel(Panel& panel) {
  panel.setOpen(true);
  m_dock.focus(&panel);
}

void Viewer::markWidget(const std::string& id) {
  if (m_cmd.stateFile.empty()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  m_widgets[id] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

void Viewer::confirmClose() {
  m_closeConfirmed = true;
  glfwSetWindowShouldClose(m_window, 1);
}

void Viewer::rebuildFont() {
  std::vector<std::string> strings = allUiStrings();
  for (std::size_t i = 0; i < layers().size(); ++i) strings.push_back(layers().at(i).title);
  for (const auto& [key, alias] : fieldAliases()) strings.push_back(alias);
  // Attribute text shown in the identify panel: every text value of every layer.
  for (std::size_t i = 0; i < layers().size(); ++i) {
    const LayerData* layer = layers().at(i).data.get();
    for (const FieldDef& f : layer->fields) strings.push_back(f.name);
    for (const Feature& f : layer->features) {
      for (const AttributeValue& v : f.attributes) {
        if (const auto* t = std::get_if<std::string>(&v)) strings.push_back(*t);
      }
    }
  }
  for (const auto& p : m_panels) p->glyphStrings(*this, strings);
  for (const LogEntry& e : m_log) strings.push_back(e.text);
  // The file browser shows folder and file names (often Chinese).
  strings.push_back(m_fileDialog.directory());
  for (std::string& n : m_fileDialog.entryNames()) strings.push_back(std::move(n));
  for (const std::string& p : m_settings.recentProjects()) strings.push_back(p);
  buildUiFont(strings, 18.0f * uiScale(m_window));
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// The early load's result once its job delivered it (or its failure).
void Viewer::takeEarlyLoad() {
  if (!m_early) return;
  if (m_early->load) {
    DocumentLoad load = std::move(*m_early->load);
    m_early.reset();
    applyLoad(std::move(load));
  } else if (m_early->error) {
    const std::string error = *m_early->error;
    m_early.reset();
    loadFailed(error);
  }
}

void Viewer::updateMapRect(int fbw, int fbh) {
  const double fb = framebufferScale();
  const std::array<float, 4> c = m_dock.center();
  if (m_chromeHidden || c[2] <= 0 || c[3] <= 0) {
    m_mapRect = {0, 0, std::max(fbw, 1), std::max(fbh, 1)};
    return;
  }
  const int x = static_cast<int>(std::lround(c[0] * fb)), y = static_cast<int>(std::lround(c[1] * fb));
  const int w = static_cast<int>(std::lround(c[2] * fb)), h = static_cast<int>(std::lround(c[3] * fb));
  m_mapRect = {x, y, std::clamp(w, 1, std::max(fbw - x, 1)), std::clamp(h, 1, std::max(fbh - y, 1))};
}

std::optional<FeatureRef> Viewer::pickAt(Vec2 px) const {
  const auto hits = pick(layers().dataList(), camera(), toMapView(px), 4.0, layers().visibility());
  if (hits.empty()) return std::nullopt;
  return FeatureRef{layers().at(hits.front().layer).id, hits.front().feature};
}

const MapLayer* Viewer::layerOf(const std::optional<FeatureRef>& ref) const {
  if (!ref) return nullptr;
  const MapLayer* layer = layers().find(ref->layer);
  return layer && ref->feature < layer->data->features.size() ? layer : nullptr;
}

const Feature* Viewer::featureOf(const std::optional<FeatureRef>& ref) const {
  const MapLayer* layer = layerOf(ref);
  return layer ? &layer->data->features[ref->feature] : nullptr;
}

void Viewer::setHighlight() {
  // The selection wins over the hover; both are tiny layers tessellated on demand.
  const std::optional<FeatureRef>& h = m_selected ? m_selected : m_hover;
  const MapLayer* layer = layerOf(h);
  if (!layer) {
    m_map.renderer().setHighlight(Buckets{});
  } else {
    m_map.renderer().setHighlight(highlightBuckets(*layer->data, {h->feature}, !m_selected.has_value()));
  }
  m_map.sceneChanged();
}

// A layer replaced since the last frame (a streamed view, a reload) may hold fewer features: a
// selection or hover that no longer points at a feature is dropped before any panel reads it.
void Viewer::dropStaleHits() {
  if (m_hover && !layerOf(m_hover)) m_hover.reset();
  if (m_selected && !layerOf(m_selected)) select(std::nullopt);
}

void Viewer::select(std::optional<FeatureRef> hit) {
  m_selected = layerOf(hit) ? hit : std::nullopt;
  setHighlight();
  notifySelection();
}

void Viewer::notifySelection() {
  for (auto& p : m_panels) p->onSelectionChanged(*this);
}

void Viewer::highlightFeatures(LayerId layer, const std::vector<std::size_t>& features) {
  const MapLayer* l = layers().find(layer);
  m_selected = features.empty() || !l ? std::nullopt : std::optional<FeatureRef>(FeatureRef{layer, features.front()});
  m_map.renderer().setHighlight(m_selected ? highlightBuckets(*l->data, features) : Buckets{});
  m_map.sceneChanged();
}

void Viewer::log(LogLevel level, std::string text) {
  text = store::redactSecrets(text);  // a server address in a message may carry a password
  if (level != LogLevel::Info) std::fprintf(stderr, "%s: %s\n", level == LogLevel::Error ? "error" : "warning", text.c_str());
  m_log.push_back({level, std::move(text), m_frame});
  m_fontDirty = true;  // messages may carry names (a file name in Chinese)
}

void Viewer::notify(std::string text, LogLevel level) {
  text = store::redactSecrets(text);  // notices are on screen: no server password
  m_toasts.push_back({text, std::chrono::steady_clock::now(), level == LogLevel::Error});
  while (m_toasts.size() > 4) m_toasts.pop_front();
  log(level, std::move(text));
}

std::array<int, 2> Viewer::windowSize() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(m_window, &w, &h);
  return {w, h};
}

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
        if (e.button == GLFW_MOUSE_BUTTON_LEFT && !io.WantCaptureMouse && (e.mods & GLFW_MOD_SHIFT)) {
          m_boxStart = px;  // Shift + drag: zoom box
          m_boxEnd = px;
        } else if (e.button == GLFW_MOUSE_BUTTON_LEFT && !io.WantCaptureMouse) {
          // Grab semantics: the map point under the press stays under the cursor while dragging.
          m_dragAnchor = cam.screenToMap(toMapView(px));
          m_pressAt = px;
        }
        break;
      case MouseEvent::Kind::Move:
      case MouseEvent::Kind::Release:
        if (m_boxStart) {
          m_boxEnd = px;
          if (e.kind == MouseEvent::Kind::Release && e.button == GLFW_MOUSE_BUTTON_LEFT) {
            // A box of a few pixels is a slip of the hand, not a zoom.
            if (std::abs(m_boxEnd.x - m_boxStart->x) > 4 && std::abs(m_boxEnd.y - m_boxStart->y) > 4) {
              Box box;
              box.expand(cam.screenToMap(toMapView(*m_boxStart)));
              box.expand(cam.screenToMap(toMapView(m_boxEnd)));
              cam.fit(box, 0.0);
            }
            m_boxStart.reset();
          }
          break;
        }
        if (m_dragAnchor) {
          const Vec2 under = cam.screenToMap(toMapView(px));
          cam.setCenter({cam.center().x + m_dragAnchor->x - under.x, cam.center().y + m_dragAnchor->y - under.y});
        }
        if (e.kind == MouseEvent::Kind::Release && e.button == GLFW_MOUSE_BUTTON_LEFT && m_dragAnchor) {
          m_dragAnchor.reset();
          // A press and release within 3 px is a click: a panel's tool, else identify.
          if (std::hypot(px.x - m_pressAt.x, px.y - m_pressAt.y) <= 3.0) {
            bool consumed = false;
            for (auto& p : m_panels) {
              if (p->onMapClick(*this, px, cam.screenToMap(toMapView(px)))) {
                consumed = true;
                break;
              }
            }
            if (!consumed) select(pickAt(px));
          }
        }
        break;
      case MouseEvent::Kind::Wheel:
        if (!io.WantCaptureMouse) cam.zoomAt(toMapView(px), std::pow(1.25, e.wheel));
        break;
      case MouseEvent::Kind::Key:
        if (!io.WantCaptureKeyboard) handleKey(e.button, e.mods);
        break;
    }
  }
  const Vec2 mouse{io.MousePos.x * fb, io.MousePos.y * fb};
  // No hover highlight in presentation mode (m_chromeHidden).
  if (!m_chromeHidden && !io.WantCaptureMouse && !m_dragAnchor && !m_boxStart &&
      (mouse.x != m_lastHoverPx.x || mouse.y != m_lastHoverPx.y)) {
    m_lastHoverPx = mouse;
    const std::optional<FeatureRef> hover = pickAt(mouse);
    const bool changed = hover != m_hover;
    m_hover = hover;
    if (changed && !m_selected) setHighlight();
  }
  m_cursorPx = mouse;
}

void Viewer::handleKey(int key, int mods) {
  for (auto& p : m_panels) {
    if (p->onKey(*this, key, mods)) return;
  }
  if ((mods & GLFW_MOD_CONTROL) && key == GLFW_KEY_O) {
    browseForLayers();
    return;
  }
  if ((mods & GLFW_MOD_CONTROL) && key == GLFW_KEY_Q) {
    glfwSetWindowShouldClose(m_window, 1);  // the same path as the window's close button
    return;
  }
  if (mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT)) return;  // not plain navigation
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

void Viewer::browseForLayers() {
  m_browseFor = BrowseFor::Layers;
  std::string dir = m_settings.lastFolder;
  if (dir.empty() && !projectPath().empty()) dir = std::filesystem::path(projectPath()).parent_path().string();
  m_fileDialog.open(dir);
}

void Viewer::drawFileMenu() {
  if (!ImGui::BeginMenu(tr(kMenuFile))) return;
  if (ImGui::MenuItem(tr(kAddLayer), "Ctrl+O")) browseForLayers();
  if (ImGui::MenuItem(tr(kOpenProject))) {
    m_browseFor = BrowseFor::Project;
    m_fileDialog.open(m_settings.lastFolder);
  }
  if (ImGui::BeginMenu(tr(kRecentProjects), !m_settings.recentProjects().empty())) {
    const std::vector<std::string> recent = m_settings.recentProjects();
    for (const std::string& p : recent) {
      if (ImGui::MenuItem(p.c_str(), nullptr, p == projectPath())) openProject(p);
    }
    ImGui::EndMenu();
  }
  ImGui::Separator();
  if (ImGui::MenuItem(tr(kQuit), "Ctrl+Q")) glfwSetWindowShouldClose(m_window, 1);
  ImGui::EndMenu();
}

void Viewer::drawMenuBar() {
  if (!ImGui::BeginMainMenuBar()) return;
  drawFileMenu();
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
  const MapLayer* hovered = layerOf(m_hover);
  if (!hovered || m_selected || m_boxStart || ImGui::GetIO().WantCaptureMouse) return;
  const LayerData& layer = *hovered->data;
  ImGui::BeginTooltip();
  ImGui::Text("%s", hovered->title.c_str());
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name != "name") continue;
    const auto& attrs = layer.features[m_hover->feature].attributes;
    if (i < attrs.size()) ImGui::Text("%s", toDisplayString(attrs[i], layer.fields[i].type).c_str());
  }
  ImGui::EndTooltip();
}

// Short notices in the bottom right corner for four seconds; the log keeps them.
void Viewer::drawToasts() {
  const auto now = std::chrono::steady_clock::now();
  while (!m_toasts.empty() && now - m_toasts.front().shown > std::chrono::seconds(4)) m_toasts.pop_front();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  float y = vp->Pos.y + vp->Size.y - 40;
  int n = 0;
  for (auto it = m_toasts.rbegin(); it != m_toasts.rend(); ++it, ++n) {
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 16, y), ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.92f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, it->error ? ImVec4(0.98f, 0.86f, 0.86f, 1) : ImVec4(0.95f, 0.95f, 0.85f, 1));
    const std::string id = "##toast" + std::to_string(n);
    ImGui::Begin(id.c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextUnformatted(it->text.c_str());
    ImGui::PopTextWrapPos();
    y -= ImGui::GetWindowHeight() + 6;
    ImGui::End();
    ImGui::PopStyleColor();
  }
}

void Viewer::drawZoomBox() {
  if (!m_boxStart) return;
  const double fb = framebufferScale();
  const ImVec2 a(static_cast<float>(m_boxStart->x / fb), static_cast<float>(m_boxStart->y / fb));
  const ImVec2 b(static_cast<float>(m_boxEnd.x / fb), static_cast<float>(m_boxEnd.y / fb));
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  dl->AddRectFilled(ImVec2(std::min(a.x, b.x), std::min(a.y, b.y)), ImVec2(std::max(a.x, b.x), std::max(a.y, b.y)),
                    IM_COL32(30, 100, 220, 40));
  dl->AddRect(ImVec2(std::min(a.x, b.x), std::min(a.y, b.y)), ImVec2(std::max(a.x, b.x), std::max(a.y, b.y)),
              IM_COL32(30, 100, 220, 255), 0, 0, 1.5f);
}

void Viewer::drawUi() {
  m_widgets.clear();  // before the menu bar: its menus mark widgets too
  if (!m_chromeHidden) drawMenuBar();
  ImDrawList* overlay = ImGui::GetBackgroundDrawList();
  for (auto& p : m_panels) p->drawMapOverlay(*this, overlay);
  drawZoomBox();
  for (auto& p : m_panels) p->update(*this);
  if (!m_chromeHidden) drawDocked();
  for (auto& p : m_panels) {
    if (p->open() && (p->dock() == Dock::Floating || m_chromeHidden)) p->draw(*this);
  }
  if (!m_chromeHidden) drawHoverTooltip();
  drawToasts();
  measureMapArea();
  if (m_fileDialog.takeListingChanged()) m_fontDirty = true;
  const char* title = tr(m_browseFor == BrowseFor::Layers ? kChooseLayer : kChooseProject);
  if (auto chosen = m_fileDialog.draw(title)) {
    m_settings.lastFolder = m_fileDialog.directory();
    if (m_browseFor == BrowseFor::Layers) {
      addFiles({*chosen});
    } else {
      openProject(*chosen);
    }
  }
}

}  // namespace zhenmap
