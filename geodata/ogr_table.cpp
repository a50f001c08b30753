// GDAL layers as feature tables and streams; see ogr_table.hpp.
#include "ogr_table.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_api.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "crs_guess.hpp"
#include "errors.hpp"
#include "file_kind.hpp"
#include "gdal_errors.hpp"
#include "ogr_source.hpp"
#include "ogr_values.hpp"

namespace zhenmap {

namespace {

// Fields the KML/LIBKML and GPX drivers always declare; left out when no feature uses them.
bool isNoiseField(const std::string& driver, const std::string& name) {
  static const char* const kKml[] = {"timestamp", "begin",      "end",       "altitudeMode", "tessellate",
                                     "extrude",   "visibility", "drawOrder", "icon"};
  if (driver == "LIBKML" || driver == "KML") {
    return std::any_of(std::begin(kKml), std::end(kKml), [&](const char* k) { return name == k; });
  }
  return driver == "GPX";  // every GPX field: kept only where used
}

// ISO WKB of the feature's geometry, flattened and in east/north order; "" without one.
std::string geometryWkb(OGRFeatureH f, bool flatten, bool swapXY) {
  OGRGeometryH g = OGR_F_GetGeometryRef(f);
  if (!g) return {};
  if (flatten) OGR_G_FlattenTo2D(g);
  if (swapXY) OGR_G_SwapXY(g);
  std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
  OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
  return wkb;
}

int chooseLayer(const OpenedSource& src, const std::string& wanted) {
  GDALDatasetH ds = src.dataset.get();
  const int n = GDALDatasetGetLayerCount(ds);
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back(toUtf8(OGR_L_GetName(GDALDatasetGetLayer(ds, i))));
  if (!wanted.empty()) {
    for (int i = 0; i < n; ++i) {
      if (names[static_cast<std::size_t>(i)] == wanted) return i;
    }
  } else if (n == 1) {
    return 0;
  }
  std::string list;
  std::vector<int> withFeatures;
  for (int i = 0; i < n; ++i) {
    const GIntBig count = OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, i), TRUE);
    list += (list.empty() ? "" : ", ") + names[static_cast<std::size_t>(i)] + " (" + std::to_string(count) + ")";
    const std::string& name = names[static_cast<std::size_t>(i)];
    if (count > 0 && (name == "waypoints" || name == "routes" || name == "tracks")) withFeatures.push_back(i);
  }
  if (wanted.empty() && src.driver == "GPX") {
    if (withFeatures.size() == 1) return withFeatures[0];
    if (withFeatures.empty()) throw DataError("the GPX file has no waypoints, routes or tracks", {src.path, {}, {}});
  }
  if (n == 0) throw DataError("the source has no layers", {src.path, {}, {}});
  throw DataError(wanted.empty() ? "the source has several layers: " + list + "; choose one"
                                 : "no layer named '" + wanted + "' (layers: " + list + ")",
                  {src.path, {}, {}});
}

struct LayerState {
  OpenedSource source;
  OGRLayerH layer = nullptr;
  std::string name;
  bool flatten = true;
  bool swapXY = false;
  std::vector<FieldType> types;
  std::unique_ptr<TextDecoder> decode;
};

void checkKmz(const std::string& path) {
  if (lowerExtension(path) != "kmz") return;
  checkExtensionMatchesContent(path);
  char** entries = VSIReadDirRecursive(("/vsizip/{" + path + "}").c_str());
  bool kml = false;
  std::string list;
  for (char** e = entries; e && *e; ++e) {
    const std::string name = *e;
    kml = kml || lowerExtension(name) == "kml";
    if (list.size() < 200) list += (list.empty() ? "" : ", ") + name;
  }
  CSLDestroy(entries);
  if (!kml) {
    throw OpenError("the KMZ holds no KML document" + (list.empty() ? std::string() : " (it holds: " + list + ")"),
                    {path, {}, {}});
  }
}

