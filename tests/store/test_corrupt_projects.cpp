// Corrupt project files: truncated, from a newer zhenmap, a layer table without its geometry
// column, a value larger than the store reads. Each gives one clear `error:` line and exit 2 from
// `zhenmap info`, `stats`, `render` and `edit`, an error from the store API, and the file keeps
// every byte. The files are a real project broken with the sqlite3 program.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "store/schema_guard.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

test::RunResult sqlite3(const std::string& path, const std::string& sql) {
  return test::run({"/usr/bin/sqlite3", "-bail", path, sql});
}

// Runs the commands with `env`, expecting exit 2 and one error line containing `expected` from
// each (from `edit` only when onlyWhereRead: the others may not read the broken part at all; they
// must still not crash and not change the file).
void expectRefusedUnchanged(const test::TempDir& dir, const std::string& path, const std::string& expected,
                            const std::map<std::string, std::string>& env = {}, bool onlyWhereRead = false) {
  const std::string before = test::readFile(path);
  const std::vector<std::vector<std::string>> commands = {
      {"info", path},
      {"stats", path},
      {"render", path, "--out", (dir / "map.png").string(), "--size", "200x150"},
      {"edit", path, "--layer", "project_sites", "--id", "1", "--set", "status=completed"},
  };
  for (const auto& args : commands) {
    std::vector<std::string> argv = {test::zhenmapBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    const test::RunResult r = test::run(argv, {}, env);
    SCOPED_TRACE(args[0]);
    EXPECT_EQ(r.signal, 0);
    if (onlyWhereRead && args[0] != "edit") {
      EXPECT_TRUE(r.exitCode == 0 || r.exitCode == 2) << r.exitCode << r.err;
      if (r.exitCode == 0) continue;
    }
    EXPECT_EQ(r.exitCode, 2) << r.out << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  }
  for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
  EXPECT_THROW(store::ProjectStore::open(path, store::OpenMode::ReadWrite).readFeature("project_sites", 1), DataError);
  for (const auto& [name, value] : env) unsetenv(name.c_str());
  EXPECT_TRUE(test::readFile(path) == before) << "the file was changed";
}

TEST(CorruptProject, Truncated) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const std::string whole = test::readFile(path);
  for (std::size_t size : {whole.size() / 2, std::size_t{4096} * 3, std::size_t{1000}}) {
    SCOPED_TRACE(size);
    test::writeFile(path, whole.substr(0, size));
    expectRefusedUnchanged(dir, path, path);
  }
}

TEST(CorruptProject, NewerSchemaVersion) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(sqlite3(path, "INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01');").exitCode, 0);
  expectRefusedUnchanged(dir, path, "newer than this zhenmap");
}

TEST(CorruptProject, LayerTableWithoutGeometry) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(sqlite3(path,
                    "PRAGMA foreign_keys = OFF; BEGIN; DROP TABLE project_sites; "
                    "CREATE TABLE project_sites (id INTEGER PRIMARY KEY, version INTEGER, name TEXT, programme TEXT, "
                    "status TEXT, township_code TEXT, village_code TEXT, budget_wan REAL, funds_raised_wan REAL, "
                    "team_id INTEGER, start_date TEXT, completion_date TEXT, notes TEXT); "
                    "INSERT INTO project_sites (id, version, name, status) VALUES (1, 1, 'x', 'started'); COMMIT;")
                .exitCode,
            0);
  expectRefusedUnchanged(dir, path, "geom");
}

// SQLite itself stops at 1,000,000,000 bytes a value; the store reads at most maxValueBytes()
// (256 MiB), lowered here so that the test file stays small: the same code path as a 2 GB value.
TEST(CorruptProject, ValueLargerThanTheStoreReads) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const std::map<std::string, std::string> env = {{"ZHENMAP_MAX_VALUE_BYTES", "65536"}};
  // The file does not keep to its own CHECK (notes up to 2000 characters) either.
  ASSERT_EQ(sqlite3(path,
                    "PRAGMA ignore_check_constraints = ON; "
                    "UPDATE project_sites SET notes = hex(zeroblob(32768)) || 'x' WHERE id = 1;")
                .exitCode,
            0);
  ASSERT_EQ(test::queryInt(path, "SELECT length(notes) FROM project_sites WHERE id = 1"), 65537);
  expectRefusedUnchanged(dir, path, "too big", env, true);
}

}  // namespace
