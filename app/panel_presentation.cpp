// Presentation (meeting) mode: F5 turns the window into a full-screen projector view of the
// project's slide deck. Slides fly to their extent (PageDown/PageUp, arrows, Space), the corridor
// progress is drawn on the routes (built solid, remaining dashed, "built / planned km"), households
// appear only as counts per village or township, a dashboard of bar and progress charts sits on
// the right (clicking a bar filters and zooms), presenter notes toggle with N. Clicking a route or
// a project site opens a small live editor (built km, status) that commits through the store with
// its audit rows marked 'presentation'; map, labels and dashboard change in the same frame.
// "Progress since" lists and highlights what the audit log records after a date. Esc leaves.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "corridor_progress.hpp"
#include "expression.hpp"
#include "i18n.hpp"
#include "map_decorations.hpp"
#include "store/edit_session.hpp"
#include "store/meeting.hpp"
#include "store/meeting_store.hpp"
#include "store/project_store.hpp"
#include "store/stats.hpp"
#include "tessellator.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

// Every string this panel shows (Chinese, English).
const UiText kNotes{"演讲者备注", "Presenter notes"};
const UiText kNeedsProject{"放映模式需要项目文件", "Presentation needs a project file"};
const UiText kLiveReason{"会议现场更新", "updated live in a meeting"};
const UiText kLiveEdit{"现场更新###live_edit", "Live update###live_edit"};
const UiText kRoute{"线路", "Route"};
const UiText kBuiltKm{"已建（公里）###built", "Built (km)###built"};
const UiText kProjectSite{"项目点", "Project site"};
const UiText kCommit{"提交###commit", "Commit###commit"};
const UiText kCancelEdit{"取消###cancel", "Cancel###cancel"};
const UiText kDashboard{"仪表板", "Dashboard"};
const UiText kScale{"显示比例###scale", "Scale###scale"};
const UiText kProgressSince{"进度变化：自从", "Progress since"};
const UiText kShowSince{"查看###since_go", "Show###since_go"};
const UiText kRouteLower{"线路", "route"};
const UiText kProjectLower{"项目", "project"};
const UiText kInMeeting{"（会上）", " (meeting)"};
const UiText kLegendBuilt{"实线：已建", "solid: built"};
const UiText kLegendPlanned{"虚线：规划未建", "dashed: planned"};
const UiText kLegendHouseholds{"监测户（户数）", "households (count)"};
const UiText kFilterFailed{"幻灯片筛选无效", "Invalid slide filter"};
const UiText kChartKinds{"线路进度（按类型，公里）", "Routes by kind (km)"};
const UiText kChartTownships{"线路进度（按乡镇，公里）", "Routes by township (km)"};
const UiText kChartProjects{"项目（按类别：规划中/已开工/已完工）", "Projects (planned/started/completed)"};
const UiText kChartHouseholds{"监测户（按乡镇：高/中/低风险）", "Households (high/medium/low risk)"};
const UiText kStatusPlanned{"规划中", "planned"};
const UiText kStatusStarted{"已开工", "started"};
const UiText kStatusCompleted{"已完工", "completed"};

// Chinese names of the kinds and programmes the dashboard's bars are keyed by.
// Names of the kinds and programmes the dashboard's bars are keyed by.
const UiText kKindScenicBelt{"风貌带", "scenic belt"};
const UiText kKindFacade{"立面改造", "street facade"};
const UiText kKindGreenway{"绿道", "greenway"};
const UiText kProgCounty{"县级项目库", "county library"};
const UiText kProgTown{"美丽圩镇", "beautiful town"};
const UiText kProgIndustry{"产业帮扶", "industry assistance"};
const UiText kProgService{"公共服务", "public service"};
const UiText kProgOther{"其他", "other"};

std::string keyLabel(const std::string& key) {
  static const std::map<std::string, const UiText*> names = {
      {"scenic_belt", &kKindScenicBelt}, {"street_facade", &kKindFacade}, {"greenway", &kKindGreenway},
      {"county_library", &kProgCounty},  {"beautiful_town", &kProgTown},  {"industry_assistance", &kProgIndustry},
      {"public_service", &kProgService}, {"other", &kProgOther}};
  const auto it = names.find(key);
  return it == names.end() ? key : tr(*it->second);
}

}  // namespace
ZHENMAP_UI_TEXTS(kNotes, kNeedsProject, kLiveReason, kLiveEdit, kRoute, kBuiltKm, kProjectSite, kCommit, kCancelEdit,
                 kDashboard, kScale, kProgressSince, kShowSince, kRouteLower, kProjectLower, kInMeeting, kLegendBuilt,
                 kLegendPlanned, kLegendHouseholds, kFilterFailed, kChartKinds, kChartTownships, kChartProjects,
                 kChartHouseholds, kStatusPlanned, kStatusStarted, kStatusCompleted, kKindScenicBelt, kKindFacade,
                 kKindGreenway, kProgCounty, kProgTown, kProgIndustry, kProgService, kProgOther)
namespace {

ImU32 col(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) { return IM_COL32(r, g, b, a); }

// Same classes as the default route style: red to green by built / planned.
ImU32 progressColour(double ratio) {
  if (ratio < 0.25) return col(0xd7, 0x30, 0x27);
  if (ratio < 0.5) return col(0xfc, 0x8d, 0x59);
  if (ratio < 0.75) return col(0x91, 0xcf, 0x60);
  return col(0x1a, 0x98, 0x50);
}

struct Route {
  std::int64_t fid = 0;
  std::string kind;
  std::string township;
  std::string name;  // the route's name: the progress label carries it (the route layer is hidden)
  double builtKm = 0;
  double plannedKm = 0;
  std::vector<Vec2> lonLat;  // the line (first part), CGCS2000
  std::vector<Vec2> built;   // map CRS
  std::vector<Vec2> remaining;
  Vec2 mid;  // map CRS, for labels and highlights
};

struct Fly {
  Vec2 fromCenter, toCenter;
  double fromUpp = 1, toUpp = 1;
  std::chrono::steady_clock::time_point start;
};

class PresentationPanel : public Panel {
 public:
  const char* title() const override { return ""; }  // not in the View menu: F5 opens it
  int order() const override { return 5; }

