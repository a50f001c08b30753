// Points from spreadsheets as teams keep them: an XLSX written by GDAL's XLSX driver with the
// Chinese headers of a project list, coordinates taken in WGS84 and shifted to GCJ-02/BD-09 by
// the independent implementation of the tests, written as decimals, DMS text or d.mmss. The
// reading `auto` picks is the one that puts the points in their "villages"; every point comes back
// within 1 m of the truth; bad rows are rejected with the row number Excel shows.
#include <gtest/gtest.h>

#include <cpl_conv.h>

#include <regex>

#include "errors.hpp"
#include "import_fixtures.hpp"
#include "ogr_geometry.hpp"
#include "sheet_header.hpp"
#include "table_points.hpp"
#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;
namespace indep = zhenmap::test::indep;
using test::Cell;
using test::ProjectRow;

namespace {

constexpr int kRows = 12;

std::vector<std::pair<std::string, OGRFieldType>> kColumns(OGRFieldType coord) {
  return {{"序号", OFTInteger}, {"项目名称", OFTString}, {"镇/村", OFTString}, {"经度", coord},
          {"纬度", coord},      {"投资(万元)", OFTReal}, {"状态", OFTString},  {"开工日期", OFTDate}};
}

// Rows with coordinates made by `coords(row)` (two cells).
std::vector<std::vector<Cell>> sheetRows(const std::vector<ProjectRow>& rows,
                                         const std::function<std::pair<Cell, Cell>(const ProjectRow&)>& coords) {
  std::vector<std::vector<Cell>> out;
  for (const ProjectRow& r : rows) {
    const auto [x, y] = coords(r);
    out.push_back({static_cast<long long>(r.number), r.name, r.place, x, y, r.budget, r.status, r.startDate});
  }
  return out;
}

// The village squares (400 m) around the true points, as lon/lat polygons.
std::vector<Geometry> villages(const std::vector<ProjectRow>& rows) {
  std::vector<Geometry> out;
  for (const ProjectRow& r : rows) {
    std::string wkt = test::squareAround(r.lon, r.lat, 400.0);
    char* cursor = wkt.data();
    OGRGeometryH g = nullptr;
    OGR_G_CreateFromWkt(&cursor, nullptr, &g);
    out.push_back(fromOgr(g));
    OGR_G_DestroyGeometry(g);
  }
  return out;
}

Vec2 pointOf(const TableRow& row) {
  OGRGeometryH g = nullptr;
  EXPECT_EQ(OGR_G_CreateFromWkb(row.wkb.data(), nullptr, &g, static_cast<int>(row.wkb.size())), OGRERR_NONE);
  const Vec2 p{OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)};
  OGR_G_DestroyGeometry(g);
  return p;
}

// Every row back within 1 m of its true WGS84 position, in order, with its values.
void expectProjects(const TablePoints& tp, const std::vector<ProjectRow>& truth, std::int64_t firstRow) {
  const FeatureTable& t = tp.table;
  ASSERT_EQ(t.rows.size(), truth.size());
  EXPECT_TRUE(t.rejects.empty()) << describeIssue(t.rejects.front(), t.rowLabel);
  ASSERT_EQ(t.fields.size(), 6u);  // 经度 and 纬度 became the geometry
  EXPECT_EQ(t.fields[0].name, "序号");
  EXPECT_EQ(t.fields[0].type, FieldType::Integer);
  EXPECT_EQ(t.fields[3].name, "投资(万元)");
  EXPECT_EQ(t.fields[3].type, FieldType::Real);
  EXPECT_EQ(t.fields[5].type, FieldType::Date);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const TableRow& r = t.rows[i];
    EXPECT_EQ(r.sourceRow, firstRow + static_cast<std::int64_t>(i));
    EXPECT_EQ(std::get<std::int64_t>(r.values[0]), truth[i].number);
    EXPECT_EQ(std::get<std::string>(r.values[1]), truth[i].name);
    EXPECT_EQ(std::get<std::string>(r.values[2]), truth[i].place);
    EXPECT_DOUBLE_EQ(std::get<double>(r.values[3]), truth[i].budget);
    EXPECT_EQ(std::get<std::string>(r.values[4]), truth[i].status);
    const DateTime d = std::get<DateTime>(r.values[5]);
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.year, d.month, d.day);
    EXPECT_EQ(iso, truth[i].startDate);
    const Vec2 p = pointOf(r);
    EXPECT_LT(indep::metres(p.x, p.y, truth[i].lon, truth[i].lat), 1.0) << "row " << r.sourceRow;
  }
}

