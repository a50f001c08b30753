// PROJ-backed transformations; see crs_transform.hpp.
#include "crs_transform.hpp"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "errors.hpp"

namespace zhenmap {

namespace {
struct CtxDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using CtxPtr = std::unique_ptr<PJ_CONTEXT, CtxDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

std::string lastError(PJ_CONTEXT* ctx) {
  const char* msg = proj_context_errno_string(ctx, proj_context_errno(ctx));
  return msg ? msg : "unknown PROJ error";
}
}  // namespace

struct CrsTransform::Impl {
  CtxPtr ctx;
  PjPtr op;
  bool identity = false;
  bool sphericalMercator = false;  // closed-form lon/lat -> EPSG:3857, checked against PROJ
};

namespace {

constexpr double kWebMercatorRadius = 6378137.0;
constexpr double kPi = 3.14159265358979323846;

// PROJ's webmerc: spherical Mercator on the WGS 84 semi-major axis, longitude wrapped to +-180.
Vec2 webMercatorForward(Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y) || std::abs(p.y) >= 90.0) {
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  }
  double lon = p.x;
  if (lon > 180.0 || lon < -180.0) lon = std::remainder(lon, 360.0);
  const double lat = p.y * kPi / 180.0;
  return {lon * (kWebMercatorRadius * kPi / 180.0), kWebMercatorRadius * std::log(std::tan(kPi / 4 + lat / 2))};
}

// The Mercator ordinate psi(lat) = ln tan(pi/4 + lat/2) costs a tan and a log per point, most of
// a bulk transform's time. Tabulated every 0.01 degree of latitude (psi, sec, tan at each node),
// it is a degree-5 Taylor polynomial in d = lat - node, |d| <= 0.005 degree: the next term,
// R psi^(6) d^6 / 720, stays below 2e-12 m up to 85.1 degrees (psi^(6) = sec tan (120 tan^4 +
// 180 tan^2 + 61)), far below one unit of rounding of the result. Each point's value depends on
// that point only (its nearest node), so equal points always give equal results.
class MercatorTable {
 public:
  static constexpr double kLimitDeg = 85.1;  // beyond (and for NaN or |lon| > 180): the closed form
  static constexpr double kStepDeg = 0.01;

  static const MercatorTable& get() {
    static const MercatorTable table;
    return table;
  }

  // False when the point is left to the closed form.
  bool forward(Vec2& p) const {
    if (!(std::abs(p.y) <= kLimitDeg && std::abs(p.x) <= 180.0)) return false;  // false for NaN
    const auto i = static_cast<std::size_t>((p.y + kLimitDeg) * (1.0 / kStepDeg) + 0.5);
    const Node& n = m_nodes[std::min(i, m_nodes.size() - 1)];
    const double d = p.y * kRadPerDeg - n.lat;
    const double psi = n.c[0] + d * (n.c[1] + d * (n.c[2] + d * (n.c[3] + d * (n.c[4] + d * n.c[5]))));
    p = {p.x * (kWebMercatorRadius * kRadPerDeg), kWebMercatorRadius * psi};
    return true;
  }

 private:
  static constexpr double kRadPerDeg = kPi / 180.0;

  struct Node {
    double lat;   // radians
    double c[6];  // psi and its Taylor coefficients at lat: sec, sec tan / 2, ...
  };

  MercatorTable() {
    const auto count = static_cast<std::size_t>(2 * kLimitDeg / kStepDeg + 0.5) + 1;
    m_nodes.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const double lat = (-kLimitDeg + kStepDeg * double(i)) * kRadPerDeg;
      const double s = 1.0 / std::cos(lat), t = std::tan(lat), t2 = t * t;
      m_nodes[i] = {lat,
                    {std::log(std::tan(kPi / 4 + lat / 2)), s, s * t / 2, s * (2 * t2 + 1) / 6,
                     s * t * (6 * t2 + 5) / 24, s * ((24 * t2 + 28) * t2 + 5) / 120}};
    }
  }

  std::vector<Node> m_nodes;
};

void webMercatorForward(Vec2* pts, std::size_t n) {
  const MercatorTable& table = MercatorTable::get();
  for (std::size_t i = 0; i < n; ++i) {
    if (!table.forward(pts[i])) pts[i] = webMercatorForward(pts[i]);
  }
}

Vec2 webMercatorInverse(Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  }
  return {p.x / kWebMercatorRadius * 180.0 / kPi, std::atan(std::sinh(p.y / kWebMercatorRadius)) * 180.0 / kPi};
}

// True when PROJ's operation from a geographic CRS to EPSG:3857 is exactly spherical Mercator of
// the source longitude/latitude (no datum shift, as for WGS 84 and CGCS2000's null "ballpark"
// operation): then the closed form gives the same numbers many times faster. Checked on a grid
// of points over the whole valid range, to 1 micrometre.
bool isPlainWebMercator(PJ_CONTEXT* ctx, PJ* src, PJ* dst, PJ* op) {
  const PJ_TYPE type = proj_get_type(src);
  if (type != PJ_TYPE_GEOGRAPHIC_2D_CRS && type != PJ_TYPE_GEOGRAPHIC_3D_CRS) return false;
  PjPtr web(proj_create(ctx, "EPSG:3857"));
  if (!web || !proj_is_equivalent_to(dst, web.get(), PJ_COMP_EQUIVALENT)) return false;
  std::vector<Vec2> pts;
  for (double lon = -179.5; lon < 180; lon += 17.3) {
    for (double lat = -84.5; lat < 85; lat += 9.7) pts.push_back({lon, lat});
  }
  std::vector<Vec2> byProj = pts;
  const std::size_t stride = sizeof(Vec2);
  proj_trans_generic(op, PJ_FWD, &byProj[0].x, stride, byProj.size(), &byProj[0].y, stride, byProj.size(), nullptr, 0,
                     0, nullptr, 0, 0);
  std::vector<Vec2> closed = pts;
  webMercatorForward(closed.data(), closed.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (!(std::abs(closed[i].x - byProj[i].x) < 1e-6 && std::abs(closed[i].y - byProj[i].y) < 1e-6)) return false;
  }
  return true;
}

}  // namespace

