// GDAL/OGR reading into display layers; see vector_source.hpp.
#include "vector_source.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <iterator>
#include <utility>
#include <optional>
#include <thread>

#include "crs_guess.hpp"
#include "crs_transform.hpp"
#include "feature_pipeline.hpp"
#include "feature_reader.hpp"
#include "errors.hpp"
#include "gdal_errors.hpp"
#include "ogr_geometry.hpp"
#include "ogr_source.hpp"
#include "ogr_values.hpp"
#include "spatial_index.hpp"

namespace zhenmap {

namespace {

// Features per work item; cancel and progress are checked per batch. Small enough that the reading
// thread, when it takes a batch itself, does not leave the workers idle for long.
constexpr std::size_t kBatch = 64;
constexpr GIntBig kThreadedFrom = 1024;  // features; smaller layers are processed on the reading thread
constexpr double kReadShare = 0.9;       // share of a layer's progress spent reading and processing

FieldDef fieldDef(OGRFieldDefnH fd, const TextDecoder& decode) {
  FieldDef out;
  out.name = decode(OGR_Fld_GetNameRef(fd));
  const OGRFieldType t = OGR_Fld_GetType(fd);
  const OGRFieldSubType sub = OGR_Fld_GetSubType(fd);
  out.ogrType = OGR_GetFieldTypeName(t);
  if (sub != OFSTNone) out.ogrType += std::string("(") + OGR_GetFieldSubTypeName(sub) + ")";
  out.width = OGR_Fld_GetWidth(fd);
  out.precision = OGR_Fld_GetPrecision(fd);
  switch (t) {
    case OFTInteger:
    case OFTInteger64:
      out.type = FieldType::Integer;
      break;
    case OFTReal:
      out.type = FieldType::Real;
      break;
    case OFTString:
      out.type = FieldType::Text;
      break;
    case OFTDate:
      out.type = FieldType::Date;
      break;
    case OFTTime:
      out.type = FieldType::Time;
      break;
    case OFTDateTime:
      out.type = FieldType::DateTime;
      break;
    default:
      out.type = FieldType::Other;
      break;
  }
  return out;
}

bool layerHasGeometry(OGRLayerH layer) { return OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) > 0; }

unsigned workerCount(const ReadOptions& options, GIntBig total) {
  if (total >= 0 && total < kThreadedFrom) return 0;  // small layer: not worth a thread
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (options.threads) return options.threads;
  return std::clamp(hw - 1, 1u, 8u);  // the reading thread keeps one core busy
}

// A layer opened without its features (ReadOptions::headerOnlyAbove): the extent the source
// reports (its corners transformed to the map CRS) and the feature count.
LayerData headerOnly(OGRLayerH layer, LayerData data, GIntBig count, const std::string& from, bool swapAxes,
                     const DataError::Context& where) {
  data.headerOnlyCount = count;
  OGREnvelope env;
  if (OGR_L_GetExtent(layer, &env, TRUE) != OGRERR_NONE) return data;  // no extent: nothing to fit
  std::vector<Vec2> corners = {{env.MinX, env.MinY}, {env.MaxX, env.MinY}, {env.MinX, env.MaxY}, {env.MaxX, env.MaxY}};
  if (swapAxes) {
    for (Vec2& c : corners) std::swap(c.x, c.y);
  }
  if (!data.mapCrs.empty() && data.mapCrs != from) {
    try {
      CrsTransform(from, data.mapCrs).forward(corners.data(), corners.size());
    } catch (const CrsError& e) {
      throw CrsError(e.what(), where);
    }
  }
  for (const Vec2& c : corners) {
    if (std::isfinite(c.x) && std::isfinite(c.y)) data.extent.expand(c);
  }
  return data;
}

}  // namespace