TEST(TablePoints, GcjDecimalsAutoPicksGcjFromTheVillages) {
  test::TempDir dir;
  const auto truth = test::projectRows(kRows);
  const fs::path xlsx = dir / "项目清单.xlsx";
  test::writeWorkbook(xlsx, {{"项目", kColumns(OFTReal), sheetRows(truth, [](const ProjectRow& r) {
                                const auto g = indep::toGcj(r.lon, r.lat);
                                return std::pair<Cell, Cell>{static_cast<double>(g[0]), static_cast<double>(g[1])};
                              })}});
  TablePointsOptions o;
  o.inside = insideAnyPolygon(villages(truth));
  const TablePoints tp = readTablePoints(xlsx.string(), o);
  EXPECT_EQ(tp.report.chosen.system, offsets::LonLatSystem::Gcj02);
  EXPECT_FALSE(tp.report.chosen.dmmss);
  EXPECT_EQ(tp.report.chosen.inside, static_cast<std::size_t>(kRows));
  EXPECT_TRUE(tp.report.autoChosen);
  EXPECT_EQ(tp.report.headerRow, 1);
  EXPECT_EQ(tp.report.xColumn, "经度");
  // Read as plain WGS84 the points miss their villages (the shift is hundreds of metres).
  for (const CoordinateReading& r : tp.report.readings) {
    if (r.system == offsets::LonLatSystem::Wgs84) {
      EXPECT_LT(r.inside, static_cast<std::size_t>(kRows) / 2);
    }
  }
  expectProjects(tp, truth, 2);
  EXPECT_EQ(tp.table.crs, "EPSG:4490");
}

TEST(TablePoints, Bd09DmsTextWithChineseHemispheres) {
  test::TempDir dir;
  const auto truth = test::projectRows(kRows);
  const fs::path xlsx = dir / "dms.xlsx";
  test::writeWorkbook(xlsx, {{"dms", kColumns(OFTString), sheetRows(truth, [](const ProjectRow& r) {
                                const auto b = indep::toBd(r.lon, r.lat);
                                return std::pair<Cell, Cell>{test::dmsText(static_cast<double>(b[0]), "东经"),
                                                             test::dmsText(static_cast<double>(b[1]), "北纬")};
                              })}});
  TablePointsOptions o;
  o.inside = insideAnyPolygon(villages(truth));
  const TablePoints tp = readTablePoints(xlsx.string(), o);
  EXPECT_EQ(tp.report.chosen.system, offsets::LonLatSystem::Bd09);
  EXPECT_EQ(tp.report.readings.size(), 3u);  // DMS text is never d.mmss
  expectProjects(tp, truth, 2);
}

TEST(TablePoints, DMmssNumbersAreDetectedByTheVillages) {
  test::TempDir dir;
  const auto truth = test::projectRows(kRows);
  const fs::path xlsx = dir / "dmmss.xlsx";
  test::writeWorkbook(xlsx, {{"dmmss", kColumns(OFTReal), sheetRows(truth, [](const ProjectRow& r) {
                                return std::pair<Cell, Cell>{test::dmmss(r.lon), test::dmmss(r.lat)};
                              })}});
  TablePointsOptions o;
  o.inside = insideAnyPolygon(villages(truth));
  const TablePoints tp = readTablePoints(xlsx.string(), o);
  EXPECT_TRUE(tp.report.chosen.dmmss);
  EXPECT_EQ(tp.report.chosen.system, offsets::LonLatSystem::Wgs84);
  EXPECT_EQ(tp.report.readings.size(), 6u);
  expectProjects(tp, truth, 2);
  // Without anything to compare with, bare numbers are decimal degrees and WGS84, and it says so.
  const TablePoints plain = readTablePoints(xlsx.string());
  EXPECT_FALSE(plain.report.chosen.dmmss);
  const auto said = std::find_if(plain.table.notes.begin(), plain.table.notes.end(),
                                 [](const std::string& n) { return n.find("no reference area") != std::string::npos; });
  EXPECT_NE(said, plain.table.notes.end());
}

