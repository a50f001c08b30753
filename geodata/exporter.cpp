// Export of a feature source; see exporter.hpp. The features go first into an in-memory OGR layer
// (reprojected and shifted on the way), so OGR itself evaluates the attribute filter with its
// SQL dialect, then into the output driver under a temporary name.
#include "exporter.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>

#include "gdal_errors.hpp"
#include "gdal_handles.hpp"
#include "ogr_values.hpp"

namespace zhenmap {

namespace fs = std::filesystem;

namespace {

struct Format {
  const char* name;
  const char* driver;
  bool geometry;  // the driver stores geometry (else: coordinate columns)
};

constexpr Format kFormats[] = {{"gpkg", "GPKG", true},  {"shp", "ESRI Shapefile", true}, {"geojson", "GeoJSON", true},
                               {"kml", "LIBKML", true}, {"kmz", "LIBKML", true},         {"xlsx", "XLSX", false},
                               {"csv", "CSV", false}};

const Format* findFormat(const std::string& name) {
  for (const Format& f : kFormats) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

gdal::Srs makeSrs(const std::string& definition, const std::string& path) {
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  if (OSRSetFromUserInput(srs.get(), definition.c_str()) != OGRERR_NONE) {
    throw CrsError("unknown CRS '" + definition + "'", {path, {}, {}});
  }
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// The output files, written under a temporary stem beside the target; removed unless committed.
class TempOutput {
 public:
  TempOutput(const fs::path& target) : m_target(target) {
    static std::atomic<unsigned> counter{0};
    m_stem =
        "." + target.stem().string() + ".zhenmap-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  }
  ~TempOutput() {
    if (m_committed) return;
    std::error_code ec;
    for (const fs::path& p : files()) fs::remove(p, ec);
  }
  TempOutput(const TempOutput&) = delete;
  TempOutput& operator=(const TempOutput&) = delete;

  fs::path path() const { return dir() / (m_stem + m_target.extension().string()); }
  // Every file written under the temporary stem (a Shapefile has several).
  std::vector<fs::path> files() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir(), ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind(m_stem + ".", 0) == 0) out.push_back(e.path());
    }
    return out;
  }
  // Renames every part to the target's stem; the main file last.
  std::vector<std::string> commit() {
    std::vector<fs::path> parts = files();
    std::stable_partition(parts.begin(), parts.end(), [&](const fs::path& p) { return p != path(); });
    std::vector<std::string> done;
    for (const fs::path& p : parts) {
      const fs::path final = dir() / (m_target.stem().string() + p.filename().string().substr(m_stem.size()));
      fs::rename(p, final);
      done.push_back(final.string());
    }
    m_committed = true;
    return done;
  }

 private:
  fs::path dir() const { return m_target.has_parent_path() ? m_target.parent_path() : fs::path("."); }
  fs::path m_target;
  std::string m_stem;
  bool m_committed = false;
};

// The one geometry type of the output: single and multi of one family become the multi type.
OGRwkbGeometryType unify(const std::set<OGRwkbGeometryType>& kinds) {
  if (kinds.empty()) return wkbUnknown;
  if (kinds.size() == 1) return *kinds.begin();
  std::set<OGRwkbGeometryType> multi;
  for (OGRwkbGeometryType k : kinds) multi.insert(OGR_GT_GetCollection(k) != wkbUnknown ? OGR_GT_GetCollection(k) : k);
  return multi.size() == 1 ? *multi.begin() : wkbUnknown;
}

// The in-memory copy of the source: kept fields, geometry in the output CRS (and phone-map system).
struct Staged {
  gdal::Dataset ds;
  OGRLayerH layer = nullptr;
  std::set<OGRwkbGeometryType> kinds;
};

// "2024-03-01" or "2024-03-01T08:30:00", for formats without a date type.
std::string isoText(const DateTime& d, FieldType type) {
  char buf[32];
  if (type == FieldType::Date) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day, d.hour, d.minute,
                  static_cast<int>(d.second));
  }
  return buf;
}

