// The validation layer and the schema's own constraints (which must hold even for raw SQL).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "store/validation.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

const LayerSpec& layer(const char* name) { return *findLayer(name); }
const FieldSpec& field(const char* l, const char* f) { return *findField(layer(l), f); }

Row validRoute() {
  return {{"name", std::string("线")},
          {"kind", std::string("scenic_belt")},
          {"township_code", std::string("445222111")},
          {"planned_km", 5.0},
          {"built_km", 2.0},
          {"status", std::string("started")}};
}

std::string rejectedField(const LayerSpec& l, const Row& row) {
  try {
    validateRow(l, row);
  } catch (const ValidationError& e) {
    return e.field();
  }
  return "";
}

}  // namespace

TEST(StoreValidation, FixedSchemaNames) {
  for (const char* name : {"townships", "villages", "work_teams", "project_sites", "scenic_routes", "households"}) {
    EXPECT_NE(findLayer(name), nullptr) << name;
  }
  EXPECT_TRUE(field("households", "head_name").sensitive);
  EXPECT_TRUE(field("households", "id_number").sensitive);
  EXPECT_TRUE(field("households", "phone").sensitive);
  EXPECT_FALSE(field("households", "members").sensitive);
}

TEST(StoreValidation, TypesEnumsRangesRequiredAndCodes) {
  const LayerSpec& r = layer("scenic_routes");
  EXPECT_EQ(rejectedField(r, validRoute()), "");
  Row row = validRoute();
  row["kind"] = std::string("highway");
  EXPECT_EQ(rejectedField(r, row), "kind");
  row = validRoute();
  row["planned_km"] = -1.0;
  EXPECT_EQ(rejectedField(r, row), "planned_km");
  row = validRoute();
  row.erase("name");
  EXPECT_EQ(rejectedField(r, row), "name");
  row = validRoute();
  row["township_code"] = std::string("44522211");
  EXPECT_EQ(rejectedField(r, row), "township_code");
  row = validRoute();
  row["built_km"] = std::string("two");
  EXPECT_EQ(rejectedField(r, row), "built_km");
}

TEST(StoreValidation, CrossFieldRules) {
  Row row = validRoute();
  row["built_km"] = 5.5;
  EXPECT_EQ(rejectedField(layer("scenic_routes"), row), "built_km");
  Row site = {{"name", std::string("p")},
              {"programme", std::string("county_library")},
              {"status", std::string("completed")},
              {"township_code", std::string("445222111")},
              {"start_date", std::string("2022-05-01")},
              {"completion_date", std::string("2022-04-30")}};
  EXPECT_EQ(rejectedField(layer("project_sites"), site), "completion_date");
  site["completion_date"] = std::string("2022-05-01");
  EXPECT_EQ(rejectedField(layer("project_sites"), site), "");
  site["start_date"] = std::string("2022-02-30");
  EXPECT_EQ(rejectedField(layer("project_sites"), site), "start_date");
  site["start_date"] = std::string("2022-02-01");
  site["village_code"] = std::string("445222106201");
  EXPECT_EQ(rejectedField(layer("project_sites"), site), "village_code");
}

TEST(StoreValidation, ParsesUserText) {
  const LayerSpec& h = layer("households");
  EXPECT_EQ(parseValue(h, field("households", "members"), "4"), Value{std::int64_t{4}});
  EXPECT_TRUE(isNull(parseValue(h, field("households", "measures"), "NULL")));
  EXPECT_THROW(parseValue(h, field("households", "members"), "4.5"), ValidationError);
  EXPECT_THROW(parseValue(layer("scenic_routes"), field("scenic_routes", "built_km"), "1,5"), ValidationError);
  EXPECT_EQ(parseValue(layer("scenic_routes"), field("scenic_routes", "built_km"), "1.5"), Value{1.5});
}

TEST(StoreValidation, SensitiveValuesNeverInMessages) {
  FieldSpec secret = field("households", "phone");
  secret.maxLength = 3;
  try {
    validateValue(layer("households"), secret, Value{std::string("13800138000")});
    FAIL() << "no exception";
  } catch (const ValidationError& e) {
    EXPECT_EQ(std::string(e.what()).find("13800138000"), std::string::npos) << e.what();
  }
  EXPECT_EQ(displayValue(field("households", "id_number"), Value{std::string("X")}), "(redacted)");
}

TEST(StoreValidation, SchemaConstraintsRejectRawSql) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  Database db(path, OpenMode::ReadWrite);
  const auto rejects = [&](const std::string& sql) {
    try {
      db.exec(sql);
    } catch (const SqliteError& e) {
      return (e.code() & 0xff) == SQLITE_CONSTRAINT;
    }
    return false;
  };
  EXPECT_TRUE(rejects("UPDATE scenic_routes SET built_km = 6 WHERE id = 1"));
  EXPECT_TRUE(rejects("UPDATE scenic_routes SET kind = 'highway' WHERE id = 1"));
  EXPECT_TRUE(rejects("UPDATE project_sites SET completion_date = '2022-01-01' WHERE id = 1"));
  EXPECT_TRUE(rejects("UPDATE project_sites SET start_date = '2022-13-01' WHERE id = 1"));
  EXPECT_TRUE(rejects("UPDATE households SET village_code = '445222111999' WHERE id = 1"));
  EXPECT_TRUE(rejects("UPDATE households SET members = 'four' WHERE id = 1"));
  EXPECT_TRUE(rejects("UPDATE households SET risk_level = NULL WHERE id = 1"));
  EXPECT_TRUE(rejects("UPDATE project_sites SET team_id = 99 WHERE id = 1"));
  EXPECT_FALSE(rejects("UPDATE scenic_routes SET built_km = 5 WHERE id = 1"));
}

