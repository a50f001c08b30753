// The search box's index over the demo project: Chinese name substrings, NBS code prefixes, the
// ranking (exact match first, townships before villages), several terms, limits, and the box the
// view flies to. Expected counts come from SQL on the project file, not from the index.
#include <gtest/gtest.h>

#include <memory>

#include "search_index.hpp"
#include "store_test_support.hpp"
#include "vector_source.hpp"

namespace zhenmap {
namespace {

class SearchIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new test::TempDir();
    s_project = new std::string(test::makeDemoProject(*s_dir));
    ReadOptions options;
    options.validate = false;
    options.layers = {"townships", "villages", "project_sites", "scenic_routes", "work_teams"};
    s_layers = new std::vector<std::shared_ptr<const LayerData>>();
    for (LayerData& l : readVectorSource(*s_project, options)) {
      s_layers->push_back(std::make_shared<const LayerData>(std::move(l)));
    }
  }
  static void TearDownTestSuite() {
    delete s_layers;
    delete s_project;
    delete s_dir;
  }
  // Searched layers in this order (work_teams is loaded but not searched).
  SearchIndex makeIndex() const {
    return SearchIndex(*s_layers, {"townships", "villages", "project_sites", "scenic_routes"});
  }
  const LayerData& layerOf(const SearchHit& h) const { return *(*s_layers)[h.layer]; }
  std::int64_t count(const std::string& sql) const { return test::queryInt(*s_project, sql); }

  static test::TempDir* s_dir;
  static std::string* s_project;
  static std::vector<std::shared_ptr<const LayerData>>* s_layers;
};
test::TempDir* SearchIndexTest::s_dir = nullptr;
std::string* SearchIndexTest::s_project = nullptr;
std::vector<std::shared_ptr<const LayerData>>* SearchIndexTest::s_layers = nullptr;

TEST_F(SearchIndexTest, IndexesEveryNamedFeatureOfTheSearchedLayers) {
  const SearchIndex index = makeIndex();
  EXPECT_EQ(static_cast<std::int64_t>(index.size()),
            count("SELECT (SELECT count(*) FROM townships) + (SELECT count(*) FROM villages) + "
                  "(SELECT count(*) FROM project_sites) + (SELECT count(*) FROM scenic_routes)"));
}

TEST_F(SearchIndexTest, ChineseSubstringFindsTheTownshipFirst) {
  const SearchResult r = makeIndex().search("灰寨", 100);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(layerOf(r.hits[0]).name, "townships");
  EXPECT_EQ(r.hits[0].name, "灰寨镇");
  EXPECT_EQ(r.hits[0].code, "445222106");
  EXPECT_EQ(static_cast<std::int64_t>(r.total),
            count("SELECT (SELECT count(*) FROM townships WHERE instr(name, '灰寨') > 0) + "
                  "(SELECT count(*) FROM villages WHERE instr(name, '灰寨') > 0) + "
                  "(SELECT count(*) FROM project_sites WHERE instr(name, '灰寨') > 0) + "
                  "(SELECT count(*) FROM scenic_routes WHERE instr(name, '灰寨') > 0)"));
  EXPECT_EQ(r.hits.size(), r.total);
  // The two villages come right after the township (same rank 1/2 ordering: layer order).
  bool sawSite = false;
  for (const SearchHit& h : r.hits) {
    EXPECT_NE(h.name.find("灰寨"), std::string::npos) << h.name;
    if (layerOf(h).name == "project_sites") sawSite = true;
    if (layerOf(h).name == "villages") {
      EXPECT_FALSE(sawSite) << "a village ranked after a project site";
    }
  }
  // The hit points back at the right feature.
  const LayerData& townships = layerOf(r.hits[0]);
  EXPECT_EQ(townships.features[r.hits[0].feature].fid, r.hits[0].fid);
}

