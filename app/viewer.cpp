// The map window: GLFW + Dear ImGui around the shared MapRenderer and LabelRenderer. Frame loop:
// poll, new frame, input, UI, draw map and labels, draw UI, swap. Loading, tessellation and the
// label atlas run in a LoadJob; nothing here blocks on I/O. Panels: layers (visibility,
// opacity, order, zoom to), identify (aliases, sensitive fields hidden until unlocked), status bar.
#include <glad/gl.h>
// glad first: GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <nlohmann/json.hpp>

#include "attribute_table.hpp"
#include "commands.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "layer_loading.hpp"
#include "load_job.hpp"
#include "map_input.hpp"
#include "map_renderer.hpp"
#include "crs_transform.hpp"
#include "label_renderer.hpp"
#include "map_annotations.hpp"
#include "map_view.hpp"
#include "offscreen_target.hpp"
#include "picking.hpp"
#include "project_meta.hpp"

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
      : m_window(window),
        m_cmd(cmd),
        m_input(input),
        m_toLonLat("EPSG:3857", "EPSG:4490"),
        m_toWgs84("EPSG:3857", "EPSG:4326") {
    std::vector<std::string> inputs = cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs;
    m_job = std::make_unique<LoadJob>(inputs, "EPSG:3857");
    if (isProject(inputs.front())) m_projectPath = inputs.front();
    m_inputs = inputs;
    rebuildFont();
  }

  void run() {
    while (true) {
      if (glfwWindowShouldClose(m_window)) {
        // Unsaved table edits: ask first (the prompt is drawn in drawUi).
        if (!m_table || !m_table->hasUnsavedChanges() || m_cmd.exitAfterFrames > 0) break;
        glfwSetWindowShouldClose(m_window, 0);
        m_closeRequested = true;
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
      m_camera.setViewport(std::max(fbw, 1), std::max(fbh, 1));
      drawMap();
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      glViewport(0, 0, fbw, fbh);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      glfwSwapBuffers(m_window);
      ++m_frame;
      writeState();
      if (m_cmd.exitAfterFrames > 0 && m_frame >= m_cmd.exitAfterFrames) glfwSetWindowShouldClose(m_window, 1);
    }
  }

 private:
  // The map is drawn into an offscreen target and copied to the window. While the view changes,
  // frames use a single-sampled target (llvmpipe draws 4x MSAA six times slower); once the view
  // has rested for 150 ms it is drawn once with 4x MSAA, and UI-only frames reuse that picture.
  void drawMap() {
    const int w = m_camera.width(), h = m_camera.height();
    if (!m_fast || m_fast->width() != w || m_fast->height() != h) {
      m_fast = std::make_unique<OffscreenTarget>(w, h, 0);
      m_quality = std::make_unique<OffscreenTarget>(w, h, 4);
      m_mapKey.clear();
    }
    const std::string key = mapKey();
    const auto now = std::chrono::steady_clock::now();
    const OffscreenTarget* shown = m_shown;
    if (key != m_mapKey) {
      m_mapKey = key;
      m_lastChange = now;
      m_qualityPending = true;
      renderMapInto(*m_fast);
      shown = m_fast.get();
    } else if (m_qualityPending && now - m_lastChange > std::chrono::milliseconds(150)) {
      m_qualityPending = false;
      renderMapInto(*m_quality);
      shown = m_quality.get();
    }
    m_shown = shown ? shown : m_fast.get();
    m_shown->blitTo(0);
  }

  void renderMapInto(const OffscreenTarget& target) {
    target.bind();
    const double scale = scaleDenominator(m_camera, m_toWgs84);
    m_scale = std::isfinite(scale) ? scale : 0.0;
    m_frameStats = m_renderer.draw(m_camera, rgba(0xf4, 0xf1, 0xea), m_scale);
    if (m_showLabels) m_labels.draw(m_camera);
    ++m_mapRenders;
  }

  // Everything the map picture depends on; a change redraws it.
  std::string mapKey() const {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.17g %.17g %.17g %d %d %d %zu %llu", m_camera.center().x, m_camera.center().y,
                  m_camera.unitsPerPixel(), m_camera.width(), m_camera.height(), m_showLabels ? 1 : 0,
                  m_renderer.layerCount(), static_cast<unsigned long long>(m_sceneVersion));
    return buf;
  }

  void rebuildFont() {
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
    if (m_table) {
      std::vector<std::string> table = m_table->glyphStrings();
      strings.insert(strings.end(), std::make_move_iterator(table.begin()), std::make_move_iterator(table.end()));
    }
    buildUiFont(strings, 18.0f);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  void pollLoad() {
    if (!m_job || !m_job->finished()) return;
    if (auto result = m_job->take()) {
      m_renderer.clearLayers();
      m_selected.reset();
      m_hover.reset();
      m_renderer.setHighlight(Buckets{});
      m_loaded = std::move(*result);
      Box all;
      for (const Buckets& b : m_loaded.buckets) {
        m_renderer.addLayer(b);
        all.expand(b.extent);
      }
      m_visible.assign(m_loaded.data.size(), true);
      m_opacity.clear();
      for (const Buckets& b : m_loaded.buckets) m_opacity.push_back(b.style.opacity);
      if (auto atlas = m_job->takeAtlas()) {
        m_labels.setCandidates(m_loaded.labels, std::move(*atlas));
      } else {
        m_labels.setCandidates(m_loaded.labels);
      }
      const bool first = m_extent.empty();
      m_extent = all;
      int fbw = 0, fbh = 0;
      glfwGetFramebufferSize(m_window, &fbw, &fbh);
      m_camera.setViewport(std::max(fbw, 1), std::max(fbh, 1));
      if (first) m_camera.fit(m_extent);
      if (!m_projectPath.empty() && !m_table) openTable("project_sites");
      ++m_sceneVersion;
      rebuildFont();
    } else {
      m_error = m_job->error();
      std::fprintf(stderr, "error: %s\n", m_error.c_str());
    }
    m_job.reset();
  }

  std::optional<PickHit> pickAt(Vec2 px) const {
    const auto hits = pick(m_loaded.data, m_camera, px, 4.0, m_visible);
    if (hits.empty()) return std::nullopt;
    return hits.front();
  }

  void setHighlight() {
    // The selection wins over the hover; both are tiny layers tessellated on demand.
    std::optional<PickHit> h = m_selected ? m_selected : m_hover;
    if (!h) {
      m_renderer.setHighlight(Buckets{});
      ++m_sceneVersion;
      return;
    }
    m_renderer.setHighlight(highlightBuckets(*m_loaded.data[h->layer], {h->feature}, !m_selected.has_value()));
    ++m_sceneVersion;
  }

  void handleInput() {
    ImGuiIO& io = ImGui::GetIO();
    const double fb = framebufferScale();
    for (const MouseEvent& e : m_input.take()) {
      const Vec2 px{e.pos.x * fb, e.pos.y * fb};
      switch (e.kind) {
        case MouseEvent::Kind::Press:
          // Grab semantics: the map point under the press stays under the cursor while dragging.
          if (e.button == GLFW_MOUSE_BUTTON_LEFT && !io.WantCaptureMouse) {
            m_dragAnchor = m_camera.screenToMap(px);
            m_pressAt = px;
          }
          break;
        case MouseEvent::Kind::Move:
        case MouseEvent::Kind::Release:
          if (m_dragAnchor) {
            const Vec2 under = m_camera.screenToMap(px);
            m_camera.setCenter(
                {m_camera.center().x + m_dragAnchor->x - under.x, m_camera.center().y + m_dragAnchor->y - under.y});
          }
          if (e.kind == MouseEvent::Kind::Release && e.button == GLFW_MOUSE_BUTTON_LEFT && m_dragAnchor) {
            m_dragAnchor.reset();
            // A press and release within 3 px is a click: identify.
            if (std::hypot(px.x - m_pressAt.x, px.y - m_pressAt.y) <= 3.0) {
              m_selected = pickAt(px);
              setHighlight();
              if (m_table && m_selected && m_loaded.data[m_selected->layer]->name == m_table->layer()) {
                m_table->setSelection({m_loaded.data[m_selected->layer]->features[m_selected->feature].fid});
              }
            }
          }
          break;
        case MouseEvent::Kind::Wheel:
          if (!io.WantCaptureMouse) m_camera.zoomAt(px, std::pow(1.25, e.wheel));
          break;
        case MouseEvent::Kind::Key:
          if (!io.WantCaptureKeyboard) handleKey(e.button);
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

  void handleKey(int key) {
    const double step = 80.0;
    const Vec2 centre{m_camera.width() * 0.5, m_camera.height() * 0.5};
    switch (key) {
      case GLFW_KEY_LEFT: m_camera.panPixels(step, 0); break;
      case GLFW_KEY_RIGHT: m_camera.panPixels(-step, 0); break;
      case GLFW_KEY_UP: m_camera.panPixels(0, step); break;
      case GLFW_KEY_DOWN: m_camera.panPixels(0, -step); break;
      case GLFW_KEY_EQUAL:
      case GLFW_KEY_KP_ADD: m_camera.zoomAt(centre, 1.5); break;
      case GLFW_KEY_MINUS:
      case GLFW_KEY_KP_SUBTRACT: m_camera.zoomAt(centre, 1.0 / 1.5); break;
      case GLFW_KEY_ESCAPE:
        if (m_selected) {
          m_selected.reset();
          setHighlight();
        }
        break;
      default: break;
    }
  }

  double framebufferScale() const {
    int ww = 0, fbw = 0, h = 0;
    glfwGetWindowSize(m_window, &ww, &h);
    glfwGetFramebufferSize(m_window, &fbw, &h);
    return ww > 0 ? double(fbw) / ww : 1.0;
  }

  void moveLayer(std::size_t from, std::size_t to) {
    m_renderer.moveLayer(from, to);
    ++m_sceneVersion;
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
  }

  void drawLayersPanel() {
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(300, 280), ImGuiCond_FirstUseEver);
    ImGui::Begin(tr(Text::Layers));
    if (m_job) {
      ImGui::TextUnformatted(tr(Text::Loading));
      ImGui::ProgressBar(m_job->progress());
    }
    if (!m_error.empty()) {
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", tr(Text::LoadFailed));
      ImGui::TextWrapped("%s", m_error.c_str());
    }
    // Top of the list = drawn last (on top), like every desktop GIS.
    for (std::size_t k = m_loaded.data.size(); k-- > 0;) {
      ImGui::PushID(static_cast<int>(k));
      bool visible = m_visible[k];
      if (ImGui::Checkbox("##visible", &visible)) {
        m_visible[k] = visible;
        m_renderer.setVisible(k, visible);
        ++m_sceneVersion;
      }
      ImGui::SameLine();
      const bool open = ImGui::TreeNode(m_loaded.titles[k].c_str());
      if (open) {
        ImGui::Text("%zu %s", m_loaded.data[k]->features.size(), tr(Text::Features));
        if (ImGui::SliderFloat(tr(Text::Opacity), &m_opacity[k], 0.0f, 1.0f, "%.2f")) {
          m_renderer.setOpacity(k, m_opacity[k]);
          ++m_sceneVersion;
        }
        if (ImGui::SmallButton(tr(Text::ZoomToLayer))) m_camera.fit(m_loaded.data[k]->extent);
        ImGui::SameLine();
        if (k + 1 < m_loaded.data.size() && ImGui::SmallButton(tr(Text::MoveUp))) {
          moveLayer(k, k + 1);
          ImGui::TreePop();
          ImGui::PopID();
          break;
        }
        ImGui::SameLine();
        if (k > 0 && ImGui::SmallButton(tr(Text::MoveDown))) {
          moveLayer(k, k - 1);
          ImGui::TreePop();
          ImGui::PopID();
          break;
        }
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
    ImGui::Separator();
    if (ImGui::Button(tr(Text::FullExtent))) m_camera.fit(m_extent);
    ImGui::SameLine();
    ImGui::Checkbox(tr(Text::Labels), &m_showLabels);
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::Language))) {
      setLanguage(language() == Language::Chinese ? Language::English : Language::Chinese);
    }
    ImGui::End();
  }

  void drawIdentifyPanel() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 370, vp->Pos.y + 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(360, 420), ImGuiCond_FirstUseEver);
    ImGui::Begin(tr(Text::Identify));
    if (!m_selected) {
      ImGui::TextDisabled("%s", tr(Text::NoSelection));
      ImGui::End();
      return;
    }
    const LayerData& layer = *m_loaded.data[m_selected->layer];
    const Feature& f = layer.features[m_selected->feature];
    ImGui::Text("%s  #%lld", m_loaded.titles[m_selected->layer].c_str(), static_cast<long long>(f.fid));
    bool anySensitive = false;
    if (ImGui::BeginTable("attributes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableSetupColumn(tr(Text::Field));
      ImGui::TableSetupColumn(tr(Text::Value));
      ImGui::TableHeadersRow();
      for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const std::string key = layer.name + "." + layer.fields[i].name;
        const auto alias = m_loaded.fieldAliases.find(key);
        const bool sensitive = m_loaded.sensitiveFields.count(key) > 0;
        anySensitive = anySensitive || sensitive;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(language() == Language::Chinese && alias != m_loaded.fieldAliases.end()
                                   ? alias->second.c_str()
                                   : layer.fields[i].name.c_str());
        ImGui::TableNextColumn();
        if (sensitive && !m_showSensitive) {
          ImGui::TextDisabled("%s", tr(Text::Hidden));
        } else {
          const std::string v = i < f.attributes.size() ? toDisplayString(f.attributes[i], layer.fields[i].type) : "";
          ImGui::TextWrapped("%s", v.c_str());
        }
      }
      ImGui::EndTable();
    }
    if (anySensitive) {
      ImGui::Checkbox(tr(Text::ShowSensitive), &m_showSensitive);
      if (m_showSensitive) ImGui::TextColored(ImVec4(0.75f, 0.2f, 0.1f, 1), "%s", tr(Text::SensitiveWarning));
    }
    ImGui::End();
  }

  void drawStatusBar() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - 30));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, 30));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const Vec2 map = m_camera.screenToMap(m_cursorPx);
    const Vec2 ll = m_toLonLat.forward(map);
    ImGui::Text("%s: %.6f, %.6f    %s: %.1f, %.1f (EPSG:3857)    %s 1:%.0f", tr(Text::LonLat), ll.x, ll.y,
                tr(Text::MapCoordinates), map.x, map.y, tr(Text::Scale), m_scale);
    ImGui::End();
  }

  void openTable(const std::string& layer) {
    try {
      m_table = std::make_unique<AttributeTable>(m_projectPath, layer);
    } catch (const std::exception& e) {
      m_table.reset();
      m_error = e.what();
    }
  }

  // Selection made in the table, shown on the map (the first selected row is identified).
  void syncTableSelection() {
    if (!m_table || !m_table->takeSelectionChanged()) return;
    const std::set<std::int64_t> ids = m_table->selection();
    for (std::size_t li = 0; li < m_loaded.data.size(); ++li) {
      const LayerData& layer = *m_loaded.data[li];
      if (layer.name != m_table->layer()) continue;
      std::vector<std::size_t> picked;
      for (std::size_t i = 0; i < layer.features.size(); ++i) {
        if (ids.count(layer.features[i].fid)) picked.push_back(i);
      }
      m_selected = picked.empty() ? std::nullopt : std::optional<PickHit>(PickHit{li, picked.front(), 0.0});
      m_renderer.setHighlight(picked.empty() ? Buckets{} : highlightBuckets(layer, picked));
      ++m_sceneVersion;
    }
  }

  void drawTablePanel() {
    if (!m_table && m_projectPath.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 10, vp->Pos.y + vp->Size.y - 440), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.62f, 400), ImGuiCond_FirstUseEver);
    ImGui::Begin(tr(Text::AttributeTable));
    static const char* const kLayers[] = {"project_sites", "scenic_routes", "townships", "villages", "work_teams",
                                          "households"};
    ImGui::SetNextItemWidth(200);
    if (ImGui::BeginCombo(tr(Text::Layer), m_table ? m_table->layer().c_str() : "")) {
      for (const char* name : kLayers) {
        if (ImGui::Selectable(name, m_table && m_table->layer() == name) && !(m_table && m_table->hasUnsavedChanges())) {
          openTable(name);
          rebuildFontNextFrame();
        }
      }
      ImGui::EndCombo();
    }
    if (m_table) {
      m_table->setShowSensitive(m_showSensitive);
      m_table->draw();
      // A save landed: reload the map so styles, labels and identify show the new values.
      const bool edits = m_table->hasUnsavedChanges();
      if (m_tableHadEdits && !edits && !m_job) m_job = std::make_unique<LoadJob>(m_inputs, "EPSG:3857");
      m_tableHadEdits = edits;
    }
    ImGui::End();
    syncTableSelection();
  }

  void drawClosePrompt() {
    if (m_closeRequested) {
      ImGui::OpenPopup("##close");
      m_closeRequested = false;
    }
    if (!ImGui::BeginPopupModal("##close", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(tr(Text::CloseWithUnsaved));
    if (ImGui::Button(tr(Text::SaveAndClose))) {
      std::string error;
      const char* user = std::getenv("USER");
      if (m_table->save(user ? user : "zhenmap", tr(Text::SaveAndClose), error)) {
        glfwSetWindowShouldClose(m_window, 1);
      } else {
        m_error = error;
      }
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::DiscardAndClose))) {
      m_table->discard();
      glfwSetWindowShouldClose(m_window, 1);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::Cancel))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  void rebuildFontNextFrame() { m_fontDirty = true; }

  void drawUi() {
    drawLayersPanel();
    drawTablePanel();
    drawClosePrompt();
    drawIdentifyPanel();
    drawStatusBar();
    if (m_hover && !m_selected && !ImGui::GetIO().WantCaptureMouse) {
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
  }

  void writeState() {
    if (m_cmd.stateFile.empty()) return;
    nlohmann::json s = {{"center", {m_camera.center().x, m_camera.center().y}},
                        {"units_per_pixel", m_camera.unitsPerPixel()},
                        {"viewport", {m_camera.width(), m_camera.height()}},
                        {"layers", m_renderer.layerCount()},
                        {"loading", m_job != nullptr},
                        {"labels_visible", m_labels.visibleCount()},
                        {"map_renders", m_mapRenders},
                        {"triangles", m_frameStats.triangles},
                        {"language", language() == Language::Chinese ? "zh" : "en"},
                        {"error", m_error}};
    if (m_table) {
      s["table"] = {{"layer", m_table->layer()},
                    {"rows", m_table->rowCount()},
                    {"visible_rows", m_table->visibleRowCount()},
                    {"unsaved", m_table->hasUnsavedChanges()},
                    {"selection", m_table->selection()}};
    }
    if (m_selected) {
      const LayerData& layer = *m_loaded.data[m_selected->layer];
      s["selected"] = {{"layer", layer.name}, {"fid", layer.features[m_selected->feature].fid}};
    }
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
  CrsTransform m_toLonLat;  // status bar: CGCS2000 lon/lat
  CrsTransform m_toWgs84;   // scale: geodesic on WGS 84
  MapRenderer m_renderer;
  LabelRenderer m_labels;
  Camera m_camera;
  std::unique_ptr<LoadJob> m_job;
  LoadedLayers m_loaded;
  std::vector<bool> m_visible;
  std::vector<float> m_opacity;
  std::optional<PickHit> m_selected;
  std::optional<PickHit> m_hover;
  Box m_extent;
  Vec2 m_cursorPx;
  Vec2 m_pressAt;
  Vec2 m_lastHoverPx{-1, -1};
  std::optional<Vec2> m_dragAnchor;  // map point grabbed by the left button
  double m_scale = 0.0;
  std::vector<std::string> m_inputs;
  std::string m_projectPath;  // the first input when it is a zhenmap project ("" otherwise)
  std::unique_ptr<AttributeTable> m_table;
  bool m_tableHadEdits = false;
  bool m_closeRequested = false;
  bool m_fontDirty = false;
  std::unique_ptr<OffscreenTarget> m_fast;     // single-sampled: frames while the view moves
  std::unique_ptr<OffscreenTarget> m_quality;  // 4x MSAA: the resting view
  const OffscreenTarget* m_shown = nullptr;
  std::string m_mapKey;
  std::chrono::steady_clock::time_point m_lastChange;
  bool m_qualityPending = false;
  std::uint64_t m_sceneVersion = 0;  // bumped by visibility, opacity, order and highlight changes
  std::uint64_t m_mapRenders = 0;
  FrameStats m_frameStats;
  bool m_showLabels = true;
  bool m_showSensitive = false;
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
