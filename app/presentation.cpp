// Presentation mode: slides, flights, the live editor; see presentation.hpp.
#define GLFW_INCLUDE_NONE
#include "presentation.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "corridor_progress.hpp"
#include "expression.hpp"
#include "feature_update.hpp"
#include "i18n.hpp"
#include "ui_widgets.hpp"
#include "label_renderer.hpp"
#include "map_view.hpp"
#include "presentation_texts.hpp"
#include "store/meeting_store.hpp"
#include "store/stats.hpp"

namespace zhenmap {

using namespace presentation_text;
ZHENMAP_UI_TEXTS(kNotes, kNeedsProject, kLiveReason, kPendingTableEdits, kLiveEdit, kRoute, kBuiltKm, kProjectSite,
                 kCommit, kCancelEdit, kDashboard, kScale, kProgressSince, kShowSince, kRouteLower, kProjectLower,
                 kInMeeting, kFilterFailed, kChartKinds, kChartTownships, kChartProjects, kChartHouseholds,
                 kStatusPlanned, kStatusStarted, kStatusCompleted, kKindScenicBelt, kKindFacade, kKindGreenway,
                 kProgCounty, kProgTown, kProgIndustry, kProgService, kProgOther)

namespace {

double numberAt(const LayerData& layer, const Feature& f, const std::string& field) {
  const auto i = findField(layer, field);
  if (!i || *i >= f.attributes.size()) return 0.0;
  if (const auto* d = std::get_if<double>(&f.attributes[*i])) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&f.attributes[*i])) return static_cast<double>(*n);
  return 0.0;
}

std::string textAt(const LayerData& layer, const Feature& f, const std::string& field) {
  const auto i = findField(layer, field);
  if (!i || *i >= f.attributes.size()) return {};
  if (const auto* s = std::get_if<std::string>(&f.attributes[*i])) return *s;
  return {};
}

double fbScale(const Viewer& v) {
  int w = 0, fw = 0, h = 0;
  glfwGetWindowSize(v.window(), &w, &h);
  glfwGetFramebufferSize(v.window(), &fw, &h);
  return w > 0 ? static_cast<double>(fw) / w : 1.0;
}

}  // namespace

void PresentationPanel::glyphStrings(const Viewer&, std::vector<std::string>& out) const {
  out.emplace_back(
      "放映模式幻灯片演讲者备注仪表板已建规划未建实线虚线户公里项目状态提交取消显示比例自从以来变化进度"
      "监测按乡镇类型风貌带立面改造绿道规划中已开工已完工高中低风险上一页下一页退出筛选清除日期查看"
      "现场更新失败成功线路项目点类别县级库美丽圩产业帮扶公共服务其他0123456789./km-:：，（）()→");
  if (!m_meeting) return;
  for (const auto& s : m_meeting->slides) {
    out.push_back(s.title);
    out.push_back(s.notes);
  }
  for (const auto& c : m_charts) {
    for (const auto& b : c.bars) out.push_back(b.label);
  }
}

bool PresentationPanel::onKey(Viewer& v, int key, int) {
  if (!m_active) {
    if (key != GLFW_KEY_F5) return false;
    enter(v);
    return true;
  }
  switch (key) {
    case GLFW_KEY_ESCAPE:
      if (m_edit) {
        m_edit.reset();
      } else {
        leave(v);
      }
      return true;
    case GLFW_KEY_PAGE_DOWN:
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_DOWN:
    case GLFW_KEY_SPACE:
      goTo(v, m_slide + 1);
      return true;
    case GLFW_KEY_PAGE_UP:
    case GLFW_KEY_LEFT:
    case GLFW_KEY_UP:
      goTo(v, m_slide - 1);
      return true;
    case GLFW_KEY_N:
      m_showNotes = !m_showNotes;
      return true;
    case GLFW_KEY_D:
      m_showDashboard = !m_showDashboard;
      return true;
    case GLFW_KEY_F5:
      return true;
    default:
      return false;
  }
}

const LayerData* PresentationPanel::layerNamed(const std::string& name) const {
  if (!m_meeting) return nullptr;
  const auto it = m_meeting->layers.find(name);
  return it == m_meeting->layers.end() ? nullptr : it->second.get();
}

const LayerData* PresentationPanel::progressLayer() const {
  if (!m_meeting) return nullptr;
  for (const auto& [name, layer] : m_meeting->layers) {
    const auto style = m_meeting->styles.find(name);
    if (style != m_meeting->styles.end() && style->second.hasProgress() && findField(*layer, style->second.builtField))
      return layer.get();
  }
  return nullptr;
}