TEST(TablePoints, ExplicitSystemWithoutPolygonsAndOds) {
  test::TempDir dir;
  const auto truth = test::projectRows(kRows);
  const fs::path ods = dir / "gcj.ods";
  test::writeWorkbook(ods,
                      {{"项目", kColumns(OFTReal),
                        sheetRows(truth,
                                  [](const ProjectRow& r) {
                                    const auto g = indep::toGcj(r.lon, r.lat);
                                    return std::pair<Cell, Cell>{static_cast<double>(g[0]), static_cast<double>(g[1])};
                                  })}},
                      "ODS");
  TablePointsOptions o;
  o.coords = offsets::LonLatSystem::Gcj02;
  const TablePoints tp = readTablePoints(ods.string(), o);
  EXPECT_EQ(tp.report.chosen.system, offsets::LonLatSystem::Gcj02);
  expectProjects(tp, truth, 2);
}

// A title row merged across the table and a two-row header under a merged 坐标 cell, as Excel
// users lay them out (the XML edited inside the XLSX GDAL wrote).
TEST(TablePoints, TitleRowAndMergedTwoRowHeader) {
  test::TempDir dir;
  const auto truth = test::projectRows(4);
  std::vector<std::pair<std::string, OGRFieldType>> cols;
  for (const char* c : {"揭西县2024年乡村振兴项目清单", "c2", "c3", "c4", "c5", "c6", "c7", "c8"})
    cols.emplace_back(c, OFTString);
  std::vector<std::vector<Cell>> rows;
  rows.push_back({std::string("序号"), std::string("项目名称"), std::string("镇/村"), std::string("坐标"),
                  std::string(), std::string("投资(万元)"), std::string("状态"), std::string("开工日期")});
  rows.push_back({std::string(), std::string(), std::string(), std::string("经度"), std::string("纬度"), std::string(),
                  std::string(), std::string()});
  for (const ProjectRow& r : truth) {
    rows.push_back({std::to_string(r.number), r.name, r.place, std::to_string(r.lon), std::to_string(r.lat),
                    std::to_string(r.budget), r.status, r.startDate});
  }
  const fs::path xlsx = dir / "title.xlsx";
  test::writeWorkbook(xlsx, {{"清单", cols, rows}});
  test::rewriteZip(xlsx, [](const std::string& name, const std::string& content) {
    if (name != "xl/worksheets/sheet1.xml") return content;
    std::string s = std::regex_replace(content, std::regex(R"(<c r="[B-H]1"[^>]*>\s*<v>[^<]*</v>\s*</c>)"), "");
    const auto end = s.find("</sheetData>") + std::string("</sheetData>").size();
    return s.insert(end, R"(<mergeCells count="2"><mergeCell ref="A1:H1"/><mergeCell ref="D2:E2"/></mergeCells>)");
  });
  const TablePoints tp = readTablePoints(xlsx.string());
  EXPECT_EQ(tp.report.headerRow, 2);
  EXPECT_EQ(tp.report.xColumn, "经度");
  EXPECT_EQ(tp.report.yColumn, "纬度");
  EXPECT_EQ(tp.report.mergedHeaderCells, (std::vector<std::string>{"A1:H1", "D2:E2"}));
  ASSERT_EQ(tp.table.rows.size(), truth.size());
  EXPECT_EQ(tp.table.rows[0].sourceRow, 4);  // Excel row 4: title, header, sub-header above
  EXPECT_LT(indep::metres(pointOf(tp.table.rows[0]).x, pointOf(tp.table.rows[0]).y, truth[0].lon, truth[0].lat), 1.0);
  const std::string notes = [&] {
    std::string s;
    for (const std::string& n : tp.table.notes) s += n + "\n";
    return s;
  }();
  EXPECT_NE(notes.find("row 1 ('揭西县2024年乡村振兴项目清单') is a title"), std::string::npos) << notes;
  EXPECT_NE(notes.find("the header spans rows 2-3"), std::string::npos) << notes;
}

