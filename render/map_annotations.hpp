// What a layer contributes besides its geometry: label candidates from its style's label
// expression, and legend entries from its style's classes. CPU only; worker-safe.
#pragma once

#include <string>
#include <vector>

#include "camera.hpp"
#include "label_placement.hpp"
#include "layer.hpp"
#include "map_decorations.hpp"
#include "style.hpp"

namespace zhenmap {

class CrsTransform;

// The label text of every feature: the field named by spec.expression, or the SQL expression's
// value; "" where there is nothing to show. Throws ExpressionError for a bad expression.
std::vector<std::string> labelTexts(const LayerData& layer, const LabelSpec& spec);

// Label candidates for a layer drawn with `style` (none when the style has no label expression).
// The label placement style of a layer's style: size, colours, halo, priority, offset beside markers.
LabelStyle labelStyleOf(const LayerStyle& style);
std::vector<LabelCandidate> layerLabels(const LayerData& layer, const LayerStyle& style);

// Legend entries: one per class, "title · class label" (the class label alone when title is
// empty), or one entry titled `title` for a single-symbol layer.
// With style.dashPlanned on a line layer, plannedLegendEntry() comes first; a point layer of
// pointCount >= kClusterMinPoints features (clustered where its points crowd) ends with
// clusterLegendEntry().
std::vector<LegendEntry> legendEntries(const LayerStyle& style, GeomKind kind, const std::string& title,
                                       std::size_t pointCount = 0);
// "a cluster of several points", drawn as the cluster symbol (LegendEntry::kind 3) in grey.
LegendEntry clusterLegendEntry();
// "solid: built, dashed: planned", for layers drawn with LayerStyle::dashPlanned.
LegendEntry plannedLegendEntry();

// The map scale denominator (1:N) at the view centre, from the ground resolution on the ellipsoid
// and the OGC standard pixel of 0.28 mm. NaN when the centre cannot be transformed.
// Creating the transformation costs milliseconds: per-frame callers keep one and use the overload.
double scaleDenominator(const Camera& camera, const std::string& mapCrs);
double scaleDenominator(const Camera& camera, const CrsTransform& toLonLat);  // to EPSG:4326

}  // namespace zhenmap