// Identify is off in presentation (households must never show attributes): only routes with
// progress and project sites can be picked, for the live editor.
bool PresentationPanel::onMapClick(Viewer& v, Vec2 px, Vec2) {
  if (!m_active) return false;
  m_edit.reset();
  // A route near the click wins over a site under it (routes are what meetings update).
  const LayerData* routes = progressLayer();
  const LayerData* sites = layerNamed("project_sites");
  const LayerData* hitLayer = nullptr;
  std::size_t hitFeature = 0;
  for (const LayerData* l : {routes, sites}) {
    if (!l || hitLayer) continue;
    const auto hits = pick({m_meeting->layers.at(l->name)}, v.camera(), px, l == routes ? 10.0 : 4.0);
    if (hits.empty()) continue;
    hitLayer = l;
    hitFeature = hits.front().feature;
  }
  if (!hitLayer) return true;
  const LayerData& layer = *hitLayer;
  const Feature& f = layer.features[hitFeature];
  Edit e;
  e.layer = layer.name;
  e.fid = f.fid;
  if (&layer == routes) {
    const LayerStyle& style = m_meeting->styles.at(layer.name);
    e.builtKm = numberAt(layer, f, style.builtField);
    e.plannedKm = numberAt(layer, f, style.plannedField);
  } else {
    e.status = textAt(layer, f, "status");
  }
  m_edit = std::move(e);
  return true;
}

int PresentationPanel::mapWidthFb(const Viewer& v) const {
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(v.window(), &fbw, &fbh);
  const int dash = static_cast<int>(std::lround(dashboardWidth() * fbScale(v)));
  return std::max(fbw - dash, 1);
}

void PresentationPanel::enter(Viewer& v) {
  m_error.clear();
  if (!v.project().hasStore()) {
    v.notify(tr(kNeedsProject));
    return;
  }
  try {
    m_meeting = std::make_shared<const MeetingProject>(meetingProjectOf(v.project()));
    refreshFigures(v);
  } catch (const std::exception& e) {
    v.log(LogLevel::Error, e.what());
    v.notify(e.what());
    return;
  }
  if (!m_view) m_view = std::make_unique<SlideView>();
  m_active = true;
  v.requestFontRebuild();  // slide titles and notes need their glyphs
  // Full screen on the primary monitor; the window's place is restored on leaving.
  glfwGetWindowPos(v.window(), &m_windowed[0], &m_windowed[1]);
  glfwGetWindowSize(v.window(), &m_windowed[2], &m_windowed[3]);
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (mode) glfwSetWindowMonitor(v.window(), monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  }
  // No editing chrome: other panels closed (reopened on leaving).
  v.setChromeHidden(true);
  m_reopen.clear();
  for (const auto& p : v.panels()) {
    if (p.get() != this && p->open()) {
      m_reopen.push_back(p.get());
      p->setOpen(false);
    }
  }
  v.select(std::nullopt);
  m_style = ImGui::GetStyle();
  ImGuiStyle& st = ImGui::GetStyle();
  applyWindowColours(st, true);
  st.Colors[ImGuiCol_WindowBg] = ImVec4(0.05f, 0.05f, 0.07f, 1.0f);
  st.WindowRounding = 0;
  m_slide = -1;
  goTo(v, 0);
}

void PresentationPanel::leave(Viewer& v) {
  m_active = false;
  m_fly.reset();
  m_edit.reset();
  m_filteredOut.clear();
  m_request++;  // a scene still being built is dropped
  glfwSetWindowMonitor(v.window(), nullptr, m_windowed[0], m_windowed[1], m_windowed[2], m_windowed[3], 0);
  v.setChromeHidden(false);
  for (Panel* p : m_reopen) p->setOpen(true);
  ImGui::GetStyle() = m_style;
  ImGui::GetIO().FontGlobalScale = 1.0f;
  v.map().sceneChanged();
}

void PresentationPanel::goTo(Viewer& v, int index) {
  if (!m_meeting || m_meeting->slides.empty()) return;
  index = std::clamp(index, 0, static_cast<int>(m_meeting->slides.size()) - 1);
  if (index == m_slide) return;
  m_slide = index;
  m_barFilterLayer.clear();
  m_barFilter.clear();
  m_barKey.clear();
  requestScene(v);
}

