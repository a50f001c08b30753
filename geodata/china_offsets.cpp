// GCJ-02 and BD-09 offsets; see china_offsets.hpp.
#include "china_offsets.hpp"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

namespace zhenmap::offsets {

namespace {

constexpr double kPi = std::numbers::pi;
// GCJ-02 works on the Krasovsky 1940 ellipsoid.
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyE2 = 0.00669342162296594323;
// BD-09's rotation and shift.
constexpr double kBdXPi = kPi * 3000.0 / 180.0;
constexpr double kBdShiftLon = 0.0065;
constexpr double kBdShiftLat = 0.006;

constexpr double kInverseTolerance = 1e-9;  // degrees (about 0.1 mm)
constexpr int kInverseIterations = 30;

// The published offset polynomials with their sine terms, in degrees-like units before scaling.
double offsetLat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double offsetLon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// Solves forward(x) = target for x by fixed-point iteration from x = target (the offsets are small
// and smooth, so each step shrinks the error by orders of magnitude).
template <class Forward>
Vec2 invert(Vec2 target, Forward forward) {
  Vec2 x = target;
  for (int i = 0; i < kInverseIterations; ++i) {
    const Vec2 f = forward(x);
    const double dx = f.x - target.x, dy = f.y - target.y;
    x.x -= dx;
    x.y -= dy;
    if (std::fabs(dx) < kInverseTolerance && std::fabs(dy) < kInverseTolerance) break;
  }
  return x;
}

// Applies a lon/lat point function to every vertex through OGRGeometry::transform, which walks
// every geometry type (curves, collections) for us.
class PointFunctionTransform final : public OGRCoordinateTransformation {
 public:
  PointFunctionTransform(LonLatSystem from, LonLatSystem to) : m_from(from), m_to(to) {}
  OGRSpatialReference* GetSourceCS() override { return nullptr; }
  OGRSpatialReference* GetTargetCS() override { return nullptr; }
  int Transform(int count, double* x, double* y, double*, double*, int* success) override {
    for (int i = 0; i < count; ++i) {
      const Vec2 p = fromWgs84(toWgs84({x[i], y[i]}, m_from), m_to);
      x[i] = p.x;
      y[i] = p.y;
      if (success) success[i] = TRUE;
    }
    return TRUE;
  }
  OGRCoordinateTransformation* Clone() const override { return new PointFunctionTransform(m_from, m_to); }
  OGRCoordinateTransformation* GetInverse() const override { return new PointFunctionTransform(m_to, m_from); }

 private:
  LonLatSystem m_from, m_to;
};

}  // namespace

std::optional<LonLatSystem> parseLonLatSystem(std::string_view name) {
  std::string s;
  for (char c : name) {
    if (c != '-' && c != '_' && c != ' ') s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (s == "wgs84" || s == "4326" || s == "epsg:4326") return LonLatSystem::Wgs84;
  if (s == "cgcs2000" || s == "4490" || s == "epsg:4490") return LonLatSystem::Cgcs2000;
  if (s == "gcj02" || s == "gcj") return LonLatSystem::Gcj02;
  if (s == "bd09" || s == "bd09ll" || s == "baidu") return LonLatSystem::Bd09;
  return std::nullopt;
}

const char* lonLatSystemName(LonLatSystem s) {
  switch (s) {
    case LonLatSystem::Wgs84:
      return "wgs84";
    case LonLatSystem::Cgcs2000:
      return "cgcs2000";
    case LonLatSystem::Gcj02:
      return "gcj02";
    case LonLatSystem::Bd09:
      return "bd09";
  }
  return "wgs84";
}

bool outsideChina(double lon, double lat) { return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271; }

Vec2 wgs84ToGcj02(Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y) || outsideChina(p.x, p.y)) return p;
  const double x = p.x - 105.0, y = p.y - 35.0;
  const double radLat = p.y / 180.0 * kPi;
  const double s = std::sin(radLat);
  const double magic = 1.0 - kKrasovskyE2 * s * s;
  const double sqrtMagic = std::sqrt(magic);
  const double dLat = offsetLat(x, y) * 180.0 / ((kKrasovskyA * (1.0 - kKrasovskyE2)) / (magic * sqrtMagic) * kPi);
  const double dLon = offsetLon(x, y) * 180.0 / (kKrasovskyA / sqrtMagic * std::cos(radLat) * kPi);
  return {p.x + dLon, p.y + dLat};
}

Vec2 gcj02ToWgs84(Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y) || outsideChina(p.x, p.y)) return p;
  return invert(p, wgs84ToGcj02);
}

Vec2 gcj02ToBd09(Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return p;
  const double z = std::sqrt(p.x * p.x + p.y * p.y) + 0.00002 * std::sin(p.y * kBdXPi);
  const double theta = std::atan2(p.y, p.x) + 0.000003 * std::cos(p.x * kBdXPi);
  return {z * std::cos(theta) + kBdShiftLon, z * std::sin(theta) + kBdShiftLat};
}

Vec2 bd09ToGcj02(Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return p;
  return invert(p, gcj02ToBd09);
}

Vec2 wgs84ToBd09(Vec2 p) { return gcj02ToBd09(wgs84ToGcj02(p)); }
Vec2 bd09ToWgs84(Vec2 p) { return gcj02ToWgs84(bd09ToGcj02(p)); }

Vec2 toWgs84(Vec2 p, LonLatSystem from) {
  switch (from) {
    case LonLatSystem::Gcj02:
      return gcj02ToWgs84(p);
    case LonLatSystem::Bd09:
      return bd09ToWgs84(p);
    default:
      return p;
  }
}

Vec2 fromWgs84(Vec2 p, LonLatSystem to) {
  switch (to) {
    case LonLatSystem::Gcj02:
      return wgs84ToGcj02(p);
    case LonLatSystem::Bd09:
      return wgs84ToBd09(p);
    default:
      return p;
  }
}

void convertGeometry(OGRGeometryH geometry, LonLatSystem from, LonLatSystem to) {
  if (!geometry) return;
  const auto same = [](LonLatSystem a, LonLatSystem b) {
    const auto plain = [](LonLatSystem s) { return s == LonLatSystem::Wgs84 || s == LonLatSystem::Cgcs2000; };
    return a == b || (plain(a) && plain(b));
  };
  if (same(from, to)) return;
  auto* g = OGRGeometry::FromHandle(geometry);
  OGRSpatialReference* srs = g->getSpatialReference();
  if (srs) srs->Reference();
  PointFunctionTransform t(from, to);
  g->transform(&t);
  g->assignSpatialReference(srs);  // transform() assigned the transform's (null) target
  if (srs) srs->Release();
}

}  // namespace zhenmap::offsets
