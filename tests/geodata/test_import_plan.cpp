// The import planner on a team's project list (the XLSX fixture) and on hand-made bad rows: fields
// mapped by alias (项目名称 -> name), domain values mapped (已完工 -> completed, 计划 -> planned),
// township names turned into the real 9-digit codes of data/jieyang, every bad row rejected with
// its row, field and reason; and boundary features matched to the official codes.
#include <gtest/gtest.h>

#include <sstream>

#include "../geodata/sample_data.hpp"
#include "boundary_match.hpp"
#include "errors.hpp"
#include "import_fixtures.hpp"
#include "import_plan.hpp"
#include "ogr_table.hpp"
#include "source_info.hpp"
#include "table_points.hpp"
#include "table_values.hpp"
#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;
namespace indep = zhenmap::test::indep;

namespace {

TargetField field(std::string name, FieldType type, std::string alias, std::vector<std::string> aliases,
                  bool required = false) {
  TargetField f;
  f.name = std::move(name);
  f.type = type;
  f.alias = std::move(alias);
  f.aliases = std::move(aliases);
  f.required = required;
  return f;
}

TableField column(std::string name) {
  TableField f;
  f.name = std::move(name);
  return f;
}

// A target like the project's project_sites layer, written out here.
TargetLayer sitesTarget() {
  TargetLayer t;
  t.name = "project_sites";
  t.geometry = wkbPoint;
  TargetField name = field("name", FieldType::Text, "项目名称", {"名称"}, true);
  name.maxLength = 120;
  TargetField programme = field("programme", FieldType::Text, "项目类别", {"类别"}, true);
  programme.allowed = {{"county_library", {"县级项目库"}}, {"beautiful_town", {"美丽圩镇"}}, {"other", {"其他"}}};
  TargetField status = field("status", FieldType::Text, "状态", {"建设状态"}, true);
  status.allowed = {{"planned", {"规划中", "Planned"}}, {"started", {"已开工"}}, {"completed", {"已完工"}}};
  TargetField town = field("township_code", FieldType::Text, "所属乡镇", {"乡镇"}, true);
  town.digits = 9;
  TargetField budget = field("budget_wan", FieldType::Real, "预算(万元)", {"投资(万元)"});
  budget.min = 0.0;
  budget.max = 1e7;
  TargetField start = field("start_date", FieldType::Date, "开工日期", {});
  t.fields = {name, programme, status, town, budget, start};
  return t;
}

DivisionCatalog jieyang() {
  const fs::path d = test::dataDir() / "jieyang";
  return DivisionCatalog::load((d / "jieyang_towns.csv").string(), (d / "jieyang_villages.csv").string());
}

std::string str(const AttributeValue& v) {
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : "<not text>";
}

TEST(ImportPlan, ProjectListMapsByAliasAndDomain) {
  test::TempDir dir;
  const auto truth = test::projectRows(8);
  std::vector<std::vector<test::Cell>> rows;
  for (const auto& r : truth) {
    const auto g = indep::toGcj(r.lon, r.lat);
    rows.push_back({static_cast<long long>(r.number), r.name, r.place, static_cast<double>(g[0]),
                    static_cast<double>(g[1]), r.budget, r.status, r.startDate});
  }
  const fs::path xlsx = dir / "清单.xlsx";
  test::writeWorkbook(xlsx, {{"项目",
                              {{"序号", OFTInteger},
                               {"项目名称", OFTString},
                               {"镇/村", OFTString},
                               {"经度", OFTReal},
                               {"纬度", OFTReal},
                               {"投资(万元)", OFTReal},
                               {"状态", OFTString},
                               {"开工日期", OFTDate}},
                              rows}});
  TablePointsOptions read;
  read.coords = offsets::LonLatSystem::Gcj02;
  const TablePoints tp = readTablePoints(xlsx.string(), read);
  const DivisionCatalog catalog = jieyang();
  PlanOptions o;
  o.fieldMap = {{"镇/村", "township_code"}};
  o.codeLookup = divisionCodeLookup(catalog);
  o.defaults = {{"programme", "county_library"}};
  o.keyField = "name";
  const ImportPlan plan = planImport(tp.table, sitesTarget(), o);
  EXPECT_TRUE(plan.rejects.empty()) << describeIssue(plan.rejects.front(), plan.rowLabel);
  ASSERT_EQ(plan.rows.size(), truth.size());
  std::map<std::string, std::string> how;
  for (const FieldMapping& m : plan.mappings) how[m.sourceName] = m.target + "/" + m.how;
  EXPECT_EQ(how["项目名称"], "name/alias");
  EXPECT_EQ(how["状态"], "status/alias");
  EXPECT_EQ(how["投资(万元)"], "budget_wan/alias");
  EXPECT_EQ(how["开工日期"], "start_date/alias");
  EXPECT_EQ(how["镇/村"], "township_code/given");
  EXPECT_EQ(plan.unmappedSource, std::vector<std::string>{"序号"});
  std::map<std::string, std::string> values;
  for (const ValueMapping& v : plan.valueMappings)
    values[v.field + ":" + v.text] = v.code + "/" + std::to_string(v.rows);
  EXPECT_EQ(values["status:已完工"], "completed/2");
  EXPECT_EQ(values["status:在建"], "started/2");    // built-in synonym
  EXPECT_EQ(values["status:规划中"], "planned/2");  // label
  EXPECT_EQ(values["status:计划"], "planned/2");    // built-in synonym
  EXPECT_EQ(values["township_code:金和镇"], "445222111/4");
  EXPECT_EQ(values["township_code:灰寨镇/河伍村"], "445222106/4");
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const PlannedRow& r = plan.rows[i];
    EXPECT_EQ(r.sourceRow, static_cast<std::int64_t>(i) + 2);
    EXPECT_EQ(str(r.values[0]), truth[i].name);
    EXPECT_EQ(str(r.values[1]), "county_library");
    EXPECT_EQ(str(r.values[3]), i % 2 ? "445222106" : "445222111");
    EXPECT_DOUBLE_EQ(std::get<double>(r.values[4]), truth[i].budget);
    OGRGeometryH g = nullptr;
    OGR_G_CreateFromWkb(r.wkb.data(), nullptr, &g, static_cast<int>(r.wkb.size()));
    EXPECT_LT(indep::metres(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), truth[i].lon, truth[i].lat), 1.0);
    OGR_G_DestroyGeometry(g);
  }
  const std::string report = planReport(plan);
  EXPECT_NE(report.find("状态 -> status (alias), values: "), std::string::npos) << report;
  EXPECT_NE(report.find("8 rows read: 8 would be imported, 0 rejected"), std::string::npos) << report;
}