  void glyphStrings(const Viewer&, std::vector<std::string>& out) const override {
    out.emplace_back(
        "放映模式幻灯片演讲者备注仪表板已建规划未建实线虚线户公里项目状态提交取消显示比例自从以来变化进度"
        "监测按乡镇类型风貌带立面改造绿道规划中已开工已完工高中低风险上一页下一页退出筛选清除日期查看"
        "现场更新失败成功线路项目点类别县级库美丽圩产业帮扶公共服务其他0123456789./km-:：，（）()→");
    for (const auto& s : m_slides) {
      out.push_back(s.title);
      out.push_back(s.notes);
    }
    for (const auto& c : m_charts) {
      for (const auto& b : c.bars) out.push_back(b.label);
    }
    for (const Route& r : m_routes) out.push_back(r.name);
  }

  bool onKey(Viewer& v, int key, int) override {
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

  bool onMapClick(Viewer& v, Vec2 px, Vec2) override {
    if (!m_active) return false;
    // Identify is off in presentation (households must never show attributes): only routes and
    // project sites can be picked, for the live editor.
    m_edit.reset();
    double best = 10.0;
    for (std::size_t i = 0; i < m_routes.size(); ++i) {
      const Route& r = m_routes[i];
      for (const auto* part : {&r.built, &r.remaining}) {
        for (std::size_t k = 1; k < part->size(); ++k) {
          const double d = segmentDistance(v, px, (*part)[k - 1], (*part)[k]);
          if (d < best) {
            best = d;
            m_edit = Edit{"scenic_routes", r.fid, i, r.builtKm, "", ""};
          }
        }
      }
    }
    if (!m_edit && m_sitesLayer) {
      if (auto hit = v.pickAt(px); hit && hit->layer == *m_sitesLayer) {
        const LayerData& sites = *v.layers().data[hit->layer];
        const Feature& f = sites.features[hit->feature];
        m_edit = Edit{"project_sites", f.fid, hit->feature, 0, textOf(sites, f, "status"), ""};
      }
    }
    return true;
  }

  void update(Viewer& v) override {
    if (!m_active) return;
    // The viewer reloaded a filtered layer (after a live edit): filter its new data again.
    for (const Filtered& f : m_filtered) {
      if (f.index >= v.layerCount() || v.layers().data[f.index].get() != f.layer) {
        applyFilters(v);
        break;
      }
    }
    if (m_fly) {
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_fly->start).count() / 0.8;
      const double s = t >= 1 ? 1.0 : t * t * (3 - 2 * t);
      Camera& cam = v.camera();
      cam.setCenter({m_fly->fromCenter.x + s * (m_fly->toCenter.x - m_fly->fromCenter.x),
                     m_fly->fromCenter.y + s * (m_fly->toCenter.y - m_fly->fromCenter.y)});
      cam.setUnitsPerPixel(
          std::exp(std::log(m_fly->fromUpp) + s * (std::log(m_fly->toUpp) - std::log(m_fly->fromUpp))));
      if (t >= 1) m_fly.reset();
    }
  }

