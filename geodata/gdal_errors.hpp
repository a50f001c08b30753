// Capturing GDAL/OGR error messages (CPLError) on the current thread instead of letting GDAL print
// them, so they can be turned into typed exceptions with context or reported as warnings.
#pragma once

#include <cpl_error.h>

#include <string>
#include <vector>

namespace zhenmap::gdal {

struct ErrorMessage {
  CPLErr level = CE_None;
  int code = 0;
  std::string text;
};

// Installs a handler for the current thread for its lifetime (GDAL's handler stack is per thread).
class ErrorCapture {
 public:
  ErrorCapture();
  ~ErrorCapture();
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;
  ErrorCapture(ErrorCapture&&) = delete;
  ErrorCapture& operator=(ErrorCapture&&) = delete;

  const std::vector<ErrorMessage>& messages() const { return m_messages; }
  // The most recent CE_Failure/CE_Fatal text, or "" when there was none since the last clear().
  const std::string& failure() const { return m_failure; }
  bool failed() const { return !m_failure.empty(); }
  void clearFailure() { m_failure.clear(); }
  // Warnings and failures seen, oldest first, without duplicates.
  std::vector<std::string> texts() const;

 private:
  static void CPL_STDCALL handle(CPLErr level, CPLErrorNum code, const char* text);
  std::vector<ErrorMessage> m_messages;
  std::string m_failure;
};

}  // namespace zhenmap::gdal
