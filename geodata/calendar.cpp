// Calendar arithmetic on std::chrono's civil calendar; see calendar.hpp.
#include "calendar.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace zhenmap {

namespace chr = std::chrono;

namespace {
chr::year_month_day ymd(const CivilDate& d) {
  return chr::year{d.year} / chr::month{static_cast<unsigned>(d.month)} / chr::day{static_cast<unsigned>(d.day)};
}
}  // namespace

bool isLeapYear(int year) { return chr::year{year}.is_leap(); }

int daysInMonth(int year, int month) {
  if (month < 1 || month > 12) return 0;
  const chr::year_month_day_last last{chr::year{year} / chr::month{static_cast<unsigned>(month)} / chr::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

int isoWeekday(const CivilDate& date) {
  return static_cast<int>(chr::weekday{chr::sys_days{ymd(date)}}.iso_encoding());
}

CivilDate addMonths(int year, int month, int months) {
  const chr::year_month ym = chr::year{year} / chr::month{static_cast<unsigned>(month)} + chr::months{months};
  return {static_cast<int>(ym.year()), static_cast<int>(static_cast<unsigned>(ym.month())), 1};
}

std::optional<CivilDate> parseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  const CivilDate d{parts[0], parts[1], parts[2]};
  if (!ymd(d).ok()) return std::nullopt;
  return d;
}

std::string formatIsoDate(const CivilDate& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

CivilDate today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace zhenmap