std::shared_ptr<LayerState> openLayer(const std::string& path, const LayerReadOptions& o, FeatureSource& out) {
  checkKmz(path);
  auto st = std::make_shared<LayerState>();
  OpenOptions open;
  open.encoding = o.encoding;
  st->source = openVectorSource(path, open);
  const int index = chooseLayer(st->source, o.layer);
  st->layer = GDALDatasetGetLayer(st->source.dataset.get(), index);
  st->name = toUtf8(OGR_L_GetName(st->layer));
  st->flatten = o.flatten;
  st->decode = std::make_unique<TextDecoder>(st->source.detectedEncoding(index));
  const DataError::Context where{path, st->name, {}};
  if (!o.where.empty()) {
    gdal::ErrorCapture errors;
    if (OGR_L_SetAttributeFilter(st->layer, o.where.c_str()) != OGRERR_NONE) {
      throw DataError("the filter '" + o.where + "' is not valid: " + errors.failure(), where);
    }
  }
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(st->layer);
  out.crs = crsDefinition(srs);
  if (out.crs.empty() && !o.assignCrs.empty()) {
    if (!isKnownCrs(o.assignCrs)) throw CrsError("the CRS to assign, '" + o.assignCrs + "', is unknown", where);
    out.crs = o.assignCrs;
  }
  st->swapXY = dataIsNorthFirst(srs);
  OGRwkbGeometryType type = OGR_L_GetGeomType(st->layer);
  out.geometryType = o.flatten ? wkbFlatten(type) : type;
  out.name = st->name;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(st->layer);
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
    TableField f;
    f.name = (*st->decode)(OGR_Fld_GetNameRef(fd));
    f.type = fieldTypeOf(OGR_Fld_GetType(fd));
    if (f.type == FieldType::Other) f.type = FieldType::Text;  // lists, binary: their text form
    f.width = OGR_Fld_GetWidth(fd);
    f.precision = OGR_Fld_GetPrecision(fd);
    out.fields.push_back(f);
    st->types.push_back(f.type);
  }
  return st;
}

TableRow toRow(LayerState& st, OGRFeatureH f) {
  TableRow row;
  row.fid = OGR_F_GetFID(f);
  row.sourceRow = row.fid;
  row.wkb = geometryWkb(f, st.flatten, st.swapXY);
  for (std::size_t i = 0; i < st.types.size(); ++i) {
    row.values.push_back(readOgrValue(f, static_cast<int>(i), st.types[i], *st.decode));
  }
  return row;
}

// "#RRGGBB" (or "#RRGGBBAA" when not opaque) from an OGR style string: a fill colour first, then
// a pen or symbol colour. "" when it names none.
std::string styleColour(const std::string& style) {
  for (const char* key : {"fc:#", "c:#"}) {
    const std::size_t at = style.find(key);
    if (at == std::string::npos) continue;
    std::string hex = style.substr(at + std::string(key).size(), 8);
    const std::size_t end = hex.find_first_not_of("0123456789abcdefABCDEF");
    if (end != std::string::npos) hex.resize(end);
    if (hex.size() == 8 && (hex.substr(6) == "FF" || hex.substr(6) == "ff")) hex.resize(6);
    if (hex.size() == 6 || hex.size() == 8) return "#" + hex;
  }
  return {};
}

std::string resolveStyle(OGRFeatureH f, OGRLayerH layer, GDALDatasetH ds) {
  const char* s = OGR_F_GetStyleString(f);
  if (!s || !*s) return {};
  std::string style = s;
  if (style[0] == '@') {
    const std::string name = style.substr(1);
    const char* found = nullptr;
    if (OGRStyleTableH t = OGR_L_GetStyleTable(layer)) found = OGR_STBL_Find(t, name.c_str());
    if (!found) {
      if (OGRStyleTableH t = GDALDatasetGetStyleTable(ds)) found = OGR_STBL_Find(t, name.c_str());
    }
    style = found ? found : "";
  }
  return styleColour(style);
}

