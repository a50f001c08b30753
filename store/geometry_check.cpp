// Geometry checks and conversions with GEOS (and PROJ for --crs); see geometry_check.hpp.
#include "store/geometry_check.hpp"

#include <cmath>

#include "crs_transform.hpp"
#include "geos_handles.hpp"
#include "store/validation.hpp"

namespace zhenmap::store {

namespace {

[[noreturn]] void refuse(const LayerSpec* layer, const std::string& why) {
  throw ValidationError("geometry: " + why, "geom", {"", layer ? layer->name : "", std::nullopt});
}

geos::GeometryPtr readWkb(const geos::Context& ctx, const std::string& wkb) {
  GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx.get());
  GEOSGeometry* g =
      GEOSWKBReader_read_r(ctx.get(), reader, reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
  GEOSWKBReader_destroy_r(ctx.get(), reader);
  return geos::GeometryPtr(g, geos::GeometryDeleter{ctx.get()});
}

std::string writeWkb(const geos::Context& ctx, const GEOSGeometry* g) {
  geos::WkbWriterPtr w(GEOSWKBWriter_create_r(ctx.get()), geos::WkbWriterDeleter{ctx.get()});
  GEOSWKBWriter_setOutputDimension_r(ctx.get(), w.get(), 2);
  GEOSWKBWriter_setByteOrder_r(ctx.get(), w.get(), GEOS_WKB_NDR);
  GEOSWKBWriter_setFlavor_r(ctx.get(), w.get(), GEOS_WKB_ISO);
  std::size_t n = 0;
  unsigned char* bytes = GEOSWKBWriter_write_r(ctx.get(), w.get(), g, &n);
  if (!bytes) throw DataError("GEOS cannot write WKB: " + ctx.lastError());
  std::string out(reinterpret_cast<const char*>(bytes), n);
  GEOSFree_r(ctx.get(), bytes);
  return out;
}

std::string typeName(int geosType) {
  switch (geosType) {
    case GEOS_POINT:
      return "POINT";
    case GEOS_LINESTRING:
      return "LINESTRING";
    case GEOS_LINEARRING:
      return "LINEARRING";
    case GEOS_POLYGON:
      return "POLYGON";
    case GEOS_MULTIPOINT:
      return "MULTIPOINT";
    case GEOS_MULTILINESTRING:
      return "MULTILINESTRING";
    case GEOS_MULTIPOLYGON:
      return "MULTIPOLYGON";
    default:
      return "GEOMETRYCOLLECTION";
  }
}

std::string wkt(const geos::Context& ctx, const GEOSGeometry* g, int decimals) {
  GEOSWKTWriter* w = GEOSWKTWriter_create_r(ctx.get());
  GEOSWKTWriter_setRoundingPrecision_r(ctx.get(), w, decimals);
  GEOSWKTWriter_setTrim_r(ctx.get(), w, 1);
  GEOSWKTWriter_setOutputDimension_r(ctx.get(), w, 2);
  char* text = GEOSWKTWriter_write_r(ctx.get(), w, g);
  GEOSWKTWriter_destroy_r(ctx.get(), w);
  std::string out = text ? text : "";
  if (text) GEOSFree_r(ctx.get(), text);
  return out;
}

}  // namespace

std::string checkGeometry(const LayerSpec& layer, const std::string& wkb) {
  geos::Context ctx;
  geos::GeometryPtr g = readWkb(ctx, wkb);
  if (!g) refuse(&layer, "not a readable WKB geometry");
  if (GEOSisEmpty_r(ctx.get(), g.get()) == 1) refuse(&layer, "the geometry is empty");
  const int type = GEOSGeomTypeId_r(ctx.get(), g.get());
  const std::string& want = layer.geometryType;
  const bool fits = (want == "POINT" && type == GEOS_POINT) || (want == "LINESTRING" && type == GEOS_LINESTRING) ||
                    (want == "MULTIPOLYGON" && (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)) ||
                    (want == "POLYGON" && type == GEOS_POLYGON);
  if (!fits) refuse(&layer, "a " + typeName(type) + " cannot go into the " + want + " layer " + layer.name);
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  GEOSGeom_getXMin_r(ctx.get(), g.get(), &minX);
  GEOSGeom_getYMin_r(ctx.get(), g.get(), &minY);
  GEOSGeom_getXMax_r(ctx.get(), g.get(), &maxX);
  GEOSGeom_getYMax_r(ctx.get(), g.get(), &maxY);
  if (!std::isfinite(minX + minY + maxX + maxY) || minX < -180 || maxX > 180 || minY < -90 || maxY > 90) {
    refuse(&layer, "coordinates outside longitude/latitude ranges (EPSG:4490 expected; is the CRS right?)");
  }
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  if (GEOSisValidDetail_r(ctx.get(), g.get(), 0, &reason, &location) != 1) {
    std::string why = reason ? reason : "invalid";
    if (reason) GEOSFree_r(ctx.get(), reason);
    if (location) {
      geos::GeometryPtr at(location, geos::GeometryDeleter{ctx.get()});
      why += " at " + wkt(ctx, at.get(), 7);
    }
    refuse(&layer, "invalid " + typeName(type) + ": " + why);
  }
  if (want == "MULTIPOLYGON" && type == GEOS_POLYGON) {
    GEOSGeometry* parts[1] = {g.release()};
    geos::GeometryPtr multi = geos::ownChecked(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, parts, 1), "MULTIPOLYGON");
    return writeWkb(ctx, multi.get());
  }
  return writeWkb(ctx, g.get());
}

