// Camera arithmetic, all in double precision; see camera.hpp.
#include "camera.hpp"

#include <algorithm>

namespace zhenmap {

void Camera::setUnitsPerPixel(double r) { m_unitsPerPixel = std::clamp(r, 1e-9, 1e9); }

Vec2 Camera::screenToMap(Vec2 px) const {
  return {m_center.x + (px.x - m_width * 0.5) * m_unitsPerPixel,
          m_center.y - (px.y - m_height * 0.5) * m_unitsPerPixel};
}

Vec2 Camera::mapToScreen(Vec2 map) const {
  return {(map.x - m_center.x) / m_unitsPerPixel + m_width * 0.5,
          m_height * 0.5 - (map.y - m_center.y) / m_unitsPerPixel};
}

Box Camera::visibleExtent() const {
  Box b;
  b.expand(screenToMap({0, 0}));
  b.expand(screenToMap({static_cast<double>(m_width), static_cast<double>(m_height)}));
  return b;
}

Box Camera::extentOf(const ScreenRect& rect) const {
  Box b;
  b.expand(screenToMap({static_cast<double>(rect.x), static_cast<double>(rect.y)}));
  b.expand(screenToMap({static_cast<double>(rect.x + rect.width), static_cast<double>(rect.y + rect.height)}));
  return b;
}

void Camera::fit(const Box& box, double margin) {
  if (box.empty()) return;
  m_center = box.center();
  const double usableW = m_width * (1.0 - 2.0 * margin);
  const double usableH = m_height * (1.0 - 2.0 * margin);
  const double r = std::max(box.width() / std::max(usableW, 1.0), box.height() / std::max(usableH, 1.0));
  setUnitsPerPixel(r > 0 ? r : 1.0);
}

void Camera::panPixels(double dx, double dy) {
  m_center.x -= dx * m_unitsPerPixel;
  m_center.y += dy * m_unitsPerPixel;
}

void Camera::zoomAt(Vec2 screenPos, double factor) {
  if (factor <= 0) return;
  const Vec2 before = screenToMap(screenPos);
  setUnitsPerPixel(m_unitsPerPixel / factor);
  const Vec2 after = screenToMap(screenPos);
  m_center.x += before.x - after.x;
  m_center.y += before.y - after.y;
}

}  // namespace zhenmap