// Hand-made rows with one problem each; row numbers as a sheet would show them.
FeatureTable badRows() {
  FeatureTable t;
  t.source = "bad.xlsx";
  t.layer = "s";
  t.rowLabel = "row";
  t.crs = "EPSG:4490";
  t.geometryType = wkbPoint;
  t.fields = {column("项目名称"), column("状态"), column("乡镇"), column("投资(万元)"), column("开工日期")};
  const auto row = [&](std::int64_t n, std::vector<std::string> v, std::string wkb = pointWkb({116.1, 23.5})) {
    TableRow r;
    r.sourceRow = n;
    r.fid = n;
    r.wkb = std::move(wkb);
    for (std::string& s : v) r.values.emplace_back(s.empty() ? AttributeValue{} : AttributeValue{std::move(s)});
    t.rows.push_back(std::move(r));
  };
  row(2, {"好", "已完工", "灰寨镇", "12.5", "2024-03-01"});
  row(3, {"文字", "在建", "灰寨镇", "待定", "2024-03-01"});  // text in a number column
  row(4, {"状态", "暂停", "灰寨镇", "1", "2024-03-01"});     // not in the domain
  row(5, {"无镇", "在建", "不存在镇", "1", "2024-03-01"});   // unknown township
  row(6, {"好", "在建", "445222106", "1", "2024-03-01"});    // duplicate key (row 2)
  row(7, {"", "在建", "灰寨镇", "1", "2024-03-01"});         // required name empty
  row(8, {"日期", "在建", "灰寨镇", "1", "2024-02-30"});     // no such day
  row(9, {"负数", "在建", "灰寨镇", "-5", "2024年3月1日"});  // below the range
  row(10, {"代码", "在建", "12345", "1", ""});               // not a 9-digit code
  row(11, {"线", "在建", "灰寨镇", "1", ""}, [] {            // a line for a point layer
    OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
    OGR_G_AddPoint_2D(g, 116.1, 23.5);
    OGR_G_AddPoint_2D(g, 116.2, 23.6);
    std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
    OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
    OGR_G_DestroyGeometry(g);
    return wkb;
  }());
  row(12, {"好2", "规划中", "金和", "1,200.5", "2024/3/1"});
  t.rejects.push_back({13, "经度", "bad_coordinate", "经度: unexpected character"});  // the reader's
  return t;
}

