// The attribute table model: loading, sort, text and expression filters, selection, edits through
// validation (single and many rows), grouped undo/redo, save into the file and its audit log,
// conflicts with another writer, hidden sensitive fields, and the time of a 100,000-row filter.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "store/table_model.hpp"
#include "store_test_support.hpp"
#include "table_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

std::vector<std::int64_t> viewIds(const AttributeTableModel& m) {
  std::vector<std::int64_t> ids;
  for (std::size_t r : m.view()) ids.push_back(m.rowId(r));
  return ids;
}

std::string cell(const AttributeTableModel& m, std::int64_t id, const std::string& field) {
  return m.cellText(*m.rowOf(id), *m.columnOf(field));
}

std::string makeManySites(const test::TempDir& dir, int rows) {
  const std::string path = (dir / "many.sqlite").string();
  ProjectStore project = ProjectStore::create(path);
  test::loadFixture(
      project.database(),
      "INSERT INTO townships (code, name, county_code, kind, geom) VALUES ('445222111', '金和镇', '445222', '镇', "
      "CastToMultiPolygon(GeomFromText('POLYGON((116 23, 117 23, 117 24, 116 24, 116 23))', 4490)));"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
          std::to_string(rows) +
          ") INSERT INTO project_sites (id, name, programme, status, township_code, budget_wan, geom) "
          "SELECT i, '项目 ' || i, 'county_library', CASE i % 3 WHEN 0 THEN 'planned' WHEN 1 THEN 'started' "
          "ELSE 'completed' END, '445222111', i % 1000, MakePoint(116.5, 23.5, 4490) FROM n");
  return path;
}

}  // namespace

TEST(TableModel, LoadsDemoLayerWithAliasesAndReadableEnums) {
  test::TempDir dir;
  const std::string path = test::makeDemoProject(dir);
  test::OpenTable mOpen(path, "project_sites");
  AttributeTableModel& m = mOpen.model;
  EXPECT_EQ(m.rowCount(), static_cast<std::size_t>(test::queryInt(path, "SELECT count(*) FROM project_sites")));
  EXPECT_EQ(m.visibleRowCount(), m.rowCount());
  const std::size_t status = *m.columnOf("status");
  EXPECT_EQ(m.columnTitle(status), "状态");
  const std::string stored = m.editText(0, status);
  EXPECT_EQ(m.cellText(0, status), valueLabel("status", stored, LabelLanguage::Chinese));
  EXPECT_NE(m.cellText(0, status), stored);
  m.setLanguage(LabelLanguage::English);
  EXPECT_EQ(m.columnTitle(status), "status");
  EXPECT_EQ(m.cellText(0, status), valueLabel("status", stored, LabelLanguage::English));
}

TEST(TableModel, SortsStablyAndFiltersByTextAndExpression) {
  test::TempDir dir;
  test::OpenTable mOpen(test::makeSmallProject(dir), "scenic_routes");
  AttributeTableModel& m = mOpen.model;
  m.sortBy(m.columnOf("planned_km"), true);
  EXPECT_EQ(viewIds(m), (std::vector<std::int64_t>{2, 1}));
  m.sortBy(m.columnOf("planned_km"), false);
  EXPECT_EQ(viewIds(m), (std::vector<std::int64_t>{1, 2}));
  m.sortBy(std::nullopt, true);
  EXPECT_EQ(viewIds(m), (std::vector<std::int64_t>{1, 2}));

  m.setTextFilter("立面");
  EXPECT_EQ(viewIds(m), (std::vector<std::int64_t>{2}));
  m.setTextFilter("规划中");  // the label of status 'planned'
  EXPECT_EQ(viewIds(m), (std::vector<std::int64_t>{2}));
  m.setTextFilter("");
  std::string error;
  ASSERT_TRUE(m.setExpressionFilter("built_km > 0.5 AND status = 'started'", error)) << error;
  EXPECT_EQ(viewIds(m), (std::vector<std::int64_t>{1}));
  EXPECT_FALSE(m.setExpressionFilter("no_such_field = 1", error));
  EXPECT_NE(error.find("no_such_field"), std::string::npos);
  EXPECT_EQ(viewIds(m), (std::vector<std::int64_t>{1}));  // the previous filter stays
  ASSERT_TRUE(m.setExpressionFilter("", error));
  EXPECT_EQ(m.visibleRowCount(), 2u);
}

