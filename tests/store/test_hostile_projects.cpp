// A project file received from elsewhere runs nothing it carries (store/schema_guard.hpp). The
// hostile files are a real project changed with the sqlite3 program; each trigger, view, check or
// default is first shown to do its harm in sqlite3 with SpatiaLite loaded (so the test would
// catch it running), then zhenmap must refuse the file with a clear error, leave every byte of it
// as it was, and never run what it carries. Files without such code still open and edit.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "store/meeting_store.hpp"
#include "store/schema_guard.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

// SpatiaLite registers its file functions (BlobToFile, ImportSHP, ...) only when asked to; the
// tests ask, in the programs they run and in this process.
const std::map<std::string, std::string> kRelaxed = {{"SPATIALITE_SECURITY", "relaxed"}};
struct RelaxedSpatiaLite {
  RelaxedSpatiaLite() { setenv("SPATIALITE_SECURITY", "relaxed", 1); }
  ~RelaxedSpatiaLite() { unsetenv("SPATIALITE_SECURITY"); }
};

test::RunResult sqlite3(const std::string& path, const std::string& sql, bool withSpatiaLite = false) {
  const std::string load = withSpatiaLite ? "SELECT load_extension('mod_spatialite');" : "";
  return test::run({"/usr/bin/sqlite3", "-bail", path, load + sql}, {}, kRelaxed);
}

struct Hostile {
  const char* name;
  const char* ddl;      // @OUT@: a file the code would write
  const char* trigger;  // SQL that makes it run in sqlite3 (with SpatiaLite, relaxed)
  // SQLite does not even parse CHECK constraints on a read-only connection: there they cannot run,
  // and only opening the file for writing refuses it.
  bool refusedReadOnly = true;
};

const Hostile kHostile[] = {
    {"TriggerWritesAFile",
     "CREATE TRIGGER sneaky AFTER UPDATE ON project_sites BEGIN SELECT BlobToFile(x'41', '@OUT@'); END",
     "UPDATE project_sites SET name = name WHERE id = 1"},
    {"TriggerAttachesAFile",
     "CREATE TRIGGER sneaky BEFORE UPDATE OF status ON project_sites BEGIN "
     "SELECT eval('ATTACH ''@OUT@'' AS x; CREATE TABLE x.t(a)'); END",
     "UPDATE project_sites SET status = status WHERE id = 1"},
    {"TriggerLoadsAnExtension",
     "CREATE TRIGGER sneaky AFTER INSERT ON bookmarks BEGIN SELECT load_extension('@OUT@'); END", ""},
    {"TriggerDropsALayer",
     "CREATE TRIGGER sneaky AFTER DELETE ON scenic_routes BEGIN SELECT DropGeoTable('households'); END", ""},
    {"ViewWritesAFile", "CREATE VIEW sneaky AS SELECT BlobToFile(x'41', '@OUT@') AS a", "SELECT * FROM sneaky"},
    {"CheckWritesAFile", "CREATE TABLE sneaky (a CHECK (BlobToFile(x'41', '@OUT@')))", "INSERT INTO sneaky VALUES (1)",
     false},
    {"DefaultWritesAFile", "CREATE TABLE sneaky (a DEFAULT (BlobToFile(x'41', '@OUT@')), b)",
     "INSERT INTO sneaky (b) VALUES (1)"},
};

std::string replaceOut(std::string s, const std::string& out) {
  for (std::size_t at = s.find("@OUT@"); at != std::string::npos; at = s.find("@OUT@")) s.replace(at, 5, out);
  return s;
}

class HostileProject : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileProject, IsRefusedUnchangedAndRunsNothing) {
  const Hostile& h = GetParam();
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const std::string out = (dir / "written_by_the_file").string();
  ASSERT_EQ(sqlite3(path, replaceOut(h.ddl, out) + ";", true).exitCode, 0);  // a CHECK needs its function

  if (*h.trigger) {  // the code does run where nothing stops it: sqlite3 with SpatiaLite, on a copy
    const std::string copy = (dir / "copy.sqlite").string();
    fs::copy_file(path, copy);
    sqlite3(copy, std::string(h.trigger) + ";", true);
    EXPECT_TRUE(fs::exists(out)) << h.name << " did nothing in sqlite3: the test would not see it run";
    fs::remove_all(out);
  }

