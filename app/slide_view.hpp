// The presentation screen's map: a slide's scene (slide_scene.hpp) drawn through the shared
// SceneRenderer, the same code `zhenmap render --export` and `export-slides` draw with, into the
// part of the window left of the dashboard. While the camera moves it draws single-sampled; once
// it rests, once with 4x MSAA, as an exported slide is drawn, so a resting slide on screen has
// the pixels of the exported one of that size. GL thread only.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "camera.hpp"
#include "offscreen_target.hpp"
#include "scene_renderer.hpp"
#include "slide_scene.hpp"

namespace zhenmap {

class SlideView {
 public:
  SlideView();  // needs a current GL 3.3 context

  // Shows a new scene (a slide, a filter, a live edit) with its decorations.
  void setScene(SlideScene scene, MapDecorations decorations, std::optional<GlyphAtlas> atlas = std::nullopt);
  // Features drawn on top of the scene's layers (the changes since a date).
  void setHighlights(std::vector<Buckets> highlights);

  // Draws the scene for `camera` (its viewport is the picture's size) and copies it to the
  // window's framebuffer at the top-left corner; fbHeight is the window framebuffer's height.
  void draw(const Camera& camera, int fbHeight);

  std::uint64_t renders() const { return m_renders; }
  std::uint64_t restingRenders() const { return m_restingRenders; }
  bool atRest() const { return m_atRest; }  // the picture on show is the resting (4x MSAA) one

 private:
  void upload();
  SceneRenderer m_scene;
  std::vector<Buckets> m_layers;      // the scene's, bottom first
  std::vector<Buckets> m_highlights;  // drawn above them
  std::unique_ptr<OffscreenTarget> m_fast;
  std::unique_ptr<OffscreenTarget> m_quality;
  std::optional<Camera> m_drawn;  // the camera the shown picture was drawn for
  std::uint64_t m_version = 0, m_drawnVersion = 0;
  std::chrono::steady_clock::time_point m_lastChange;
  bool m_atRest = false;
  std::uint64_t m_renders = 0, m_restingRenders = 0;
};

}  // namespace zhenmap
