// The measuring tool: click points on the map for a running distance (m / km) or a polygon area
// (m² / ha / km²) measured on the CGCS2000 ellipsoid (geodata/measure.hpp, PROJ's geodesic
// routines). The segment to the cursor is included while measuring; Esc or a right click ends
// the measurement, the next click starts a new one, Esc again clears it.
#include <imgui.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "measure.hpp"
#include "triangulator.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kMeasure{"测量", "Measure"};
const UiText kOff{"关闭", "Off"};
const UiText kDistance{"距离", "Distance"};
const UiText kArea{"面积", "Area"};
const UiText kClear{"清除", "Clear"};
const UiText kMeasureHelp{"单击地图添加点；Esc 或右键结束，再按 Esc 清除",
                          "Click the map to add points; Esc or right click ends, Esc again clears"};
const UiText kTotal{"总长", "Total"};
const UiText kLastSegment{"末段", "Last segment"};
const UiText kPerimeter{"周长", "Perimeter"};
const UiText kPoints{"点数", "Points"};
const UiText kOnEllipsoid{"按 CGCS2000 椭球面计算", "Measured on the CGCS2000 ellipsoid"};
const UiText kTools{"工具", "Tools"};
const UiText kMeasureDistance{"测量距离", "Measure distance"};
const UiText kMeasureArea{"测量面积", "Measure area"};
ZHENMAP_UI_TEXTS(kTools, kMeasureDistance, kMeasureArea)
ZHENMAP_UI_TEXTS(kMeasure, kOff, kDistance, kArea, kClear, kMeasureHelp, kTotal, kLastSegment, kPerimeter, kPoints,
                 kOnEllipsoid)

enum class Mode { Off, Distance, Area };

const ImU32 kLineColor = IM_COL32(220, 40, 30, 255);
const ImU32 kFillColor = IM_COL32(220, 40, 30, 50);
const ImU32 kVertexColor = IM_COL32(255, 255, 255, 255);

class MeasurePanel : public Panel {
 public:
  MeasurePanel() { setOpen(false); }  // opened from the View menu or the toolbar when needed
  const char* title() const override { return tr(kMeasure); }
  int order() const override { return 40; }
  Dock dock() const override { return Dock::Right; }

  bool onMapClick(Viewer& v, Vec2, Vec2 map) override {
    if (m_mode == Mode::Off || !open()) return false;
    if (m_finished) {
      m_points.clear();
      m_finished = false;
    }
    m_points.push_back(map);
    m_lonLat.push_back(v.toLonLat().forward(map));
    return true;
  }

  bool onKey(Viewer& v, int key, int mods) override {
    if (key == GLFW_KEY_M) {
      start(v, (mods & GLFW_MOD_SHIFT) ? Mode::Area : Mode::Distance);
      return true;
    }
    if (key != GLFW_KEY_ESCAPE || m_mode == Mode::Off || !open() || m_points.empty()) return false;
    if (!m_finished) {
      m_finished = true;
    } else {
      clear();
    }
    return true;
  }

