// Times shown to people in the display time zone (store/display_time.hpp). The expected texts
// are worked out by hand (China Standard Time is UTC+8 all year; Berlin UTC+1, +2 in summer).
#include <gtest/gtest.h>

#include <cstdlib>

#include "store/display_time.hpp"

using namespace zhenmap::store;

TEST(DisplayTime, UtcIsShownInChinaStandardTimeByDefault) {
  ::unsetenv("ZHENMAP_TZ");
  EXPECT_EQ(useDisplayTimeZone(), "Asia/Shanghai");
  EXPECT_EQ(displayTime("2026-12-07T11:49:08Z", LabelLanguage::Chinese), "2026年12月7日 19:49");
  EXPECT_EQ(displayTime("2026-12-07T11:49:08Z", LabelLanguage::English), "7 Dec 2026 19:49");
  // SQLite's datetime('now') from a trigger, and a fraction of a second.
  EXPECT_EQ(displayTime("2026-12-07 11:49:08", LabelLanguage::Chinese), "2026年12月7日 19:49");
  EXPECT_EQ(displayTime("2026-12-07T11:49:08.375Z", LabelLanguage::Chinese), "2026年12月7日 19:49");
  // Past 16:00 UTC it is the next day in China, and the next year on New Year's Eve.
  EXPECT_EQ(displayTime("2026-12-07T16:30:00Z", LabelLanguage::Chinese), "2026年12月8日 00:30");
  EXPECT_EQ(displayTime("2026-12-31T20:05:00Z", LabelLanguage::English, false), "1 Jan 2027");
  EXPECT_EQ(displayTime("2026-12-07T16:30:00Z", LabelLanguage::Chinese, false), "2026年12月8日");
}

TEST(DisplayTime, AnotherZoneFollowsItsSummerTime) {
  ::setenv("ZHENMAP_TZ", "Europe/Berlin", 1);
  EXPECT_EQ(useDisplayTimeZone(), "Europe/Berlin");
  EXPECT_EQ(displayTime("2026-07-01T10:00:00Z", LabelLanguage::English), "1 Jul 2026 12:00");
  EXPECT_EQ(displayTime("2026-12-01T10:00:00Z", LabelLanguage::English), "1 Dec 2026 11:00");
  ::setenv("ZHENMAP_TZ", "UTC", 1);
  useDisplayTimeZone();
  EXPECT_EQ(displayTime("2026-12-07T11:49:08Z", LabelLanguage::Chinese), "2026年12月7日 11:49");
  ::unsetenv("ZHENMAP_TZ");
}

TEST(DisplayTime, WhatIsNotAUtcTimeIsShownAsItIs) {
  ::unsetenv("ZHENMAP_TZ");
  useDisplayTimeZone();
  for (const char* text : {"", "yesterday", "2026-12-07", "2026-12-07T11:49:08+08:00", "2026-12-07T11:49:08",
                           "2026-13-07T11:49:08Z", "2026-12-07T25:00:00Z", "2026-12-07T11:49:08Zjunk"}) {
    EXPECT_EQ(displayTime(text, LabelLanguage::Chinese), text) << text;
  }
}