namespace {

// Finding the operation between two CRSs searches PROJ's database (tens of milliseconds);
// cloning a found one onto another context is cheap. Every pair is looked up once per process.
struct OperationCache {
  struct Entry {
    PjPtr op;
    bool identity = false;
    bool sphericalMercator = false;
  };
  std::mutex mutex;
  CtxPtr ctx{proj_context_create()};
  std::map<std::pair<std::string, std::string>, Entry> entries;  // destroyed before ctx
};

OperationCache& operationCache() {
  static OperationCache cache;
  return cache;
}

}  // namespace

CrsTransform::CrsTransform(const std::string& from, const std::string& to) : m_impl(std::make_unique<Impl>()) {
  m_impl->ctx.reset(proj_context_create());
  PJ_CONTEXT* ctx = m_impl->ctx.get();
  proj_log_level(ctx, PJ_LOG_NONE);
  OperationCache& cache = operationCache();
  {
    std::lock_guard lock(cache.mutex);
    const auto it = cache.entries.find({from, to});
    if (it != cache.entries.end()) {
      if (PJ* cloned = proj_clone(ctx, it->second.op.get())) {
        m_impl->op.reset(cloned);
        m_impl->identity = it->second.identity;
        m_impl->sphericalMercator = it->second.sphericalMercator;
        return;
      }
    }
  }
  PjPtr src(proj_create(ctx, from.c_str()));
  if (!src) throw CrsError("unknown CRS '" + from + "': " + lastError(ctx));
  PjPtr dst(proj_create(ctx, to.c_str()));
  if (!dst) throw CrsError("unknown CRS '" + to + "': " + lastError(ctx));
  m_impl->identity = proj_is_equivalent_to(src.get(), dst.get(), PJ_COMP_EQUIVALENT) != 0;
  PjPtr op(proj_create_crs_to_crs_from_pj(ctx, src.get(), dst.get(), nullptr, nullptr));
  if (!op) throw CrsError("no transformation from '" + from + "' to '" + to + "': " + lastError(ctx));
  PjPtr norm(proj_normalize_for_visualization(ctx, op.get()));
  if (!norm) throw CrsError("cannot normalise axis order for '" + from + "' -> '" + to + "'");
  m_impl->sphericalMercator = isPlainWebMercator(ctx, src.get(), dst.get(), norm.get());
  m_impl->op = std::move(norm);

  std::lock_guard lock(cache.mutex);
  proj_log_level(cache.ctx.get(), PJ_LOG_NONE);
  if (PJ* kept = proj_clone(cache.ctx.get(), m_impl->op.get())) {
    OperationCache::Entry& e = cache.entries[{from, to}];
    e.op.reset(kept);
    e.identity = m_impl->identity;
    e.sphericalMercator = m_impl->sphericalMercator;
  }
}

CrsTransform::~CrsTransform() {
  if (m_impl) m_impl->op.reset();  // the operation must die before its context
}
CrsTransform::CrsTransform(CrsTransform&&) noexcept = default;
CrsTransform& CrsTransform::operator=(CrsTransform&& o) noexcept {
  if (this != &o) {
    if (m_impl) m_impl->op.reset();
    m_impl = std::move(o.m_impl);
  }
  return *this;
}

bool CrsTransform::identity() const { return m_impl->identity; }

static void run(PJ* op, PJ_DIRECTION dir, Vec2* pts, std::size_t n) {
  if (n == 0) return;
  const std::size_t stride = sizeof(Vec2);
  proj_trans_generic(op, dir, &pts[0].x, stride, n, &pts[0].y, stride, n, nullptr, 0, 0, nullptr, 0, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (pts[i].x == HUGE_VAL || pts[i].y == HUGE_VAL || !std::isfinite(pts[i].x) || !std::isfinite(pts[i].y)) {
      pts[i] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    }
  }
}

void CrsTransform::forward(Vec2* pts, std::size_t n) const {
  if (m_impl->identity) return;
  if (m_impl->sphericalMercator) {
    webMercatorForward(pts, n);
    return;
  }
  run(m_impl->op.get(), PJ_FWD, pts, n);
}
void CrsTransform::inverse(Vec2* pts, std::size_t n) const {
  if (m_impl->identity) return;
  if (m_impl->sphericalMercator) {
    for (std::size_t i = 0; i < n; ++i) pts[i] = webMercatorInverse(pts[i]);
    return;
  }
  run(m_impl->op.get(), PJ_INV, pts, n);
}

std::string crsShortName(const std::string& definition) {
  CtxPtr ctx(proj_context_create());
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  PjPtr crs(proj_create(ctx.get(), definition.c_str()));
  if (!crs) return {};
  const char* auth = proj_get_id_auth_name(crs.get(), 0);
  const char* code = proj_get_id_code(crs.get(), 0);
  std::string out;
  if (auth && code) out = std::string(auth) + ":" + code;
  crs.reset();
  return out;
}

bool crsIsGeographic(const std::string& definition) {
  CtxPtr ctx(proj_context_create());
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  PjPtr crs(proj_create(ctx.get(), definition.c_str()));
  if (!crs) return false;
  const PJ_TYPE type = proj_get_type(crs.get());
  crs.reset();
  return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

}  // namespace zhenmap