// datesAsText: date and time fields become ISO 8601 text (KML has no date type: LIBKML drops them).
Staged stage(const FeatureSource& source, const std::vector<int>& kept, OGRSpatialReferenceH from,
             OGRSpatialReferenceH to, const ExportOptions& o, const std::string& path, bool datesAsText) {
  Staged s;
  GDALDriverH mem = GDALGetDriverByName("Memory");
  s.ds.reset(GDALCreate(mem, "", 0, 0, 0, GDT_Unknown, nullptr));
  s.layer = GDALDatasetCreateLayer(s.ds.get(), "staged", to, source.geometryType, nullptr);
  for (int i : kept) {
    const TableField& f = source.fields[static_cast<std::size_t>(i)];
    const bool asText = datesAsText && (f.type == FieldType::Date || f.type == FieldType::DateTime);
    gdal::FieldDefn fd(OGR_Fld_Create(f.name.c_str(), asText ? OFTString : ogrFieldType(f.type)));
    if (f.width > 0) OGR_Fld_SetWidth(fd.get(), f.width);
    if (f.precision > 0) OGR_Fld_SetPrecision(fd.get(), f.precision);
    if (OGR_L_CreateField(s.layer, fd.get(), TRUE) != OGRERR_NONE) {
      throw DataError("cannot stage the field '" + f.name + "'", {path, source.name, {}});
    }
  }
  gdal::CoordTransform transform;
  if (from && to && !OSRIsSame(from, to)) {
    transform.reset(OCTNewCoordinateTransformation(from, to));
    if (!transform) throw CrsError("no transformation to the output CRS", {path, source.name, {}});
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(s.layer);
  std::size_t n = 0;
  source.forEach([&](const TableRow& row) {
    if (++n % 1000 == 0) {
      if (o.cancel && o.cancel->load()) throw CancelledError("export cancelled", {path, source.name, {}});
      if (o.progress) o.progress(n);
    }
    gdal::Feature f(OGR_F_Create(defn));
    if (!row.wkb.empty()) {
      OGRGeometryH g = nullptr;
      if (OGR_G_CreateFromWkbEx(row.wkb.data(), nullptr, &g, row.wkb.size()) != OGRERR_NONE) {
        throw DataError("unreadable geometry", {path, source.name, row.fid});
      }
      gdal::GeometryPtr owned(g);
      if (transform && OGR_G_Transform(g, transform.get()) != OGRERR_NONE) {
        throw CrsError("the geometry cannot be transformed to the output CRS", {path, source.name, row.fid});
      }
      if (o.coords) offsets::convertGeometry(g, offsets::LonLatSystem::Wgs84, *o.coords);
      s.kinds.insert(wkbFlatten(OGR_G_GetGeometryType(g)));
      OGR_F_SetGeometryDirectly(f.get(), owned.release());
    }
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const AttributeValue& v = row.values[static_cast<std::size_t>(kept[k])];
      const auto* date = std::get_if<DateTime>(&v);
      if (datesAsText && date) {
        OGR_F_SetFieldString(f.get(), static_cast<int>(k),
                             isoText(*date, source.fields[static_cast<std::size_t>(kept[k])].type).c_str());
      } else {
        setOgrValue(f.get(), static_cast<int>(k), v);
      }
    }
    if (OGR_L_CreateFeature(s.layer, f.get()) != OGRERR_NONE) {
      throw DataError("cannot stage the feature", {path, source.name, row.fid});
    }
    return true;
  });
  return s;
}

std::vector<std::string> layerOptions(const Format& fmt) {
  const std::string name = fmt.name;
  if (name == "shp") return {"ENCODING=UTF-8"};
  if (name == "csv") return {"WRITE_BOM=YES"};
  if (name == "geojson") return {"RFC7946=NO"};
  return {};
}

std::string uniqueName(const std::string& want, const std::vector<std::string>& taken) {
  std::string name = want;
  for (int k = 2; std::find(taken.begin(), taken.end(), name) != taken.end(); ++k)
    name = want + "_" + std::to_string(k);
  return name;
}

}  // namespace

std::string exportFormatFor(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".json") return "geojson";
  if (!ext.empty() && findFormat(ext.substr(1))) return ext.substr(1);
  return {};
}

