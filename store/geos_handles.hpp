// Move-only owners for GEOS C API handles (reentrant _r API): the context, geometries, prepared
// geometries and WKB writers. Each geometry owner remembers the context that must free it.
#pragma once

#include <geos_c.h>

#include <memory>
#include <string>

#include "errors.hpp"

namespace zhenmap::store {

class GeosContext {
 public:
  GeosContext() : m_ctx(GEOS_init_r()) {
    if (!m_ctx) throw DataError("cannot initialise GEOS");
    GEOSContext_setErrorMessageHandler_r(m_ctx, &GeosContext::onError, &m_lastError);
  }
  ~GeosContext() {
    if (m_ctx) GEOS_finish_r(m_ctx);
  }
  GeosContext(GeosContext&& o) noexcept : m_ctx(o.m_ctx), m_lastError(std::move(o.m_lastError)) {
    o.m_ctx = nullptr;
    if (m_ctx) GEOSContext_setErrorMessageHandler_r(m_ctx, &GeosContext::onError, &m_lastError);
  }
  GeosContext& operator=(GeosContext&&) = delete;
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return m_ctx; }
  const std::string& lastError() const { return m_lastError; }

 private:
  static void onError(const char* message, void* userdata) { *static_cast<std::string*>(userdata) = message; }
  GEOSContextHandle_t m_ctx;
  std::string m_lastError;
};

struct GeomDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(ctx, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const {
    if (g) GEOSPreparedGeom_destroy_r(ctx, g);
  }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct WkbWriterDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSWKBWriter* w) const {
    if (w) GEOSWKBWriter_destroy_r(ctx, w);
  }
};
using WkbWriterPtr = std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter>;

// Takes ownership of a geometry GEOS returned; throws DataError with GEOS's message when it is null.
inline GeomPtr own(const GeosContext& ctx, GEOSGeometry* g, const char* what) {
  if (!g) throw DataError(std::string(what) + " failed in GEOS: " + ctx.lastError());
  return GeomPtr(g, GeomDeleter{ctx.get()});
}

}  // namespace zhenmap::store
