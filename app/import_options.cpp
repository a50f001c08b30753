// Import options on the command line; see import_options.hpp.
#include "import_options.hpp"

#include <stdexcept>

namespace zhenmap {

void addImportOptions(CLI::App* app, ImportCliOptions& o) {
  app->add_option("--source-layer,--sheet", o.sourceLayer, "sheet, layer or KML folder to read");
  app->add_option("--x-field", o.xField, "longitude column (header text or letter, e.g. C)");
  app->add_option("--y-field", o.yField, "latitude column");
  app->add_option("--pair-field", o.pairField, "one column holding both values (\"lon,lat\")");
  app->add_option("--order", o.order, "order in a pair column: lonlat, latlon, auto")
      ->check(CLI::IsMember({"lonlat", "latlon", "auto"}));
  app->add_option("--degrees", o.degrees, "bare numbers are decimal degrees or d.mmss: decimal, dmmss, auto")
      ->check(CLI::IsMember({"decimal", "dmmss", "auto"}));
  app->add_option("--coords", o.coords, "the system the coordinates were taken in: wgs84, cgcs2000, gcj02, bd09, auto")
      ->check(CLI::IsMember({"wgs84", "cgcs2000", "gcj02", "bd09", "auto"}));
  app->add_option("--area", o.area, "FILE[:LAYER] with the polygons the points belong in (for --coords auto)");
  app->add_option("--header-row", o.headerRow, "the header's row number (default: found)");
  app->add_option("--assign-crs", o.assignCrs, "CRS of a source that declares none");
  app->add_option("--encoding", o.encoding, "text encoding of a Shapefile without .cpg or of a CSV (e.g. GBK)");
  app->add_option("--where", o.where, "OGR SQL filter on the source's fields");
  app->add_option("--map", o.maps, "SRC=DST: fill field DST from column SRC (DST empty: leave SRC out)");
  app->add_option("--value", o.values, "FIELD:TEXT=CODE: the text TEXT means CODE in FIELD");
  app->add_option("--set", o.sets, "FIELD=VALUE: the value of FIELD where no column fills it or the cell is empty");
  app->add_option("--key", o.key, "a field whose values must not repeat (rows with a repeated key are rejected)");
  app->add_option("--county", o.county, "county (name or code) of township and village names");
  app->add_flag("--reject-swapped", o.rejectSwapped,
                "reject rows with longitude and latitude swapped (default: fix and remark)");
}

ImportReadOptions readOptionsFrom(const ImportCliOptions& o) {
  ImportReadOptions r;
  r.layer.layer = o.sourceLayer;
  r.layer.assignCrs = o.assignCrs;
  r.layer.encoding = o.encoding;
  r.layer.where = o.where;
  TablePointsOptions& p = r.points;
  p.headerRow = o.headerRow;
  p.xField = o.xField;
  p.yField = o.yField;
  p.pairField = o.pairField;
  p.pairOrder = o.order == "lonlat"   ? coord::PairOrder::LonLat
                : o.order == "latlon" ? coord::PairOrder::LatLon
                                      : coord::PairOrder::Auto;
  p.degrees = o.degrees == "decimal" ? TablePointsOptions::Degrees::Decimal
              : o.degrees == "dmmss" ? TablePointsOptions::Degrees::DMmss
                                     : TablePointsOptions::Degrees::Auto;
  if (o.coords != "auto") p.coords = offsets::parseLonLatSystem(o.coords);
  p.rejectSwapped = o.rejectSwapped;
  if (!o.area.empty()) {
    // FILE:LAYER, where FILE itself may hold a colon only as a drive letter we do not have.
    const auto colon = o.area.rfind(':');
    const bool hasLayer = colon != std::string::npos && colon > 0 && o.area.find('/', colon) == std::string::npos &&
                          o.area.find('.', colon) == std::string::npos;
    const std::string file = hasLayer ? o.area.substr(0, colon) : o.area;
    const std::string layer = hasLayer ? o.area.substr(colon + 1) : "";
    p.inside = insideAnyPolygon(readAreaPolygons(file, layer));
  }
  return r;
}

PlanOptions planOptionsFrom(const ImportCliOptions& o) {
  PlanOptions p;
  for (const std::string& m : o.maps) {
    const auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--map must be SRC=DST, got '" + m + "'");
    p.fieldMap.emplace_back(m.substr(0, eq), m.substr(eq + 1));
  }
  for (const std::string& v : o.values) {
    const auto colon = v.find(':'), eq = v.rfind('=');
    if (colon == std::string::npos || eq == std::string::npos || eq < colon || colon == 0) {
      throw std::invalid_argument("--value must be FIELD:TEXT=CODE, got '" + v + "'");
    }
    p.valueMap[v.substr(0, colon)][v.substr(colon + 1, eq - colon - 1)] = v.substr(eq + 1);
  }
  for (const std::string& v : o.sets) {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--set must be FIELD=VALUE, got '" + v + "'");
    p.defaults[v.substr(0, eq)] = v.substr(eq + 1);
  }
  p.keyField = o.key;
  return p;
}

}  // namespace zhenmap
