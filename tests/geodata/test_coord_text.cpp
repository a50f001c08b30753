// Coordinate text as people type it: every written form of one angle gives the same degrees
// (worked out by hand here: 116°22'15.3" = 116 + 22/60 + 15.3/3600), pairs in either order, and
// a clear error, never a crash, for malformed text.
#include <gtest/gtest.h>

#include <random>

#include "coord_text.hpp"

using namespace zhenmap::coord;

namespace {

constexpr double kDms = 116.0 + 22.0 / 60.0 + 15.3 / 3600.0;  // 116°22'15.3"
constexpr double kTol = 1e-12;

double angle(std::string_view text, DecimalMeaning m = DecimalMeaning::Degrees) {
  const Result<Angle> r = parseAngle(text, m);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->degrees : NAN;
}

CoordError::Kind failure(std::string_view text, DecimalMeaning m = DecimalMeaning::Degrees) {
  const Result<Angle> r = parseAngle(text, m);
  EXPECT_FALSE(r.ok()) << text << " parsed as " << (r.ok() ? r->degrees : 0.0);
  return r.ok() ? CoordError::Kind::Empty : r.error().kind;
}

TEST(CoordText, DecimalDegrees) {
  EXPECT_NEAR(angle("116.3712"), 116.3712, kTol);
  EXPECT_NEAR(angle("  23.5 "), 23.5, kTol);
  EXPECT_NEAR(angle("-23.5"), -23.5, kTol);
  EXPECT_NEAR(angle("+23.5"), 23.5, kTol);
  EXPECT_NEAR(angle("116.3712°"), 116.3712, kTol);
  EXPECT_NEAR(angle(".5"), 0.5, kTol);
  EXPECT_NEAR(angle("116"), 116.0, kTol);
  EXPECT_EQ(parseAngle("116.3712")->style, AngleStyle::Decimal);
  EXPECT_EQ(parseAngle("116.3712")->axis, Axis::Unknown);
}

TEST(CoordText, EveryDmsSpellingGivesTheSameAngle) {
  for (const char* text :
       {"116°22'15.3\"", "116° 22' 15.3\"", "116 22 15.3", "116:22:15.3", "116°22′15.3″", "116°22’15.3”",
        "116度22分15.3秒", "116°22'15.3''", "E116°22'15.3\"", "116°22'15.3\"E", "东经116°22'15.3\"",
        "东经 116度22分15.3秒", "１１６°２２′１５．３″", "１１６度２２分１５．３秒", "116º22'15.3\"", "116°22'15.3"}) {
    SCOPED_TRACE(text);
    EXPECT_NEAR(angle(text), kDms, kTol);
  }
  EXPECT_EQ(parseAngle("116°22'15.3\"")->style, AngleStyle::Dms);
  EXPECT_EQ(parseAngle("东经116°22'15.3\"")->axis, Axis::Lon);
}

TEST(CoordText, DegreesAndDecimalMinutes) {
  EXPECT_NEAR(angle("116°22.255'"), 116.0 + 22.255 / 60.0, kTol);
  EXPECT_NEAR(angle("23 33.5"), 23.0 + 33.5 / 60.0, kTol);
  EXPECT_EQ(parseAngle("116°22.255'")->style, AngleStyle::DegMin);
}

TEST(CoordText, HemispheresGiveAxisAndSign) {
  EXPECT_NEAR(angle("N23°33'10\""), 23.0 + 33.0 / 60 + 10.0 / 3600, kTol);
  EXPECT_EQ(parseAngle("北纬23.5")->axis, Axis::Lat);
  EXPECT_EQ(parseAngle("23.5N")->axis, Axis::Lat);
  EXPECT_EQ(parseAngle("23.5 n")->axis, Axis::Lat);
  EXPECT_NEAR(angle("S23.5"), -23.5, kTol);
  EXPECT_NEAR(angle("南纬23.5"), -23.5, kTol);
  EXPECT_NEAR(angle("W77.03"), -77.03, kTol);
  EXPECT_NEAR(angle("西经77度2分"), -(77.0 + 2.0 / 60.0), kTol);
  EXPECT_NEAR(angle("77.03 W"), -77.03, kTol);
}

TEST(CoordText, FullWidthAndChineseStops) {
  EXPECT_NEAR(angle("１１６．３７１２"), 116.3712, kTol);
  EXPECT_NEAR(angle("－２３．５"), -23.5, kTol);
  EXPECT_NEAR(angle("116。3712"), 116.3712, kTol);
  EXPECT_NEAR(angle("\xE3\x80\x80"
                    "116.5"),
              116.5, kTol);  // ideographic space
  EXPECT_EQ(normalizeCoordinateText("１１６°２２′１５．３″，北纬２３．５"), "116°22'15.3\",N23.5");
}

TEST(CoordText, DMmssOnlyWhenAsked) {
  EXPECT_NEAR(angle("116.2215"), 116.2215, kTol);
  EXPECT_NEAR(angle("116.2215", DecimalMeaning::DMmss), 116.0 + 22.0 / 60 + 15.0 / 3600, kTol);
  EXPECT_NEAR(angle("116.22153", DecimalMeaning::DMmss), kDms, kTol);
  EXPECT_NEAR(angle("23.3", DecimalMeaning::DMmss), 23.5, kTol);  // 23°30'
  EXPECT_NEAR(angle("-23.3", DecimalMeaning::DMmss), -23.5, kTol);
  EXPECT_NEAR(angle("116", DecimalMeaning::DMmss), 116.0, kTol);
  // A degree mark says decimal degrees, whatever the column is read as.
  EXPECT_NEAR(angle("116.2215°", DecimalMeaning::DMmss), 116.2215, kTol);
  EXPECT_NEAR(angle("116.3712", DecimalMeaning::DMmss), 116.0 + 37.0 / 60 + 12.0 / 3600, kTol);
  EXPECT_EQ(failure("116.3772", DecimalMeaning::DMmss), CoordError::Kind::SecondsRange);  // 72 seconds
  EXPECT_EQ(failure("116.7512", DecimalMeaning::DMmss), CoordError::Kind::MinutesRange);  // 75 minutes
  EXPECT_TRUE(plausibleDMmss("116.2215"));
  EXPECT_TRUE(plausibleDMmss("23.5959"));
  EXPECT_FALSE(plausibleDMmss("116.3772"));
  EXPECT_FALSE(plausibleDMmss("116°22'15\""));
  EXPECT_FALSE(plausibleDMmss("abc"));
}

TEST(CoordText, MalformedValuesSayWhy) {
  EXPECT_EQ(failure(""), CoordError::Kind::Empty);
  EXPECT_EQ(failure("   "), CoordError::Kind::Empty);
  EXPECT_EQ(failure("abc"), CoordError::Kind::BadCharacter);
  EXPECT_EQ(failure("暂无"), CoordError::Kind::BadCharacter);
  EXPECT_EQ(failure("116.3.7"), CoordError::Kind::BadNumber);
  EXPECT_EQ(failure("116°75'10\""), CoordError::Kind::MinutesRange);
  EXPECT_EQ(failure("116°22'61\""), CoordError::Kind::SecondsRange);
  EXPECT_EQ(failure("116.5°22'"), CoordError::Kind::BadNumber);
  EXPECT_EQ(failure("116°22.5'15\""), CoordError::Kind::MinutesRange);
  EXPECT_EQ(failure("200.5"), CoordError::Kind::DegreesRange);
  EXPECT_EQ(failure("N95.5"), CoordError::Kind::DegreesRange);
  EXPECT_EQ(failure("-116E"), CoordError::Kind::Hemisphere);
  EXPECT_EQ(failure("E116W"), CoordError::Kind::Hemisphere);
  EXPECT_EQ(failure("116 22 15 3"), CoordError::Kind::TooManyParts);
  EXPECT_EQ(failure("22'"), CoordError::Kind::BadNumber);
  EXPECT_EQ(failure("116.3,23.5"), CoordError::Kind::NotAPair);
  EXPECT_EQ(failure("°"), CoordError::Kind::BadCharacter);
  EXPECT_EQ(failure("\xC3\x28"), CoordError::Kind::BadEncoding);
  const Result<Angle> r = parseAngle("116°75'10\"");
  EXPECT_NE(r.error().message.find("minutes of 60 or more"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("116°75'10\""), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().offset, 5u);  // the byte where 75 starts (° is two bytes)
}

TEST(CoordText, PairsInEitherOrder) {
  const auto pair = [](std::string_view text, PairOrder order = PairOrder::Auto) {
    const Result<LonLat> r = parseLonLat(text, order);
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : LonLat{NAN, NAN, false, false};
  };
  for (const char* text :
       {"116.3712,23.5", "116.3712, 23.5", "116.3712 23.5", "116.3712；23.5", "23.5,116.3712",
        "１１６．３７１２，２３．５", "N23.5 E116.3712", "23.5N 116.3712E", "北纬23.5,东经116.3712", "116.3712/23.5"}) {
    SCOPED_TRACE(text);
    const LonLat p = pair(text);
    EXPECT_NEAR(p.lon, 116.3712, kTol);
    EXPECT_NEAR(p.lat, 23.5, kTol);
  }
  EXPECT_TRUE(pair("23.5,116.3712").swapped);
  EXPECT_FALSE(pair("116.3712,23.5").swapped);
  const LonLat dms = pair("N23°33'10\" E116°22'15.3\"");
  EXPECT_NEAR(dms.lon, kDms, kTol);
  EXPECT_NEAR(dms.lat, 23.0 + 33.0 / 60 + 10.0 / 3600, kTol);
  const LonLat spaced = pair("116 22 15.3 23 33 10");
  EXPECT_NEAR(spaced.lon, kDms, kTol);
  // Four numbers split evenly: 116°22', 23°33' (not 116° and 22°23'33").
  EXPECT_NEAR(pair("116 22 23 33").lat, 23.55, kTol);
  // Outside China and both below 90: the order asked for (lon,lat by default) decides.
  EXPECT_NEAR(pair("10.5,50.1").lon, 10.5, kTol);
  EXPECT_FALSE(pair("10.5,50.1").orderFromText);
  EXPECT_NEAR(pair("10.5,50.1", PairOrder::LatLon).lon, 50.1, kTol);
  // Hemisphere marks override the order asked for.
  EXPECT_NEAR(pair("N23.5,E116.3", PairOrder::LonLat).lon, 116.3, kTol);
}

TEST(CoordText, MalformedPairs) {
  const auto kind = [](std::string_view text) {
    const Result<LonLat> r = parseLonLat(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? CoordError::Kind::Empty : r.error().kind;
  };
  EXPECT_EQ(kind("116.3"), CoordError::Kind::NotAPair);
  EXPECT_EQ(kind("116.3,23.5,7"), CoordError::Kind::NotAPair);
  EXPECT_EQ(kind("E116.3,E23.5"), CoordError::Kind::SameAxis);
  EXPECT_EQ(kind("116.3,95"), CoordError::Kind::DegreesRange);
  EXPECT_EQ(kind("116.3,abc"), CoordError::Kind::BadCharacter);
}

// Random bytes and random mixes of the characters the parser knows never crash, never hang and
// either parse to a finite value in range or give an error with a message.
TEST(CoordText, RandomTextNeverBreaksIt) {
  std::mt19937 rng(19);
  const std::vector<std::string> pieces = {"1",  "2",  "9", "0", ".", "°",    "'",        "\"", " ",    "-",    "+",
                                           ",",  "E",  "N", "W", "S", "度",   "分",       "秒", "东经", "北纬", "１",
                                           "．", "，", "′", "″", ":", "\xFF", "\xE4\xB8", "e",  "。",   "x"};
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const int len = static_cast<int>(rng() % 14);
    for (int k = 0; k < len; ++k) text += pieces[rng() % pieces.size()];
    for (DecimalMeaning m : {DecimalMeaning::Degrees, DecimalMeaning::DMmss}) {
      const Result<Angle> a = parseAngle(text, m);
      if (a) {
        EXPECT_TRUE(std::isfinite(a->degrees) && std::fabs(a->degrees) <= 180.0) << text;
      } else {
        EXPECT_FALSE(a.error().message.empty()) << text;
      }
      const Result<LonLat> p = parseLonLat(text, PairOrder::Auto, m);
      if (p) {
        EXPECT_TRUE(std::fabs(p->lat) <= 90.0 && std::fabs(p->lon) <= 180.0) << text;
      }
    }
  }
  EXPECT_FALSE(parseLonLat(std::string(5000, '1') + "," + std::string(5000, '2')).ok());
}

}  // namespace

// Found by ./dev.sh fuzz: a pasted line break came back inside the error message (two lines in
// the status bar and the log). The quoted text is one line and never cut inside a character.
TEST(CoordText, ErrorsQuoteThePastedTextOnOneLine) {
  const auto bad = parseLonLat("1\n6.2,7220", PairOrder::Auto, DecimalMeaning::Degrees);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find('\n'), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("'1 6.2,7220'"), std::string::npos) << bad.error().message;
  std::string longText = "x";  // then 3 bytes a character: byte 60 falls inside one
  for (int i = 0; i < 30; ++i) longText += "经";
  longText += " x";
  const auto cut = parseLonLat(longText, PairOrder::Auto, DecimalMeaning::Degrees);
  ASSERT_FALSE(cut);
  const std::string& m = cut.error().message;
  const auto in = m.find(" in '"), close = m.rfind("...'");
  ASSERT_NE(in, std::string::npos) << m;
  const auto open = in + 4;
  ASSERT_NE(close, std::string::npos) << m;
  EXPECT_EQ((close - open - 2) % 3, 0u) << m;  // "x" and whole characters only
}
