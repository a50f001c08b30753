// Source inspection; see source_info.hpp.
#include "source_info.hpp"

#include <algorithm>
#include <exception>

#include "errors.hpp"
#include "gdal_errors.hpp"
#include "ogr_source.hpp"
#include "vector_source.hpp"

namespace zhenmap {

namespace {

// What the layer declares: name, type, GDAL's count, CRS and extent. A count or extent GDAL
// fails to give is left unknown (reading the layer says why).
LayerInfo describeLayer(OGRLayerH layer) {
  gdal::ErrorCapture errors;
  LayerInfo li;
  li.name = toUtf8(OGR_L_GetName(layer));
  li.geometryType = OGRGeometryTypeToName(OGR_L_GetGeomType(layer));
  li.declaredFeatureCount = OGR_L_GetFeatureCount(layer, TRUE);
  if (errors.failed()) li.declaredFeatureCount = -1;
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  li.crs = crsIdentifier(srs);
  if (li.crs.empty()) li.crs = crsDefinition(srs);  // a CRS without any code: its WKT
  if (srs) li.crsName = toUtf8(OSRGetName(srs) ? OSRGetName(srs) : "");
  const bool hasGeometry = OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) > 0;
  li.crsMissing = hasGeometry && !srs;
  errors.clearFailure();
  OGREnvelope env;
  if (hasGeometry && OGR_L_GetExtent(layer, &env, TRUE) == OGRERR_NONE && !errors.failed()) {
    li.extent = std::array<double, 4>{env.MinX, env.MinY, env.MaxX, env.MaxY};
  }
  return li;
}

}  // namespace

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
  auto warn = [&info](const std::string& w) {
    if (std::find(info.warnings.begin(), info.warnings.end(), w) == info.warnings.end()) info.warnings.push_back(w);
  };
  std::exception_ptr firstError;
  const int count = GDALDatasetGetLayerCount(source.dataset.get());
  for (int i = 0; i < count; ++i) {
    LayerInfo li = describeLayer(GDALDatasetGetLayer(source.dataset.get(), i));
    if (li.crsMissing && li.extent) {
      const std::array<double, 4>& e = *li.extent;
      li.crsGuess = guessCrs({e[0], e[1], e[2], e[3]}, options.hint);
    }
    if (li.crsMissing && !options.assignCrs.empty()) {
      li.crs = options.assignCrs;
      li.crsName = assignedName;
      li.crsAssigned = true;
    }
    ReadOptions read;
    read.mapCrs.clear();  // validate the source coordinates as they are
    read.buildIndex = false;
    try {
      LayerData data = readLayer(source, i, read);
      li.featureCount = static_cast<std::int64_t>(data.features.size());
      li.fields = std::move(data.fields);
      li.encoding = data.encoding;
      li.invalidCount = data.countStatus(GeometryStatus::Invalid);
      li.emptyCount = data.countStatus(GeometryStatus::Empty);
      li.nullCount = data.countStatus(GeometryStatus::Null);
      li.nonFiniteCount = data.countStatus(GeometryStatus::NonFinite);
      li.issues = std::move(data.issues);
      li.skipped = std::move(data.skipped);
      li.skippedCount = data.skippedCount;
      if (!li.extent && !data.extent.empty()) {
        li.extent = std::array<double, 4>{data.extent.minX, data.extent.minY, data.extent.maxX, data.extent.maxY};
      }
      for (const std::string& w : data.warnings) warn(w);
    } catch (const CancelledError&) {
      throw;
    } catch (const DataError& e) {
      std::exception_ptr error = std::current_exception();
      std::string message = e.message();
      if (isRemoteSource(path) && isNetworkFailure(message)) {
        message = "cannot reach the server: " + message;
        error = std::make_exception_ptr(OpenError(message, e.context()));
      }
      if (!firstError) firstError = error;
      li.readable = false;
      li.featureCount = 0;
      li.skipped = {{SkippedItem::What::Layer, std::nullopt, message}};
      li.skippedCount = 1;
    }
    info.layers.push_back(std::move(li));
  }
  const bool anyReadable =
      std::any_of(info.layers.begin(), info.layers.end(), [](const LayerInfo& l) { return l.readable; });
  if (!anyReadable && firstError) std::rethrow_exception(firstError);
  // A message GDAL gave while opening that reading tied to a feature is listed there, not twice.
  for (const LayerInfo& l : info.layers) {
    for (const SkippedItem& s : l.skipped) {
      info.warnings.erase(std::remove(info.warnings.begin(), info.warnings.end(), s.error), info.warnings.end());
    }
  }
  return info;
}

}  // namespace zhenmap