TEST(StoreValidation, SchemaIsVersionedAndNewerFilesAreRefused) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  EXPECT_EQ(test::queryInt(path, "SELECT max(version) FROM schema_migrations"), kSchemaVersion);
  EXPECT_EQ(test::queryInt(path, "SELECT srid FROM geometry_columns WHERE f_table_name = 'households'"), 4490);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM field_metadata WHERE sensitive = 1"), 3);
  {
    Database db(path, OpenMode::ReadWrite);
    db.exec("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00Z')");
  }
  EXPECT_THROW(ProjectStore::open(path), OpenError);
  EXPECT_THROW(ProjectStore::open((dir / "nothing.sqlite").string()), OpenError);
}

TEST(StoreValidation, OlderSchemaIsMigratedOnOpen) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const std::string triggers =
      "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'tmu_project_sites_geom'";
  EXPECT_EQ(test::queryInt(path, triggers), 0);
  {
    // Turn the file back into a version-1 project: SpatiaLite's per-row trigger, no migration 2,
    // no meeting-mode columns (migration 3), no layer descriptions (4), no audit triggers (5).
    Database db(path, OpenMode::ReadWrite);
    std::vector<std::string> zhenmapTriggers;
    Statement names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'zhenmap%'");
    while (names.step()) zhenmapTriggers.push_back(names.getText(0));
    for (const std::string& t : zhenmapTriggers) db.exec("DROP TRIGGER \"" + t + "\"");
    db.exec(
        "DROP TABLE audit_context; DROP INDEX audit_log_unsealed; ALTER TABLE audit_log DROP COLUMN hash;"
        "ALTER TABLE audit_log DROP COLUMN action");
    db.exec(
        "CREATE TRIGGER tmu_project_sites_geom AFTER UPDATE ON project_sites FOR EACH ROW BEGIN "
        "UPDATE geometry_columns_time SET last_update = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        "WHERE f_table_name = 'project_sites'; END;"
        "DROP INDEX audit_log_time; ALTER TABLE audit_log DROP COLUMN context; ALTER TABLE slides DROP COLUMN filters;"
        // No layer descriptions in the metadata (migration 4).
        "ALTER TABLE layer_metadata DROP COLUMN position; ALTER TABLE layer_metadata DROP COLUMN rules;"
        "ALTER TABLE layer_metadata DROP COLUMN township_expression;"
        "ALTER TABLE field_metadata DROP COLUMN position; ALTER TABLE field_metadata DROP COLUMN is_unique;"
        "ALTER TABLE field_metadata DROP COLUMN domain; ALTER TABLE field_metadata DROP COLUMN min_value;"
        "ALTER TABLE field_metadata DROP COLUMN max_value; ALTER TABLE field_metadata DROP COLUMN digits;"
        "ALTER TABLE field_metadata DROP COLUMN max_length; ALTER TABLE field_metadata DROP COLUMN ref;"
        "ALTER TABLE field_metadata DROP COLUMN default_value; ALTER TABLE field_metadata DROP COLUMN role;"
        "DELETE FROM schema_migrations WHERE version >= 2");
  }
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  EXPECT_THROW(ProjectStore::open(path), ReadOnlyError);
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  ProjectStore project = ProjectStore::open(path);
  EXPECT_EQ(schemaVersion(project.database()), kSchemaVersion);
  EXPECT_EQ(test::queryInt(path, triggers), 0);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM schema_migrations"), kSchemaVersion);
  EXPECT_GT(test::queryInt(path,
                           "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = "
                           "'zhenmap:project_sites:field:status'"),
            0);
  EXPECT_EQ(
      test::queryInt(path, "SELECT count(*) FROM pragma_table_info('audit_log') WHERE name IN ('hash', 'action')"), 2);
  // The layers are described by the file now, as the standard template describes them.
  ASSERT_EQ(project.layerSpecs().size(), standardLayers().size());
  for (std::size_t i = 0; i < standardLayers().size(); ++i) {
    const LayerSpec& want = standardLayers()[i];
    const LayerSpec& got = *project.layerSpecs()[i];
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.townshipExpression, want.townshipExpression) << want.name;
    EXPECT_EQ(tableChecks(got), tableChecks(want)) << want.name;
    ASSERT_EQ(got.fields.size(), want.fields.size()) << want.name;
    for (std::size_t f = 0; f < want.fields.size(); ++f) {
      const FieldSpec& a = got.fields[f];
      const FieldSpec& b = want.fields[f];
      EXPECT_EQ(a.name, b.name);
      EXPECT_EQ(a.type, b.type) << b.name;
      EXPECT_EQ(a.required, b.required) << b.name;
      EXPECT_EQ(a.unique, b.unique) << b.name;
      EXPECT_EQ(a.sensitive, b.sensitive) << b.name;
      EXPECT_EQ(a.oneOf, b.oneOf) << b.name;
      EXPECT_EQ(a.min, b.min) << b.name;
      EXPECT_EQ(a.max, b.max) << b.name;
      EXPECT_EQ(a.digits, b.digits) << b.name;
      EXPECT_EQ(a.maxLength, b.maxLength) << b.name;
      EXPECT_EQ(a.references, b.references) << b.name;
      EXPECT_EQ(a.role, b.role) << b.name;
    }
  }
  EXPECT_EQ(test::queryInt(path,
                           "SELECT count(*) FROM field_metadata WHERE layer = 'project_sites' AND field = "
                           "'status' AND json_extract(domain, '$[1].zh') = '已开工'"),
            1);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'context'"), 1);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM pragma_table_info('slides') WHERE name = 'filters'"), 1);
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log_time'"), 1);
}
