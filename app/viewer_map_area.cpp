// The map area not covered by panels, and fly-to framing inside it: a feature found by the
// search, a bookmark or a layer zoomed to is centred where the user can see it, not under the
// layers or identify panel. The panels are floating ImGui windows; after each frame's UI the
// rectangles of the open ones are taken and the roomiest rectangle of the window that none of
// them covers is the map area.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "viewer.hpp"

namespace zhenmap {

namespace {

using Rect = std::array<float, 4>;  // x, y, w, h (ImGui pixels)

bool overlaps(const Rect& a, float x0, float y0, float x1, float y1) {
  return a[0] < x1 && a[0] + a[2] > x0 && a[1] < y1 && a[1] + a[3] > y0;
}

// The roomiest axis-aligned rectangle of [0, w] x [0, h] that meets none of the obstacles: the
// one with the longest shorter side (a square block of map rather than a long strip between
// two panels), then the largest. Its edges lie on the window's or the obstacles' edges, so
// trying every pair of those finds it.
Rect freeRect(float w, float h, const std::vector<Rect>& obstacles) {
  std::vector<float> xs{0.0f, w}, ys{0.0f, h};
  for (const Rect& r : obstacles) {
    for (float x : {r[0], r[0] + r[2]}) xs.push_back(std::clamp(x, 0.0f, w));
    for (float y : {r[1], r[1] + r[3]}) ys.push_back(std::clamp(y, 0.0f, h));
  }
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  std::sort(ys.begin(), ys.end());
  ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
  Rect best{0, 0, 0, 0};
  float bestSide = 0, bestArea = 0;
  for (std::size_t a = 0; a < xs.size(); ++a) {
    for (std::size_t b = a + 1; b < xs.size(); ++b) {
      for (std::size_t c = 0; c < ys.size(); ++c) {
        for (std::size_t d = c + 1; d < ys.size(); ++d) {
          const bool free = std::none_of(obstacles.begin(), obstacles.end(),
                                         [&](const Rect& r) { return overlaps(r, xs[a], ys[c], xs[b], ys[d]); });
          if (!free) break;  // a taller rectangle on the same columns meets it too
          const float rw = xs[b] - xs[a], rh = ys[d] - ys[c];
          const float side = std::min(rw, rh), area = rw * rh;
          if (side > bestSide || (side == bestSide && area > bestArea)) {
            bestSide = side;
            bestArea = area;
            best = {xs[a], ys[c], rw, rh};
          }
        }
      }
    }
  }
  return best;
}

}  // namespace

void Viewer::measureMapArea() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = vp->Size.x, h = vp->Size.y;
  std::vector<Rect> obstacles;
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  for (const ImGuiWindow* win : g.Windows) {
    if (!win->Active || win->Hidden) continue;
    // Child windows lie inside their parent; tooltips, popups and notices come and go.
    // ImGui's implicit "Debug" window is only shown when something is drawn outside a window.
    if (win->IsFallbackWindow || (win->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip |
                                                ImGuiWindowFlags_Popup | ImGuiWindowFlags_NoInputs))) {
      continue;
    }
    obstacles.push_back({win->Pos.x - vp->Pos.x, win->Pos.y - vp->Pos.y, win->Size.x, win->Size.y});
  }
  if (obstacles == m_panelRects && m_mapArea[2] > 0) return;
  m_panelRects = obstacles;
  Rect free = freeRect(w, h, obstacles);
  // Panels cover nearly everything: the whole window rather than a sliver.
  if (std::min(free[2], free[3]) < std::min(w, h) * 0.15f) free = {0, 0, w, h};
  m_mapArea = free;
}

Camera Viewer::framing(const Box& box, double margin) const {
  Camera c = camera();
  if (box.empty()) return c;
  const double fb = framebufferScale();
  // The area in the camera's pixels (the map view starts at mapRect's corner).
  double ax = m_mapArea[0] * fb - m_mapRect[0], ay = m_mapArea[1] * fb - m_mapRect[1];
  double aw = m_mapArea[2] * fb, ah = m_mapArea[3] * fb;
  if (aw <= 0 || ah <= 0) {  // before the first frame's UI: the whole window
    ax = ay = 0;
    aw = c.width();
    ah = c.height();
  }
  const double usableW = std::max(aw * (1.0 - 2.0 * margin), 1.0);
  const double usableH = std::max(ah * (1.0 - 2.0 * margin), 1.0);
  const double r = std::max(box.width() / usableW, box.height() / usableH);
  if (r > 0) c.setUnitsPerPixel(r);
  const double upp = c.unitsPerPixel();
  const double cx = ax + aw * 0.5, cy = ay + ah * 0.5;
  const Vec2 mid = box.center();
  c.setCenter({mid.x - (cx - c.width() * 0.5) * upp, mid.y + (cy - c.height() * 0.5) * upp});
  return c;
}

void Viewer::flyTo(const Box& box, double margin) {
  const Camera target = framing(box, margin);
  camera().setCenter(target.center());
  camera().setUnitsPerPixel(target.unitsPerPixel());
}

}  // namespace zhenmap
