// WKT geometry text as it reaches zhenmap: a CSV file whose `wkt` column GDAL parses (our open
// options, geodata/ogr_source.cpp), then our whole read path (fromOgr, GEOS validation and
// repair, bounds, spatial index) and the tessellation for drawing (render/tessellator.hpp).
// The input is the text of one WKT cell. Promises: the read gives a layer or a DataError; every
// feature's geometry arrays are consistent; the tessellation's indices stay within its vertices.
#include <cpl_vsi.h>

#include <cmath>

#include "errors.hpp"
#include "support/fuzz_target.hpp"
#include "tessellator.hpp"
#include "vector_source.hpp"

namespace {

using zhenmap::fuzz::check;

void checkGeometry(const zhenmap::Geometry& g) {
  if (g.kind == zhenmap::GeomKind::None) return;
  if (g.rings.empty()) {
    check(g.points.empty(), "points without rings");
    return;
  }
  check(g.rings.front() == 0 && g.rings.back() == g.points.size(), "ring offsets do not span the points");
  for (std::size_t r = 0; r + 1 < g.rings.size(); ++r) check(g.rings[r] <= g.rings[r + 1], "ring offsets go back");
  if (g.kind == zhenmap::GeomKind::Polygon && !g.parts.empty()) {
    check(g.parts.front() == 0 && g.parts.back() == g.ringCount(), "part offsets do not span the rings");
    for (std::size_t p = 0; p + 1 < g.parts.size(); ++p) check(g.parts[p] < g.parts[p + 1], "an empty polygon part");
  }
}

void checkLevel(const zhenmap::LevelBuckets& level) {
  for (std::uint32_t i : level.fillIndices) check(i < level.fillVertices.size(), "fill index past the vertices");
  for (std::uint32_t i : level.lineIndices) check(i < level.lineVertices.size(), "line index past the vertices");
  for (const auto& v : level.fillVertices) check(std::isfinite(v.x) && std::isfinite(v.y), "a non-finite fill vertex");
  for (const auto& v : level.lineVertices) check(std::isfinite(v.x) && std::isfinite(v.y), "a non-finite line vertex");
}

}  // namespace

ZHENMAP_FUZZ_TARGET(wkt_geometry) {
  using namespace zhenmap;
  std::string csv = "id,wkt,name\n1,\"";
  for (char c : input) csv += c == '"' ? std::string("\"\"") : std::string(1, c);
  csv += "\",a\n";
  const char* path = "/vsimem/fuzz_wkt_geometry.csv";
  VSILFILE* f = VSIFileFromMemBuffer(path, reinterpret_cast<GByte*>(csv.data()), csv.size(), FALSE);
  if (!f) fuzz::fail("cannot create the in-memory CSV");
  VSIFCloseL(f);
  ReadOptions options;
  options.mapCrs.clear();  // keep the coordinates: no PROJ set-up per input
  options.threads = 1;
  std::vector<LayerData> layers;
  try {
    layers = readVectorSource(path, options);
  } catch (const DataError&) {
    VSIUnlink(path);
    return;
  }
  VSIUnlink(path);
  for (const LayerData& layer : layers) {
    for (const Feature& feature : layer.features) {
      checkGeometry(feature.geometry);
    }
    TessellateOptions t;
    t.threads = 1;
    const Buckets buckets = tessellate(layer, LayerStyle{}, t);
    for (const LevelBuckets& level : buckets.levels) checkLevel(level);
  }
}
