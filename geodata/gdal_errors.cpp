// GDAL error capture; see gdal_errors.hpp.
#include "gdal_errors.hpp"

#include <algorithm>

namespace zhenmap::gdal {

namespace {
constexpr std::size_t kMaxMessages = 200;  // a broken file can emit one message per feature

// GDAL passes on multi-line messages (libpq's, for one): errors are reported on one line.
std::string oneLine(const char* text) {
  std::string out;
  bool pendingBreak = false;
  for (const char* p = text ? text : ""; *p; ++p) {
    if (*p == '\n' || *p == '\r') {
      pendingBreak = !out.empty();
      continue;
    }
    if (pendingBreak) {
      if (*p == ' ' || *p == '\t') continue;
      out += "; ";
      pendingBreak = false;
    }
    out += *p;
  }
  return out;
}
}  // namespace

ErrorCapture::ErrorCapture() { CPLPushErrorHandlerEx(&ErrorCapture::handle, this); }
ErrorCapture::~ErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL ErrorCapture::handle(CPLErr level, CPLErrorNum code, const char* text) {
  if (level == CE_Debug) return;
  auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
  if (!self) return;
  const std::string msg = oneLine(text);
  if (level == CE_Failure || level == CE_Fatal) self->m_failure = msg.empty() ? "GDAL error" : msg;
  if (self->m_messages.size() < kMaxMessages) self->m_messages.push_back({level, code, msg});
}

std::vector<std::string> ErrorCapture::texts() const {
  std::vector<std::string> out;
  for (const ErrorMessage& m : m_messages) {
    if (std::find(out.begin(), out.end(), m.text) == out.end()) out.push_back(m.text);
  }
  return out;
}

}  // namespace zhenmap::gdal