  void update(Viewer& v) override {
    if (!open() || m_mode == Mode::Off) return;
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.WantCaptureMouse && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && !m_points.empty()) {
      m_finished = true;
    }
    // Running figures: with the segment to the cursor while measuring.
    std::vector<Vec2> pts = m_lonLat;
    m_hasCursor = !m_finished && !m_points.empty() && !io.WantCaptureMouse;
    if (m_hasCursor) pts.push_back(v.toLonLat().forward(v.cursorMap()));
    m_distance = geodesicLength(pts);
    m_lastSegment = pts.size() >= 2 ? geodesicDistance(pts[pts.size() - 2], pts.back()) : 0.0;
    const PolygonMeasure poly = geodesicPolygon(pts);
    m_area = poly.area;
    m_perimeter = poly.perimeter;
  }

  void drawMapOverlay(Viewer& v, ImDrawList* dl) override {
    if (!open() || m_mode == Mode::Off || m_points.empty()) return;
    const float scale = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.0f;
    std::vector<ImVec2> screen;
    for (const Vec2& p : m_points) {
      const Vec2 s = v.mapToWindow(p);
      screen.emplace_back(static_cast<float>(s.x) / scale, static_cast<float>(s.y) / scale);
    }
    if (m_hasCursor) {
      const Vec2 c = v.cursorPx();
      screen.emplace_back(static_cast<float>(c.x) / scale, static_cast<float>(c.y) / scale);
    }
    if (m_mode == Mode::Area && screen.size() >= 3) {
      fillPolygon(dl, screen);
      dl->AddPolyline(screen.data(), static_cast<int>(screen.size()), kLineColor, ImDrawFlags_Closed, 2.5f);
    } else if (screen.size() >= 2) {
      dl->AddPolyline(screen.data(), static_cast<int>(screen.size()), kLineColor, ImDrawFlags_None, 2.5f);
    }
    for (std::size_t i = 0; i < m_points.size(); ++i) {
      dl->AddCircleFilled(screen[i], 4.5f, kLineColor);
      dl->AddCircleFilled(screen[i], 2.5f, kVertexColor);
    }
    const std::string label = m_mode == Mode::Area ? areaText(m_area) : distanceText(m_distance);
    const ImVec2 at(screen.back().x + 12, screen.back().y - 22);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    dl->AddRectFilled(ImVec2(at.x - 4, at.y - 2), ImVec2(at.x + size.x + 4, at.y + size.y + 2),
                      IM_COL32(255, 255, 255, 230), 3.0f);
    dl->AddText(at, IM_COL32(20, 20, 20, 255), label.c_str());
  }

  void draw(Viewer& v) override {
    const std::string name = std::string(tr(kMeasure)) + "###measure";
    if (!v.beginPanel(*this, name, ImGuiWindowFlags_AlwaysAutoResize)) {
      v.endPanel(*this);
      return;
    }
    int mode = static_cast<int>(m_mode);
    bool changed = ImGui::RadioButton(tr(kOff), &mode, 0);
    ImGui::SameLine();
    changed |= ImGui::RadioButton(tr(kDistance), &mode, 1);
    ImGui::SameLine();
    changed |= ImGui::RadioButton(tr(kArea), &mode, 2);
    if (changed) {
      m_mode = static_cast<Mode>(mode);
      m_finished = !m_points.empty();  // switching keeps the points, ended
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(kClear))) clear();
    ImGui::TextDisabled("%s", tr(kMeasureHelp));
    if (m_mode != Mode::Off) {
      ImGui::Separator();
      ImGui::Text("%s: %zu", tr(kPoints), m_points.size());
      if (m_mode == Mode::Distance) {
        ImGui::Text("%s: %s", tr(kTotal), distanceText(m_distance).c_str());
        ImGui::Text("%s: %s", tr(kLastSegment), distanceText(m_lastSegment).c_str());
      } else {
        ImGui::Text("%s: %s", tr(kArea), areaText(m_area).c_str());
        ImGui::Text("%s: %s", tr(kPerimeter), distanceText(m_perimeter).c_str());
      }
      ImGui::TextDisabled("%s", tr(kOnEllipsoid));
    }
    v.endPanel(*this);
  }

  void writeState(const Viewer&, nlohmann::json& s) const override {
    if (!open() || m_mode == Mode::Off) return;
    nlohmann::json pts = nlohmann::json::array();
    for (const Vec2& p : m_lonLat) pts.push_back({p.x, p.y});
    s["measure"] = {{"mode", m_mode == Mode::Area ? "area" : "distance"},
                    {"points", pts},
                    {"finished", m_finished},
                    // Final figures only (without the cursor's segment) so the state settles.
                    {"distance_m", geodesicLength(m_lonLat)},
                    {"area_m2", geodesicPolygon(m_lonLat).area}};
  }

  void drawMenu(Viewer& v) override {
    if (!ImGui::BeginMenu(tr(kTools))) return;
    if (ImGui::MenuItem(tr(kMeasureDistance), "M")) start(v, Mode::Distance);
    if (ImGui::MenuItem(tr(kMeasureArea), "Shift+M")) start(v, Mode::Area);
    ImGui::EndMenu();
  }

 private:
  // Starts measuring in a mode (menu, M / Shift+M on the map).
  void start(Viewer& v, Mode mode) {
    v.focusPanel(*this);
    m_mode = mode;
    clear();
  }

  // Fills a simple or self-touching polygon (concave too) through the GLU tessellator.
  void fillPolygon(ImDrawList* dl, const std::vector<ImVec2>& screen) {
    Geometry g;
    g.kind = GeomKind::Polygon;
    for (const ImVec2& p : screen) g.points.push_back({p.x, p.y});
    g.rings = {0, static_cast<std::uint32_t>(g.points.size())};
    g.parts = {0, 1};
    m_triangles.clear();
    if (!m_triangulator.triangulate(g, 0, 1, m_triangles)) return;
    for (std::size_t i = 0; i + 2 < m_triangles.size(); i += 3) {
      dl->AddTriangleFilled(ImVec2(static_cast<float>(m_triangles[i].x), static_cast<float>(m_triangles[i].y)),
                            ImVec2(static_cast<float>(m_triangles[i + 1].x), static_cast<float>(m_triangles[i + 1].y)),
                            ImVec2(static_cast<float>(m_triangles[i + 2].x), static_cast<float>(m_triangles[i + 2].y)),
                            kFillColor);
    }
  }

  void clear() {
    m_points.clear();
    m_lonLat.clear();
    m_finished = false;
    m_distance = m_area = m_perimeter = m_lastSegment = 0.0;
  }

  Mode m_mode = Mode::Distance;
  std::vector<Vec2> m_points;  // map CRS
  std::vector<Vec2> m_lonLat;  // CGCS2000 lon/lat of the same points
  bool m_finished = false;
  bool m_hasCursor = false;
  double m_distance = 0.0, m_lastSegment = 0.0, m_area = 0.0, m_perimeter = 0.0;
  Triangulator m_triangulator;
  std::vector<Vec2> m_triangles;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(MeasurePanel)
}  // namespace zhenmap
