// Calendar arithmetic for date entry (the date picker of the attribute table): days in a month,
// leap years, the weekday a month starts on, ISO "YYYY-MM-DD" text, today's date. Proleptic
// Gregorian calendar, through std::chrono's civil calendar types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zhenmap {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..daysInMonth
  bool operator==(const CivilDate&) const = default;
};

bool isLeapYear(int year);
// 28..31; 0 for a month outside 1..12.
int daysInMonth(int year, int month);
// Day of the week as ISO numbers it: 1 = Monday ... 7 = Sunday.
int isoWeekday(const CivilDate& date);
// The month `months` after (before, when negative) year/month, day 1.
CivilDate addMonths(int year, int month, int months);
// Exactly "YYYY-MM-DD" naming a real day; nullopt otherwise (2023-02-29, 2024-2-3, "").
std::optional<CivilDate> parseIsoDate(std::string_view text);
std::string formatIsoDate(const CivilDate& date);
// Today in the computer's local time zone.
CivilDate today();

}  // namespace zhenmap
