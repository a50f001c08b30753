// Re-using the previous picture while panning; see frame_reuse.hpp.
#include "frame_reuse.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "label_renderer.hpp"
#include "offscreen_target.hpp"

namespace zhenmap {

namespace {
void add(FrameStats& total, const FrameStats& s) {
  total.drawCalls += s.drawCalls;
  total.triangles += s.triangles;
  total.markers += s.markers;
  total.tilesDrawn += s.tilesDrawn;
  total.coveredFills += s.coveredFills;
}
}  // namespace

std::optional<PixelShift> wholePixelShift(const Camera& before, const Camera& after) {
  if (before.width() != after.width() || before.height() != after.height() ||
      before.unitsPerPixel() != after.unitsPerPixel()) {
    return std::nullopt;
  }
  const double upp = after.unitsPerPixel();
  // Screen x grows with map x and screen y against map y: the picture moves by the opposite of
  // the centre's move, in pixels.
  const double sx = (before.center().x - after.center().x) / upp;
  const double sy = (after.center().y - before.center().y) / upp;
  const double rx = std::round(sx), ry = std::round(sy);
  if (std::abs(sx - rx) > 1e-3 || std::abs(sy - ry) > 1e-3) return std::nullopt;
  if (std::abs(rx) >= after.width() || std::abs(ry) >= after.height()) return std::nullopt;
  return PixelShift{static_cast<int>(rx), static_cast<int>(ry)};
}

std::vector<ScreenRect> exposedRects(int width, int height, PixelShift s) {
  std::vector<ScreenRect> out;
  const int ax = std::abs(s.dx), ay = std::abs(s.dy);
  if (ax > 0) out.push_back({s.dx > 0 ? 0 : width - ax, 0, ax, height});  // the whole column
  if (ay > 0) {
    // The row, without the part the column already covers.
    out.push_back({s.dx > 0 ? ax : 0, s.dy > 0 ? 0 : height - ay, width - ax, ay});
  }
  return out;
}

void copyShifted(const OffscreenTarget& from, const OffscreenTarget& to, PixelShift s) {
  const int w = to.width(), h = to.height();
  // GL's rows count from the bottom: a move down the screen lowers GL y.
  const int gx = s.dx, gy = -s.dy;
  const int srcX0 = std::max(0, -gx), srcY0 = std::max(0, -gy);
  const int cw = w - std::abs(gx), ch = h - std::abs(gy);
  glDisable(GL_SCISSOR_TEST);
  const GLuint source = from.pictureFramebuffer();  // may resolve first, binding framebuffers
  to.bind();
  glBindFramebuffer(GL_READ_FRAMEBUFFER, source);
  glBlitFramebuffer(srcX0, srcY0, srcX0 + cw, srcY0 + ch, srcX0 + gx, srcY0 + gy, srcX0 + gx + cw, srcY0 + gy + ch,
                    GL_COLOR_BUFFER_BIT, GL_NEAREST);
  to.bind();
}

bool drawReusing(const MapRenderer& map, LabelRenderer* labels, const Camera& camera, double scaleDenominator,
                 Rgba background, const OffscreenTarget& to, const ShownPicture* previous, FrameStats* stats) {
  std::optional<PixelShift> shift;
  // Only a single-sampled picture: strips drawn beside an antialiased one would show a seam.
  if (previous && previous->target && previous->target != &to && to.samples() == 0 &&
      previous->target->samples() == 0 &&
      previous->target->width() == to.width() && previous->target->height() == to.height() &&
      map.drawsSameLayers(previous->scaleDenominator, scaleDenominator)) {
    shift = wholePixelShift(previous->camera, camera);
  }
  // Labels placed anew may differ anywhere in the picture: only an unchanged placement moves
  // rigidly with the map (anchors are pixel-snapped).
  const bool replaced = labels && labels->place(camera);
  FrameStats total;
  if (!shift || replaced) {
    to.bind();
    total = map.draw(camera, background, scaleDenominator);
    if (labels) labels->draw(camera);
    if (stats) *stats = total;
    return false;
  }
  copyShifted(*previous->target, to, *shift);
  for (const ScreenRect& r : exposedRects(to.width(), to.height(), *shift)) {
    add(total, map.draw(camera, background, scaleDenominator, &r));
    if (labels) labels->draw(camera, &r);
  }
  if (stats) *stats = total;
  return true;
}

ScreenBox previewPlacement(const Camera& source, const Camera& camera) {
  // A screen point of the source shows map point c_s + (p - half) * upp_s (y flipped); in the new
  // view that point is at (map - c_n) / upp_n + half.
  const double r = source.unitsPerPixel() / camera.unitsPerPixel();
  const double hw = camera.width() * 0.5, hh = camera.height() * 0.5;
  const double ox = (source.center().x - camera.center().x) / camera.unitsPerPixel();
  const double oy = (camera.center().y - source.center().y) / camera.unitsPerPixel();
  return {hw + (0.0 - source.width() * 0.5) * r + ox, hh + (0.0 - source.height() * 0.5) * r + oy,
          hw + (source.width() * 0.5) * r + ox, hh + (source.height() * 0.5) * r + oy};
}

bool drawZoomPreview(const MapRenderer& map, const Camera& camera, double scaleDenominator, Rgba background,
                     const OffscreenTarget& to, const ShownPicture& source, double maxRatio, FrameStats* stats) {
  const OffscreenTarget* from = source.target;
  if (!from || from == &to || to.samples() != 0 || from->width() != to.width() || from->height() != to.height() ||
      source.camera.width() != camera.width() || source.camera.height() != camera.height()) {
    return false;
  }
  const double ratio = source.camera.unitsPerPixel() / camera.unitsPerPixel();
  if (!(ratio <= maxRatio && ratio >= 1.0 / maxRatio) || ratio == 1.0 ||
      !map.drawsSameLayers(source.scaleDenominator, scaleDenominator)) {
    return false;
  }
  const int w = to.width(), h = to.height();
  const ScreenBox b = previewPlacement(source.camera, camera);
  const int x0 = static_cast<int>(std::lround(b.x0)), y0 = static_cast<int>(std::lround(b.y0));
  const int x1 = static_cast<int>(std::lround(b.x1)), y1 = static_cast<int>(std::lround(b.y1));
  const int cx0 = std::clamp(x0, 0, w), cy0 = std::clamp(y0, 0, h), cx1 = std::clamp(x1, 0, w), cy1 = std::clamp(y1, 0, h);
  if (5.0 * (cx1 - cx0) * (cy1 - cy0) < static_cast<double>(w) * h) return false;  // a fifth of the view

  glDisable(GL_SCISSOR_TEST);
  const GLuint picture = from->pictureTexture();  // may resolve first, binding framebuffers
  to.bind();
  // The whole source onto its box; what falls outside the view is clipped by GL.
  map.drawPicture(picture, b.x0, b.y0, b.x1, b.y1, w, h);
  // The borders the scaled picture leaves, drawn exactly: above, below, left, right of it.
  const ScreenRect borders[] = {{0, 0, w, cy0}, {0, cy1, w, h - cy1}, {0, cy0, cx0, cy1 - cy0},
                                {cx1, cy0, w - cx1, cy1 - cy0}};
  FrameStats total;
  for (const ScreenRect& r : borders) {
    if (r.width <= 0 || r.height <= 0) continue;
    add(total, map.draw(camera, background, scaleDenominator, &r));
  }
  if (stats) *stats = total;
  return true;
}

}  // namespace zhenmap
