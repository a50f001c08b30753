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

// The index of the field called `name`, if the layer has one.
inline std::optional<std::size_t> findField(const LayerData& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace zhenmap