namespace {

// What an export writes: its format, the CRS conversion and the fields kept.
struct ExportSetup {
  const Format* fmt = nullptr;
  bool kml = false;
  gdal::Srs from, to;
  std::vector<int> kept;
};

ExportSetup setUp(const FeatureSource& source, const std::string& path, const ExportOptions& o, ExportResult& result) {
  const DataError::Context where{path, source.name, {}};
  ExportSetup s;
  result.format = o.format.empty() ? exportFormatFor(path) : o.format;
  s.fmt = findFormat(result.format);
  if (!s.fmt) {
    throw ExportUsageError("cannot tell the format of '" + fs::path(path).filename().string() +
                               "': use .gpkg, .shp, .geojson, .kml, .kmz, .xlsx or .csv",
                           where);
  }
  if (!o.overwrite && fs::exists(path)) throw ExportUsageError("the file exists (overwrite it explicitly)", where);
  if (o.coords && !o.crs.empty()) {
    throw ExportUsageError("phone-map coordinates are lon/lat: give either a CRS or GCJ-02/BD-09, not both", where);
  }
  s.kml = result.format == "kml" || result.format == "kmz";
  const std::string target = o.coords || s.kml ? "EPSG:4326" : (o.crs.empty() ? source.crs : o.crs);
  if (!target.empty() && source.crs.empty()) {
    throw CrsError("the layer declares no CRS; assign one before exporting it with a CRS", where);
  }
  if (!source.crs.empty()) s.from = makeSrs(source.crs, path);
  if (!target.empty()) s.to = makeSrs(target, path);
  result.crs = target;
  for (std::size_t i = 0; i < source.fields.size(); ++i) {
    const TableField& f = source.fields[i];
    if (f.sensitive && !o.includeSensitive) {
      result.leftOut.push_back(f.name);
      continue;
    }
    if (f.sensitive) result.sensitiveWritten.push_back(f.name);
    s.kept.push_back(static_cast<int>(i));
  }
  return s;
}

// The output dataset and layer, with coordinate columns first where the format has no geometry.
struct Output {
  gdal::Dataset ds;
  OGRLayerH layer = nullptr;
  OGRwkbGeometryType type = wkbUnknown;  // the one geometry type written
  bool points = false;
  int coordFields = 0;  // lon/lat (x/y) or wkt columns before the attributes
};

Output createOutput(const ExportSetup& s, const Staged& staged, const FeatureSource& source, const fs::path& file,
                    const std::string& layerName, const gdal::ErrorCapture& errors, const DataError::Context& where) {
  Output out;
  out.type = unify(staged.kinds);
  out.points = out.type == wkbPoint;
  out.ds.reset(GDALCreate(GDALGetDriverByName(s.fmt->driver), file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!out.ds) throw DataError("cannot create the file: " + errors.failure(), where);
  CPLStringList lco;
  for (const std::string& opt : layerOptions(*s.fmt)) lco.AddString(opt.c_str());
  const OGRwkbGeometryType declared = staged.kinds.empty() ? source.geometryType : out.type;
  out.layer = GDALDatasetCreateLayer(out.ds.get(), layerName.c_str(), s.fmt->geometry ? s.to.get() : nullptr,
                                     s.fmt->geometry ? declared : wkbNone, lco.List());
  if (!out.layer) throw DataError("cannot create the layer: " + errors.failure(), where);
  if (!s.fmt->geometry && !staged.kinds.empty()) {
    std::vector<std::string> taken;
    for (int i : s.kept) taken.push_back(source.fields[static_cast<std::size_t>(i)].name);
    const bool projected = s.to && !OSRIsGeographic(s.to.get());
    const std::vector<std::string> names =
        out.points ? std::vector<std::string>{projected ? "x" : "lon", projected ? "y" : "lat"}
                   : std::vector<std::string>{"wkt"};
    for (const std::string& c : names) {
      gdal::FieldDefn fd(OGR_Fld_Create(uniqueName(c, taken).c_str(), out.points ? OFTReal : OFTString));
      if (OGR_L_CreateField(out.layer, fd.get(), TRUE) != OGRERR_NONE) {
        throw DataError("cannot create the coordinate field '" + c + "': " + errors.failure(), where);
      }
      ++out.coordFields;
    }
  }
  OGRFeatureDefnH stagedDefn = OGR_L_GetLayerDefn(staged.layer);
  for (int i = 0; i < OGR_FD_GetFieldCount(stagedDefn); ++i) {
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(stagedDefn, i);
    if (OGR_L_CreateField(out.layer, fd, TRUE) != OGRERR_NONE) {
      throw DataError("cannot create the field '" + std::string(OGR_Fld_GetNameRef(fd)) + "': " + errors.failure(),
                      where);
    }
  }
  return out;
}

// Copies the staged features that pass the filter; returns how many.
std::size_t copyFeatures(const Staged& staged, Output& out, const Format& fmt, const ExportOptions& o,
                         const gdal::ErrorCapture& errors, const DataError::Context& where) {
  OGRFeatureDefnH stagedDefn = OGR_L_GetLayerDefn(staged.layer);
  std::vector<int> map(static_cast<std::size_t>(OGR_FD_GetFieldCount(stagedDefn)));
  for (std::size_t i = 0; i < map.size(); ++i) map[i] = static_cast<int>(i) + out.coordFields;
  const bool transaction = GDALDatasetStartTransaction(out.ds.get(), FALSE) == OGRERR_NONE;
  OGRFeatureDefnH outDefn = OGR_L_GetLayerDefn(out.layer);
  const bool multi = out.type != wkbUnknown && OGR_GT_IsSubClassOf(out.type, wkbGeometryCollection);
  std::size_t written = 0;
  OGR_L_ResetReading(staged.layer);
  while (gdal::Feature in{OGR_L_GetNextFeature(staged.layer)}) {
    if (o.cancel && o.cancel->load()) throw CancelledError("export cancelled", where);
    gdal::Feature f(OGR_F_Create(outDefn));
    OGR_F_SetFromWithMap(f.get(), in.get(), TRUE, map.data());
    OGRGeometryH g = OGR_F_GetGeometryRef(in.get());
    if (fmt.geometry && g) {
      if (multi && !OGR_GT_IsSubClassOf(wkbFlatten(OGR_G_GetGeometryType(g)), wkbGeometryCollection)) {
        OGR_F_SetGeometryDirectly(f.get(), OGR_G_ForceTo(OGR_G_Clone(g), out.type, nullptr));
      } else {
        OGR_F_SetGeometry(f.get(), g);
      }
    } else if (g && out.points) {
      OGR_F_SetFieldDouble(f.get(), 0, OGR_G_GetX(g, 0));
      OGR_F_SetFieldDouble(f.get(), 1, OGR_G_GetY(g, 0));
    } else if (g && out.coordFields == 1) {
      char* wkt = nullptr;
      OGR_G_ExportToIsoWkt(g, &wkt);
      gdal::CplString owned(wkt);
      OGR_F_SetFieldString(f.get(), 0, wkt ? wkt : "");
    }
    if (OGR_L_CreateFeature(out.layer, f.get()) != OGRERR_NONE) {
      throw DataError("cannot write the feature: " + errors.failure(),
                      {where.path, where.layer, OGR_F_GetFID(in.get())});
    }
    ++written;
  }
  if (transaction && GDALDatasetCommitTransaction(out.ds.get()) != OGRERR_NONE) {
    throw DataError("cannot commit the file: " + errors.failure(), where);
  }
  return written;
}

}  // namespace

ExportResult exportFeatures(const FeatureSource& source, const std::string& path, const ExportOptions& o) {
  gdal::ensureRegistered();
  ExportResult result;
  result.path = path;
  const DataError::Context where{path, source.name, {}};
  const ExportSetup setup = setUp(source, path, o, result);
  gdal::ErrorCapture errors;
  Staged staged = stage(source, setup.kept, setup.from.get(), setup.to.get(), o, path, setup.kml);
  if (!o.where.empty() && OGR_L_SetAttributeFilter(staged.layer, o.where.c_str()) != OGRERR_NONE) {
    throw ExportUsageError("the filter '" + o.where + "' is not valid: " + errors.failure(), where);
  }
  errors.clearFailure();
  if (result.format == "shp" && staged.kinds.size() > 1 && unify(staged.kinds) == wkbUnknown) {
    throw ExportUsageError(
        "a Shapefile holds one kind of geometry and this layer mixes them; export to .gpkg or filter it", where);
  }
  TempOutput temp{fs::path(path)};
  Output out =
      createOutput(setup, staged, source, temp.path(), o.layerName.empty() ? source.name : o.layerName, errors, where);
  result.features = copyFeatures(staged, out, *setup.fmt, o, errors, where);
  out.ds.reset();  // closes and flushes the file
  if (errors.failed()) throw DataError("writing failed: " + errors.failure(), where);
  result.warnings = errors.texts();
  if (result.format == "shp") {
    // Parts of an older Shapefile that the new one does not write (indexes) would not match it.
    for (const char* ext : {".qix", ".sbn", ".sbx", ".shp.xml"}) {
      std::error_code ec;
      fs::remove(fs::path(path).replace_extension(ext), ec);
    }
  }
  result.files = temp.commit();
  return result;
}

}  // namespace zhenmap
