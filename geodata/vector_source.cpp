// GDAL/OGR reading into display layers; see vector_source.hpp.
#include "vector_source.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "crs_transform.hpp"
#include "errors.hpp"
#include "gdal_errors.hpp"
#include "ogr_geometry.hpp"
#include "ogr_source.hpp"
#include "spatial_index.hpp"

namespace zhenmap {

namespace {

constexpr std::size_t kPollEvery = 256;     // features between cancel checks / progress reports
constexpr double kReadShare = 0.8;          // share of a layer's progress spent reading
constexpr std::size_t kValidateBlock = 64;  // features per validation work item

FieldDef fieldDef(OGRFieldDefnH fd) {
  FieldDef out;
  out.name = toUtf8(OGR_Fld_GetNameRef(fd));
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

AttributeValue readValue(OGRFeatureH f, int i, FieldType type) {
  if (!OGR_F_IsFieldSetAndNotNull(f, i)) return std::monostate{};
  switch (type) {
    case FieldType::Integer:
      return static_cast<std::int64_t>(OGR_F_GetFieldAsInteger64(f, i));
    case FieldType::Real:
      return OGR_F_GetFieldAsDouble(f, i);
    case FieldType::Date:
    case FieldType::Time:
    case FieldType::DateTime: {
      DateTime d;
      float second = 0;
      int tz = 0;
      if (!OGR_F_GetFieldAsDateTimeEx(f, i, &d.year, &d.month, &d.day, &d.hour, &d.minute, &second, &tz)) {
        return std::monostate{};
      }
      d.second = second;
      d.hasTz = tz >= 100;  // OGR: 100 is UTC, each step of 1 is 15 minutes
      d.tzMinutes = d.hasTz ? (tz - 100) * 15 : 0;
      return d;
    }
    case FieldType::Text:
    case FieldType::Other:
      return toUtf8(OGR_F_GetFieldAsString(f, i));
  }
  return std::monostate{};
}

// True when the layer hands out coordinates in the CRS's declared order and that order is
// north first: they must be swapped to east/north before transforming.
bool dataIsNorthFirst(OGRSpatialReferenceH srs) {
  if (!srs) return false;
  int n = 0;
  const int* mapping = OSRGetDataAxisToSRSAxisMapping(srs, &n);
  if (!mapping || n < 2 || mapping[0] != 1 || mapping[1] != 2) return false;
  return OSREPSGTreatsAsLatLong(srs) || OSREPSGTreatsAsNorthingEasting(srs);
}

bool layerHasGeometry(OGRLayerH layer) { return OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) > 0; }

ValidationResult quickCheck(const Geometry& g) {
  if (g.kind == GeomKind::None) return {GeometryStatus::Null, "no geometry", std::nullopt};
  if (g.empty()) return {GeometryStatus::Empty, "empty geometry", std::nullopt};
  for (const Vec2& p : g.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      return {GeometryStatus::NonFinite, "NaN or infinite coordinate", std::nullopt};
    }
  }
  return {};
}

// Validates features in parallel blocks; returns the issues sorted by feature index.
std::vector<GeometryIssue> validateFeatures(std::vector<Feature>& features, const ReadOptions& options,
                                            bool hasGeometry, const ReadControl& control,
                                            const DataError::Context& where) {
  unsigned threads =
      options.threads ? options.threads : std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  if (!options.validate || features.size() < 4 * kValidateBlock) threads = 1;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<GeometryIssue> issues;
  std::exception_ptr failure;

  auto work = [&] {
    try {
      std::optional<GeometryValidator> validator;
      if (options.validate) validator.emplace();
      std::vector<GeometryIssue> local;
      for (;;) {
        if (stop.load(std::memory_order_relaxed)) break;
        if (control.cancel && control.cancel->load()) {
          stop = true;
          break;
        }
        const std::size_t begin = next.fetch_add(kValidateBlock);
        if (begin >= features.size()) break;
        const std::size_t end = std::min(features.size(), begin + kValidateBlock);
        for (std::size_t i = begin; i < end; ++i) {
          Feature& f = features[i];
          ValidationResult r = validator ? validator->validate(f.geometry) : quickCheck(f.geometry);
          f.status = r.status;
          if (r.valid()) continue;
          if (r.status == GeometryStatus::Null && !hasGeometry) continue;
          if (r.status == GeometryStatus::Invalid && f.geometry.kind == GeomKind::Polygon && validator) {
            f.repaired = std::make_shared<const Geometry>(validator->repair(f.geometry));
          }
          if (r.status != GeometryStatus::Invalid) f.geometry = Geometry{};
          local.push_back({i, f.fid, r.status, std::move(r.reason), r.location});
        }
      }
      std::lock_guard lock(mutex);
      issues.insert(issues.end(), std::make_move_iterator(local.begin()), std::make_move_iterator(local.end()));
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  };
  if (threads == 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  }
  if (failure) std::rethrow_exception(failure);
  if (control.cancel && control.cancel->load()) throw CancelledError("loading cancelled", where);
  std::sort(issues.begin(), issues.end(),
            [](const GeometryIssue& a, const GeometryIssue& b) { return a.index < b.index; });
  return issues;
}

}  // namespace

LayerData readLayer(const OpenedSource& source, int layerIndex, const ReadOptions& options,
                    const ReadControl& control) {
  OGRLayerH layer = GDALDatasetGetLayer(source.dataset.get(), layerIndex);
  if (!layer) throw DataError("no layer number " + std::to_string(layerIndex), {source.path, {}, {}});
  LayerData data;
  data.source = source.path;
  data.name = toUtf8(OGR_L_GetName(layer));
  data.geometryType = OGRGeometryTypeToName(OGR_L_GetGeomType(layer));
  data.encoding = layerEncoding(source, layer);
  const DataError::Context where{source.path, data.name, {}};
  const bool hasGeometry = layerHasGeometry(layer);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  data.sourceCrs = crsDefinition(srs);
  std::string from = data.sourceCrs;
  if (from.empty() && !options.assignCrs.empty()) {
    from = options.assignCrs;
    data.crsAssigned = true;
  }
  std::optional<CrsTransform> transform;
  if (options.mapCrs.empty()) {
    data.mapCrs = from;
  } else {
    data.mapCrs = options.mapCrs;
    if (from.empty() && hasGeometry) {
      throw CrsError("the layer declares no CRS; assign one (e.g. EPSG:4490) to place it on the map", where);
    }
    if (!from.empty()) {
      try {
        transform.emplace(from, options.mapCrs);
      } catch (const CrsError& e) {
        throw CrsError(e.what(), where);
      }
      if (transform->identity()) transform.reset();
    }
  }
  const bool swapAxes = dataIsNorthFirst(srs);

  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int fieldCount = OGR_FD_GetFieldCount(defn);
  for (int i = 0; i < fieldCount; ++i) data.fields.push_back(fieldDef(OGR_FD_GetFieldDefn(defn, i)));

  const GIntBig total = OGR_L_GetFeatureCount(layer, FALSE);
  if (total > 0) data.features.reserve(static_cast<std::size_t>(total));
  gdal::ErrorCapture errors;
  OGR_L_ResetReading(layer);
  std::int64_t lastFid = -1;
  for (;;) {
    gdal::Feature f(OGR_L_GetNextFeature(layer));
    if (errors.failed()) {
      const std::int64_t fid = f ? OGR_F_GetFID(f.get()) : lastFid + 1;
      throw DataError(errors.failure(), {source.path, data.name, fid});
    }
    if (!f) break;
    Feature feat;
    feat.fid = OGR_F_GetFID(f.get());
    lastFid = feat.fid;
    feat.attributes.reserve(static_cast<std::size_t>(fieldCount));
    for (int i = 0; i < fieldCount; ++i) feat.attributes.push_back(readValue(f.get(), i, data.fields[i].type));
    feat.geometry = fromOgr(OGR_F_GetGeometryRef(f.get()));
    std::vector<Vec2>& pts = feat.geometry.points;
    if (swapAxes) {
      for (Vec2& p : pts) std::swap(p.x, p.y);
    }
    if (transform) transform->forward(pts.data(), pts.size());
    data.features.push_back(std::move(feat));
    if (data.features.size() % kPollEvery == 0) {
      if (control.cancel && control.cancel->load()) throw CancelledError("loading cancelled", where);
      if (control.progress && total > 0) {
        control.progress(kReadShare * std::min(1.0, double(data.features.size()) / double(total)));
      }
    }
  }
  data.features.shrink_to_fit();
  if (control.progress) control.progress(kReadShare);

  data.issues = validateFeatures(data.features, options, hasGeometry, control, where);
  if (control.progress) control.progress(0.97);

  std::vector<Box> boxes(data.features.size());
  for (std::size_t i = 0; i < data.features.size(); ++i) {
    boxes[i] = data.features[i].geometry.bounds();
    data.extent.expand(boxes[i]);
  }
  if (options.buildIndex && hasGeometry) data.index = std::make_shared<const SpatialIndex>(boxes);
  if (control.progress) control.progress(1.0);
  return data;
}

std::vector<LayerData> readVectorSource(const std::string& path, const ReadOptions& options,
                                        const ReadControl& control) {
  OpenedSource source = openVectorSource(path);
  std::vector<int> chosen;
  const int layerCount = GDALDatasetGetLayerCount(source.dataset.get());
  for (int i = 0; i < layerCount; ++i) {
    const std::string name = toUtf8(OGR_L_GetName(GDALDatasetGetLayer(source.dataset.get(), i)));
    if (options.layers.empty() ||
        std::find(options.layers.begin(), options.layers.end(), name) != options.layers.end()) {
      chosen.push_back(i);
    }
  }
  for (const std::string& wanted : options.layers) {
    bool found = false;
    for (int i : chosen) found = found || toUtf8(OGR_L_GetName(GDALDatasetGetLayer(source.dataset.get(), i))) == wanted;
    if (!found) throw DataError("no layer named '" + wanted + "'", {path, {}, {}});
  }
  std::vector<LayerData> out;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    ReadControl layerControl;
    layerControl.cancel = control.cancel;
    if (control.progress) {
      const double base = double(k) / double(chosen.size()), span = 1.0 / double(chosen.size());
      layerControl.progress = [&control, base, span](double p) { control.progress(base + span * p); };
    }
    out.push_back(readLayer(source, chosen[k], options, layerControl));
  }
  if (control.progress) control.progress(1.0);
  return out;
}

}  // namespace zhenmap
