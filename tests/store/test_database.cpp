// The SQLite RAII layer: move semantics, transactions that roll back unless committed, typed errors.
#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store_test_support.hpp"
#include "test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;

namespace {

std::int64_t count(Database& db, const std::string& table) {
  Statement s = db.prepare("SELECT count(*) FROM " + table);
  EXPECT_TRUE(s.step());
  return s.getInt(0);
}

}  // namespace

TEST(StoreDatabase, TransactionRollsBackUnlessCommitted) {
  test::TempDir dir;
  Database db((dir / "t.sqlite").string(), OpenMode::Create);
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction tx(db);
    db.exec("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(count(db, "t"), 0);
  {
    Transaction tx(db);
    db.exec("INSERT INTO t VALUES (2)");
    tx.commit();
  }
  EXPECT_EQ(count(db, "t"), 1);
}

TEST(StoreDatabase, MoveAssignmentClosesTheOldConnectionAndKeepsTheNewOne) {
  test::TempDir dir;
  Database a((dir / "a.sqlite").string(), OpenMode::Create);
  a.exec("CREATE TABLE ta (x)");
  Database b((dir / "b.sqlite").string(), OpenMode::Create);
  b.exec("CREATE TABLE tb (x)");
  // Hold a write lock on a; if move-assignment leaked a's connection the lock would stay.
  a.exec("BEGIN IMMEDIATE");
  a = std::move(b);
  EXPECT_EQ(b.handle(), nullptr);
  EXPECT_EQ(count(a, "tb"), 0);
  Database again((dir / "a.sqlite").string(), OpenMode::ReadWrite, 100);
  EXPECT_NO_THROW(again.exec("BEGIN IMMEDIATE; INSERT INTO ta VALUES (1); COMMIT"));
  Statement s = a.prepare("SELECT 1");
  Statement moved = std::move(s);
  EXPECT_TRUE(moved.step());
}

TEST(StoreDatabase, SpatiaLiteIsLoaded) {
  test::TempDir dir;
  Database db((dir / "s.sqlite").string(), OpenMode::Create);
  Statement s = db.prepare("SELECT ST_AsText(MakePoint(116.5, 23.5))");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.getText(0), "POINT(116.5 23.5)");
}

TEST(StoreDatabase, MissingFileIsAnOpenErrorAndBadSqlASqliteError) {
  test::TempDir dir;
  EXPECT_THROW(Database((dir / "missing.sqlite").string(), OpenMode::ReadWrite), OpenError);
  Database db((dir / "x.sqlite").string(), OpenMode::Create);
  try {
    db.exec("SELEC nonsense");
    FAIL() << "no exception";
  } catch (const SqliteError& e) {
    EXPECT_EQ(e.code() & 0xff, SQLITE_ERROR);
    EXPECT_NE(std::string(e.what()).find("x.sqlite"), std::string::npos);
  }
}

TEST(StoreDatabase, ValuesRoundTripWithTheirTypes) {
  test::TempDir dir;
  Database db((dir / "v.sqlite").string(), OpenMode::Create);
  Statement s = db.prepare("SELECT ?, ?, ?, ?");
  s.bind(1, Value{std::int64_t{42}}).bind(2, Value{2.5}).bind(3, Value{std::string("揭阳")}).bind(4, Value{});
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.getValue(0), Value{std::int64_t{42}});
  EXPECT_EQ(s.getValue(1), Value{2.5});
  EXPECT_EQ(s.getValue(2), Value{std::string("揭阳")});
  EXPECT_TRUE(isNull(s.getValue(3)));
}

// A commit keeps its prepared statements for the next one (issue 24) and the journal file between
// commits (journal_mode=PERSIST). Neither may get in another program's way: once the commit
// returns, sqlite3 takes an exclusive lock at once (a kept statement left mid-read would hold a
// shared lock), the kept journal's header is zero (not a hot journal to roll back), and the file
// passes sqlite3's integrity check with the new values; the next commit reuses the statements.
TEST(StoreDatabase, ACommitLeavesNoLockAndAJournalThatIsNotHot) {
  test::TempDir dir;
  const std::string path = test::makeSmallProject(dir);
  ProjectStore project = ProjectStore::open(path);
  for (const std::string note : {"第一次", "第二次"}) {
    EditSession session(project);
    session.setText({"project_sites", 1, "notes"}, note);
    session.setText({"households", 2, "measures"}, note + "帮扶");
    session.commit({"planner1", "check locks"});
    const test::RunResult locked = test::run({"/usr/bin/sqlite3", path, "PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE; COMMIT;"});
    EXPECT_EQ(locked.exitCode, 0) << locked.err;
    const std::string journal = test::readFile(path + "-journal");
    ASSERT_GE(journal.size(), 28u);
    EXPECT_EQ(journal.substr(0, 28), std::string(28, '\0'));
    const test::RunResult read = test::run(
        {"/usr/bin/sqlite3", path, "PRAGMA integrity_check; SELECT notes FROM project_sites WHERE id = 1; "
                          "SELECT measures FROM households WHERE id = 2;"});
    EXPECT_EQ(read.exitCode, 0) << read.err;
    EXPECT_EQ(read.out, "ok\n" + note + "\n" + note + "帮扶\n");
  }
}
