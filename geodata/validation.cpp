// GEOS validation; see validation.hpp.
#include "validation.hpp"

#include <cmath>

#include "geos_convert.hpp"
#include "simple_ring.hpp"

namespace zhenmap {

const char* statusName(GeometryStatus s) {
  switch (s) {
    case GeometryStatus::Valid:
      return "valid";
    case GeometryStatus::Null:
      return "null";
    case GeometryStatus::Empty:
      return "empty";
    case GeometryStatus::NonFinite:
      return "non-finite";
    case GeometryStatus::Invalid:
      return "invalid";
  }
  return "unknown";
}

struct GeometryValidator::Impl {
  geos::Context ctx;
  SimpleRingCheck simpleRing;
};

GeometryValidator::GeometryValidator() : m_impl(std::make_unique<Impl>()) {}
GeometryValidator::~GeometryValidator() = default;
GeometryValidator::GeometryValidator(GeometryValidator&&) noexcept = default;
GeometryValidator& GeometryValidator::operator=(GeometryValidator&&) noexcept = default;

namespace {

ValidationResult checkRings(const Geometry& g) {
  for (std::size_t r = 0; r < g.ringCount(); ++r) {
    const std::uint32_t a = g.rings[r], b = g.rings[r + 1];
    if (b == a) continue;
    if (!(g.points[a] == g.points[b - 1])) return {GeometryStatus::Invalid, "Ring is not closed", g.points[a]};
    if (b - a < 4) return {GeometryStatus::Invalid, "Too few points in ring", g.points[a]};
  }
  return {};
}

ValidationResult checkLines(const Geometry& g) {
  for (std::size_t r = 0; r < g.ringCount(); ++r) {
    const std::uint32_t a = g.rings[r], b = g.rings[r + 1];
    bool distinct = false;
    for (std::uint32_t i = a + 1; i < b && !distinct; ++i) distinct = !(g.points[i] == g.points[a]);
    if (!distinct) {
      return {GeometryStatus::Invalid, "Too few points", b > a ? std::optional<Vec2>(g.points[a]) : std::nullopt};
    }
  }
  return {};
}

}  // namespace

ValidationResult checkCoordinates(const Geometry& g) {
  if (g.kind == GeomKind::None) return {GeometryStatus::Null, "no geometry", std::nullopt};
  if (g.empty()) return {GeometryStatus::Empty, "empty geometry", std::nullopt};
  for (const Vec2& p : g.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      return {GeometryStatus::NonFinite, "NaN or infinite coordinate", std::nullopt};
    }
    if (std::fabs(p.x) > kMaxCoordinate || std::fabs(p.y) > kMaxCoordinate) {
      return {GeometryStatus::NonFinite, "a coordinate beyond 1e12 (no coordinate system reaches it)", std::nullopt};
    }
  }
  return {};
}

ValidationResult GeometryValidator::validate(const Geometry& g) {
  if (ValidationResult c = checkCoordinates(g); !c.valid()) return c;
  if (g.kind == GeomKind::Point) return {};
  if (g.kind == GeomKind::Line) return checkLines(g);

  ValidationResult rings = checkRings(g);
  if (!rings.valid()) return rings;
  // The common one-ring polygon: a proof of simplicity is GEOS's verdict, several times cheaper.
  if (g.partCount() == 1 && g.ringCount() == 1 && m_impl->simpleRing.provedSimple(g.points.data(), g.points.size())) {
    return {};
  }
  const geos::Context& ctx = m_impl->ctx;
  GEOSContextHandle_t h = ctx.get();
  geos::GeometryPtr multi = geos::polygonsToGeos(ctx, g, false);
  if (!multi) return {GeometryStatus::Invalid, "GEOS rejected the geometry: " + ctx.lastError(), std::nullopt};
  char* reasonRaw = nullptr;
  GEOSGeometry* locationRaw = nullptr;
  const char rc = GEOSisValidDetail_r(h, multi.get(), 0, &reasonRaw, &locationRaw);
  geos::StringPtr reason(reasonRaw, geos::FreeDeleter{h});
  geos::GeometryPtr location = geos::own(ctx, locationRaw);
  if (rc == 1) return {};
  ValidationResult out{GeometryStatus::Invalid, reason ? reason.get() : "invalid", std::nullopt};
  if (rc == 2) out.reason = "GEOS could not check validity: " + ctx.lastError();
  double x = 0, y = 0;
  if (location && GEOSGeomGetX_r(h, location.get(), &x) == 1 && GEOSGeomGetY_r(h, location.get(), &y) == 1) {
    out.location = Vec2{x, y};
  }
  return out;
}

}  // namespace zhenmap
