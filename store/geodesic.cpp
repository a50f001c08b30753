// Geodesic lengths with PROJ; see geodesic.hpp.
#include "store/geodesic.hpp"

#include <proj.h>

#include <memory>

#include "errors.hpp"

namespace zhenmap::store {

namespace {
struct ContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
}  // namespace

double geodesicLengthKm(const std::vector<Vec2>& lonLat) {
  std::unique_ptr<PJ_CONTEXT, ContextDeleter> ctx(proj_context_create());
  if (!ctx) throw CrsError("cannot create a PROJ context");
  std::unique_ptr<PJ, PjDeleter> ellipsoid(proj_create(ctx.get(), "+proj=longlat +ellps=GRS80"));
  if (!ellipsoid) throw CrsError("PROJ rejects the GRS80 ellipsoid definition");
  double metres = 0;
  for (std::size_t i = 1; i < lonLat.size(); ++i) {
    const PJ_COORD a = proj_coord(proj_torad(lonLat[i - 1].x), proj_torad(lonLat[i - 1].y), 0, 0);
    const PJ_COORD b = proj_coord(proj_torad(lonLat[i].x), proj_torad(lonLat[i].y), 0, 0);
    metres += proj_lp_dist(ellipsoid.get(), a, b);
  }
  return metres / 1000.0;
}

}  // namespace zhenmap::store
