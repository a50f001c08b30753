// GLU tessellator wrapper; see triangulator.hpp.
#include "triangulator.hpp"

#include <GL/glu.h>

#include <cmath>
#include <deque>

namespace zhenmap {

namespace {
#ifndef CALLBACK
#define CALLBACK
#endif
using GluCallback = void(CALLBACK*)();
}  // namespace

struct Triangulator::Impl {
  GLUtesselator* tess = nullptr;
  std::vector<Vec2>* out = nullptr;
  std::vector<Vec2> pending;        // this call's triangles, committed when GLU reports no error
  std::deque<Vec2> combined;        // vertices GLU creates where edges cross (stable addresses)
  bool failed = false;

  static void CALLBACK onVertex(void* vertex, void* self) {
    static_cast<Impl*>(self)->pending.push_back(*static_cast<const Vec2*>(vertex));
  }
  static void CALLBACK onCombine(GLdouble coords[3], void*[4], GLfloat[4], void** out, void* self) {
    Impl* impl = static_cast<Impl*>(self);
    impl->combined.push_back({coords[0], coords[1]});
    *out = &impl->combined.back();
  }
  static void CALLBACK onError(GLenum, void* self) { static_cast<Impl*>(self)->failed = true; }
  // Registering an edge-flag callback makes GLU emit independent triangles only (no fans/strips).
  static void CALLBACK onEdgeFlag(GLboolean, void*) {}
  static void CALLBACK onBegin(GLenum, void*) {}
  static void CALLBACK onEnd(void*) {}
};

Triangulator::Triangulator() : m_impl(std::make_unique<Impl>()) {
  m_impl->tess = gluNewTess();
  gluTessCallback(m_impl->tess, GLU_TESS_VERTEX_DATA, reinterpret_cast<GluCallback>(&Impl::onVertex));
  gluTessCallback(m_impl->tess, GLU_TESS_COMBINE_DATA, reinterpret_cast<GluCallback>(&Impl::onCombine));
  gluTessCallback(m_impl->tess, GLU_TESS_ERROR_DATA, reinterpret_cast<GluCallback>(&Impl::onError));
  gluTessCallback(m_impl->tess, GLU_TESS_EDGE_FLAG_DATA, reinterpret_cast<GluCallback>(&Impl::onEdgeFlag));
  gluTessCallback(m_impl->tess, GLU_TESS_BEGIN_DATA, reinterpret_cast<GluCallback>(&Impl::onBegin));
  gluTessCallback(m_impl->tess, GLU_TESS_END_DATA, reinterpret_cast<GluCallback>(&Impl::onEnd));
  gluTessProperty(m_impl->tess, GLU_TESS_WINDING_RULE, GLU_TESS_WINDING_ODD);
  gluTessNormal(m_impl->tess, 0.0, 0.0, 1.0);
}

Triangulator::~Triangulator() {
  if (m_impl->tess) gluDeleteTess(m_impl->tess);
}

bool Triangulator::triangulate(const Geometry& g, std::size_t firstPart, std::size_t lastPart, std::vector<Vec2>& out,
                               WindingRule rule) {
  Impl& s = *m_impl;
  gluTessProperty(s.tess, GLU_TESS_WINDING_RULE,
                  rule == WindingRule::Odd ? GLU_TESS_WINDING_ODD : GLU_TESS_WINDING_POSITIVE);
  s.pending.clear();
  s.combined.clear();
  s.failed = false;
  // GLU wants 3 doubles per vertex and keeps the pointers until gluTessEndPolygon.
  std::vector<GLdouble> coords;
  coords.reserve(g.points.size() * 3);
  gluTessBeginPolygon(s.tess, &s);
  for (std::size_t part = firstPart; part < lastPart; ++part) {
    for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) {
      std::uint32_t a = g.rings[r], b = g.rings[r + 1];
      if (b > a + 1 && g.points[a] == g.points[b - 1]) --b;  // GLU closes rings itself
      if (b < a + 3) continue;
      gluTessBeginContour(s.tess);
      for (std::uint32_t i = a; i < b; ++i) {
        const Vec2& p = g.points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        GLdouble* c = &coords.emplace_back(p.x);
        coords.push_back(p.y);
        coords.push_back(0.0);
        gluTessVertex(s.tess, c, const_cast<Vec2*>(&p));
      }
      gluTessEndContour(s.tess);
    }
  }
  gluTessEndPolygon(s.tess);
  if (s.failed || s.pending.size() % 3 != 0) return false;
  out.insert(out.end(), s.pending.begin(), s.pending.end());
  return true;
}

}  // namespace zhenmap
