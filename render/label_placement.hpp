// Map labels on the CPU: candidates from a layer (anchor in map coordinates, text laid out once),
// and placement with collision avoidance in screen space. Higher priority first; a label that
// would overlap one already placed is hidden. Placement depends only on the resolution, the
// viewport size and which candidates lie in the placement region, never on the sub-pixel camera
// position, so panning moves every placed label by exactly the pan (anchors are pixel-snapped).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "camera.hpp"
#include "layer.hpp"
#include "style.hpp"
#include "text_layout.hpp"

namespace zhenmap {

struct LabelStyle {
  float sizePx = 14;
  Rgba color = rgba(0x20, 0x20, 0x20);
  Rgba haloColor = rgba(0xff, 0xff, 0xff);
  float haloPx = 2;
  int priority = 0;         // higher is placed first (townships over villages)
  float pointOffsetPx = 7;  // gap between a point and its label (about the marker radius + 2)
};

enum class LabelKind : std::uint8_t { Polygon, Line, Point };

struct LabelCandidate {
  LabelKind kind = LabelKind::Point;
  std::size_t featureIndex = 0;
  Vec2 anchor;        // map CRS: interior point of the largest polygon, middle of the longest line, the point
  Box featureBounds;  // map CRS; a polygon is labelled only when it is about as big as its label on screen
  TextLine text;      // laid out at style.sizePx with the default font
  LabelStyle style;
  std::vector<Vec2> path;          // lines: the longest part (map CRS)
  std::vector<double> pathLength;  // cumulative length along path (map units), same size as path
  double anchorAlong = 0;          // arc length of the anchor on path
};

// Candidates for every feature with a non-empty text (texts index like layer.features). Uses GEOS
// (maximum inscribed circle, point on surface as fallback) and the default font. Thread-safe: call
// it on a worker. Throws FontError if the default font cannot be loaded.
std::vector<LabelCandidate> makeLabelCandidates(const LayerData& layer, const std::vector<std::string>& textPerFeature,
                                                const LabelStyle& style);

// The display text of `field` for every feature (dates ISO 8601, null as ""), in feature order:
// the textPerFeature for makeLabelCandidates. Throws std::invalid_argument naming the layer and
// the field when the layer has no such field.
std::vector<std::string> fieldTexts(const LayerData& layer, const std::string& field);

struct PlacedGlyph {
  char32_t cp = 0;
  float penX = 0, penY = 0;  // baseline pen position relative to the snapped anchor (pixels, y down)
  float cosA = 1, sinA = 0;  // rotation of the glyph (lines along their path)
};

struct PlacedLabel {
  std::size_t candidate = 0;
  // Collision box (text plus halo) relative to the snapped anchor, pixels.
  float minX = 0, minY = 0, maxX = 0, maxY = 0;
  std::vector<PlacedGlyph> glyphs;
};

// The anchor's screen position rounded to whole pixels (double precision arithmetic).
Vec2 snappedAnchor(const Camera& camera, Vec2 anchor);

// Places candidates whose anchors lie in `region` (map CRS) for the camera's resolution.
// `order` lists candidate indices, highest priority first (see placementOrder).
std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates,
                                     const std::vector<std::uint32_t>& order, const Camera& camera, const Box& region);

// Candidate indices by descending priority, then larger features first, then input order.
std::vector<std::uint32_t> placementOrder(const std::vector<LabelCandidate>& candidates);

// Keeps a placement and redoes it only when the resolution or viewport size changes, or the view
// leaves the region placed last time (the view grown by half its size on every side).
class LabelPlacer {
 public:
  void setCandidates(std::vector<LabelCandidate> candidates);
  const std::vector<LabelCandidate>& candidates() const { return m_candidates; }
  // Returns true when placement was recomputed.
  bool update(const Camera& camera);
  const std::vector<PlacedLabel>& placed() const { return m_placed; }

 private:
  std::vector<LabelCandidate> m_candidates;
  std::vector<std::uint32_t> m_order;
  std::vector<PlacedLabel> m_placed;
  bool m_valid = false;
  double m_unitsPerPixel = 0;
  int m_width = 0, m_height = 0;
  Box m_region;
};

}  // namespace zhenmap