TEST(ImportPlan, EveryBadRowIsRejectedWithItsReason) {
  const DivisionCatalog catalog = jieyang();
  PlanOptions o;
  o.codeLookup = divisionCodeLookup(catalog);
  o.defaults = {{"programme", "other"}};
  o.keyField = "name";
  const ImportPlan plan = planImport(badRows(), sitesTarget(), o);
  std::vector<std::tuple<std::int64_t, std::string, std::string>> got;
  for (const RowIssue& r : plan.rejects) got.emplace_back(r.row, r.field, r.code);
  const std::vector<std::tuple<std::int64_t, std::string, std::string>> expected{
      {3, "投资(万元)", "not_a_number"}, {4, "状态", "not_allowed"},  {5, "乡镇", "unmatched"},
      {6, "name", "duplicate_key"},      {7, "项目名称", "required"}, {8, "开工日期", "not_a_date"},
      {9, "投资(万元)", "out_of_range"}, {10, "乡镇", "not_a_code"},  {11, "", "wrong_geometry"},
      {13, "经度", "bad_coordinate"}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(plan.rejectedRows(), 10u);
  ASSERT_EQ(plan.rows.size(), 2u);
  EXPECT_EQ(plan.rows[1].sourceRow, 12);
  EXPECT_EQ(str(plan.rows[1].values[3]), "445222111");                 // 金和 without its suffix
  EXPECT_DOUBLE_EQ(std::get<double>(plan.rows[1].values[4]), 1200.5);  // thousands separator
  EXPECT_EQ(std::get<DateTime>(plan.rows[1].values[5]).day, 1);
  EXPECT_EQ(plan.sourceRows, 12u);
  const std::string message = plan.rejects[0].message;
  EXPECT_NE(message.find("text '待定' in the number field budget_wan (预算(万元))"), std::string::npos) << message;
  EXPECT_NE(plan.rejects[1].message.find("'暂停' is not one of planned (规划中), started (已开工), completed (已完工)"),
            std::string::npos)
      << plan.rejects[1].message;
  EXPECT_NE(plan.rejects[2].message.find("no township named '不存在镇'"), std::string::npos) << plan.rejects[2].message;
  EXPECT_NE(plan.rejects[3].message.find("repeats row 2"), std::string::npos) << plan.rejects[3].message;
  const std::string csv = rejectsCsv(plan);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("\n3,投资(万元),not_a_number,"), std::string::npos) << csv;
  const std::string report = planReport(plan, 3);
  EXPECT_NE(report.find("rejected: row 3, 投资(万元): text '待定'"), std::string::npos) << report;
  EXPECT_NE(report.find("... 7 more"), std::string::npos) << report;
}

