// Calendar arithmetic of the date picker against dates whose facts are known (leap-year rules,
// month lengths, the weekdays of well-known days).
#include <gtest/gtest.h>

#include "calendar.hpp"

namespace zhenmap {
namespace {

TEST(Calendar, LeapYears) {
  EXPECT_TRUE(isLeapYear(2024));
  EXPECT_TRUE(isLeapYear(2000));   // divisible by 400
  EXPECT_FALSE(isLeapYear(1900));  // by 100 but not 400
  EXPECT_FALSE(isLeapYear(2023));
  EXPECT_FALSE(isLeapYear(2100));
}

TEST(Calendar, DaysInMonth) {
  EXPECT_EQ(daysInMonth(2024, 2), 29);
  EXPECT_EQ(daysInMonth(2023, 2), 28);
  EXPECT_EQ(daysInMonth(1900, 2), 28);
  EXPECT_EQ(daysInMonth(2000, 2), 29);
  EXPECT_EQ(daysInMonth(2024, 1), 31);
  EXPECT_EQ(daysInMonth(2024, 4), 30);
  EXPECT_EQ(daysInMonth(2024, 9), 30);
  EXPECT_EQ(daysInMonth(2024, 12), 31);
  EXPECT_EQ(daysInMonth(2024, 13), 0);
  int total = 0;
  for (int m = 1; m <= 12; ++m) total += daysInMonth(2024, m);
  EXPECT_EQ(total, 366);
}

TEST(Calendar, WeekdayOfTheFirst) {
  EXPECT_EQ(isoWeekday({1970, 1, 1}), 4);   // Thursday (the Unix epoch)
  EXPECT_EQ(isoWeekday({2000, 1, 1}), 6);   // Saturday
  EXPECT_EQ(isoWeekday({1949, 10, 1}), 6);  // Saturday
  EXPECT_EQ(isoWeekday({2024, 5, 1}), 3);   // Wednesday
  EXPECT_EQ(isoWeekday({2024, 2, 1}), 4);   // Thursday
  EXPECT_EQ(isoWeekday({2024, 3, 1}), 5);   // Friday: February 2024 had 29 days
  EXPECT_EQ(isoWeekday({2023, 3, 1}), 3);   // Wednesday: February 2023 had 28
  EXPECT_EQ(isoWeekday({2021, 8, 1}), 7);   // Sunday
}

TEST(Calendar, MonthNavigation) {
  EXPECT_EQ(addMonths(2024, 12, 1), (CivilDate{2025, 1, 1}));
  EXPECT_EQ(addMonths(2024, 1, -1), (CivilDate{2023, 12, 1}));
  EXPECT_EQ(addMonths(2024, 5, 12), (CivilDate{2025, 5, 1}));
  EXPECT_EQ(addMonths(2024, 5, -12), (CivilDate{2023, 5, 1}));
  EXPECT_EQ(addMonths(2024, 3, -14), (CivilDate{2023, 1, 1}));
}

TEST(Calendar, IsoText) {
  EXPECT_EQ(parseIsoDate("2024-02-29"), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(parseIsoDate("2023-02-29"), std::nullopt);
  EXPECT_EQ(parseIsoDate("2024-04-31"), std::nullopt);
  EXPECT_EQ(parseIsoDate("2024-2-3"), std::nullopt);
  EXPECT_EQ(parseIsoDate("2024-13-01"), std::nullopt);
  EXPECT_EQ(parseIsoDate("2024-00-10"), std::nullopt);
  EXPECT_EQ(parseIsoDate(""), std::nullopt);
  EXPECT_EQ(parseIsoDate("2024/05/01"), std::nullopt);
  EXPECT_EQ(formatIsoDate({2024, 5, 1}), "2024-05-01");
  EXPECT_EQ(formatIsoDate({987, 12, 31}), "0987-12-31");
  const CivilDate t = today();
  EXPECT_EQ(parseIsoDate(formatIsoDate(t)), t);
}

// Dates and times as SQLite (datetime(), strftime) and GDAL write them; anything else is not one.
TEST(Calendar, IsoDateTimeText) {
  const auto d = parseIsoDateTime("2024-05-01 08:30:15");
  ASSERT_TRUE(d && d->hasTime);
  EXPECT_EQ(d->value, (DateTime{2024, 5, 1, 8, 30, 15.0, false, 0}));
  const auto z = parseIsoDateTime("2024-05-01T08:30:15.250Z");
  ASSERT_TRUE(z);
  EXPECT_EQ(z->value, (DateTime{2024, 5, 1, 8, 30, 15.25, true, 0}));
  const auto east = parseIsoDateTime("2024-05-01T08:30+08:00");
  ASSERT_TRUE(east);
  EXPECT_EQ(east->value.tzMinutes, 480);
  const auto dateOnly = parseIsoDateTime("2024-02-29");
  ASSERT_TRUE(dateOnly);
  EXPECT_FALSE(dateOnly->hasTime);
  for (const char* bad :
       {"2024-05-01 24:00", "2024-05-01 08:60", "2024-05-01 08:30:60", "2024-05-01T08", "2024-05-01 08:30:00.",
        "2024-05-01 08:30:00.1234", "2024-05-01 8:30", "2024-05-01x", "2024-05-01 08:30+15:00", "2024-05-01 08:30:00 ",
        "2023-02-29 00:00", "2024-05-01 00:00:1e300"}) {
    EXPECT_FALSE(parseIsoDateTime(bad)) << bad;
  }
}

}  // namespace
}  // namespace zhenmap
