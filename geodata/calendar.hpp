// Calendar arithmetic for date entry (the date picker of the attribute table): days in a month,
// leap years, the weekday a month starts on, ISO "YYYY-MM-DD" text, today's date. Proleptic
// Gregorian calendar, through std::chrono's civil calendar types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "attributes.hpp"

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
// A date, or a date and time, as SQLite, GDAL and ISO 8601 write them: "YYYY-MM-DD", optionally
// followed by 'T' or ' ' and "hh:mm", "hh:mm:ss" or "hh:mm:ss.fff" (at most 3 decimals), then
// optionally "Z" or "+hh:mm"/"-hh:mm". Every part must name a real moment (hours 0..23, minutes
// and seconds 0..59, offsets up to 14:00); nullopt otherwise. hasTime tells whether a time came.
struct ParsedDateTime {
  DateTime value;
  bool hasTime = false;
};
std::optional<ParsedDateTime> parseIsoDateTime(std::string_view text);
// Today in the computer's local time zone.
CivilDate today();

}  // namespace zhenmap
