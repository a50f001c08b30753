// Readable attribute values for identify and the table: enum labels in both languages, dates,
// division codes with names (from the demo project and from loaded layers), numbers.
#include <gtest/gtest.h>

#include "store/project_store.hpp"
#include "store/readable_value.hpp"
#include "store_test_support.hpp"

namespace zhenmap::store {
namespace {

using zhenmap::FieldType;
constexpr LabelLanguage kZh = LabelLanguage::Chinese;
constexpr LabelLanguage kEn = LabelLanguage::English;

TEST(ReadableValue, EnumCodesBecomeLabels) {
  EXPECT_EQ(readableValue("project_sites", "status", std::string("started"), FieldType::Text, kZh, nullptr), "已开工");
  EXPECT_EQ(readableValue("project_sites", "status", std::string("started"), FieldType::Text, kEn, nullptr),
            "Under construction");
  EXPECT_EQ(readableValue("project_sites", "programme", std::string("beautiful_town"), FieldType::Text, kZh, nullptr),
            "美丽圩镇");
  EXPECT_EQ(readableValue("households", "risk_level", std::string("high"), FieldType::Text, kZh, nullptr), "高");
  // Not an enum field: the text stays as it is, even when it looks like a code.
  EXPECT_EQ(readableValue("project_sites", "name", std::string("started"), FieldType::Text, kZh, nullptr), "started");
}

TEST(ReadableValue, DatesSpelledOut) {
  EXPECT_EQ(readableValue("project_sites", "start_date", std::string("2024-05-01"), FieldType::Text, kZh, nullptr),
            "2024年5月1日");
  EXPECT_EQ(readableValue("project_sites", "start_date", std::string("2024-05-01"), FieldType::Text, kEn, nullptr),
            "2024-05-01");
  EXPECT_EQ(readableValue("households", "last_visit", std::string("2025-12-31"), FieldType::Text, kZh, nullptr),
            "2025年12月31日");
  // A date typed by the source (not a project layer).
  DateTime d;
  d.year = 2023;
  d.month = 6;
  d.day = 30;
  EXPECT_EQ(readableValue("other", "surveyed", d, FieldType::Date, kZh, nullptr), "2023年6月30日");
  // Not a date: unchanged.
  EXPECT_EQ(readableDate("2024-5-1", kZh), "2024-5-1");
}

TEST(ReadableValue, NumbersAndNull) {
  EXPECT_EQ(readableValue("project_sites", "budget_wan", 12.3 + 1e-15, FieldType::Real, kZh, nullptr), "12.3");
  EXPECT_EQ(readableValue("project_sites", "team_id", std::int64_t{42}, FieldType::Integer, kZh, nullptr), "42");
  EXPECT_EQ(readableValue("project_sites", "notes", std::monostate{}, FieldType::Text, kZh, nullptr), "");
}

TEST(ReadableValue, DivisionCodesWithNamesFromTheDemo) {
  test::TempDir dir;
  ProjectStore store = ProjectStore::open(test::makeDemoProject(dir));
  const CodeNames names = CodeNames::fromProject(store);
  EXPECT_EQ(static_cast<std::int64_t>(names.size()),
            test::queryInt(store.path(), "SELECT (SELECT count(*) FROM townships) + (SELECT count(*) FROM villages)"));
  EXPECT_EQ(readableValue("project_sites", "township_code", std::string("445222106"), FieldType::Text, kZh, &names),
            "445222106 灰寨镇");
  EXPECT_EQ(readableValue("households", "village_code", std::string("445222106001"), FieldType::Text, kZh, &names),
            "445222106001 灰寨圩社区居委会");
  // A township's own code is shown as it is; unknown codes too.
  EXPECT_EQ(readableValue("townships", "code", std::string("445222106"), FieldType::Text, kZh, &names), "445222106");
  EXPECT_EQ(readableValue("project_sites", "township_code", std::string("999999999"), FieldType::Text, kZh, &names),
            "999999999");
}

TEST(ReadableValue, CodeNamesFromLoadedLayers) {
  auto townships = std::make_shared<LayerData>();
  townships->name = "townships";
  townships->fields = {{"code", FieldType::Text, "String", 0, 0}, {"name", FieldType::Text, "String", 0, 0}};
  zhenmap::Feature f;
  f.attributes = {std::string("445222106"), std::string("灰寨镇")};
  townships->features.push_back(f);
  auto other = std::make_shared<LayerData>(*townships);
  other->name = "rivers";  // not a division layer
  other->features[0].attributes = {std::string("1"), std::string("榕江")};
  const CodeNames names = CodeNames::fromLayers({townships, other});
  EXPECT_EQ(names.size(), 1u);
  ASSERT_NE(names.nameOf("445222106"), nullptr);
  EXPECT_EQ(*names.nameOf("445222106"), "灰寨镇");
  EXPECT_EQ(names.nameOf("1"), nullptr);
}

TEST(ReadableValue, WorkTeamsByNameFromLoadedLayers) {
  auto teams = std::make_shared<LayerData>();
  teams->name = "work_teams";
  teams->fields = {{"township_code", FieldType::Text, "String", 0, 0}, {"name", FieldType::Text, "String", 0, 0}};
  zhenmap::Feature f;
  f.fid = 7;
  f.attributes = {std::string("445222106"), std::string("灰寨镇驻镇工作队")};
  teams->features.push_back(f);
  const CodeNames names = CodeNames::fromLayers({teams});
  ASSERT_NE(names.teamName(7), nullptr);
  EXPECT_EQ(names.teamName(8), nullptr);
  EXPECT_EQ(readableValue("project_sites", "team_id", std::int64_t{7}, FieldType::Integer, kZh, &names),
            "灰寨镇驻镇工作队 (#7)");
  // An unknown team, or no names at all: the bare id.
  EXPECT_EQ(readableValue("project_sites", "team_id", std::int64_t{8}, FieldType::Integer, kZh, &names), "8");
  EXPECT_EQ(readableValue("project_sites", "team_id", std::int64_t{7}, FieldType::Integer, kZh, nullptr), "7");
  // Only the team field: another integer with the same value stays a number.
  EXPECT_EQ(readableValue("work_teams", "cadres", std::int64_t{7}, FieldType::Integer, kZh, &names), "7");
}

}  // namespace
}  // namespace zhenmap::store