TEST(ImportPlan, MissingRequiredFieldsAndSensitiveValues) {
  FeatureTable t = badRows();
  t.rows.resize(1);
  t.rejects.clear();
  TargetLayer target = sitesTarget();
  target.fields[4].sensitive = true;  // budget: its values never appear in messages
  t.rows[0].values[3] = std::string("保密");
  t.rows[0].values[2] = std::string("445222106");
  const ImportPlan plan = planImport(t, target);
  EXPECT_EQ(plan.missingRequired, std::vector<std::string>{"programme"});
  ASSERT_EQ(plan.rejects.size(), 2u);
  EXPECT_EQ(plan.rejects[0].code, "required");
  EXPECT_NE(plan.rejects[0].message.find("programme (项目类别) is required and no column fills it"), std::string::npos);
  EXPECT_EQ(plan.rejects[1].message.find("保密"), std::string::npos) << plan.rejects[1].message;
  PlanOptions wrong;
  wrong.fieldMap = {{"没有这列", "name"}};
  EXPECT_THROW(planImport(t, target, wrong), DataError);
  wrong.fieldMap = {{"项目名称", "no_such_field"}};
  EXPECT_THROW(planImport(t, target, wrong), DataError);
}

// A GBK Shapefile of boundaries in a zone-prefixed Gauss-Kruger CRS without .prj or .cpg, as
// bureaus hand them out: its CRS guessed, its names decoded, its polygons transformed to
// CGCS2000 lon/lat (checked against cs2cs) and matched to the official township codes.
TEST(ImportPlan, GbkGaussKrugerTownsMatchOfficialCodes) {
  test::TempDir dir;
  const std::string geojson =
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[
{"type":"Feature","properties":{"名称":"灰寨","县区":"揭西县"},"geometry":{"type":"Polygon","coordinates":[[[115.9,23.5],[116.0,23.5],[116.0,23.6],[115.9,23.5]]]}},
{"type":"Feature","properties":{"名称":"金和镇","县区":"揭西县"},"geometry":{"type":"Polygon","coordinates":[[[116.0,23.5],[116.1,23.5],[116.1,23.6],[116.0,23.5]]]}},
{"type":"Feature","properties":{"名称":"榕华街道办事处","县区":"榕城区"},"geometry":{"type":"Polygon","coordinates":[[[116.3,23.5],[116.4,23.5],[116.4,23.6],[116.3,23.5]]]}},
{"type":"Feature","properties":{"名称":"不存在镇","县区":"揭西县"},"geometry":{"type":"Polygon","coordinates":[[[116.1,23.5],[116.2,23.5],[116.2,23.6],[116.1,23.5]]]}},
{"type":"Feature","properties":{"名称":"灰寨镇","县区":"普宁市"},"geometry":{"type":"Polygon","coordinates":[[[116.2,23.5],[116.3,23.5],[116.3,23.6],[116.2,23.5]]]}}]})";
  test::writeFile(dir / "towns.geojson", geojson);
  test::tool({"ogr2ogr", "-t_srs", "EPSG:4527", "-lco", "ENCODING=CP936", (dir / "towns.shp").string(),
              (dir / "towns.geojson").string()});
  fs::remove(dir / "towns.prj");
  fs::remove(dir / "towns.cpg");
  ASSERT_NE(test::readFile(dir / "towns.dbf").find("\xBB\xD2\xD5\xAF"), std::string::npos);  // 灰寨 in GBK
  const SourceInfo info = inspectSource((dir / "towns.shp").string());
  ASSERT_TRUE(info.layers.at(0).crsGuess.has_value());
  EXPECT_EQ(info.layers[0].crsGuess->crs, "EPSG:4527");
  LayerReadOptions read;
  read.assignCrs = info.layers[0].crsGuess->crs;
  read.encoding = "CP936";
  const FeatureTable towns = readOgrTable((dir / "towns.shp").string(), read);
  ASSERT_EQ(towns.rows.size(), 5u);
  const BoundaryMatchResult m = matchBoundaries(towns, jieyang());
  ASSERT_EQ(m.codes.size(), 5u);
  EXPECT_EQ(m.codes[0], "445222106");  // 灰寨 without 镇
  EXPECT_EQ(m.codes[1], "445222111");
  EXPECT_EQ(m.codes[2], "445202001");  // 榕华街道 with 办事处
  EXPECT_FALSE(m.codes[3].has_value());
  EXPECT_FALSE(m.codes[4].has_value());  // 灰寨镇 is in 揭西县, not 普宁市
  ASSERT_EQ(m.unmatched.size(), 2u);
  EXPECT_EQ(m.unmatched[0].row, 3);  // the Shapefile's feature ids
  EXPECT_NE(m.unmatched[0].message.find("no township named '不存在镇'"), std::string::npos) << m.unmatched[0].message;
  EXPECT_NE(m.unmatched[1].message.find("is a township of 揭西县"), std::string::npos) << m.unmatched[1].message;
  EXPECT_EQ(m.byName, 3u);

  FeatureTable coded = towns;
  addCodeColumn(coded, m);
  TargetLayer target;
  target.name = "townships";
  target.geometry = wkbMultiPolygon;
  TargetField code = field("code", FieldType::Text, "乡镇代码", {}, true);
  code.digits = 9;
  target.fields = {code, field("name", FieldType::Text, "名称", {}, true)};
  const ImportPlan plan = planImport(coded, target);
  ASSERT_EQ(plan.rows.size(), 3u);
  EXPECT_EQ(plan.rejectedRows(), 2u);  // the unmatched features, with the matcher's reasons
  EXPECT_NE(plan.rejects[1].message.find("is a township of 揭西县"), std::string::npos) << plan.rejects[1].message;
  EXPECT_EQ(str(plan.rows[2].values[0]), "445202001");
  OGRGeometryH g = nullptr;
  OGR_G_CreateFromWkb(plan.rows[0].wkb.data(), nullptr, &g, static_cast<int>(plan.rows[0].wkb.size()));
  EXPECT_EQ(wkbFlatten(OGR_G_GetGeometryType(g)), wkbMultiPolygon);  // promoted
  OGRGeometryH ring = OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(g, 0), 0);
  bool found = false;  // the corner 115.9, 23.5 is back to within a millimetre-scale error
  for (int i = 0; i < OGR_G_GetPointCount(ring); ++i) {
    found = found || (std::fabs(OGR_G_GetX(ring, i) - 115.9) < 1e-8 && std::fabs(OGR_G_GetY(ring, i) - 23.5) < 1e-8);
  }
  EXPECT_TRUE(found);
  OGR_G_DestroyGeometry(g);
  EXPECT_EQ(str(plan.rows[0].values[1]), "灰寨");
}