// Builds the slide's scene (with a dashboard bar's filter on top of the slide's own) on a job,
// for the height the map has now: line widths and text follow the picture's height, as exports.
void PresentationPanel::requestScene(Viewer& v) {
  if (!m_meeting || m_slide < 0) return;
  store::Slide slide = m_meeting->slides[static_cast<std::size_t>(m_slide)];
  if (!m_barFilterLayer.empty()) {
    std::string& f = slide.filters[m_barFilterLayer];
    f = f.empty() ? m_barFilter : "(" + f + ") AND (" + m_barFilter + ")";
  }
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(v.window(), &fbw, &fbh);
  const float scale = static_cast<float>(std::max(fbh, 1)) / 1080.0f;
  const std::uint64_t request = ++m_request;
  m_sceneReady = false;
  v.jobs().submit<Built>(
      {"", JobPriority::Interactive, false},
      [meeting = m_meeting, slide, scale, request, index = m_slide](JobContext&) {
        Built b;
        b.slide = index;
        b.request = request;
        for (const auto& [name, filter] : slide.filters) {
          const auto layer = meeting->layers.find(name);
          if (layer == meeting->layers.end()) continue;
          const std::vector<bool> keep = evaluateFilter(*layer->second, filter);
          b.filteredOut[name] = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), false));
        }
        b.scene = buildSlideScene(*meeting, slide, scale);
        b.atlas = labelAtlas(b.scene.labels);
        return b;
      },
      [this, &v](Built&& b) { sceneBuilt(v, std::move(b)); },
      [this, &v](const std::string& error) {
        m_error = error;
        v.notify(std::string(tr(kFilterFailed)) + ": " + error, LogLevel::Error);
      });
}

void PresentationPanel::sceneBuilt(Viewer& v, Built&& b) {
  if (!m_active || b.request != m_request) return;
  m_filteredOut = std::move(b.filteredOut);
  m_sceneLabels = b.scene.labels.size();
  const store::Slide& slide = m_meeting->slides[static_cast<std::size_t>(b.slide)];
  MapDecorations deco = slideDecorations(*m_meeting, slide, b.scene, true);
  // Where the camera goes: the slide's view in the map area, framed as the export frames it.
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(v.window(), &fbw, &fbh);
  MapViewOptions frame;
  frame.width = mapWidthFb(v);
  frame.height = std::max(fbh, 1);
  frame.extent = b.scene.extent;
  const bool newSlide = b.slide == m_slide && m_barKey.empty();
  const Camera goal = initialCamera(b.scene.buckets, frame);
  m_view->setScene(std::move(b.scene), std::move(deco), std::move(b.atlas));
  m_sceneReady = true;
  showChanges(v);
  if (newSlide) flyTo(v, goal);
}

void PresentationPanel::flyTo(Viewer& v, const Camera& goal) {
  Camera& cam = v.camera();
  if (cam.width() != goal.width() || cam.height() != goal.height()) cam.setViewport(goal.width(), goal.height());
  m_fly = Fly{cam.center(), goal.center(), cam.unitsPerPixel(), goal.unitsPerPixel(), std::chrono::steady_clock::now()};
}

void PresentationPanel::update(Viewer& v) {
  if (!m_active || !m_fly) return;
  const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_fly->start).count() / 0.8;
  const double s = t >= 1 ? 1.0 : t * t * (3 - 2 * t);
  Camera& cam = v.camera();
  cam.setCenter({m_fly->fromCenter.x + s * (m_fly->toCenter.x - m_fly->fromCenter.x),
                 m_fly->fromCenter.y + s * (m_fly->toCenter.y - m_fly->fromCenter.y)});
  cam.setUnitsPerPixel(t >= 1 ? m_fly->toUpp
                              : std::exp(std::log(m_fly->fromUpp) + s * (std::log(m_fly->toUpp) - std::log(m_fly->fromUpp))));
  if (t >= 1) m_fly.reset();
}

