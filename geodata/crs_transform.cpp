// PROJ-backed transformations; see crs_transform.hpp.
#include "crs_transform.hpp"

#include <proj.h>

#if defined(__x86_64__) && defined(__GLIBC__)
#include <dlfcn.h>
#include <immintrin.h>
#define ZHENMAP_VECTOR_MERCATOR 1
#endif

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
  return {kWebMercatorRadius * lon * kPi / 180.0, kWebMercatorRadius * std::log(std::tan(kPi / 4 + lat / 2))};
}

#ifdef ZHENMAP_VECTOR_MERCATOR
// glibc's vector math library (libmvec, <= 4 ulp) evaluates tan and log four at a time with
// AVX2: the closed form then costs a fraction of two scalar libm calls per point. Looked up at
// run time, so a system without it (or a CPU without AVX2) uses the scalar form above.
#pragma GCC push_options
#pragma GCC target("avx2")
using Vector4Fn = __m256d (*)(__m256d);

struct VectorMath {
  Vector4Fn tan4 = nullptr;
  Vector4Fn log4 = nullptr;
};

const VectorMath& vectorMath() {
  static const VectorMath math = [] {
    VectorMath m;
    if (!__builtin_cpu_supports("avx2")) return m;
    void* lib = dlopen("libmvec.so.1", RTLD_NOW | RTLD_LOCAL);  // kept open for the process
    if (!lib) return m;
    auto* t = reinterpret_cast<Vector4Fn>(dlsym(lib, "_ZGVdN4v_tan"));
    auto* l = reinterpret_cast<Vector4Fn>(dlsym(lib, "_ZGVdN4v_log"));
    if (t && l) {
      m.tan4 = t;
      m.log4 = l;
    }
    return m;
  }();
  return math;
}

// Four points at a time (the last group padded). Every ordinary point (finite, |lat| < 90,
// |lon| <= 180) goes through the vector functions, wherever it falls in the array, so equal
// input points always give equal results (rings stay closed); the others take the scalar path.
__attribute__((target("avx2"))) void webMercatorForward4(const VectorMath& m, Vec2* pts, std::size_t n) {
  alignas(32) double arg[4];
  for (std::size_t i = 0; i < n; i += 4) {
    const std::size_t lanes = std::min<std::size_t>(4, n - i);
    bool plain[4] = {false, false, false, false};
    bool any = false;
    for (std::size_t k = 0; k < 4; ++k) {
      const Vec2 p = k < lanes ? pts[i + k] : Vec2{};
      plain[k] = k < lanes && std::abs(p.y) < 90.0 && std::abs(p.x) <= 180.0;  // false for NaN
      any = any || plain[k];
      arg[k] = kPi / 4 + (p.y * kPi / 180.0) / 2;
    }
    if (any) _mm256_store_pd(arg, m.log4(m.tan4(_mm256_load_pd(arg))));
    for (std::size_t k = 0; k < lanes; ++k) {
      Vec2& p = pts[i + k];
      p = plain[k] ? Vec2{kWebMercatorRadius * p.x * kPi / 180.0, kWebMercatorRadius * arg[k]} : webMercatorForward(p);
    }
  }
}
#pragma GCC pop_options
#endif

void webMercatorForward(Vec2* pts, std::size_t n) {
#ifdef ZHENMAP_VECTOR_MERCATOR
  if (const VectorMath& m = vectorMath(); m.tan4) {
    webMercatorForward4(m, pts, n);
    return;
  }
#endif
  for (std::size_t i = 0; i < n; ++i) pts[i] = webMercatorForward(pts[i]);
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
