// Source inspection; see source_info.hpp.
#include "source_info.hpp"

#include <algorithm>

#include "errors.hpp"
#include "gdal_errors.hpp"
#include "ogr_source.hpp"
#include "vector_source.hpp"

namespace zhenmap {

SourceInfo inspectSource(const std::string& path, const InspectOptions& options) {
  std::string assignedName;
  if (!options.assignCrs.empty()) {
    gdal::Srs srs(OSRNewSpatialReference(nullptr));
    if (OSRSetFromUserInput(srs.get(), options.assignCrs.c_str()) != OGRERR_NONE) {
      throw CrsError("the CRS to assign, '" + options.assignCrs + "', is unknown", {path, {}, {}});
    }
    assignedName = OSRGetName(srs.get()) ? OSRGetName(srs.get()) : "";
  }
  OpenOptions open;
  open.encoding = options.encoding;
  OpenedSource source = openVectorSource(path, open);
  SourceInfo info;
  info.path = path;
  info.driver = source.driver;
  info.warnings = source.warnings;
  gdal::ErrorCapture errors;
  const int count = GDALDatasetGetLayerCount(source.dataset.get());
  for (int i = 0; i < count; ++i) {
    OGRLayerH layer = GDALDatasetGetLayer(source.dataset.get(), i);
    LayerInfo li;
    li.name = toUtf8(OGR_L_GetName(layer));
    li.geometryType = OGRGeometryTypeToName(OGR_L_GetGeomType(layer));
    li.featureCount = OGR_L_GetFeatureCount(layer, TRUE);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    li.crs = crsIdentifier(srs);
    if (li.crs.empty()) li.crs = crsDefinition(srs);  // a CRS without any code: its WKT
    if (srs) li.crsName = toUtf8(OSRGetName(srs) ? OSRGetName(srs) : "");
    const bool hasGeometry = OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) > 0;
    li.crsMissing = hasGeometry && !srs;
    OGREnvelope env;
    if (hasGeometry && OGR_L_GetExtent(layer, &env, TRUE) == OGRERR_NONE) {
      li.extent = std::array<double, 4>{env.MinX, env.MinY, env.MaxX, env.MaxY};
    }
    if (li.crsMissing && li.extent) li.crsGuess = guessCrs({env.MinX, env.MinY, env.MaxX, env.MaxY}, options.hint);
    if (li.crsMissing && !options.assignCrs.empty()) {
      li.crs = options.assignCrs;
      li.crsName = assignedName;
      li.crsAssigned = true;
    }
    if (errors.failed()) throw DataError(errors.failure(), {path, li.name, {}});

    ReadOptions read;
    read.mapCrs.clear();  // validate the source coordinates as they are
    read.buildIndex = false;
    LayerData data = readLayer(source, i, read);
    li.fields = std::move(data.fields);
    li.encoding = data.encoding;
    li.invalidCount = data.countStatus(GeometryStatus::Invalid);
    li.emptyCount = data.countStatus(GeometryStatus::Empty);
    li.nullCount = data.countStatus(GeometryStatus::Null);
    li.nonFiniteCount = data.countStatus(GeometryStatus::NonFinite);
    li.issues = std::move(data.issues);
    info.layers.push_back(std::move(li));
  }
  for (const std::string& w : errors.texts()) {
    if (std::find(info.warnings.begin(), info.warnings.end(), w) == info.warnings.end()) info.warnings.push_back(w);
  }
  return info;
}

}  // namespace zhenmap