TEST(TableModel, SelectionByClickToggleRangeAndFromTheMap) {
  test::TempDir dir;
  test::OpenTable mOpen(test::makeSmallProject(dir), "households");
  AttributeTableModel& m = mOpen.model;
  m.click(1, SelectMode::Replace);
  m.click(2, SelectMode::Toggle);
  EXPECT_EQ(m.selection(), (std::set<std::int64_t>{1, 2}));
  m.click(1, SelectMode::Toggle);
  EXPECT_EQ(m.selection(), (std::set<std::int64_t>{2}));
  m.click(2, SelectMode::Range);  // from the last clicked row (1)
  EXPECT_EQ(m.selection(), (std::set<std::int64_t>{1, 2}));
  m.setSelection({2, 99});  // unknown ids are ignored
  EXPECT_EQ(m.selection(), (std::set<std::int64_t>{2}));
  EXPECT_TRUE(m.isSelected(*m.rowOf(2)));
  EXPECT_FALSE(m.isSelected(*m.rowOf(1)));
}

TEST(TableModel, EditsGoThroughValidationAndUndoRedoInGroups) {
  test::TempDir dir;
  test::OpenTable mOpen(test::makeSmallProject(dir), "project_sites");
  AttributeTableModel& m = mOpen.model;
  std::string error;
  EXPECT_FALSE(m.editCell(1, "status", "finished", error));
  EXPECT_NE(error.find("must be one of"), std::string::npos) << error;
  EXPECT_FALSE(m.editCell(1, "start_date", "2022-13-01", error));
  EXPECT_FALSE(m.hasUnsavedChanges());

  ASSERT_TRUE(m.editCell(1, "status", "completed", error)) << error;
  EXPECT_EQ(cell(m, 1, "status"), "已完工");
  EXPECT_TRUE(m.isEdited(*m.rowOf(1), *m.columnOf("status")));
  ASSERT_TRUE(m.editCell(1, "start_date", "2022-04-01", error)) << error;

  m.setSelection({1, 2});
  ASSERT_TRUE(m.editSelected("notes", "批量", error)) << error;
  EXPECT_EQ(cell(m, 1, "notes"), "批量");
  EXPECT_EQ(cell(m, 2, "notes"), "批量");
  EXPECT_EQ(m.pendingCellCount(), 4u);
  EXPECT_FALSE(m.editSelected("budget_wan", "-5", error));  // all or nothing
  EXPECT_EQ(m.pendingCellCount(), 4u);

  m.undo();  // the whole multi-row edit
  EXPECT_EQ(cell(m, 1, "notes"), "");
  EXPECT_EQ(cell(m, 2, "notes"), "done");
  m.undo();
  EXPECT_EQ(cell(m, 1, "start_date"), "2022-03-01");
  m.redo();
  m.redo();
  EXPECT_EQ(cell(m, 2, "notes"), "批量");
  EXPECT_EQ(m.pendingCellCount(), 4u);
  EXPECT_FALSE(m.canRedo());
  m.discard();
  EXPECT_FALSE(m.hasUnsavedChanges());
  EXPECT_EQ(cell(m, 1, "status"), "已开工");
}

