// Moving the view re-uses pictures already drawn. Panning: when the view only moved by whole
// pixels, the last frame is copied into the new one moved by that much, and only the strips it
// leaves uncovered are drawn (MapRenderer and LabelRenderer draw a region exactly as a whole
// frame draws it there). On llvmpipe a frame costs about what it rasterises, so a pan of a few
// pixels costs a copy and two thin strips instead of the whole map. Zooming: previews scaled from
// the last exact picture (drawZoomPreview, below). GL thread only.
#pragma once

#include <optional>
#include <vector>

#include "camera.hpp"
#include "map_renderer.hpp"

namespace zhenmap {

class LabelRenderer;
class OffscreenTarget;

struct PixelShift {
  int dx = 0, dy = 0;  // the picture moves dx pixels right and dy pixels down
  friend bool operator==(const PixelShift&, const PixelShift&) = default;
};

// The shift that carries `before`'s picture onto `after`'s: the same viewport and resolution,
// centres a whole number of pixels apart (within a thousandth of a pixel) and less than the
// viewport in each direction. Nothing otherwise (a zoom, a resize, a fractional move).
std::optional<PixelShift> wholePixelShift(const Camera& before, const Camera& after);

// The parts of a width x height picture that a copy moved by `shift` leaves uncovered: a
// column and a row at most, not overlapping, none when the shift is zero.
std::vector<ScreenRect> exposedRects(int width, int height, PixelShift shift);

// Copies `from`'s picture into `to` (same size; `to` single-sampled) moved by `shift`; the
// exposed parts of `to` keep what they had. Leaves `to` bound for drawing.
void copyShifted(const OffscreenTarget& from, const OffscreenTarget& to, PixelShift shift);

// The picture a frame left behind, to re-use in the next one.
struct ShownPicture {
  const OffscreenTarget* target = nullptr;
  Camera camera;
  double scaleDenominator = 0.0;
};

// Draws the map (and the labels, when given) for `camera` into `to`. Re-uses `previous` when it
// is another single-sampled target holding the picture of the same layers and style, `camera` only panned from
// its camera by whole pixels, the same layers are drawn at both scales and the labels keep their
// placement; otherwise draws the whole frame. The caller knows whether the layers, styles or
// highlight changed since `previous` was drawn and passes no previous picture then. Returns
// whether the previous picture was re-used. `stats` receives what this call drew: on a re-used
// frame, the strips only.
bool drawReusing(const MapRenderer& map, LabelRenderer* labels, const Camera& camera, double scaleDenominator,
                 Rgba background, const OffscreenTarget& to, const ShownPicture* previous,
                 FrameStats* stats = nullptr);

// Zooming re-uses a picture as a preview: the last exact picture (`source`: a whole frame, a
// pan drawn by re-use, or the resting 4x MSAA one) is scaled to the new view with linear
// filtering, and the borders it leaves when zooming out are drawn (without labels). It is
// blurrier than a whole frame and its labels are the source's, scaled; the viewer draws the
// view exactly once it rests. Bounded so the blur stays small: the scale may differ from the
// source's by at most `maxRatio` either way, the source picture must still cover at least a
// fifth of the view (a centred zoom out by 2 leaves it a quarter), and both scales must draw the
// same layers.

// Where `source`'s whole picture lands in `camera`'s view, in screen pixels (y down); past the
// view when zooming in, inside it when zooming out.
struct ScreenBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
ScreenBox previewPlacement(const Camera& source, const Camera& camera);

// Draws `camera`'s view into `to` (single-sampled, not source's target) as a preview scaled from
// `source`. Returns false, drawing nothing, where the bounds above do not hold; the caller then
// draws a whole frame.
bool drawZoomPreview(const MapRenderer& map, const Camera& camera, double scaleDenominator, Rgba background,
                     const OffscreenTarget& to, const ShownPicture& source, double maxRatio = 2.0,
                     FrameStats* stats = nullptr);

}  // namespace zhenmap
