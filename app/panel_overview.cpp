// The overview map: a small inset with the outlines of the widest polygon layer (Jieyang's
// counties or townships in the demo) and the current view as a red rectangle; a click or a drag
// in it moves the main map there.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kOverview{"鹰眼图", "Overview"};
ZHENMAP_UI_TEXTS(kOverview)

class OverviewPanel : public Panel {
 public:
  const char* title() const override { return tr(kOverview); }
  int order() const override { return 40; }
  Dock dock() const override { return Dock::LeftBottom; }

  void onLoaded(Viewer& v) override {
    m_lines.clear();
    m_extent = Box{};
    const LayerData* widest = nullptr;
    for (const auto& layer : v.layers().dataList()) {
      if (layer->features.empty() || layer->extent.empty()) continue;
      bool polygons = false;
      for (const Feature& f : layer->features) polygons = polygons || f.geometry.kind == GeomKind::Polygon;
      if (!polygons) continue;
      if (!widest || layer->extent.width() * layer->extent.height() >
                         widest->extent.width() * widest->extent.height()) {
        widest = layer.get();
      }
    }
    m_extent = v.fullExtent();
    if (!widest) return;
    m_extent = widest->extent;
    // Outlines thinned to about a thousandth of the extent: the inset is a few hundred pixels.
    const double tol = std::max(m_extent.width(), m_extent.height()) / 1000.0;
    for (const Feature& f : widest->features) {
      const Geometry& g = f.geometry;
      if (g.kind != GeomKind::Polygon) continue;
      for (std::size_t r = 0; r + 1 < g.rings.size(); ++r) {
        std::vector<Vec2> line;
        for (std::uint32_t i = g.rings[r]; i < g.rings[r + 1]; ++i) {
          const Vec2 p = g.points[i];
          if (!line.empty() && std::abs(p.x - line.back().x) < tol && std::abs(p.y - line.back().y) < tol &&
              i + 1 < g.rings[r + 1]) {
            continue;
          }
          line.push_back(p);
        }
        if (line.size() > 1) m_lines.push_back(std::move(line));
      }
    }
  }

  void draw(Viewer& v) override {
    const std::string name = std::string(tr(kOverview)) + "###overview";
    if (!v.beginPanel(*this, name)) {
      v.endPanel(*this);
      return;
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 40.0f);
    size.y = std::max(size.y, 40.0f);
    ImGui::InvisibleButton("##overview", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(244, 241, 234, 255));
    m_canvas = {origin.x, origin.y, size.x, size.y};
    if (!m_extent.empty()) {
      // The extent, padded to the canvas's aspect, centred.
      const double sx = m_extent.width() / size.x, sy = m_extent.height() / size.y;
      m_unitsPerPx = std::max(sx, sy) * 1.06;
      if (!(m_unitsPerPx > 0.0) || !std::isfinite(m_unitsPerPx)) {
        // One point (or points on a line): no area to fit. The inset shows twice the view around
        // it instead of dividing by zero (the window crashed on a one-point file).
        const Box seen = v.camera().visibleExtent();
        m_unitsPerPx = std::max(seen.width() / size.x, seen.height() / size.y) * 2.0;
        if (!(m_unitsPerPx > 0.0) || !std::isfinite(m_unitsPerPx)) m_unitsPerPx = 1.0;
      }
      m_centre = m_extent.center();
      auto toCanvas = [&](Vec2 p) {
        return ImVec2(static_cast<float>(origin.x + size.x * 0.5 + (p.x - m_centre.x) / m_unitsPerPx),
                      static_cast<float>(origin.y + size.y * 0.5 - (p.y - m_centre.y) / m_unitsPerPx));
      };
      std::vector<ImVec2> pts;
      for (const auto& line : m_lines) {
        pts.clear();
        for (const Vec2& p : line) pts.push_back(toCanvas(p));
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(90, 90, 90, 255), 0, 1.0f);
      }
      const Box view = v.camera().visibleExtent();
      ImVec2 a = toCanvas({view.minX, view.maxY}), b = toCanvas({view.maxX, view.minY});
      // A view smaller than a few pixels stays visible as a small box around its centre.
      if (b.x - a.x < 6 || b.y - a.y < 6) {
        const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
        a = ImVec2(c.x - 3, c.y - 3);
        b = ImVec2(c.x + 3, c.y + 3);
      }
      dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
      // Tinted only when the view is a part of the inset (at full extent it covers all of it).
      const bool whole = a.x <= origin.x && a.y <= origin.y && b.x >= origin.x + size.x && b.y >= origin.y + size.y;
      if (!whole) dl->AddRectFilled(a, b, IM_COL32(220, 30, 30, 40));
      dl->AddRect(a, b, IM_COL32(220, 30, 30, 255), 0, 0, 2.0f);
      dl->PopClipRect();
      if (ImGui::IsItemActive() && (ImGui::IsMouseClicked(0) || ImGui::IsMouseDragging(0, 0.0f))) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        v.camera().setCenter({m_centre.x + (m.x - origin.x - size.x * 0.5) * m_unitsPerPx,
                              m_centre.y - (m.y - origin.y - size.y * 0.5) * m_unitsPerPx});
      }
    }
    v.endPanel(*this);
  }

  // The canvas (window pixels) and the map extent it shows, so a test can aim a click.
  void writeState(const Viewer&, nlohmann::json& s) const override {
    if (!open() || m_unitsPerPx <= 0) return;
    s["overview"] = {{"canvas", m_canvas},
                     {"centre", {m_centre.x, m_centre.y}},
                     {"units_per_px", m_unitsPerPx},
                     {"outlines", m_lines.size()}};
  }

 private:
  std::vector<std::vector<Vec2>> m_lines;
  Box m_extent;
  Vec2 m_centre;
  double m_unitsPerPx = 0;
  std::vector<float> m_canvas{0, 0, 0, 0};
};

}  // namespace
ZHENMAP_REGISTER_PANEL(OverviewPanel)
}  // namespace zhenmap