TEST_F(SearchIndexTest, CodePrefixFindsTheTownshipAndItsVillages) {
  const SearchResult exact = makeIndex().search("445222106", 500);
  ASSERT_FALSE(exact.hits.empty());
  EXPECT_EQ(exact.hits[0].name, "灰寨镇");
  EXPECT_EQ(static_cast<std::int64_t>(exact.total),
            1 + count("SELECT count(*) FROM villages WHERE substr(code, 1, 9) = '445222106'"));
  for (std::size_t i = 1; i < exact.hits.size(); ++i) {
    EXPECT_EQ(layerOf(exact.hits[i]).name, "villages");
    EXPECT_EQ(exact.hits[i].code.substr(0, 9), "445222106");
    if (i > 1) {
      EXPECT_LT(exact.hits[i - 1].code, exact.hits[i].code);  // villages in code order
    }
  }
  ASSERT_GE(exact.hits.size(), 2u);
  EXPECT_EQ(exact.hits[1].code, "445222106001");  // the first village by code
  // A village code, typed in full: exactly that village.
  const SearchResult village = makeIndex().search(" 445222106001 ", 10);
  ASSERT_EQ(village.total, 1u);
  EXPECT_EQ(village.hits[0].name, "灰寨圩社区居委会");
  // A county prefix: every township and village of Jiedong district (445203).
  const SearchResult county = makeIndex().search("445203", 5);
  EXPECT_EQ(static_cast<std::int64_t>(county.total),
            count("SELECT (SELECT count(*) FROM townships WHERE code LIKE '445203%') + "
                  "(SELECT count(*) FROM villages WHERE code LIKE '445203%')"));
  EXPECT_EQ(county.hits.size(), 5u);  // the limit
  EXPECT_EQ(layerOf(county.hits[0]).name, "townships");
}

TEST_F(SearchIndexTest, SeveralTermsMustAllMatch) {
  const SearchResult r = makeIndex().search("炮台镇 风貌带", 50);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(
      static_cast<std::int64_t>(r.total),
      count("SELECT (SELECT count(*) FROM scenic_routes WHERE instr(name, '炮台镇') > 0 AND instr(name, '风貌带') > "
            "0) + (SELECT count(*) FROM project_sites WHERE instr(name, '炮台镇') > 0 AND instr(name, '风貌带') > 0)"));
  for (const SearchHit& h : r.hits) {
    EXPECT_NE(h.name.find("炮台镇"), std::string::npos);
    EXPECT_NE(h.name.find("风貌带"), std::string::npos);
  }
  // A township name plus a code prefix of another county finds nothing.
  EXPECT_EQ(makeIndex().search("灰寨镇 445203").total, 0u);
}

TEST_F(SearchIndexTest, ProjectSitesByIdPrefixAndNothingForEmptyQueries) {
  const SearchResult r = makeIndex().search("3802", 10);
  ASSERT_EQ(r.total, 1u);  // no code starts with 3802; project site 3802 does
  EXPECT_EQ(layerOf(r.hits[0]).name, "project_sites");
  EXPECT_EQ(r.hits[0].fid, 3802);
  EXPECT_TRUE(makeIndex().search("").hits.empty());
  EXPECT_TRUE(makeIndex().search("   ").hits.empty());
  EXPECT_EQ(makeIndex().search("不存在的地名xyz").total, 0u);
}

TEST_F(SearchIndexTest, AnIdTypedInFullComesFirstThenLongerIdsInOrder) {
  // "14" is a prefix of 14, 140..149, 1400..1499: site 14 itself first, then by id.
  const SearchResult r = makeIndex().search("14", 200);
  ASSERT_GE(r.hits.size(), 3u);
  EXPECT_EQ(layerOf(r.hits[0]).name, "project_sites");
  EXPECT_EQ(r.hits[0].fid, 14);
  for (std::size_t i = 2; i < r.hits.size(); ++i) {
    if (layerOf(r.hits[i]).name != layerOf(r.hits[i - 1]).name) continue;
    EXPECT_LT(r.hits[i - 1].fid, r.hits[i].fid) << i;
  }
}

TEST_F(SearchIndexTest, FocusBoxIsPaddedAndNeverTooSmall) {
  const SearchResult town = makeIndex().search("灰寨镇", 1);
  ASSERT_EQ(town.hits.size(), 1u);
  const Feature& f = layerOf(town.hits[0]).features[town.hits[0].feature];
  const Box bounds = f.geometry.bounds();
  const Box box = searchFocusBox(f, 0.1, 100.0);
  EXPECT_NEAR(box.width(), bounds.width() * 1.2, 1e-6 * bounds.width());
  EXPECT_NEAR(box.height(), bounds.height() * 1.2, 1e-6 * bounds.height());
  EXPECT_NEAR(box.center().x, bounds.center().x, 1e-6);
  // A point (project site 3802): a box of minSpan around it.
  const SearchResult site = makeIndex().search("3802", 1);
  const Feature& p = layerOf(site.hits[0]).features[site.hits[0].feature];
  const Box pb = searchFocusBox(p, 0.15, 1500.0);
  EXPECT_DOUBLE_EQ(pb.width(), 1500.0);
  EXPECT_DOUBLE_EQ(pb.height(), 1500.0);
  EXPECT_NEAR(pb.center().x, p.geometry.points[0].x, 1e-6);
}

}  // namespace
}  // namespace zhenmap