// Every folder (layer) of a KML/KMZ in one table: the union of their fields plus folder and style.
FeatureTable readKml(const std::string& path, const LayerReadOptions& o, OpenedSource src) {
  GDALDatasetH ds = src.dataset.get();
  FeatureTable t;
  t.source = path;
  t.layer = std::filesystem::path(path).stem().string();
  t.crs = "EPSG:4326";
  t.rowLabel = "placemark";
  std::map<std::string, std::size_t> index;
  const int layers = GDALDatasetGetLayerCount(ds);
  for (int l = 0; l < layers; ++l) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(GDALDatasetGetLayer(ds, l));
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
      const std::string name = toUtf8(OGR_Fld_GetNameRef(fd));
      FieldType type = fieldTypeOf(OGR_Fld_GetType(fd));
      if (type == FieldType::Other) type = FieldType::Text;
      auto [it, added] = index.emplace(name, t.fields.size());
      if (added) {
        t.fields.push_back({name, type, "", false, 0, 0});
      } else if (t.fields[it->second].type != type) {
        t.fields[it->second].type = FieldType::Text;
      }
    }
  }
  const int folderField = static_cast<int>(t.fields.size());
  t.fields.push_back({"folder", FieldType::Text, "文件夹", false, 0, 0});
  t.fields.push_back({"style", FieldType::Text, "样式颜色", false, 0, 0});
  const TextDecoder decode;
  std::int64_t number = 0;
  std::vector<OGRwkbGeometryType> kinds;
  gdal::ErrorCapture errors;
  for (int l = 0; l < layers; ++l) {
    OGRLayerH layer = GDALDatasetGetLayer(ds, l);
    const std::string folder = toUtf8(OGR_L_GetName(layer));
    if (!o.layer.empty() && folder != o.layer) continue;
    if (!o.where.empty() && OGR_L_SetAttributeFilter(layer, o.where.c_str()) != OGRERR_NONE) {
      throw DataError("the filter '" + o.where + "' is not valid: " + errors.failure(), {path, folder, {}});
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGR_L_ResetReading(layer);
    while (gdal::Feature f{OGR_L_GetNextFeature(layer)}) {
      TableRow row;
      row.fid = ++number;
      row.sourceRow = number;
      row.wkb = geometryWkb(f.get(), o.flatten, false);
      if (OGRGeometryH g = OGR_F_GetGeometryRef(f.get())) kinds.push_back(wkbFlatten(OGR_G_GetGeometryType(g)));
      row.values.assign(t.fields.size(), std::monostate{});
      for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        const std::size_t k = index.at(toUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))));
        row.values[k] = readOgrValue(f.get(), i, t.fields[k].type, decode);
      }
      row.values[static_cast<std::size_t>(folderField)] = folder;
      const std::string colour = resolveStyle(f.get(), layer, ds);
      if (!colour.empty()) row.values[static_cast<std::size_t>(folderField) + 1] = colour;
      t.rows.push_back(std::move(row));
    }
    if (errors.failed()) throw DataError(errors.failure(), {path, folder, {}});
  }
  if (!o.layer.empty() && number == 0) {
    bool exists = false;
    for (int l = 0; l < layers; ++l) exists = exists || toUtf8(OGR_L_GetName(GDALDatasetGetLayer(ds, l))) == o.layer;
    if (!exists) throw DataError("no folder named '" + o.layer + "'", {path, {}, {}});
  }
  const bool oneKind = !kinds.empty() && std::all_of(kinds.begin(), kinds.end(), [&](auto k) { return k == kinds[0]; });
  t.geometryType = oneKind ? kinds[0] : wkbUnknown;
  t.notes.push_back(std::to_string(t.rows.size()) + " placemarks from " + std::to_string(layers) +
                    " folders (the folder is in the field 'folder')");
  return t;
}

// Leaves out the driver's fixed fields (KML, GPX) that no row uses.
void dropUnusedFields(FeatureTable& t, const std::string& driver) {
  for (std::size_t i = t.fields.size(); i-- > 0;) {
    if (!isNoiseField(driver, t.fields[i].name)) continue;
    const bool used = std::any_of(t.rows.begin(), t.rows.end(), [&](const TableRow& r) {
      const AttributeValue& v = r.values[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) return *n != -1 && *n != 0;
      return !isNull(v);
    });
    if (used) continue;
    t.fields.erase(t.fields.begin() + static_cast<std::ptrdiff_t>(i));
    for (TableRow& r : t.rows) r.values.erase(r.values.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

}  // namespace

FeatureSource openOgrSource(const std::string& path, const LayerReadOptions& options) {
  FeatureSource out;
  std::shared_ptr<LayerState> st = openLayer(path, options, out);
  out.forEach = [st](const std::function<bool(const TableRow&)>& visit) {
    gdal::ErrorCapture errors;
    OGR_L_ResetReading(st->layer);
    std::int64_t last = -1;
    for (;;) {
      gdal::Feature f(OGR_L_GetNextFeature(st->layer));
      if (errors.failed()) throw DataError(errors.failure(), {st->source.path, st->name, last + 1});
      if (!f) break;
      last = OGR_F_GetFID(f.get());
      if (!visit(toRow(*st, f.get()))) break;
    }
  };
  return out;
}

FeatureTable readOgrTable(const std::string& path, const LayerReadOptions& options) {
  checkKmz(path);
  std::string driver;
  {
    OpenOptions open;
    open.encoding = options.encoding;
    OpenedSource src = openVectorSource(path, open);
    if (src.driver == "LIBKML" || src.driver == "KML") {
      FeatureTable t = readKml(path, options, std::move(src));
      dropUnusedFields(t, "LIBKML");
      return t;
    }
    driver = src.driver;
  }
  FeatureSource s = openOgrSource(path, options);
  FeatureTable t;
  t.source = path;
  t.layer = s.name;
  t.crs = s.crs;
  t.geometryType = s.geometryType;
  t.fields = s.fields;
  s.forEach([&](const TableRow& r) {
    t.rows.push_back(r);
    return true;
  });
  if (driver == "GPX") dropUnusedFields(t, "GPX");
  return t;
}

std::vector<std::pair<std::string, std::int64_t>> listLayers(const std::string& path, const std::string& encoding) {
  OpenOptions open;
  open.encoding = encoding;
  OpenedSource src = openVectorSource(path, open);
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (int i = 0; i < GDALDatasetGetLayerCount(src.dataset.get()); ++i) {
    OGRLayerH l = GDALDatasetGetLayer(src.dataset.get(), i);
    out.emplace_back(toUtf8(OGR_L_GetName(l)), OGR_L_GetFeatureCount(l, TRUE));
  }
  return out;
}

}  // namespace zhenmap
