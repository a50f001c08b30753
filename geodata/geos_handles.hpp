// Move-only owners for GEOS C API handles (thread-safe "_r" API): one GeosContext per thread,
// every geometry and prepared geometry owned from the moment GEOS returns it.
#pragma once

#include <geos_c.h>

#include <memory>
#include <string>
#include <utility>

#include "errors.hpp"

namespace zhenmap::geos {

// A GEOS context whose error messages are kept (last one) instead of printed.
class Context {
 public:
  Context() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &Context::onError, this);
    GEOSContext_setNoticeMessageHandler_r(m_handle, &Context::onNotice, nullptr);
  }
  ~Context() {
    if (m_handle) GEOS_finish_r(m_handle);
  }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  // Not movable either: GEOS keeps a pointer to this object for its error handler.
  Context(Context&&) = delete;
  Context& operator=(Context&&) = delete;

  GEOSContextHandle_t get() const { return m_handle; }
  const std::string& lastError() const { return m_lastError; }

 private:
  static void onError(const char* message, void* self) {
    static_cast<Context*>(self)->m_lastError = message ? message : "";
  }
  static void onNotice(const char*, void*) {}

  GEOSContextHandle_t m_handle;
  std::string m_lastError;
};

struct GeometryDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(ctx, g);
  }
};
struct PreparedDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const {
    if (g) GEOSPreparedGeom_destroy_r(ctx, g);
  }
};
struct CoordSeqDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSCoordSequence* s) const {
    if (s) GEOSCoordSeq_destroy_r(ctx, s);
  }
};
struct FreeDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(char* p) const {
    if (p) GEOSFree_r(ctx, p);
  }
};

struct WkbWriterDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSWKBWriter* w) const {
    if (w) GEOSWKBWriter_destroy_r(ctx, w);
  }
};

using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;
using WkbWriterPtr = std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;
using CoordSeqPtr = std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter>;
using StringPtr = std::unique_ptr<char, FreeDeleter>;

inline GeometryPtr own(const Context& c, GEOSGeometry* g) { return GeometryPtr(g, GeometryDeleter{c.get()}); }

// Takes ownership of a geometry GEOS returned; throws DataError with GEOS's message when it is null.
inline GeometryPtr ownChecked(const Context& c, GEOSGeometry* g, const char* what) {
  if (!g) throw DataError(std::string(what) + " failed in GEOS: " + c.lastError());
  return own(c, g);
}

}  // namespace zhenmap::geos
