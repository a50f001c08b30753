// Map labels on the GL thread: keeps the candidates, an atlas of exactly their characters, and a
// placement that is redone only when the zoom or viewport changes or the view leaves the placed
// region. Draw after the map layers, with the same Camera, into the same framebuffer.
#pragma once

#include <vector>

#include "camera.hpp"
#include "label_placement.hpp"
#include "text_renderer.hpp"

namespace zhenmap {

// An atlas of exactly the characters of the candidates' texts; any thread.
GlyphAtlas labelAtlas(const std::vector<LabelCandidate>& candidates);

class LabelRenderer {
 public:
  LabelRenderer();  // needs a current GL 3.3 context; loads the default font on first use

  // Replaces all candidates (from makeLabelCandidates, concatenated over layers) and rebuilds the
  // atlas when their characters differ from the current ones.
  void setCandidates(std::vector<LabelCandidate> candidates);
  // The same with an atlas made on a worker by labelAtlas(candidates), so the GL thread only
  // uploads it (2,000 CJK characters take a few hundred ms to build).
  void setCandidates(std::vector<LabelCandidate> candidates, GlyphAtlas atlas);
  // Places the labels for the camera when needed (see LabelPlacer::update); true when the
  // placement was redone. draw() does it too.
  bool place(const Camera& camera);
  // Places (when needed) and draws the labels; the viewport must match the camera's size. With a
  // region, only the labels reaching it are drawn, scissored to it.
  void draw(const Camera& camera, const ScreenRect* region = nullptr);
  // Labels drawn by the last draw() that intersect the view.
  std::size_t visibleCount() const { return m_visible; }

  const LabelPlacer& placer() const { return m_placer; }
  const GlyphAtlas& atlas() const { return m_text.atlas(); }

 private:
  LabelPlacer m_placer;
  TextRenderer m_text;
  std::size_t m_visible = 0;
};

}  // namespace zhenmap