bool PresentationPanel::drawMap(Viewer& v, int, int fbh) {
  if (!m_active) return false;
  Camera& cam = v.camera();
  const int w = mapWidthFb(v);
  if (cam.width() != w || cam.height() != fbh) cam.setViewport(w, std::max(fbh, 1));
  glClearColor(0.05f, 0.05f, 0.07f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (m_sceneReady) m_view->draw(cam, fbh);
  // Test hook: a point on a route well inside the map, for the UI test to click (ImGui pixels).
  m_probe.reset();
  const LayerData* routes = progressLayer();
  const double fb = fbScale(v);
  for (std::size_t i = 0; routes && i < routes->features.size() && !m_probe; ++i) {
    const Geometry& g = routes->features[i].geometry;
    if (g.points.size() < 2) continue;
    const Vec2 p = cam.mapToScreen(g.points[g.points.size() / 2]);
    if (p.x > 300 * fb && p.x < w - 80 * fb && p.y > 90 * fb && p.y < fbh - 90 * fb) {
      m_probe = std::make_pair(routes->features[i].fid, ImVec2(static_cast<float>(p.x / fb), static_cast<float>(p.y / fb)));
    }
  }
  return true;
}

void PresentationPanel::draw(Viewer& v) {
  if (!m_active) return;
  ImGui::GetIO().FontGlobalScale = m_scale;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (m_showDashboard) drawDashboard(v, vp);
  if (m_showNotes && m_meeting && m_slide >= 0 && m_slide < static_cast<int>(m_meeting->slides.size())) {
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 20, vp->Pos.y + vp->Size.y - 20), ImGuiCond_Always, ImVec2(0, 1));
    ImGui::SetNextWindowBgAlpha(0.9f);
    ImGui::Begin("###notes", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar);
    ImGui::TextColored(ImVec4(0.6f, 0.6f, 0.6f, 1), "%s", tr(kNotes));
    ImGui::TextWrapped("%s", m_meeting->slides[static_cast<std::size_t>(m_slide)].notes.c_str());
    ImGui::End();
  }
  if (m_edit) drawEditor(v);
}

void PresentationPanel::refreshFigures(Viewer& v) {
  store::ProjectStore& store = *v.project().store();
  m_charts = store::buildDashboard(store::computeStats(store));
  if (!m_since.empty()) m_changes = store::changesSince(store, m_since);
}

// The changes since the chosen date drawn highlighted over the scene (routes and sites).
void PresentationPanel::showChanges(Viewer&) {
  if (!m_view) return;
  std::vector<Buckets> highlights;
  for (const LayerData* layer : {progressLayer(), layerNamed("project_sites")}) {
    if (!layer || m_since.empty()) continue;
    std::vector<std::size_t> hit;
    for (std::size_t i = 0; i < layer->features.size(); ++i) {
      const std::int64_t fid = layer->features[i].fid;
      if (std::any_of(m_changes.begin(), m_changes.end(),
                      [&](const store::Change& c) { return c.layer == layer->name && c.featureId == fid; })) {
        hit.push_back(i);
      }
    }
    if (!hit.empty()) highlights.push_back(highlightBuckets(*layer, hit));
  }
  m_view->setHighlights(std::move(highlights));
}

void PresentationPanel::applyToMeeting(const std::string& layer, std::int64_t fid, const std::string& field,
                                       const AttributeValue& value) {
  auto meeting = std::make_shared<MeetingProject>(*m_meeting);
  auto it = meeting->layers.find(layer);
  if (it == meeting->layers.end()) return;
  auto data = std::make_shared<LayerData>(*it->second);
  const auto fi = findField(*data, field);
  for (Feature& f : data->features) {
    if (f.fid == fid && fi && *fi < f.attributes.size()) f.attributes[*fi] = value;
  }
  it->second = std::move(data);
  m_meeting = std::move(meeting);
}

void PresentationPanel::commitEdit(Viewer& v) {
  Edit& e = *m_edit;
  try {
    store::ProjectStore& project = *v.project().store();
    store::EditSession& session = *v.project().editSession();
    // A live edit commits alone: edits pending in the table are the user's to save or discard.
    if (session.hasChanges()) throw DataError(tr(kPendingTableEdits));
    const LayerData* routes = progressLayer();
    const bool isRoute = routes && e.layer == routes->name;
    const std::string field = isRoute ? m_meeting->styles.at(e.layer).builtField : "status";
    store::EditSession::Group group(session);
    if (isRoute) {
      char text[32];
      std::snprintf(text, sizeof text, "%.3f", e.builtKm);
      session.setText({e.layer, e.fid, field}, text);
    } else {
      session.setText({e.layer, e.fid, field}, e.status);
    }
    group.done();
    try {
      session.commit(store::CommitOptions("", tr(kLiveReason), "presentation"));
    } catch (...) {
      session.discard();  // a refused live edit is not left pending for the table to commit later
      throw;
    }
    ++m_commits;
    const store::Value stored = project.readFeature(e.layer, e.fid).attributes.at(field);
    const LayerData* layer = layerNamed(e.layer);
    const auto fi = layer ? findField(*layer, field) : std::nullopt;
    if (fi) applyToMeeting(e.layer, e.fid, field, toAttribute(stored, layer->fields[*fi].type));
    // The window's own layers follow (shown again on leaving), without reading the layer again.
    applyCommittedChanges(v.jobs(), v.layers(), v.projectPath(), {{e.layer, e.fid, field, stored}});
    refreshFigures(v);
    requestScene(v);
    m_error.clear();
    m_edit.reset();
  } catch (const std::exception& ex) {
    m_error = ex.what();
    e.message = ex.what();
  }
}

