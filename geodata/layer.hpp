// A layer ready for display: features with geometry in the map CRS, typed attributes, validation
// results and a spatial index. Immutable once published, shared between the UI thread, the
// renderer and background jobs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attributes.hpp"
#include "geometry.hpp"
#include "validation.hpp"

namespace zhenmap {

class SpatialIndex;

struct Feature {
  std::int64_t fid = -1;
  // Map CRS. Empty (kind None) when the source geometry is null, empty or has NaN/infinite
  // coordinates: such features keep their attributes but are not drawn.
  Geometry geometry;
  // Invalid polygons are kept and drawn as they are: each part filled by the even-odd rule over
  // its rings, as GDAL's rasterizer and QGIS fill them (README "Fill semantics").
  GeometryStatus status = GeometryStatus::Valid;
  std::vector<AttributeValue> attributes;  // one per LayerData::fields entry
};

// A problem found in one feature, for the report and the UI (the feature stays in the layer).
struct GeometryIssue {
  std::size_t index = 0;  // position in LayerData::features
  std::int64_t fid = -1;
  GeometryStatus status = GeometryStatus::Invalid;
  std::string reason;            // GEOS's reason for invalid geometries
  std::optional<Vec2> location;  // in mapCrs, when GEOS gives one
};

// What GDAL could not read of a source that it opens, listed instead of refusing the source
// (README "Partial reading"): the rest is read as GDAL reads it.
struct SkippedItem {
  enum class What : std::uint8_t {
    Feature,   // the feature could not be read: it is not in the layer
    Geometry,  // the feature is in the layer (attributes) without its geometry
    Layer,     // nothing of the layer could be read: it is not in the result
    Report,    // GDAL reported an error while reading that no feature could be tied to
  };
  What what = What::Feature;
  std::optional<std::int64_t> fid;  // the feature id when known (GDAL names none for some failures)
  std::string error;                // GDAL's message
};

// "feature", "geometry", "layer", "report".
const char* skippedName(SkippedItem::What w);

// A layer of a source that could not be read at all (SkippedItem::What::Layer).
struct SkippedLayer {
  std::string source;
  std::string name;
  std::string error;
};

struct LayerData {
  std::string source;  // path or connection string
  std::string name;
  std::string mapCrs;        // CRS of the coordinates in features
  std::string sourceCrs;     // CRS the source declares (empty when it declares none)
  bool crsAssigned = false;  // the source declares no CRS; ReadOptions::assignCrs was used
  std::string geometryType;  // OGR's name for the layer's declared type ("Multi Polygon", ...)
  std::string encoding;      // text encoding of the source ("UTF-8", "GB18030", "CP936", ...)
  std::vector<FieldDef> fields;
  std::vector<Feature> features;
  std::vector<GeometryIssue> issues;  // ordered by feature index
  // What GDAL could not read of this layer, in reading order: at most kMaxSkippedListed entries,
  // skippedCount counts them all.
  std::vector<SkippedItem> skipped;
  std::size_t skippedCount = 0;
  std::vector<std::string> warnings;  // GDAL's warnings while reading the layer, without repeats
  Box extent;                         // in mapCrs, over finite coordinates
  // Over feature indices (see spatial_index.hpp); null for layers without geometry.
  std::shared_ptr<const SpatialIndex> index;
  // >= 0: the layer was opened without its features (ReadOptions::headerOnlyAbove): fields,
  // extent and this feature count come from the source; the window streams it by viewport.
  std::int64_t headerOnlyCount = -1;

  std::size_t countStatus(GeometryStatus s) const {
    std::size_t n = 0;
    for (const GeometryIssue& i : issues) n += i.status == s ? 1 : 0;
    return n;
  }
};

constexpr std::size_t kMaxSkippedListed = 1000;

// The index of the field called `name`, if the layer has one.
inline std::optional<std::size_t> findField(const LayerData& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace zhenmap
