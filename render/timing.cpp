// See timing.hpp.
#include "timing.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>

namespace zhenmap {

namespace {

// Milliseconds since the process started, from /proc/self/stat's start time (in clock ticks since
// boot) against CLOCK_BOOTTIME; -1 where /proc cannot tell.
double msSinceProcessStart() {
  std::ifstream in("/proc/self/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = all.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos) return -1.0;
  std::istringstream fields(all.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i == 22) {
      const double ticks = std::strtod(field.c_str(), nullptr);
      timespec now{};
      clock_gettime(CLOCK_BOOTTIME, &now);
      const double nowMs = static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) * 1e-6;
      return nowMs - ticks * 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
  }
  return -1.0;
}

}  // namespace

void timingMark(const char* stage) {
  static const bool enabled = std::getenv("ZHENMAP_TIMING") != nullptr;
  if (!enabled) return;
  static std::mutex mutex;
  static double previous = -1.0;
  const std::lock_guard<std::mutex> lock(mutex);
  // /proc counts in clock ticks (10 ms): it places the first mark; the steady clock the rest.
  using Clock = std::chrono::steady_clock;
  static const Clock::time_point first = Clock::now();
  static const double firstAt = msSinceProcessStart();
  const double at = firstAt + std::chrono::duration<double, std::milli>(Clock::now() - first).count();
  std::fprintf(stderr, "timing: %s at %.1f ms (+%.1f ms)\n", stage, at, previous < 0 ? at : at - previous);
  previous = at;
}

}  // namespace zhenmap