LayerData readLayer(const OpenedSource& source, int layerIndex, const ReadOptions& options,
                    const ReadControl& control) {
  OGRLayerH layer = GDALDatasetGetLayer(source.dataset.get(), layerIndex);
  if (!layer) throw DataError("no layer number " + std::to_string(layerIndex), {source.path, {}, {}});
  gdal::ErrorCapture setup;  // GDAL's messages before reading: the layer's warnings
  LayerData data;
  data.source = source.path;
  data.name = toUtf8(OGR_L_GetName(layer));
  data.geometryType = OGRGeometryTypeToName(OGR_L_GetGeomType(layer));
  data.encoding = layerEncoding(source, layerIndex);
  const TextDecoder decode(source.detectedEncoding(layerIndex));
  const DataError::Context where{source.path, data.name, {}};
  const bool hasGeometry = layerHasGeometry(layer);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  data.sourceCrs = crsDefinition(srs);
  std::string from = data.sourceCrs;
  if (from.empty() && !options.assignCrs.empty()) {
    from = options.assignCrs;
    data.crsAssigned = true;
  }
  FeaturePipeline::Settings settings;
  if (options.mapCrs.empty()) {
    data.mapCrs = from;
  } else {
    data.mapCrs = options.mapCrs;
    if (from.empty() && hasGeometry) {
      OGREnvelope env;
      std::string guess;
      if (OGR_L_GetExtent(layer, &env, TRUE) == OGRERR_NONE)
        guess = guessSentence({env.MinX, env.MinY, env.MaxX, env.MaxY});
      throw CrsError("the layer declares no CRS; assign one (e.g. EPSG:4490) to place it on the map" +
                         (guess.empty() ? std::string() : ": " + guess),
                     where);
    }
    settings.fromCrs = from;
    settings.toCrs = options.mapCrs;
  }
  settings.swapAxes = dataIsNorthFirst(srs);
  settings.validate = options.validate;
  settings.hasGeometry = hasGeometry;
  const GIntBig total = OGR_L_GetFeatureCount(layer, FALSE);
  settings.workers = workerCount(options, total);

  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int fieldCount = OGR_FD_GetFieldCount(defn);
  for (int i = 0; i < fieldCount; ++i) data.fields.push_back(fieldDef(OGR_FD_GetFieldDefn(defn, i), decode));
  for (const FieldDef& fd : data.fields) settings.fieldTypes.push_back(fd.type);
  settings.encoding = source.detectedEncoding(layerIndex);
  if (options.headerOnlyAbove >= 0 && hasGeometry) {
    const GIntBig count = OGR_L_GetFeatureCount(layer, TRUE);
    if (count > options.headerOnlyAbove) return headerOnly(layer, std::move(data), count, from, settings.swapAxes, where);
  }
  std::optional<FeaturePipeline> pipeline;
  try {
    pipeline.emplace(std::move(settings), control.cancel);
  } catch (const CrsError& e) {
    throw CrsError(e.what(), where);
  }

  FeatureReader reader(layer, hasGeometry);
  std::size_t read = 0;
  FeatureBatch batch;
  for (gdal::Feature f; (f = reader.next());) {
    if (batch.features.empty()) batch.features.reserve(kBatch);
    batch.features.push_back(pipeline->convert(f.get()));
    ++read;
    if (batch.features.size() == kBatch) {
      if (control.cancel && control.cancel->load()) throw CancelledError("loading cancelled", where);
      if (control.progress && total > 0) control.progress(kReadShare * std::min(1.0, double(read) / double(total)));
      pipeline->push(std::exchange(batch, FeatureBatch{read, {}, {}, {}}));
    }
  }
  if (!batch.features.empty()) pipeline->push(std::move(batch));
  if (reader.nothingRead()) throw DataError(reader.error(), where);
  data.skipped = reader.takeSkipped(data.skippedCount);
  data.warnings = setup.texts();
  for (const std::string& w : reader.warnings()) {
    if (std::find(data.warnings.begin(), data.warnings.end(), w) == data.warnings.end()) data.warnings.push_back(w);
  }
  std::vector<FeatureBatch> batches = pipeline->finish();
  if (control.cancel && control.cancel->load()) throw CancelledError("loading cancelled", where);
  if (control.progress) control.progress(kReadShare);

  data.features.reserve(read);
  std::vector<Box> boxes;  // per feature, computed by the pipeline's threads
  boxes.reserve(read);
  for (FeatureBatch& b : batches) {
    if (b.bounds.size() != b.features.size()) throw CancelledError("loading cancelled", where);  // skipped
    std::move(b.features.begin(), b.features.end(), std::back_inserter(data.features));
    std::move(b.issues.begin(), b.issues.end(), std::back_inserter(data.issues));
    boxes.insert(boxes.end(), b.bounds.begin(), b.bounds.end());
    b = FeatureBatch{};
  }
  if (control.progress) control.progress(0.95);
  for (const Box& b : boxes) data.extent.expand(b);
  if (options.buildIndex && hasGeometry) data.index = std::make_shared<const SpatialIndex>(boxes);
  if (control.progress) control.progress(1.0);
  return data;
}

SourceRead readSource(const std::string& path, const ReadOptions& options, const ReadControl& control) {
  OpenOptions open;
  open.encoding = options.encoding;
  OpenedSource source = openVectorSource(path, open);
  std::vector<int> chosen;
  std::vector<std::string> names;
  const int layerCount = GDALDatasetGetLayerCount(source.dataset.get());
  for (int i = 0; i < layerCount; ++i) {
    const std::string name = toUtf8(OGR_L_GetName(GDALDatasetGetLayer(source.dataset.get(), i)));
    if (options.layers.empty() ||
        std::find(options.layers.begin(), options.layers.end(), name) != options.layers.end()) {
      chosen.push_back(i);
      names.push_back(name);
    }
  }
  for (const std::string& wanted : options.layersOfSeveralSources ? std::vector<std::string>{} : options.layers) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) {
      throw DataError("no layer named '" + wanted + "'", {path, {}, {}});
    }
  }
  SourceRead out;
  std::exception_ptr firstError;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    ReadControl layerControl;
    layerControl.cancel = control.cancel;
    if (control.progress) {
      const double base = double(k) / double(chosen.size()), span = 1.0 / double(chosen.size());
      layerControl.progress = [&control, base, span](double p) { control.progress(base + span * p); };
    }
    try {
      out.layers.push_back(readLayer(source, chosen[k], options, layerControl));
    } catch (const CancelledError&) {
      throw;
    } catch (const DataError& e) {
      // A layer asked for by name must be read; any other that cannot be is listed and skipped.
      std::exception_ptr error = std::current_exception();
      std::string message = e.message();
      if (isRemoteSource(path) && isNetworkFailure(message)) {
        message = "cannot reach the server: " + message;
        error = std::make_exception_ptr(OpenError(message, e.context()));
      }
      if (!options.layers.empty()) std::rethrow_exception(error);
      if (!firstError) firstError = error;
      out.skippedLayers.push_back({path, names[k], message});
    }
  }
  if (out.layers.empty() && firstError) std::rethrow_exception(firstError);
  if (control.progress) control.progress(1.0);
  return out;
}

std::vector<LayerData> readVectorSource(const std::string& path, const ReadOptions& options,
                                        const ReadControl& control) {
  return readSource(path, options, control).layers;
}

}  // namespace zhenmap