TEST(TableModel, SaveWritesTheFileAndTheAuditLog) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  test::OpenTable mOpen(path, "scenic_routes");
  AttributeTableModel& m = mOpen.model;
  std::string error;
  ASSERT_TRUE(m.editCell(2, "built_km", "1.5", error)) << error;
  m.undo();
  m.redo();
  ASSERT_TRUE(m.save("planner", "field survey", error)) << error;
  EXPECT_FALSE(m.hasUnsavedChanges());
  EXPECT_EQ(test::dumpTable(path, "scenic_routes")[2]["built_km"], "1.5|2");
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM audit_log WHERE layer = 'scenic_routes' AND feature_id = 2 AND "
                           "field = 'built_km' AND new_value = '1.5' AND user = 'planner' AND reason = 'field survey'"),
            1);
  const auto history = m.history(2);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].oldValue, "0");
  EXPECT_EQ(cell(m, 2, "built_km"), "1.5");
  EXPECT_FALSE(m.canUndo());
}

TEST(TableModel, ConflictShowsTheirsAndYoursAndKeepMineRetries) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  test::OpenTable mOpen(path, "project_sites");
  AttributeTableModel& m = mOpen.model;
  std::string error;
  ASSERT_TRUE(m.editCell(1, "notes", "mine", error));
  ASSERT_TRUE(m.editCell(2, "notes", "mine too", error));
  {
    ProjectStore other = ProjectStore::open(path);
    EditSession buffer(other);
    buffer.setText({"project_sites", 1, "notes"}, "theirs");
    buffer.commit({"colleague", ""});
  }
  EXPECT_FALSE(m.save("me", "", error));
  ASSERT_EQ(m.conflicts().size(), 1u);
  EXPECT_EQ(m.conflicts()[0].theirs, "theirs");
  EXPECT_EQ(m.conflicts()[0].yours, "mine");
  EXPECT_TRUE(m.hasUnsavedChanges());
  m.resolveConflicts({true});
  EXPECT_TRUE(m.conflicts().empty());
  ASSERT_TRUE(m.save("me", "", error)) << error;
  EXPECT_EQ(test::dumpTable(path, "project_sites")[1]["notes"], "mine|3");
  EXPECT_EQ(test::dumpTable(path, "project_sites")[2]["notes"], "mine too|3");
}

TEST(TableModel, ConflictTakeTheirsDropsMyCell) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  test::OpenTable mOpen(path, "project_sites");
  AttributeTableModel& m = mOpen.model;
  std::string error;
  ASSERT_TRUE(m.editCell(1, "notes", "mine", error));
  {
    ProjectStore other = ProjectStore::open(path);
    EditSession buffer(other);
    buffer.setText({"project_sites", 1, "notes"}, "theirs");
    buffer.commit({"colleague", ""});
  }
  EXPECT_FALSE(m.save("me", "", error));
  m.resolveConflicts({false});
  EXPECT_FALSE(m.hasUnsavedChanges());
  EXPECT_EQ(cell(m, 1, "notes"), "theirs");
}

TEST(TableModel, SensitiveFieldsAreHiddenUntilShown) {
  test::TempDir dir;
  test::OpenTable mOpen(test::makeSmallProject(dir), "households");
  AttributeTableModel& m = mOpen.model;
  const std::size_t name = *m.columnOf("head_name");
  const std::size_t row = *m.rowOf(1);
  EXPECT_TRUE(m.isHidden(name));
  EXPECT_FALSE(m.isEditable(name));
  EXPECT_EQ(m.cellText(row, name), "（已隐藏）");
  EXPECT_EQ(m.editText(row, name), "");
  m.setTextFilter("SECRET");
  EXPECT_EQ(m.visibleRowCount(), 0u);
  m.setTextFilter("");
  std::string error;
  EXPECT_FALSE(m.setExpressionFilter("head_name = 'SECRETNAME'", error));
  EXPECT_NE(error.find("head_name"), std::string::npos) << error;
  EXPECT_FALSE(m.editCell(1, "phone", "123", error));
  EXPECT_EQ(error.find("123"), std::string::npos);
  m.setShowSensitive(true);
  EXPECT_EQ(m.cellText(row, name), "SECRETNAME");
  ASSERT_TRUE(m.editCell(1, "phone", "NEWPHONE", error)) << error;
  EXPECT_FALSE(m.editCell(1, "members", "99", error));
  EXPECT_EQ(error.find("NEWPHONE"), std::string::npos);
  ASSERT_TRUE(m.setExpressionFilter("head_name = 'SECRETNAME'", error)) << error;
  m.sortBy(name, true);
  EXPECT_EQ(m.visibleRowCount(), 1u);
  m.setShowSensitive(false);  // a filter or sort on a hidden column would reveal it: both go
  EXPECT_EQ(m.expressionFilter(), "");
  EXPECT_EQ(m.visibleRowCount(), 2u);
}

