// Lines of `zhenmap transform` (geodata/xy_line.hpp): what cs2cs users type, and what is refused.
#include <gtest/gtest.h>

#include "xy_line.hpp"

using namespace zhenmap;

TEST(XyLine, NumbersSeparatorsAndTheRest) {
  const XyLine a = parseXyLine("116.37 23.55");
  EXPECT_FALSE(a.passThrough);
  EXPECT_EQ(a.xy, (Vec2{116.37, 23.55}));
  EXPECT_EQ(a.rest, "");
  const XyLine b = parseXyLine("  +500000,\t2600000.5 , label 揭阳\r");
  EXPECT_EQ(b.xy, (Vec2{500000.0, 2600000.5}));
  EXPECT_EQ(b.rest, "label 揭阳\r");
  EXPECT_EQ(parseXyLine("-1e3 2E-2").xy, (Vec2{-1000.0, 0.02}));
  EXPECT_TRUE(parseXyLine("").passThrough);
  EXPECT_TRUE(parseXyLine(" \t").passThrough);
  EXPECT_TRUE(parseXyLine("  # 116 23").passThrough);
}

TEST(XyLine, RefusesWhatIsNotTwoFiniteNumbers) {
  for (const char* bad :
       {"116", "abc def", "116 23x", "116x 23", "nan 23", "116 inf", "1e400 2", "+-5 3", "++5 3", "0x10 3", "116;23"}) {
    EXPECT_THROW(parseXyLine(bad), std::invalid_argument) << bad;
  }
  try {
    parseXyLine(std::string(10000, 'x') + "\n\x01");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_LT(m.size(), 300u);
    EXPECT_EQ(m.find('\n'), std::string::npos);
    EXPECT_EQ(m.rfind("expected 'x y', got 'xxx", 0), 0u) << m;
  }
}
