// The map picture of the window: the camera, the shared MapRenderer and LabelRenderer, and the
// offscreen targets the map is drawn into before it is copied to the window. While the view
// changes, frames use single-sampled targets (llvmpipe draws 4x MSAA six times slower); a pan by
// whole pixels re-uses the previous picture and draws only the strips it uncovers (see
// frame_reuse.hpp). Once the view has rested for 150 ms it is drawn once with 4x MSAA, and
// UI-only frames reuse that picture. GL thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "camera.hpp"
#include "crs_transform.hpp"
#include "frame_reuse.hpp"
#include "label_renderer.hpp"
#include "map_renderer.hpp"
#include "offscreen_target.hpp"

namespace zhenmap {

class MapViewWidget {
 public:
  MapViewWidget();  // needs a current GL 3.3 context

  Camera& camera() { return m_camera; }
  const Camera& camera() const { return m_camera; }
  MapRenderer& renderer() { return m_renderer; }
  const MapRenderer& renderer() const { return m_renderer; }
  LabelRenderer& labels() { return m_labels; }
  const LabelRenderer& labels() const { return m_labels; }

  // Something the picture depends on changed (visibility, opacity, order, highlight, style).
  void sceneChanged() { ++m_sceneVersion; }
  bool showLabels() const { return m_showLabels; }
  void setShowLabels(bool show) { m_showLabels = show; }

  // Draws the map into the rectangle x, y, w x h (framebuffer pixels from the window's top-left
  // corner: the docked layout's centre) of a window framebuffer fbHeight high, redrawing only
  // when the view changed, and copies it there. The camera's viewport is that rectangle.
  void draw(int x, int y, int w, int h, int fbHeight);

  // Scale denominator of the last drawn picture (geodesic, on WGS 84), 0 before the first.
  double scale() const { return m_scale; }
  std::uint64_t mapRenders() const { return m_mapRenders; }
  std::uint64_t reusedRenders() const { return m_reusedRenders; }  // of mapRenders: pans re-using a picture
  std::uint64_t previewRenders() const { return m_previewRenders; }  // of mapRenders: zoom previews
  bool showsPreview() const { return m_shownIsPreview; }  // the picture on show is a zoom preview
  const FrameStats& frameStats() const { return m_frameStats; }  // of the last whole frame

 private:
  void renderInto(const OffscreenTarget& target);
  std::string key() const;  // everything but the camera's centre and scale
  // A zoom preview scales the last exact picture by at most this much (either way).
  static constexpr double kMaxPreviewRatio = 2.0;

  Camera m_camera;
  MapRenderer m_renderer;
  LabelRenderer m_labels;
  CrsTransform m_toWgs84;
  // Single-sampled, frames while the view moves: two, so a pan copies one into the other.
  std::unique_ptr<OffscreenTarget> m_fast[2];
  std::unique_ptr<OffscreenTarget> m_quality;  // 4x MSAA: the resting view
  ShownPicture m_shown;  // what the window shows: target, camera and scale it was drawn for
  ShownPicture m_source;  // the last exact picture (not a preview): what zoom previews scale
  bool m_shownIsPreview = false;
  std::string m_key;
  std::chrono::steady_clock::time_point m_lastChange;
  bool m_qualityPending = false;
  std::uint64_t m_sceneVersion = 0;
  std::uint64_t m_mapRenders = 0;
  std::uint64_t m_reusedRenders = 0;
  std::uint64_t m_previewRenders = 0;
  FrameStats m_frameStats;
  double m_scale = 0.0;
  bool m_showLabels = true;
};

}  // namespace zhenmap