TEST(TableModel, FiltersAHundredThousandRows) {
  test::TempDir dir;
  const int rows = 100000;
  const std::string path = makeManySites(dir, rows);
  const auto t0 = std::chrono::steady_clock::now();
  test::OpenTable mOpen(path, "project_sites");
  AttributeTableModel& m = mOpen.model;
  const auto t1 = std::chrono::steady_clock::now();
  m.setTextFilter("项目 99");
  const auto t2 = std::chrono::steady_clock::now();
  EXPECT_EQ(m.visibleRowCount(), 1111u);  // 99, 990-999, 9900-9999, 99000-99999
  m.setTextFilter("");
  std::string error;
  ASSERT_TRUE(m.setExpressionFilter("status = 'planned' AND budget_wan >= 500", error)) << error;
  const auto t3 = std::chrono::steady_clock::now();
  EXPECT_EQ(m.visibleRowCount(), 16667u);
  m.sortBy(m.columnOf("budget_wan"), false);
  const auto t4 = std::chrono::steady_clock::now();
  EXPECT_EQ(toText(m.value(m.view().front(), *m.columnOf("budget_wan"))), "999");
  const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("100000 rows: load %.1f ms, text filter %.1f ms, expression filter %.1f ms, sort %.1f ms\n", ms(t0, t1),
              ms(t1, t2), ms(t2, t3), ms(t3, t4));
}

TEST(TableModel, DivisionCodesShowTheirNamesAndFilterByThem) {
  test::TempDir dir;
  const std::string path = test::makeDemoProject(dir);
  test::OpenTable mOpen(path, "project_sites");
  AttributeTableModel& m = mOpen.model;
  const std::int64_t id = test::queryInt(
      path, "SELECT min(id) FROM project_sites WHERE township_code = '445222106' AND village_code IS NOT NULL");
  const std::size_t row = *m.rowOf(id);
  EXPECT_EQ(m.cellText(row, *m.columnOf("township_code")), "445222106 灰寨镇");
  // The village's name from the file, not from the model.
  Database db(path, OpenMode::ReadOnly);
  Statement s = db.prepare(
      "SELECT v.code || ' ' || v.name FROM project_sites p JOIN villages v ON v.code = "
      "p.village_code WHERE p.id = " +
      std::to_string(id));
  ASSERT_TRUE(s.step());
  EXPECT_EQ(m.cellText(row, *m.columnOf("village_code")), std::get<std::string>(s.getValue(0)));
  // Editing still starts from the bare code, and the name can be searched for.
  EXPECT_EQ(m.editText(row, *m.columnOf("township_code")), "445222106");
  m.setTextFilter("灰寨镇");
  EXPECT_EQ(static_cast<std::int64_t>(m.visibleRowCount()),
            test::queryInt(path,
                           "SELECT count(*) FROM project_sites WHERE township_code = '445222106' OR instr(name, "
                           "'灰寨镇') > 0 OR instr(coalesce(notes, ''), '灰寨镇') > 0 OR village_code IN "
                           "(SELECT code FROM villages WHERE instr(name, '灰寨镇') > 0)"));
}