TEST(TablePoints, MergedCoordinateHeaderWithoutNamesBelowIt) {
  test::TempDir dir;
  std::vector<std::pair<std::string, OGRFieldType>> cols{{"名称", OFTString}, {"坐标", OFTReal}, {"c3", OFTReal}};
  const fs::path xlsx = dir / "merged.xlsx";
  test::writeWorkbook(xlsx, {{"s", cols, {{std::string("甲"), 116.1, 23.5}, {std::string("乙"), 116.2, 23.6}}}});
  test::rewriteZip(xlsx, [](const std::string& name, const std::string& content) {
    if (name != "xl/worksheets/sheet1.xml") return content;
    std::string s = std::regex_replace(content, std::regex(R"(<c r="C1"[^>]*>\s*<v>[^<]*</v>\s*</c>)"), "");
    return s.insert(s.find("</sheetData>") + 12, R"(<mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells>)");
  });
  const TablePoints tp = readTablePoints(xlsx.string());
  EXPECT_EQ(tp.report.xColumn, "坐标");
  EXPECT_EQ(tp.report.yColumn, "坐标_2");
  ASSERT_EQ(tp.table.rows.size(), 2u);
  EXPECT_NEAR(pointOf(tp.table.rows[1]).y, 23.6, 1e-12);
}

TEST(TablePoints, BadRowsAreRejectedWithExcelRowNumbers) {
  test::TempDir dir;
  std::vector<std::pair<std::string, OGRFieldType>> cols{{"名称", OFTString}, {"经度", OFTString}, {"纬度", OFTString}};
  const std::vector<std::vector<Cell>> rows{
      {std::string("好"), std::string("116.1"), std::string("23.5")},          // row 2
      {std::string("空"), std::string(), std::string()},                       // row 3: no coordinates
      {std::string("文字"), std::string("暂无"), std::string("23.5")},         // row 4: text
      {std::string("巴黎"), std::string("2.35"), std::string("48.85")},        // row 5: outside China
      {std::string("颠倒"), std::string("23.55"), std::string("116.25")},      // row 6: swapped, fixed
      {std::string("分秒"), std::string("116°75'10\""), std::string("23.5")},  // row 7: minutes 75
      {std::string(), std::string(), std::string()},                           // row 8: blank, skipped
      {std::string("半个"), std::string("116.3"), std::string()},              // row 9: no latitude
      {std::string("好2"), std::string("116.4"), std::string("23.4")},         // row 10
  };
  const fs::path xlsx = dir / "bad.xlsx";
  test::writeWorkbook(xlsx, {{"s", cols, rows}});
  const TablePoints tp = readTablePoints(xlsx.string());
  const FeatureTable& t = tp.table;
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0].sourceRow, 2);
  EXPECT_EQ(t.rows[1].sourceRow, 6);
  EXPECT_NEAR(pointOf(t.rows[1]).x, 116.25, 1e-12);
  EXPECT_EQ(t.rows[2].sourceRow, 10);
  std::vector<std::pair<std::int64_t, std::string>> got;
  for (const RowIssue& r : t.rejects) got.emplace_back(r.row, r.code);
  const std::vector<std::pair<std::int64_t, std::string>> expected{{3, "empty_coordinate"},
                                                                   {4, "bad_coordinate"},
                                                                   {5, "outside_china"},
                                                                   {7, "bad_coordinate"},
                                                                   {9, "empty_coordinate"}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(t.rejects[1].field, "经度");
  EXPECT_NE(t.rejects[1].message.find("'暂'"), std::string::npos) << t.rejects[1].message;
  EXPECT_NE(t.rejects[3].message.find("minutes of 60 or more"), std::string::npos) << t.rejects[3].message;
  EXPECT_EQ(t.rejects[4].field, "纬度");
  ASSERT_EQ(t.flags.size(), 1u);
  EXPECT_EQ(t.flags[0].row, 6);
  EXPECT_EQ(t.flags[0].code, "lonlat_swapped");
  EXPECT_EQ(tp.report.emptyRows, 1u);
  // Asked to, the swapped row is rejected instead.
  TablePointsOptions strict;
  strict.rejectSwapped = true;
  const TablePoints s = readTablePoints(xlsx.string(), strict);
  EXPECT_EQ(s.table.rows.size(), 2u);
  EXPECT_TRUE(std::any_of(s.table.rejects.begin(), s.table.rejects.end(),
                          [](const RowIssue& r) { return r.row == 6 && r.code == "lonlat_swapped"; }));
}