TEST(ImportPlan, VillagesNeedTheirTownshipWhenNamesRepeat) {
  const DivisionCatalog c = jieyang();
  const DivisionMatch plain = c.matchVillage("上林村委会");
  EXPECT_FALSE(plain.code.has_value());
  EXPECT_EQ(plain.problem, "ambiguous");
  EXPECT_NE(plain.message.find("445222116202"), std::string::npos) << plain.message;
  EXPECT_EQ(c.matchVillage("上林村", "上砂镇").code, "445222116202");
  EXPECT_EQ(c.matchVillage("上林", "", "惠来县").code, "445224100218");
  EXPECT_EQ(c.matchVillage("4452221162020000000").code, "445222116202");  // a 19-digit survey unit code
  EXPECT_EQ(c.matchTown("445222106").code, "445222106");
  EXPECT_FALSE(c.matchTown("445222999").code.has_value());
  EXPECT_EQ(divisionStem("进东社区居民委员会"), "进东");
  EXPECT_EQ(divisionStem("河伍村委会"), "河伍");
}

TEST(ImportPlan, SourceWithoutCrsNeedsOne) {
  FeatureTable t = badRows();
  t.crs.clear();
  EXPECT_THROW(planImport(t, sitesTarget()), DataError);
}

}  // namespace