void PresentationPanel::drawEditor(Viewer& v) {
  centreNextWindow();
  ImGui::Begin(tr(kLiveEdit), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
  Edit& e = *m_edit;
  const auto rectOfLastItem = [this](int i) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    m_rects[i] = {a.x, a.y, b.x - a.x, b.y - a.y};
  };
  if (e.layer != "project_sites") {
    ImGui::Text("%s #%lld  %s", tr(kRoute), static_cast<long long>(e.fid), progressText(e.builtKm, e.plannedKm).c_str());
    ImGui::SetNextItemWidth(200 * m_scale);
    ImGui::InputDouble(tr(kBuiltKm), &e.builtKm, 0.0, 0.0, "%.2f");
    rectOfLastItem(0);
    e.builtKm = std::clamp(e.builtKm, 0.0, e.plannedKm);
  } else {
    ImGui::Text("%s #%lld", tr(kProjectSite), static_cast<long long>(e.fid));
    const char* keys[] = {"planned", "started", "completed"};
    const UiText* names[] = {&kStatusPlanned, &kStatusStarted, &kStatusCompleted};
    for (int i = 0; i < 3; ++i) {
      if (ImGui::RadioButton(tr(*names[i]), e.status == keys[i])) e.status = keys[i];
    }
  }
  const bool commit = ImGui::Button(tr(kCommit));
  rectOfLastItem(1);
  if (commit) commitEdit(v);
  ImGui::SameLine();
  if (ImGui::Button(tr(kCancelEdit))) m_edit.reset();
  if (m_edit && !m_edit->message.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "%s", m_edit->message.c_str());
  ImGui::End();
}

void PresentationPanel::writeState(const Viewer& v, nlohmann::json& s) const {
  nlohmann::json p = {{"active", m_active},
                      {"fullscreen", glfwGetWindowMonitor(v.window()) != nullptr},
                      {"slide", m_slide + 1},
                      {"slide_count", m_meeting ? m_meeting->slides.size() : 0},
                      {"notes_visible", m_showNotes},
                      {"dashboard_visible", m_showDashboard},
                      {"flying", m_fly.has_value()},
                      {"scene_ready", m_sceneReady},
                      {"scene_labels", m_sceneLabels},
                      {"scale", m_scale},
                      {"commits", m_commits},
                      {"error", m_error},
                      {"changes_listed", m_changes.size()}};
  if (m_view) {
    p["slide_renders"] = m_view->renders();
    p["resting_renders"] = m_view->restingRenders();
    p["at_rest"] = m_view->atRest();
  }
  double built = 0;
  if (const LayerData* routes = progressLayer()) {
    const std::string& field = m_meeting->styles.at(routes->name).builtField;
    for (const Feature& f : routes->features) built += numberAt(*routes, f, field);
  }
  p["routes_built_km"] = std::round(built * 1000) / 1000;
  if (m_edit) {
    p["editing"] = {
        {"layer", m_edit->layer}, {"fid", m_edit->fid}, {"built_rect", m_rects[0]}, {"commit_rect", m_rects[1]}};
  }
  if (m_probe) p["route_probe"] = {{"fid", m_probe->first}, {"x", m_probe->second.x}, {"y", m_probe->second.y}};
  if (v.camera().width() > 0) {
    p["center"] = {v.camera().center().x, v.camera().center().y};
    p["map_size"] = {v.camera().width(), v.camera().height()};
  }
  for (const auto& c : m_charts) {
    if (c.id != "route_kinds") continue;
    for (const auto& b : c.bars) p["dashboard_built_km"][b.key] = b.value;
  }
  p["filtered_out"] = m_filteredOut;
  p["since"] = m_since;
  p["changes"] = nlohmann::json::array();
  for (const auto& c : m_changes) {
    p["changes"].push_back({{"layer", c.layer},
                            {"fid", c.featureId},
                            {"field", c.field},
                            {"old", c.oldValue},
                            {"new", c.newValue},
                            {"time", c.time},
                            {"presentation", c.presentation}});
  }
  s["presentation"] = p;
}

ZHENMAP_REGISTER_PANEL(PresentationPanel)

}  // namespace zhenmap