TEST(TablePoints, WholeColumnsSwappedAndPairColumns) {
  test::TempDir dir;
  const fs::path xlsx = dir / "swap.xlsx";
  test::writeWorkbook(
      xlsx, {{"cols",
              {{"名称", OFTString}, {"经度", OFTReal}, {"纬度", OFTReal}},
              {{std::string("a"), 23.5, 116.1}, {std::string("b"), 23.6, 116.2}, {std::string("c"), 23.7, 116.3}}},
             {"pair",
              {{"名称", OFTString}, {"经纬度", OFTString}},
              {{std::string("a"), std::string("116.1, 23.5")},
               {std::string("b"), std::string("116.2，23.6")},
               {std::string("c"), std::string("23.7,116.3")}}}});
  const TablePoints cols = readTablePoints(xlsx.string());
  EXPECT_TRUE(cols.report.columnsSwapped);
  EXPECT_TRUE(cols.table.flags.empty());
  ASSERT_EQ(cols.table.rows.size(), 3u);
  EXPECT_NEAR(pointOf(cols.table.rows[2]).x, 116.3, 1e-12);
  TablePointsOptions o;
  o.sheet.sheet = "pair";
  const TablePoints pair = readTablePoints(xlsx.string(), o);
  EXPECT_EQ(pair.report.pairColumn, "经纬度");
  ASSERT_EQ(pair.table.rows.size(), 3u);
  EXPECT_NEAR(pointOf(pair.table.rows[1]).y, 23.6, 1e-12);
  EXPECT_NEAR(pointOf(pair.table.rows[2]).x, 116.3, 1e-12);
  ASSERT_EQ(pair.table.flags.size(), 1u);  // the one row written the other way round
  EXPECT_EQ(pair.table.flags[0].row, 4);
}

TEST(TablePoints, ColumnsChosenByLetterAndMissingColumns) {
  test::TempDir dir;
  const fs::path xlsx = dir / "x.xlsx";
  test::writeWorkbook(
      xlsx, {{"s", {{"名称", OFTString}, {"东", OFTReal}, {"北", OFTReal}}, {{std::string("a"), 116.1, 23.5}}}});
  try {
    readTablePoints(xlsx.string());
    FAIL() << "no coordinate columns should be an error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("no coordinate columns among: 名称, 东, 北"), std::string::npos) << e.what();
  }
  TablePointsOptions o;
  o.xField = "B";
  o.yField = "北";
  const TablePoints tp = readTablePoints(xlsx.string(), o);
  ASSERT_EQ(tp.table.rows.size(), 1u);
  EXPECT_NEAR(pointOf(tp.table.rows[0]).x, 116.1, 1e-12);
  o.yField = "高程";
  EXPECT_THROW(readTablePoints(xlsx.string(), o), DataError);
}

