// PROJ-backed transformations; see crs_transform.hpp.
#include "crs_transform.hpp"

#include <proj.h>

#include <cmath>
#include <limits>

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
};

CrsTransform::CrsTransform(const std::string& from, const std::string& to) : m_impl(std::make_unique<Impl>()) {
  m_impl->ctx.reset(proj_context_create());
  PJ_CONTEXT* ctx = m_impl->ctx.get();
  proj_log_level(ctx, PJ_LOG_NONE);
  PjPtr src(proj_create(ctx, from.c_str()));
  if (!src) throw CrsError("unknown CRS '" + from + "': " + lastError(ctx));
  PjPtr dst(proj_create(ctx, to.c_str()));
  if (!dst) throw CrsError("unknown CRS '" + to + "': " + lastError(ctx));
  m_impl->identity = proj_is_equivalent_to(src.get(), dst.get(), PJ_COMP_EQUIVALENT) != 0;
  PjPtr op(proj_create_crs_to_crs_from_pj(ctx, src.get(), dst.get(), nullptr, nullptr));
  if (!op) throw CrsError("no transformation from '" + from + "' to '" + to + "': " + lastError(ctx));
  PjPtr norm(proj_normalize_for_visualization(ctx, op.get()));
  if (!norm) throw CrsError("cannot normalise axis order for '" + from + "' -> '" + to + "'");
  m_impl->op = std::move(norm);
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
  if (!m_impl->identity) run(m_impl->op.get(), PJ_FWD, pts, n);
}
void CrsTransform::inverse(Vec2* pts, std::size_t n) const {
  if (!m_impl->identity) run(m_impl->op.get(), PJ_INV, pts, n);
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
