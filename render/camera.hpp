// The map camera: a centre in map CRS units (double precision) and a resolution in map units per
// pixel. Screen coordinates are pixels from the top-left corner, y down; map y is up.
#pragma once

#include "geometry.hpp"

namespace zhenmap {

// A rectangle of the picture in screen pixels: top-left corner (y down) and size.
struct ScreenRect {
  int x = 0, y = 0, width = 0, height = 0;
  friend bool operator==(const ScreenRect&, const ScreenRect&) = default;
};

class Camera {
 public:
  void setViewport(int width, int height) {
    m_width = width;
    m_height = height;
  }
  int width() const { return m_width; }
  int height() const { return m_height; }
  Vec2 center() const { return m_center; }
  double unitsPerPixel() const { return m_unitsPerPixel; }
  void setCenter(Vec2 c) { m_center = c; }
  void setUnitsPerPixel(double r);

  Vec2 screenToMap(Vec2 px) const;
  Vec2 mapToScreen(Vec2 map) const;
  Box visibleExtent() const;
  Box extentOf(const ScreenRect& rect) const;  // the map box a part of the picture shows

  // Shows the whole box with a margin (fraction of the view on each side), keeping it centred.
  void fit(const Box& box, double margin = 0.04);
  // Moves the map with the cursor by (dx, dy) pixels.
  void panPixels(double dx, double dy);
  // Zooms by factor (>1 zooms in) keeping the map point under the screen position fixed.
  void zoomAt(Vec2 screenPos, double factor);

 private:
  int m_width = 1;
  int m_height = 1;
  Vec2 m_center{0, 0};
  double m_unitsPerPixel = 1.0;
};

}  // namespace zhenmap
