// displayTime and the display time zone; see display_time.hpp.
#include "store/display_time.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace zhenmap::store {

std::string useDisplayTimeZone() {
  const char* env = std::getenv("ZHENMAP_TZ");
  std::string zone = env && *env ? env : "Asia/Shanghai";
  std::string tz = zone;
  // Without the tz database (tzdata is part of every Debian install, but a container may lack
  // it) glibc would silently use UTC: China Standard Time is UTC+8 all year, spelled in POSIX.
  std::error_code ec;
  if (zone == "Asia/Shanghai" && !std::filesystem::exists("/usr/share/zoneinfo/Asia/Shanghai", ec)) tz = "CST-8";
  ::setenv("TZ", tz.c_str(), 1);
  ::tzset();
  return zone;
}

std::string displayTime(std::string_view utc, LabelLanguage language, bool withClock) {
  std::tm t{};
  int consumed = 0;
  const std::string text(utc);
  // "YYYY-MM-DDTHH:MM:SS" with an optional fraction, then "Z"; or SQLite's "YYYY-MM-DD HH:MM:SS".
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
                  &t.tm_min, &t.tm_sec, &consumed) != 6) {
    return text;
  }
  std::string_view rest = std::string_view(text).substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    std::size_t digits = 1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    rest.remove_prefix(digits);
  }
  const bool sqliteForm = text[10] == ' ';
  if (!(rest == "Z" || (sqliteForm && rest.empty()))) return text;
  if (t.tm_mon < 1 || t.tm_mon > 12 || t.tm_mday < 1 || t.tm_mday > 31 || t.tm_hour > 23 || t.tm_min > 59 ||
      t.tm_sec > 60) {
    return text;
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  const std::time_t when = ::timegm(&t);
  std::tm local{};
  if (when == static_cast<std::time_t>(-1) || !::localtime_r(&when, &local)) return text;
  char out[64];
  if (language == LabelLanguage::Chinese) {
    std::snprintf(out, sizeof out, "%d年%d月%d日", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
  } else {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::snprintf(out, sizeof out, "%d %s %d", local.tm_mday, kMonths[local.tm_mon], local.tm_year + 1900);
  }
  std::string s = out;
  if (withClock) {
    std::snprintf(out, sizeof out, " %02d:%02d", local.tm_hour, local.tm_min);
    s += out;
  }
  return s;
}

}  // namespace zhenmap::store
