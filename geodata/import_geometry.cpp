// Geometry conversion for the import planner; see import_internal.hpp.
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>

#include "errors.hpp"
#include "import_internal.hpp"

namespace zhenmap {

namespace {

// 0 point, 1 line, 2 polygon, -1 anything else (collections of mixed kinds, ...).
int family(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint:
      return 0;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return 1;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      return 2;
    default:
      return -1;
  }
}

const char* familyName(int f, bool plural) {
  static const char* const kOne[] = {"a point", "a line", "a polygon"};
  static const char* const kMany[] = {"points", "lines", "polygons"};
  if (f < 0 || f > 2) return plural ? "mixed geometries" : "a geometry collection";
  return plural ? kMany[f] : kOne[f];
}

gdal::Srs srsOf(const std::string& definition) {
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  if (OSRSetFromUserInput(srs.get(), definition.c_str()) != OGRERR_NONE)
    throw CrsError("unknown CRS '" + definition + "'");
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

RowIssue issue(const std::string& code, const std::string& message) { return {-1, "", code, message}; }

}  // namespace

GeometryPlanner::GeometryPlanner(const FeatureTable& source, const TargetLayer& target) : m_target(target.geometry) {
  const bool anyGeometry =
      std::any_of(source.rows.begin(), source.rows.end(), [](const TableRow& r) { return !r.wkb.empty(); });
  if (!anyGeometry) return;
  if (source.crs.empty()) {
    throw DataError("the source declares no CRS; assign one (e.g. EPSG:4490, or the guess `zhenmap info` prints)",
                    {source.source, source.layer, {}});
  }
  m_from = srsOf(source.crs);
  m_to = srsOf(target.crs);
  if (!OSRIsSame(m_from.get(), m_to.get())) {
    m_transform.reset(OCTNewCoordinateTransformation(m_from.get(), m_to.get()));
    if (!m_transform)
      throw CrsError("no transformation from " + source.crs + " to " + target.crs, {source.source, source.layer, {}});
    m_note = "coordinates transformed from " + source.crs + " to " + target.crs;
  }
}

std::optional<std::string> GeometryPlanner::convert(const std::string& wkb, RowIssue& why) const {
  const int want = family(m_target);
  if (wkb.empty()) {
    why = issue("no_geometry", "no geometry; the layer takes " + std::string(familyName(want, true)));
    return std::nullopt;
  }
  OGRGeometryH raw = nullptr;
  if (OGR_G_CreateFromWkbEx(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE) {
    why = issue("no_geometry", "unreadable geometry");
    return std::nullopt;
  }
  gdal::GeometryPtr g(raw);
  if (OGR_G_IsEmpty(g.get())) {
    why = issue("no_geometry", "an empty geometry");
    return std::nullopt;
  }
  const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g.get()));
  const int have = family(type);
  if (have != want) {
    why = issue("wrong_geometry", std::string(familyName(have, false)) + "; the layer takes " + familyName(want, true));
    return std::nullopt;
  }
  if (m_transform && OGR_G_Transform(g.get(), m_transform.get()) != OGRERR_NONE) {
    why = issue("bad_coordinate", "the coordinates cannot be transformed to the layer's CRS");
    return std::nullopt;
  }
  const OGRwkbGeometryType target = wkbFlatten(m_target);
  const bool wantMulti = OGR_GT_IsSubClassOf(target, wkbGeometryCollection);
  // Curves to straight segments; multi-part to single only when there is one part.
  if (OGR_GT_IsNonLinear(type)) g.reset(OGR_G_GetLinearGeometry(g.get(), 0.0, nullptr));
  const OGRwkbGeometryType now = wkbFlatten(OGR_G_GetGeometryType(g.get()));
  const bool isMulti = OGR_GT_IsSubClassOf(now, wkbGeometryCollection);
  if (isMulti && !wantMulti) {
    const int parts = OGR_G_GetGeometryCount(g.get());
    if (parts != 1) {
      why = issue("wrong_geometry", std::string("a multi-part geometry (") + std::to_string(parts) +
                                        " parts); the layer takes single " + familyName(want, true));
      return std::nullopt;
    }
    g.reset(OGR_G_Clone(OGR_G_GetGeometryRef(g.get(), 0)));
  } else if (!isMulti && wantMulti) {
    g.reset(OGR_G_ForceTo(g.release(), target, nullptr));
  }
  std::string out(static_cast<std::size_t>(OGR_G_WkbSize(g.get())), '\0');
  OGR_G_ExportToIsoWkb(g.get(), wkbNDR, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace zhenmap