TEST(TablePoints, EmptySheetsAndHeaderOnly) {
  test::TempDir dir;
  const fs::path xlsx = dir / "empty.xlsx";
  test::writeWorkbook(xlsx, {{"空表", {{"经度", OFTReal}, {"纬度", OFTReal}}, {}}});
  const auto message = [](const fs::path& p) {
    try {
      readTablePoints(p.string());
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(xlsx).find("the sheet '空表' is empty"), std::string::npos) << message(xlsx);
  const fs::path header = dir / "header.csv";
  test::writeFile(header, "名称,经度,纬度\n");
  EXPECT_NE(message(header).find("no data below the header (line 1)"), std::string::npos) << message(header);
  const fs::path blank = dir / "blank.csv";
  test::writeFile(blank, "\n\n");
  EXPECT_NE(message(blank).find("the file is empty"), std::string::npos) << message(blank);
}

TEST(TablePoints, GbkCsvWithTitleLineBlankLinesAndQuotes) {
  test::TempDir dir;
  const std::string utf8 = "揭阳市项目坐标表\n名称,经度,纬度,备注\n甲,116.1,23.5,\"说明,含逗号\"\n\n乙,116.2,23.6,无\n";
  char* gbk = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
  const fs::path csv = dir / "gbk.csv";
  test::writeFile(csv, gbk);
  CPLFree(gbk);
  ASSERT_EQ(test::readFile(csv).find("揭阳"), std::string::npos);  // really GBK bytes
  const TablePoints tp = readTablePoints(csv.string());
  EXPECT_EQ(tp.table.rowLabel, "line");
  EXPECT_EQ(tp.report.headerRow, 2);
  ASSERT_EQ(tp.table.rows.size(), 2u);
  EXPECT_EQ(tp.table.rows[0].sourceRow, 3);
  EXPECT_EQ(tp.table.rows[1].sourceRow, 5);
  EXPECT_EQ(std::get<std::string>(tp.table.rows[0].values[0]), "甲");
  EXPECT_EQ(std::get<std::string>(tp.table.rows[0].values[1]), "说明,含逗号");
  const bool gb = std::any_of(tp.table.notes.begin(), tp.table.notes.end(),
                              [](const std::string& n) { return n == "text encoding GB18030"; });
  EXPECT_TRUE(gb);
}

// Survey tables give Gauss-Kruger metres with X the northing (Chinese survey order) and Y the
// zone-prefixed easting; the values here come from PROJ's own cs2cs, not from our code.
TEST(TablePoints, ProjectedColumnsInSurveyOrder) {
  test::TempDir dir;
  const test::RunResult r =
      test::run({"/usr/bin/cs2cs", "-f", "%.3f", "EPSG:4490", "EPSG:4527"}, "23.5 116.1\n23.6 116.2\n");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::istringstream in(r.out);
  double n1, e1, n2, e2;
  std::string z;
  in >> n1 >> e1 >> z >> n2 >> e2;  // EPSG:4527 is northing, easting
  ASSERT_GT(e1, 39e6);
  const fs::path xlsx = dir / "survey.xlsx";
  test::writeWorkbook(xlsx, {{"s",
                              {{"点名", OFTString}, {"X", OFTReal}, {"Y", OFTReal}},
                              {{std::string("J1"), n1, e1}, {std::string("J2"), n2, e2}}}});
  const TablePoints tp = readTablePoints(xlsx.string());
  EXPECT_TRUE(tp.report.projected);
  EXPECT_EQ(tp.table.crs, "EPSG:4527");
  ASSERT_EQ(tp.table.rows.size(), 2u);
  EXPECT_NEAR(pointOf(tp.table.rows[0]).x, e1, 1e-6);
  EXPECT_NEAR(pointOf(tp.table.rows[0]).y, n1, 1e-6);
}

TEST(TablePoints, FilesThatAreNotWhatTheirNameSays) {
  test::TempDir dir;
  const fs::path fake = dir / "项目.xlsx";
  test::writeFile(fake, "名称,经度,纬度\n甲,116.1,23.5\n");
  try {
    readTablePoints(fake.string());
    FAIL();
  } catch (const OpenError& e) {
    EXPECT_NE(std::string(e.what()).find("is named .xlsx but is not an Excel workbook: it is plain text"),
              std::string::npos)
        << e.what();
  }
  const fs::path csv = dir / "x.csv";
  test::writeWorkbook(dir / "real.xlsx", {{"s", {{"a", OFTString}}, {{std::string("b")}}}});
  fs::copy_file(dir / "real.xlsx", csv);
  EXPECT_THROW(readTablePoints(csv.string()), OpenError);
  EXPECT_THROW(readTablePoints((dir / "missing.xlsx").string()), OpenError);
}

}  // namespace

// Found by ./dev.sh fuzz (sheet_header): columns "名称", "名称", "名称_2" renamed the repeat to
// "名称_2" as well, and one of the two columns was lost in the import.
TEST(SheetHeaderNames, ARepeatIsRenamedToANameNoColumnHasYet) {
  SheetGrid grid;
  grid.rowNumbers = {1, 2};
  grid.cells = {{"名称", "名称", "名称_2", "经度", "纬度"}, {"甲", "乙", "丙", "116.3", "23.5"}};
  const SheetHeader h = detectHeader(grid);
  EXPECT_EQ(h.names, (std::vector<std::string>{"名称", "名称_3", "名称_2", "经度", "纬度"}));
  ASSERT_FALSE(h.notes.empty());
  EXPECT_NE(std::find(h.notes.begin(), h.notes.end(), "column '名称' appears more than once; the repeat is called '名称_3'"),
            h.notes.end());
}

TEST(SheetHeaderNames, LongitudeAndLatitudeGivenAsOneColumnIsAnError) {
  SheetGrid grid;
  grid.rowNumbers = {1, 2};
  grid.cells = {{"名称", "经度", "纬度"}, {"甲", "116.3", "23.5"}};
  const SheetHeader h = detectHeader(grid);
  try {
    (void)findCoordinateColumns(grid, h, "经度", "B", "");
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("are both column B (经度)"), std::string::npos) << e.what();
  }
  const CoordinateColumns ok = findCoordinateColumns(grid, h, "B", "纬度", "");
  EXPECT_EQ(*ok.x, 1u);
  EXPECT_EQ(*ok.y, 2u);
}