std::string geometryWkt(const std::string& wkb, int decimals) {
  if (wkb.empty()) return {};
  geos::Context ctx;
  geos::GeometryPtr g = readWkb(ctx, wkb);
  return g ? wkt(ctx, g.get(), decimals) : "(unreadable)";
}

std::string wkbFromWkt(const std::string& text, const std::string& crs) {
  geos::Context ctx;
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.get());
  geos::GeometryPtr g(GEOSWKTReader_read_r(ctx.get(), reader, text.c_str()), geos::GeometryDeleter{ctx.get()});
  GEOSWKTReader_destroy_r(ctx.get(), reader);
  if (!g) refuse(nullptr, "cannot read the WKT '" + text.substr(0, 60) + "': " + ctx.lastError());
  if (!crs.empty()) {
    const CrsTransform transform(crs, "EPSG:4490");
    if (!transform.identity()) {
      bool lost = false;
      struct Pass {
        const CrsTransform* t;
        bool* lost;
      } pass{&transform, &lost};
      geos::GeometryPtr moved(GEOSGeom_transformXY_r(
                        ctx.get(), g.get(),
                        [](double* x, double* y, void* user) -> int {
                          auto* p = static_cast<Pass*>(user);
                          const Vec2 v = p->t->forward(Vec2{*x, *y});
                          *x = v.x;
                          *y = v.y;
                          if (!std::isfinite(v.x) || !std::isfinite(v.y)) *p->lost = true;
                          return 1;
                        },
                        &pass),
                    geos::GeometryDeleter{ctx.get()});
      if (!moved || lost) refuse(nullptr, "the coordinates cannot be transformed from " + crs + " to EPSG:4490");
      g = std::move(moved);
    }
  }
  return writeWkb(ctx, g.get());
}

std::string pointOnSurface(const std::string& wkb) {
  geos::Context ctx;
  geos::GeometryPtr g = readWkb(ctx, wkb);
  if (!g) throw ValidationError("geometry: not a readable WKB geometry", "geom");
  geos::GeometryPtr p = geos::ownChecked(ctx, GEOSPointOnSurface_r(ctx.get(), g.get()), "point on surface");
  return writeWkb(ctx, p.get());
}

}  // namespace zhenmap::store
