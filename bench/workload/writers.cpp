// GeoPackage and SpatiaLite output of the workload; see writers.hpp.
#include "writers.hpp"

#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "gdal_handles.hpp"
#include "store/database.hpp"
#include "demo/demo_model.hpp"
#include "store/schema.hpp"
#include "store/sqlite_audit.hpp"

namespace zhenmap::bench {
namespace {

template <typename T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // x86-64 and aarch64 are little-endian, as ISO WKB byte order 1 says
  out.append(b, sizeof(T));
}

void putPoints(std::string& out, const Geometry& g, std::uint32_t from, std::uint32_t to) {
  put<std::uint32_t>(out, to - from);
  for (std::uint32_t i = from; i < to; ++i) {
    put(out, g.points[i].x);
    put(out, g.points[i].y);
  }
}

[[noreturn]] void gdalFail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " (" + path + "): " + CPLGetLastErrorMsg());
}

OGRwkbGeometryType ogrType(const std::string& storeType) {
  if (storeType == "MULTIPOLYGON") return wkbMultiPolygon;
  if (storeType == "LINESTRING") return wkbLineString;
  return wkbPoint;
}

OGRFieldType ogrField(store::FieldType t) {
  switch (t) {
    case store::FieldType::Integer: return OFTInteger64;
    case store::FieldType::Real: return OFTReal;
    case store::FieldType::Date: return OFTDate;
    case store::FieldType::Text: break;
  }
  return OFTString;
}

}  // namespace

std::string toWkb(const Geometry& g) {
  std::string out;
  put<std::uint8_t>(out, 1);
  switch (g.kind) {
    case GeomKind::Point:
      put<std::uint32_t>(out, 1);
      put(out, g.points.at(0).x);
      put(out, g.points.at(0).y);
      break;
    case GeomKind::Line:
      put<std::uint32_t>(out, 2);
      putPoints(out, g, g.rings.at(0), g.rings.at(1));
      break;
    case GeomKind::Polygon:
      put<std::uint32_t>(out, 6);
      put<std::uint32_t>(out, static_cast<std::uint32_t>(g.partCount()));
      for (std::size_t part = 0; part < g.partCount(); ++part) {
        put<std::uint8_t>(out, 1);
        put<std::uint32_t>(out, 3);
        put<std::uint32_t>(out, g.parts[part + 1] - g.parts[part]);
        for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) putPoints(out, g, g.rings[r], g.rings[r + 1]);
      }
      break;
    case GeomKind::None: throw std::invalid_argument("empty geometry in the workload");
  }
  return out;
}

std::uint64_t coordinateChecksum(const Workload& w) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const WorkLayer& l : w.layers) {
    for (const WorkFeature& f : l.features) {
      for (const Vec2& p : f.geometry.points) {
        unsigned char b[16];
        std::memcpy(b, &p.x, 8);
        std::memcpy(b + 8, &p.y, 8);
        for (unsigned char c : b) h = (h ^ c) * 0x100000001b3ULL;
      }
    }
  }
  return h;
}

void writeGeoPackage(const Workload& w, const std::string& path) {
  gdal::ensureRegistered();
  std::error_code ec;
  std::filesystem::remove(path, ec);
  GDALDriverH driver = GDALGetDriverByName("GPKG");
  if (!driver) gdalFail("no GPKG driver", path);
  gdal::Dataset ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) gdalFail("cannot create the GeoPackage", path);
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  if (OSRImportFromEPSG(srs.get(), store::kStoreSrid) != OGRERR_NONE) gdalFail("no EPSG:4490", path);
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  for (const WorkLayer& layer : w.layers) {
    const store::LayerSpec* spec = store::findLayer(layer.name);
    if (!spec) throw std::invalid_argument("no store layer " + layer.name);
    OGRLayerH l = GDALDatasetCreateLayer(ds.get(), layer.name.c_str(), srs.get(), ogrType(spec->geometryType), nullptr);
    if (!l) gdalFail("cannot create layer " + layer.name, path);
    for (const store::FieldSpec& f : spec->fields) {
      gdal::FieldDefn def(OGR_Fld_Create(f.name.c_str(), ogrField(f.type)));
      if (OGR_L_CreateField(l, def.get(), TRUE) != OGRERR_NONE) gdalFail("cannot create field " + f.name, path);
    }
    if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) gdalFail("cannot start a transaction", path);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
      const WorkFeature& wf = layer.features[i];
      gdal::Feature feature(OGR_F_Create(defn));
      OGR_F_SetFID(feature.get(), static_cast<GIntBig>(i + 1));
      for (int fi = 0; fi < static_cast<int>(spec->fields.size()); ++fi) {
        auto it = wf.row.find(spec->fields[static_cast<std::size_t>(fi)].name);
        if (it == wf.row.end() || store::isNull(it->second)) continue;
        if (const auto* n = std::get_if<std::int64_t>(&it->second)) OGR_F_SetFieldInteger64(feature.get(), fi, *n);
        if (const auto* d = std::get_if<double>(&it->second)) OGR_F_SetFieldDouble(feature.get(), fi, *d);
        if (const auto* s = std::get_if<std::string>(&it->second)) OGR_F_SetFieldString(feature.get(), fi, s->c_str());
      }
      const std::string wkb = toWkb(wf.geometry);
      OGRGeometryH g = nullptr;
      if (OGR_G_CreateFromWkb(wkb.data(), srs.get(), &g, static_cast<int>(wkb.size())) != OGRERR_NONE) gdalFail("bad WKB", path);
      OGR_F_SetGeometryDirectly(feature.get(), g);
      if (OGR_L_CreateFeature(l, feature.get()) != OGRERR_NONE) gdalFail("cannot write a feature of " + layer.name, path);
    }
    if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE) gdalFail("cannot commit " + layer.name, path);
  }
}

void writeSpatiaLite(const Workload& w, const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
  store::Database db(path, store::OpenMode::Create);
  store::createSchema(db);
  {
    store::Transaction tx(db);
    store::suspendAudit(db);  // a workload's data is its starting point, not history
    for (const WorkLayer& layer : w.layers) {
      demo::RowInserter insert(db, layer.name);
      for (const WorkFeature& f : layer.features) insert.insert(f.row, toWkb(f.geometry));
    }
    store::resumeAudit(db);
    tx.commit();
  }
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.exec("PRAGMA journal_mode = DELETE");
}

}  // namespace zhenmap::bench