  const std::string before = test::readFile(path);
  const RelaxedSpatiaLite relaxed;
  // The store API, read-write and read-only.
  for (store::OpenMode mode : {store::OpenMode::ReadWrite, store::OpenMode::ReadOnly}) {
    if (mode == store::OpenMode::ReadOnly && !h.refusedReadOnly) continue;
    try {
      store::ProjectStore project = store::ProjectStore::open(path, mode);
      ADD_FAILURE() << h.name << ": opened";
    } catch (const store::UntrustedFileError& e) {
      EXPECT_NE(std::string(e.what()).find("does not run"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("sneaky"), std::string::npos) << "names the culprit: " << e.what();
    }
  }
  // The command line, with SpatiaLite's file functions registered.
  const std::vector<std::vector<std::string>> commands = {
      {"info", path},
      {"stats", path},
      {"render", path, "--out", (dir / "map.png").string(), "--size", "200x150"},
      {"edit", path, "--layer", "project_sites", "--id", "1", "--set", "status=completed"},
  };
  for (const auto& args : commands) {
    if (!h.refusedReadOnly && args[0] != "edit") continue;  // info, stats, render read only
    std::vector<std::string> argv = {test::zhenmapBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    const test::RunResult r = test::run(argv, {}, kRelaxed);
    SCOPED_TRACE(args[0]);
    EXPECT_EQ(r.exitCode, 2) << r.out << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_NE(r.err.find("does not run"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(out)) << "the file's code ran";
  EXPECT_FALSE(fs::exists(dir / "map.png"));
  EXPECT_TRUE(test::readFile(path) == before) << "the file was changed";
}

INSTANTIATE_TEST_SUITE_P(Kinds, HostileProject, ::testing::ValuesIn(kHostile),
                         [](const auto& p) { return std::string(p.param.name); });

// A trigger of the kind the store itself uses (an audit row, functions SQLite marks innocuous)
// is no reason to refuse a file, and runs.
TEST(HostileProjectGuard, InnocuousTriggersStillRun) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ASSERT_EQ(sqlite3(path,
                    "CREATE TRIGGER audit_like AFTER UPDATE OF status ON project_sites BEGIN "
                    "INSERT INTO audit_log (layer, feature_id, field, old_value, new_value, new_version, user, time) "
                    "VALUES ('project_sites', NEW.id, 'status', OLD.status, upper(NEW.status), NEW.version, 'trigger', "
                    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')); END")
                .exitCode,
            0);
  const test::RunResult r = test::runZhenmap(
      {"edit", path, "--layer", "project_sites", "--id", "1", "--set", "status=completed", "--user", "li"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(test::queryInt(path, "SELECT count(*) FROM audit_log WHERE user = 'trigger' AND new_value = 'COMPLETED'"),
            1);
}

// Virtual tables that read other files (SpatiaLite's VirtualText, VirtualShape, ...) stay closed.
TEST(HostileProjectGuard, VirtualTablesReadingOtherFilesStayClosed) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  const std::string secret = (dir / "secret.csv").string();
  test::writeFile(secret, "name\nsecret-content\n");
  ASSERT_EQ(sqlite3(path, "CREATE VIRTUAL TABLE leak USING VirtualText('" + secret + "', 'UTF-8', 1);", true).exitCode,
            0);
  const test::RunResult control = sqlite3(path, "SELECT * FROM leak;", true);
  ASSERT_NE(control.out.find("secret-content"), std::string::npos) << "sqlite3 reads it: " << control.out;
  store::Database db(path, store::OpenMode::ReadOnly);
  try {
    store::Statement s = db.prepare("SELECT * FROM leak");
    ADD_FAILURE() << "the virtual table opened";
  } catch (const store::SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("no such module"), std::string::npos) << e.what();
  }
}

// load_extension stays off once SpatiaLite is loaded; fts3_tokenizer cannot be given a pointer.
TEST(HostileProjectGuard, ExtensionLoadingStaysOff) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  store::Database db(path, store::OpenMode::ReadWrite);
  int enabled = -1;
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &enabled);
  EXPECT_EQ(enabled, 0);
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, -1, &enabled);
  EXPECT_EQ(enabled, 0);
  EXPECT_THROW(db.exec("SELECT load_extension('mod_spatialite')"), store::SqliteError);
  EXPECT_THROW(db.exec("ATTACH '" + (dir / "other.sqlite").string() + "' AS other"), store::SqliteError);
  EXPECT_FALSE(fs::exists(dir / "other.sqlite"));
}

}  // namespace
