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

// `count` ASCII digits at text[at...] as a number; -1 when they are not all digits or run past the end.
int digitsAt(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int v = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

// "hh:mm", "hh:mm:ss" or "hh:mm:ss.f" to ".fff" at text[at...]; returns the index after it, or 0.
std::size_t parseTime(std::string_view text, std::size_t at, DateTime& d) {
  d.hour = digitsAt(text, at, 2);
  d.minute = at + 2 < text.size() && text[at + 2] == ':' ? digitsAt(text, at + 3, 2) : -1;
  if (d.hour < 0 || d.hour > 23 || d.minute < 0 || d.minute > 59) return 0;
  std::size_t i = at + 5;
  if (i < text.size() && text[i] == ':') {
    const int s = digitsAt(text, i + 1, 2);
    if (s < 0 || s > 59) return 0;
    d.second = s;
    i += 3;
    if (i < text.size() && text[i] == '.') {
      int fraction = 0, scale = 1;
      std::size_t k = i + 1;
      for (; k < text.size() && k <= i + 3 && text[k] >= '0' && text[k] <= '9'; ++k) {
        fraction = fraction * 10 + (text[k] - '0');
        scale *= 10;
      }
      if (k == i + 1) return 0;
      d.second += static_cast<double>(fraction) / scale;
      i = k;
    }
  }
  return i;
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

std::optional<ParsedDateTime> parseIsoDateTime(std::string_view text) {
  const auto date = parseIsoDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  ParsedDateTime out;
  out.value.year = date->year;
  out.value.month = date->month;
  out.value.day = date->day;
  if (text.size() == 10) return out;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  std::size_t i = parseTime(text, 11, out.value);
  if (i == 0) return std::nullopt;
  out.hasTime = true;
  if (i < text.size() && text[i] == 'Z') {
    out.value.hasTz = true;
    ++i;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    const int h = digitsAt(text, i + 1, 2);
    const int m = i + 3 < text.size() && text[i + 3] == ':' ? digitsAt(text, i + 4, 2) : -1;
    if (h < 0 || m < 0 || m > 59 || h * 60 + m > 14 * 60) return std::nullopt;
    out.value.hasTz = true;
    out.value.tzMinutes = (text[i] == '-' ? -1 : 1) * (h * 60 + m);
    i += 6;
  }
  if (i != text.size()) return std::nullopt;
  return out;
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