  void drawMapOverlay(Viewer& v, ImDrawList* dl) override {
    if (!m_active) return;
    const Camera& cam = v.camera();
    const float k = m_scale;
    const auto screen = [&](Vec2 m) {
      const Vec2 p = cam.mapToScreen(m);
      const double fb = fbScale(v);
      return ImVec2(static_cast<float>(p.x / fb), static_cast<float>(p.y / fb));
    };
    const bool showRoutes = slideShows("scenic_routes");
    std::set<std::int64_t> changedRoutes, changedSites;
    for (const auto& c : m_changes) (c.layer == "scenic_routes" ? changedRoutes : changedSites).insert(c.featureId);
    m_probe.reset();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float mapRight = vp->Pos.x + vp->Size.x - (m_showDashboard ? 380 * k : 0);
    std::vector<std::pair<ImVec2, std::string>> routeLabels;  // drawn over the map's labels
    if (showRoutes) {
      for (const Route& r : m_routes) {
        if (!m_filterKind.empty() && r.kind != m_filterKind) continue;
        if (!m_filterTownship.empty() && r.township != m_filterTownship) continue;
        const ImU32 c = progressColour(r.plannedKm > 0 ? r.builtKm / r.plannedKm : 0);
        if (changedRoutes.count(r.fid)) {
          std::vector<ImVec2> all;
          for (const Vec2& p : r.built) all.push_back(screen(p));
          for (const Vec2& p : r.remaining) all.push_back(screen(p));
          if (all.size() > 1)
            dl->AddPolyline(all.data(), static_cast<int>(all.size()), col(255, 230, 0, 200), 0, 12 * k);
        }
        drawDashed(dl, r.remaining, screen, c, 2.5f * k, 9 * k, 6 * k);
        std::vector<ImVec2> pts;
        for (const Vec2& p : r.built) pts.push_back(screen(p));
        if (pts.size() > 1) {
          dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col(255, 255, 255), 0, 7 * k);
          dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), c, 0, 4.5f * k);
        }
        const ImVec2 a = screen(r.mid);
        // Test hook: a point on a route well inside the map, for the UI test to click.
        if (!m_probe && a.x > vp->Pos.x + 300 * k && a.x < mapRight - 80 * k && a.y > vp->Pos.y + 90 * k &&
            a.y < vp->Pos.y + vp->Size.y - 90 * k) {
          m_probe = std::make_pair(r.fid, a);
        }
        const ImVec2 e0 = screen(r.built.empty() ? r.remaining.front() : r.built.front());
        const ImVec2 e1 = screen(r.remaining.empty() ? r.built.back() : r.remaining.back());
        if (std::hypot(e1.x - e0.x, e1.y - e0.y) > 50 * k) {
          // One label per route, name above its progress: the renderer's own route labels are
          // off while presenting (the layer is hidden), so nothing else is drawn here.
          routeLabels.emplace_back(ImVec2(a.x + 6 * k, a.y + 6 * k),
                                   r.name.empty() ? progressText(r.builtKm, r.plannedKm)
                                                  : r.name + "\n" + progressText(r.builtKm, r.plannedKm));
        }
      }
    }
    if (m_sitesLayer) {
      const LayerData& sites = *v.layers().data[*m_sitesLayer];
      for (const Feature& f : sites.features) {
        if (!changedSites.count(f.fid) || f.geometry.points.empty()) continue;
        dl->AddCircle(screen(f.geometry.points[0]), 12 * k, col(255, 200, 0), 0, 4 * k);
      }
    }
    // The map's township and village names over the routes, as the exported slides have them
    // (the picture leaves them out while presenting: see enter); then ImGui's own state again.
    dl->AddCallback([](const ImDrawList*, const ImDrawCmd* cmd) {
      static_cast<MapViewWidget*>(cmd->UserCallbackData)->drawLabelsOnScreen();
    }, &v.map());
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    for (const auto& [at, text] : routeLabels) outlinedText(dl, at, text.c_str(), col(0x1a, 0x50, 0x30), 13 * k);
    if (slideShows("households")) {
      const bool perTownship = cam.unitsPerPixel() * cam.width() > 60000.0;
      for (const auto& [pos, n] : perTownship ? m_townCounts : m_villageCounts) {
        const ImVec2 p = screen(pos);
        const float r = (perTownship ? 7.0f : 5.0f) * k * std::sqrt(static_cast<float>(std::min<std::int64_t>(n, 40)));
        dl->AddCircleFilled(p, r, col(0x2e, 0x5c, 0xb8, 0xd0));
        dl->AddCircle(p, r, col(255, 255, 255), 0, 1.5f * k);
        const std::string t = std::to_string(n) + "户";
        outlinedText(dl, ImVec2(p.x + r + 2, p.y - 8 * k), t.c_str(), col(0x1d, 0x3c, 0x78), 13 * k);
      }
    }
    drawDecorations(v, dl);
  }

  void draw(Viewer& v) override {
    if (!m_active) return;
    ImGuiIO& io = ImGui::GetIO();
    io.FontGlobalScale = m_scale;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    if (m_showDashboard) drawDashboard(v, vp);
    if (m_showNotes && m_slide >= 0 && m_slide < static_cast<int>(m_slides.size())) {
      ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 20, vp->Pos.y + vp->Size.y - 20), ImGuiCond_Always, ImVec2(0, 1));
      ImGui::SetNextWindowBgAlpha(0.9f);
      ImGui::Begin("###notes", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar);
      ImGui::TextColored(ImVec4(0.6f, 0.6f, 0.6f, 1), "%s", tr(kNotes));
      ImGui::TextWrapped("%s", m_slides[static_cast<std::size_t>(m_slide)].notes.c_str());
      ImGui::End();
    }
    if (m_edit) drawEditor(v, vp);
  }

  void writeState(const Viewer& v, nlohmann::json& s) const override {
    nlohmann::json p = {{"active", m_active},
                        {"fullscreen", glfwGetWindowMonitor(v.window()) != nullptr},
                        {"slide", m_slide + 1},
                        {"slide_count", m_slides.size()},
                        {"notes_visible", m_showNotes},
                        {"flying", m_fly.has_value()},
                        {"scale", m_scale},
                        {"commits", m_commits},
                        {"error", m_error},
                        {"changes_listed", m_changes.size()}};
    double built = 0;
    for (const Route& r : m_routes) built += r.builtKm;
    p["routes_built_km"] = std::round(built * 1000) / 1000;
    if (m_edit) {
      p["editing"] = {
          {"layer", m_edit->layer}, {"fid", m_edit->fid}, {"built_rect", m_rects[0]}, {"commit_rect", m_rects[1]}};
    }
    if (m_probe) p["route_probe"] = {{"fid", m_probe->first}, {"x", m_probe->second.x}, {"y", m_probe->second.y}};
    if (v.camera().width() > 0) p["center"] = {v.camera().center().x, v.camera().center().y};
    for (const auto& c : m_charts) {
      if (c.id != "route_kinds") continue;
      for (const auto& b : c.bars) p["dashboard_built_km"][b.key] = b.value;
    }
    p["filtered_out"] = nlohmann::json::object();
    for (const Filtered& f : m_filtered) p["filtered_out"][f.name] = f.hidden;
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

 private:
  struct Edit {
    std::string layer;
    std::int64_t fid = 0;
    std::size_t index = 0;  // into m_routes, or the sites layer's features
    double builtKm = 0;
    std::string status;
    std::string message;
  };

  static double fbScale(const Viewer& v) {
    int w = 0, fw = 0, h = 0;
    glfwGetWindowSize(v.window(), &w, &h);
    glfwGetFramebufferSize(v.window(), &fw, &h);
    return w > 0 ? static_cast<double>(fw) / w : 1.0;
  }

  static std::string textOf(const LayerData& layer, const Feature& f, const std::string& field) {
    for (std::size_t i = 0; i < layer.fields.size() && i < f.attributes.size(); ++i) {
      if (layer.fields[i].name != field) continue;
      if (const auto* s = std::get_if<std::string>(&f.attributes[i])) return *s;
      if (const auto* d = std::get_if<double>(&f.attributes[i])) return std::to_string(*d);
    }
    return {};
  }

  double segmentDistance(const Viewer& v, Vec2 px, Vec2 a, Vec2 b) const {
    const Vec2 p = v.camera().mapToScreen(a), q = v.camera().mapToScreen(b);
    const double dx = q.x - p.x, dy = q.y - p.y, len = dx * dx + dy * dy;
    const double t = len > 0 ? std::clamp(((px.x - p.x) * dx + (px.y - p.y) * dy) / len, 0.0, 1.0) : 0.0;
    return std::hypot(p.x + t * dx - px.x, p.y + t * dy - px.y);
  }

  template <class F>
  static void drawDashed(ImDrawList* dl, const std::vector<Vec2>& line, const F& screen, ImU32 c, float width, float on,
                         float off) {
    double phase = 0;
    for (std::size_t i = 1; i < line.size(); ++i) {
      const ImVec2 a = screen(line[i - 1]), b = screen(line[i]);
      const double len = std::hypot(b.x - a.x, b.y - a.y);
      double at = 0;
      while (at < len) {
        const double period = on + off;
        const double inPeriod = std::fmod(phase, period);
        const double step = std::min(len - at, inPeriod < on ? on - inPeriod : period - inPeriod);
        if (inPeriod < on && len > 0) {
          const float t0 = static_cast<float>(at / len), t1 = static_cast<float>((at + step) / len);
          dl->AddLine(ImVec2(a.x + t0 * (b.x - a.x), a.y + t0 * (b.y - a.y)),
                      ImVec2(a.x + t1 * (b.x - a.x), a.y + t1 * (b.y - a.y)), c, width);
        }
        at += step;
        phase += step;
        if (step <= 0) break;
      }
    }
  }

  static void outlinedText(ImDrawList* dl, ImVec2 p, const char* text, ImU32 c, float size) {
    ImFont* font = ImGui::GetFont();
    for (int dx = -1; dx <= 1; ++dx) {
      for (int dy = -1; dy <= 1; ++dy) {
        if (dx || dy) dl->AddText(font, size, ImVec2(p.x + dx, p.y + dy), col(255, 255, 255, 230), text);
      }
    }
    dl->AddText(font, size, p, c, text);
  }

  void rectOfLastItem(int i) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    m_rects[i] = {a.x, a.y, b.x - a.x, b.y - a.y};
  }

  bool slideShows(const std::string& layer) const {
    if (m_slide < 0 || m_slide >= static_cast<int>(m_slides.size())) return layer != "households";
    const auto& l = m_slides[static_cast<std::size_t>(m_slide)].visibleLayers;
    if (l.empty()) return layer != "households";
    return std::find(l.begin(), l.end(), layer) != l.end();
  }

  void enter(Viewer& v) {
    m_error.clear();
    if (v.projectPath().empty()) {
      v.notify(tr(kNeedsProject));
      return;
    }
    try {
      store::ProjectStore project = store::ProjectStore::open(v.projectPath(), store::OpenMode::ReadOnly);
      m_slides = store::readSlides(project);
      refreshFigures(project);
      m_villageCounts.clear();
      m_townCounts.clear();
      const std::string mapCrs = v.layers().data.empty() ? "EPSG:3857" : v.layers().data.front()->mapCrs;
      m_toMap.emplace("EPSG:4490", mapCrs);
      for (const auto& c : store::householdCountsByVillage(project)) {
        m_villageCounts.emplace_back(m_toMap->forward(c.lonLat), c.households);
      }
      for (const auto& c : store::householdCountsByTownship(project)) {
        m_townCounts.emplace_back(m_toMap->forward(c.lonLat), c.households);
      }
    } catch (const std::exception& e) {
      v.log(LogLevel::Error, e.what());
      v.notify(e.what());
      return;
    }
    buildRoutes(v);
    m_active = true;
    v.map().setLabelsOverOverlay(true);  // names over the routes this panel draws
    v.requestFontRebuild();  // slide titles and notes need their glyphs
    // Full screen on the primary monitor; the window's place is restored on leaving.
    glfwGetWindowPos(v.window(), &m_windowed[0], &m_windowed[1]);
    glfwGetWindowSize(v.window(), &m_windowed[2], &m_windowed[3]);
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
      const GLFWvidmode* mode = glfwGetVideoMode(monitor);
      if (mode) glfwSetWindowMonitor(v.window(), monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    }
    // No editing chrome: other panels closed (reopened on leaving), households and the plain
    // routes hidden (households are drawn as counts, routes with their progress).
    v.setChromeHidden(true);
    m_reopen.clear();
    for (const auto& p : v.panels()) {
      if (p.get() != this && p->open()) {
        m_reopen.push_back(p.get());
        p->setOpen(false);
      }
    }
    m_hidden.clear();
    for (std::size_t i = 0; i < v.layerCount(); ++i) {
      const std::string& name = v.layers().data[i]->name;
      if ((name == "households" || name == "scenic_routes") && v.layerVisible(i)) {
        m_hidden.push_back(i);
        v.setLayerVisible(i, false);
      }
    }
    v.select(std::nullopt);
    m_style = ImGui::GetStyle();
    ImGuiStyle& st = ImGui::GetStyle();
    ImGui::StyleColorsDark(&st);
    st.Colors[ImGuiCol_WindowBg] = ImVec4(0.05f, 0.05f, 0.07f, 0.92f);
    st.WindowRounding = 0;
    m_slide = -1;
    goTo(v, 0);
  }

  void leave(Viewer& v) {
    clearFilters(v);
    m_active = false;
    v.map().setLabelsOverOverlay(false);
    m_fly.reset();
    m_edit.reset();
    glfwSetWindowMonitor(v.window(), nullptr, m_windowed[0], m_windowed[1], m_windowed[2], m_windowed[3], 0);
    v.setChromeHidden(false);
    for (Panel* p : m_reopen) p->setOpen(true);
    for (std::size_t i : m_hidden) {
      if (i < v.layerCount()) v.setLayerVisible(i, true);
    }
    for (std::size_t i = 0; i < v.layerCount() && i < m_slideHidden.size(); ++i) {
      if (m_slideHidden[i]) v.setLayerVisible(i, true);
    }
    m_slideHidden.clear();
    ImGui::GetStyle() = m_style;
    ImGui::GetIO().FontGlobalScale = 1.0f;
    v.map().sceneChanged();
  }

  void goTo(Viewer& v, int index) {
    if (m_slides.empty()) return;
    index = std::clamp(index, 0, static_cast<int>(m_slides.size()) - 1);
    if (index == m_slide) return;
    m_slide = index;
    m_filterKind.clear();
    m_filterTownship.clear();
    const store::Slide& s = m_slides[static_cast<std::size_t>(index)];
    // Slide layers: others hidden (restored on leaving); households and routes stay overlay-drawn.
    m_slideHidden.resize(v.layerCount(), false);
    for (std::size_t i = 0; i < v.layerCount(); ++i) {
      const std::string& name = v.layers().data[i]->name;
      if (name == "households" || name == "scenic_routes") continue;
      const bool want = s.visibleLayers.empty() ||
                        std::find(s.visibleLayers.begin(), s.visibleLayers.end(), name) != s.visibleLayers.end();
      if (!want && v.layerVisible(i)) {
        v.setLayerVisible(i, false);
        m_slideHidden[i] = true;
      } else if (want && m_slideHidden[i]) {
        v.setLayerVisible(i, true);
        m_slideHidden[i] = false;
      }
    }
    Box target = v.fullExtent();
    if (s.extent && m_toMap) {
      target = Box{};
      for (Vec2 c : {Vec2{s.extent->minX, s.extent->minY}, Vec2{s.extent->maxX, s.extent->maxY},
                     Vec2{s.extent->minX, s.extent->maxY}, Vec2{s.extent->maxX, s.extent->minY}}) {
        target.expand(m_toMap->forward(c));
      }
    }
    applyFilters(v);
    flyTo(v, target);
  }

  // The slide's filters (layer -> SQL over its fields): the renderer draws only the matching
  // features of each filtered layer, from buckets tessellated here with the layer's own style; the
  // viewer's full buckets come back on the next slide or on leaving.
  void applyFilters(Viewer& v) {
    clearFilters(v);
    if (m_slide < 0 || m_slide >= static_cast<int>(m_slides.size())) return;
    for (const auto& [name, expr] : m_slides[static_cast<std::size_t>(m_slide)].filters) {
      for (std::size_t i = 0; i < v.layerCount() && i < v.layers().buckets.size(); ++i) {
        const LayerData& layer = *v.layers().data[i];
        if (layer.name != name) continue;
        try {
          const std::vector<bool> keep = evaluateFilter(layer, expr);
          LayerData shown;  // the matching features; no issues or index (they are by feature index)
          shown.source = layer.source;
          shown.name = layer.name;
          shown.mapCrs = layer.mapCrs;
          shown.sourceCrs = layer.sourceCrs;
          shown.geometryType = layer.geometryType;
          shown.encoding = layer.encoding;
          shown.fields = layer.fields;
          for (std::size_t f = 0; f < layer.features.size(); ++f) {
            if (!keep[f]) continue;
            shown.features.push_back(layer.features[f]);
            shown.extent.expand(layer.features[f].geometry.bounds());
          }
          const Buckets buckets = tessellate(shown, v.layers().buckets[i].style);
          v.map().renderer().replaceLayer(i, buckets);
          restoreRendererState(v, i);
          m_filtered.push_back({i, &layer, name, layer.features.size() - shown.features.size()});
        } catch (const std::exception& e) {
          m_error = e.what();
          v.notify(std::string(tr(kFilterFailed)) + ": " + e.what(), LogLevel::Error);
        }
      }
    }
    v.map().sceneChanged();
  }

  void clearFilters(Viewer& v) {
    for (const Filtered& f : m_filtered) {
      // A reload since then already put fresh buckets in the renderer.
      if (f.index >= v.layerCount() || v.layers().data[f.index].get() != f.layer) continue;
      v.map().renderer().replaceLayer(f.index, v.layers().buckets[f.index]);
      restoreRendererState(v, f.index);
    }
    if (!m_filtered.empty()) v.map().sceneChanged();
    m_filtered.clear();
  }

  static void restoreRendererState(Viewer& v, std::size_t i) {
    v.map().renderer().setOpacity(i, v.layerOpacity(i));
    v.map().renderer().setVisible(i, v.layerVisible(i));
  }

  void flyTo(Viewer& v, const Box& target) {
    if (target.empty()) return;
    // The dashboard covers the right of the map: fit the target into what stays visible.
    Box box = target;
    const double dash = m_showDashboard ? 380.0 * m_scale * fbScale(v) : 0.0;
    const double w = v.camera().width();
    if (dash > 0 && w > dash * 1.5) box.maxX += box.width() * dash / (w - dash);
    Camera goal = v.camera();
    goal.fit(box);
    m_fly = Fly{v.camera().center(), goal.center(), v.camera().unitsPerPixel(), goal.unitsPerPixel(),
                std::chrono::steady_clock::now()};
  }

  void buildRoutes(Viewer& v) {
    m_routes.clear();
    m_sitesLayer.reset();
    for (std::size_t li = 0; li < v.layerCount(); ++li) {
      const LayerData& layer = *v.layers().data[li];
      if (layer.name == "project_sites") m_sitesLayer = li;
      if (layer.name != "scenic_routes") continue;
      const CrsTransform toLonLat(layer.mapCrs, "EPSG:4490");
      for (const Feature& f : layer.features) {
        if (f.geometry.kind != GeomKind::Line || f.geometry.rings.size() < 2) continue;
        Route r;
        r.fid = f.fid;
        r.kind = textOf(layer, f, "kind");
        r.township = textOf(layer, f, "township_code");
        r.name = textOf(layer, f, "name");
        for (std::size_t i = 0; i < layer.fields.size() && i < f.attributes.size(); ++i) {
          const double* d = std::get_if<double>(&f.attributes[i]);
          if (!d) continue;
          if (layer.fields[i].name == "built_km") r.builtKm = *d;
          if (layer.fields[i].name == "planned_km") r.plannedKm = *d;
        }
        r.lonLat.assign(f.geometry.points.begin() + f.geometry.rings[0],
                        f.geometry.points.begin() + f.geometry.rings[1]);
        toLonLat.forward(r.lonLat.data(), r.lonLat.size());
        resplit(r);
        m_routes.push_back(std::move(r));
      }
    }
  }

  void resplit(Route& r) const {
    auto parts = splitAtKm(r.lonLat, r.plannedKm > 0 && r.builtKm >= r.plannedKm ? 1e9 : r.builtKm);
    r.built = std::move(parts.first);
    r.remaining = std::move(parts.second);
    if (m_toMap) {
      m_toMap->forward(r.built.data(), r.built.size());
      m_toMap->forward(r.remaining.data(), r.remaining.size());
    }
    const auto& any = r.built.size() >= r.remaining.size() ? r.built : r.remaining;
    r.mid = any.empty() ? Vec2{} : any[any.size() / 2];
  }

  void refreshFigures(store::ProjectStore& project) {
    m_charts = store::buildDashboard(store::computeStats(project));
    if (!m_since.empty()) m_changes = store::changesSince(project, m_since);
  }

  void commitEdit(Viewer& v) {
    Edit& e = *m_edit;
    try {
      store::ProjectStore project = store::ProjectStore::open(v.projectPath());
      store::EditSession session(project);
      if (e.layer == "scenic_routes") {
        char text[32];
        std::snprintf(text, sizeof text, "%.3f", e.builtKm);
        session.setText({e.layer, e.fid, "built_km"}, text);
      } else {
        session.setText({e.layer, e.fid, "status"}, e.status);
      }
      session.commit(store::CommitOptions("", tr(kLiveReason), "presentation"));
      ++m_commits;
      if (e.layer == "scenic_routes") {
        Route& r = m_routes[e.index];
        const store::Value stored = project.readFeature("scenic_routes", e.fid).attributes.at("built_km");
        r.builtKm = std::holds_alternative<double>(stored) ? std::get<double>(stored) : e.builtKm;
        resplit(r);
      } else {
        v.reload();  // the site's colour comes from the renderer's style
      }
      refreshFigures(project);
      m_error.clear();
      m_edit.reset();
    } catch (const std::exception& ex) {
      m_error = ex.what();
      e.message = ex.what();
    }
  }

  void drawEditor(Viewer& v, const ImGuiViewport* vp) {
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::Begin(tr(kLiveEdit), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    Edit& e = *m_edit;
    if (e.layer == "scenic_routes") {
      const Route& r = m_routes[e.index];
      ImGui::Text("%s #%lld  %s", tr(kRoute), static_cast<long long>(e.fid),
                  progressText(r.builtKm, r.plannedKm).c_str());
      ImGui::SetNextItemWidth(200 * m_scale);
      ImGui::InputDouble(tr(kBuiltKm), &e.builtKm, 0.0, 0.0, "%.2f");
      rectOfLastItem(0);
      e.builtKm = std::clamp(e.builtKm, 0.0, r.plannedKm);
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

  void drawDashboard(Viewer& v, const ImGuiViewport* vp) {
    const float width = 380 * m_scale;
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - width, vp->Pos.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, vp->Size.y), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f);  // opaque: nothing of the map (labels, routes) shows through on a projector
    ImGui::Begin("###dashboard", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove);
    ImGui::TextUnformatted(tr(kDashboard));
    ImGui::SameLine();
    ImGui::TextDisabled("%d / %zu", m_slide + 1, m_slides.size());
    ImGui::SetNextItemWidth(width * 0.5f);
    ImGui::SliderFloat(tr(kScale), &m_scale, 1.0f, 2.5f, "%.1f");
    // Progress since first: the charts below may run past a projector's height.
    ImGui::Separator();
    ImGui::TextUnformatted(tr(kProgressSince));
    ImGui::SetNextItemWidth(width * 0.4f);
    ImGui::InputText("###since", m_sinceInput, sizeof m_sinceInput);
    v.markWidget("presentation.since");
    ImGui::SameLine();
    const bool show = ImGui::Button(tr(kShowSince));
    v.markWidget("presentation.since_go");
    if (show) {
      m_since = m_sinceInput;
      try {
        store::ProjectStore project = store::ProjectStore::open(v.projectPath(), store::OpenMode::ReadOnly);
        m_changes = store::changesSince(project, m_since);
      } catch (const std::exception& e) {
        m_error = e.what();
      }
    }
    if (!m_since.empty()) {
      for (const auto& c : m_changes) {
        ImGui::BulletText("%s %s #%lld %s: %s → %s%s", c.time.substr(0, 10).c_str(),
                          c.layer == "scenic_routes" ? tr(kRouteLower) : tr(kProjectLower),
                          static_cast<long long>(c.featureId), c.field.c_str(), c.oldValue.c_str(), c.newValue.c_str(),
                          c.presentation ? tr(kInMeeting) : "");
      }
      if (m_changes.empty()) ImGui::TextDisabled("-");
    }
    const UiText* titles[] = {&kChartKinds, &kChartTownships, &kChartProjects, &kChartHouseholds};
    for (std::size_t ci = 0; ci < m_charts.size(); ++ci) {
      const store::DashboardChart& c = m_charts[ci];
      ImGui::Separator();
      ImGui::TextUnformatted(tr(*titles[ci % 4]));
      double max = 0;
      for (const auto& b : c.bars) max = std::max(max, c.progress ? b.total : b.value);
      const bool many = c.bars.size() > 8;
      if (many) ImGui::BeginChild(c.id.c_str(), ImVec2(0, 150 * m_scale));
      for (const auto& b : c.bars) {
        if (c.progress && b.total <= 0) continue;
        if (!c.progress && b.value <= 0) continue;
        drawBar(v, c, b, max);
      }
      if (many) ImGui::EndChild();
    }
    ImGui::End();
  }

  void drawBar(Viewer& v, const store::DashboardChart& c, const store::DashboardBar& b, double max) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = ImGui::GetContentRegionAvail().x, h = 20 * m_scale;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID((c.id + b.key).c_str());
    if (ImGui::InvisibleButton("bar", ImVec2(w, h))) onBar(v, c, b);
    ImGui::PopID();
    const float labelW = w * 0.3f, barW = w * 0.45f;
    const std::string label = c.id == "route_kinds" || c.id == "programmes" ? keyLabel(b.label) : b.label;
    dl->AddText(ImVec2(p.x, p.y + 2), col(230, 230, 230), label.c_str());
    const ImVec2 b0(p.x + labelW, p.y + 3), b1(p.x + labelW + barW, p.y + h - 3);
    dl->AddRectFilled(b0, b1, col(60, 60, 70));
    const bool selected = b.key == m_filterKind || b.key == m_filterTownship;
    char text[64];
    if (c.progress) {
      const float full = static_cast<float>(max > 0 ? b.total / max : 0) * barW;
      const float done = static_cast<float>(b.total > 0 ? b.value / b.total : 0) * full;
      dl->AddRectFilled(b0, ImVec2(b0.x + full, b1.y), col(90, 90, 100));
      dl->AddRectFilled(b0, ImVec2(b0.x + done, b1.y), progressColour(b.total > 0 ? b.value / b.total : 0));
      std::snprintf(text, sizeof text, "%.1f / %.1f", b.value, b.total);
    } else {
      const ImU32 seg[] = {col(0x9e, 0x9e, 0x9e), col(0xf3, 0x9c, 0x12), col(0x27, 0xae, 0x60)};
      const ImU32 risk[] = {col(0xd7, 0x30, 0x1f), col(0xf1, 0x69, 0x13), col(0xfd, 0xae, 0x6b)};
      float x = b0.x;
      for (std::size_t i = 0; i < b.segments.size(); ++i) {
        const float sw = static_cast<float>(max > 0 ? b.segments[i] / max : 0) * barW;
        dl->AddRectFilled(ImVec2(x, b0.y), ImVec2(x + sw, b1.y), c.id == "programmes" ? seg[i % 3] : risk[i % 3]);
        x += sw;
      }
      std::snprintf(text, sizeof text, "%.0f", b.value);
    }
    if (selected) dl->AddRect(ImVec2(b0.x - 2, b0.y - 2), ImVec2(b1.x + 2, b1.y + 2), col(255, 230, 0), 0, 0, 2);
    dl->AddText(ImVec2(b1.x + 6, p.y + 2), col(230, 230, 230), text);
  }

  // A click on a bar: route kinds filter the routes; townships filter and zoom; programmes
  // highlight their sites and zoom to them.
  void onBar(Viewer& v, const store::DashboardChart& c, const store::DashboardBar& b) {
    if (c.id == "route_kinds") {
      m_filterKind = m_filterKind == b.key ? "" : b.key;
      return;
    }
    if (!b.townshipCode.empty()) {
      m_filterTownship = m_filterTownship == b.key ? "" : b.key;
      for (std::size_t li = 0; li < v.layerCount(); ++li) {
        const LayerData& layer = *v.layers().data[li];
        if (layer.name != "townships") continue;
        for (const Feature& f : layer.features) {
          if (textOf(layer, f, "code") == b.townshipCode) flyTo(v, f.geometry.bounds());
        }
      }
      return;
    }
    if (c.id == "programmes" && m_sitesLayer) {
      const LayerData& sites = *v.layers().data[*m_sitesLayer];
      std::vector<std::size_t> hits;
      Box box;
      for (std::size_t i = 0; i < sites.features.size(); ++i) {
        if (textOf(sites, sites.features[i], "programme") != b.key) continue;
        hits.push_back(i);
        box.expand(sites.features[i].geometry.bounds());
      }
      v.highlightFeatures(*m_sitesLayer, hits);
      v.map().sceneChanged();
      flyTo(v, box);
    }
  }

  void drawDecorations(Viewer& v, ImDrawList* dl) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float k = m_scale;
    const float mapRight = vp->Pos.x + vp->Size.x - (m_showDashboard ? 380 * k : 0);
    // Title band.
    if (m_slide >= 0 && m_slide < static_cast<int>(m_slides.size())) {
      const std::string& t = m_slides[static_cast<std::size_t>(m_slide)].title;
      const float size = 30 * k;
      const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(size, 1e9f, 0, t.c_str());
      const float cx = (vp->Pos.x + mapRight) * 0.5f;
      dl->AddRectFilled(ImVec2(cx - ts.x * 0.5f - 16, vp->Pos.y + 8),
                        ImVec2(cx + ts.x * 0.5f + 16, vp->Pos.y + 20 + ts.y), col(255, 255, 255, 220), 6);
      dl->AddText(ImGui::GetFont(), size, ImVec2(cx - ts.x * 0.5f, vp->Pos.y + 14), col(0x10, 0x10, 0x10), t.c_str());
    }
    // North arrow.
    const ImVec2 n(mapRight - 40 * k, vp->Pos.y + 40 * k);
    dl->AddTriangleFilled(ImVec2(n.x, n.y - 18 * k), ImVec2(n.x - 9 * k, n.y + 14 * k),
                          ImVec2(n.x + 9 * k, n.y + 14 * k), col(0x20, 0x20, 0x20));
    dl->AddText(ImGui::GetFont(), 16 * k, ImVec2(n.x - 5 * k, n.y - 38 * k), col(0x20, 0x20, 0x20), "N");
    // Scale bar (geodesic, on WGS 84).
    if (!m_toWgs84 && !v.layers().data.empty()) m_toWgs84.emplace(v.layers().data.front()->mapCrs, "EPSG:4326");
    if (m_toWgs84) {
      const double mpp = groundMetresPerPixel(v.camera(), *m_toWgs84) * fbScale(v);
      if (std::isfinite(mpp) && mpp > 0) {
        const double metres = niceLength(mpp * 200 * k);
        const float px = static_cast<float>(metres / mpp);
        const ImVec2 s0(mapRight - px - 30 * k, vp->Pos.y + vp->Size.y - 30 * k);
        dl->AddRectFilled(ImVec2(s0.x - 8, s0.y - 26 * k), ImVec2(s0.x + px + 8, s0.y + 12 * k),
                          col(255, 255, 255, 200));
        dl->AddRectFilled(s0, ImVec2(s0.x + px, s0.y + 6 * k), col(0x20, 0x20, 0x20));
        const std::string label = formatDistance(metres);
        dl->AddText(ImGui::GetFont(), 15 * k, ImVec2(s0.x + px * 0.5f - 15 * k, s0.y - 22 * k), col(0x20, 0x20, 0x20),
                    label.c_str());
      }
    }
    // Legend.
    const float lx = vp->Pos.x + 16, ly = vp->Pos.y + vp->Size.y - (m_showNotes ? 200 : 20) * k;
    struct Item {
      int kind;  // 0 solid, 1 dashed, 2 circle
      ImU32 c;
      const char* text;
    };
    std::vector<Item> items;
    if (slideShows("scenic_routes")) {
      items.push_back({0, col(0x1a, 0x98, 0x50), tr(kLegendBuilt)});
      items.push_back({1, col(0xd7, 0x30, 0x27), tr(kLegendPlanned)});
    }
    if (slideShows("households")) items.push_back({2, col(0x2e, 0x5c, 0xb8), tr(kLegendHouseholds)});
    const float row = 24 * k;
    if (!items.empty()) {
      const float top = ly - row * static_cast<float>(items.size()) - 10;
      dl->AddRectFilled(ImVec2(lx, top), ImVec2(lx + 220 * k, ly), col(255, 255, 255, 220), 4);
      for (std::size_t i = 0; i < items.size(); ++i) {
        const float y = top + 5 + row * static_cast<float>(i) + row * 0.5f;
        if (items[i].kind == 0) dl->AddLine(ImVec2(lx + 10, y), ImVec2(lx + 40 * k, y), items[i].c, 4 * k);
        if (items[i].kind == 1) {
          for (float x = lx + 10; x < lx + 40 * k; x += 10 * k)
            dl->AddLine(ImVec2(x, y), ImVec2(x + 6 * k, y), items[i].c, 3 * k);
        }
        if (items[i].kind == 2) dl->AddCircleFilled(ImVec2(lx + 25 * k, y), 7 * k, items[i].c);
        dl->AddText(ImGui::GetFont(), 16 * k, ImVec2(lx + 50 * k, y - 9 * k), col(0x20, 0x20, 0x20), items[i].text);
      }
    }
  }

  bool m_active = false;
  std::optional<std::pair<std::int64_t, ImVec2>> m_probe;        // test hook: a route's point on screen
  std::vector<float> m_rects[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}};  // editor's input and commit button
  std::vector<store::Slide> m_slides;
  int m_slide = -1;
  std::optional<Fly> m_fly;
  std::optional<CrsTransform> m_toMap;
  std::optional<CrsTransform> m_toWgs84;
  std::vector<Route> m_routes;
  std::optional<std::size_t> m_sitesLayer;
  std::vector<std::pair<Vec2, std::int64_t>> m_villageCounts, m_townCounts;
  std::vector<store::DashboardChart> m_charts;
  std::vector<store::Change> m_changes;
  std::string m_since;
  char m_sinceInput[32] = "2024-01-01";
  std::optional<Edit> m_edit;
  std::string m_filterKind, m_filterTownship;
  std::vector<Panel*> m_reopen;
  std::vector<std::size_t> m_hidden;
  struct Filtered {
    std::size_t index = 0;             // layer index in the viewer
    const LayerData* layer = nullptr;  // the data the filter was applied to
    std::string name;
    std::size_t hidden = 0;  // features the filter hides
  };
  std::vector<Filtered> m_filtered;
  std::vector<bool> m_slideHidden;
  int m_windowed[4] = {0, 0, 1280, 800};
  ImGuiStyle m_style;
  float m_scale = 1.4f;
  bool m_showNotes = false;
  bool m_showDashboard = true;
  int m_commits = 0;
  std::string m_error;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(PresentationPanel)
}  // namespace zhenmap
