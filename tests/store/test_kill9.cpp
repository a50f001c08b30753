// kill -9 at random moments of a commit, for real: a child process commits 2,000 cells in one
// transaction and is SIGKILLed after a random delay; the file must then hold all of the commit or
// none of it (cells, versions and audit rows agree), and pass SQLite's integrity check.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "demo/random.hpp"
#include "store_test_support.hpp"

using namespace zhenmap;
using namespace zhenmap::store;
using zhenmap::demo::SplitMix64;

namespace {

constexpr int kRows = 2000;

// Child: buffer kRows edits, tell the parent, commit, exit. Never returns.
[[noreturn]] void childCommit(const std::string& path, int iteration, int readyFd) {
  try {
    ProjectStore project = ProjectStore::open(path);
    EditSession buffer(project);
    for (int id = 1; id <= kRows; ++id) {
      buffer.setValue({"project_sites", id, "notes"}, Value{"iteration " + std::to_string(iteration)});
    }
    const char ready = 'r';
    if (write(readyFd, &ready, 1) != 1) _exit(3);
    buffer.commit({"child", "kill test"});
  } catch (...) {
    _exit(2);
  }
  _exit(0);
}

struct Outcome {
  std::int64_t notesSet;
  std::int64_t auditRows;
  std::int64_t minVersion;
  std::int64_t maxVersion;
};

Outcome inspect(const std::string& path, int iteration) {
  Database db(path, OpenMode::ReadWrite);
  Statement check = db.prepare("PRAGMA integrity_check");
  EXPECT_TRUE(check.step());
  EXPECT_EQ(check.getText(0), "ok");
  const std::string value = "iteration " + std::to_string(iteration);
  Statement s = db.prepare(
      "SELECT (SELECT count(*) FROM project_sites WHERE notes = ?1), "
      "(SELECT count(*) FROM audit_log WHERE new_value = ?1), min(version), max(version) FROM project_sites");
  s.bind(1, value);
  EXPECT_TRUE(s.step());
  return {s.getInt(0), s.getInt(1), s.getInt(2), s.getInt(3)};
}

}  // namespace

TEST(StoreKill9, CommitIsAllOrNothingWhenKilledAtRandomMoments) {
  test::TempDir dir;
  const std::string path = (dir / "kill.sqlite").string();
  {
    ProjectStore project = ProjectStore::create(path);
    test::loadFixture(
        project.database(),
        "INSERT INTO townships (code, name, county_code, kind, geom) VALUES ('445222111', '金和镇', '445222', '镇', "
        "CastToMultiPolygon(GeomFromText('POLYGON((116 23, 117 23, 117 24, 116 24, 116 23))', 4490)));"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
        "INSERT INTO project_sites (id, name, programme, status, township_code, geom) "
        "SELECT i, 'site ' || i, 'county_library', 'planned', '445222111', MakePoint(116.5, 23.5, 4490) FROM n");
  }
  SplitMix64 rng(20240617);
  std::int64_t version = 1;
  // The first runs commit undisturbed to time a commit; later commits are faster (warm caches), so
  // the shortest one sets the window the kills are drawn from.
  constexpr int kCalibration = 3;
  double commitSeconds = 1e9;
  int committed = 0, rolledBack = 0, killed = 0;
  const int iterations = 40;
  for (int it = 1; it <= iterations; ++it) {
    int pipeFds[2];
    ASSERT_EQ(pipe(pipeFds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(pipeFds[0]);
      childCommit(path, it, pipeFds[1]);
    }
    close(pipeFds[1]);
    char ready = 0;
    const bool gotReady = read(pipeFds[0], &ready, 1) == 1;
    close(pipeFds[0]);
    const auto start = std::chrono::steady_clock::now();
    if (it > kCalibration && gotReady) {
      // Random moment from the start of the commit to a little after its usual end.
      std::this_thread::sleep_for(std::chrono::duration<double>(rng.uniform(0.0, 1.1 * commitSeconds)));
      kill(pid, SIGKILL);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    if (it <= kCalibration) {
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "calibration run failed";
      commitSeconds =
          std::min(commitSeconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    if (WIFSIGNALED(status)) ++killed;
    const Outcome o = inspect(path, it);
    ASSERT_EQ(o.minVersion, o.maxVersion) << "iteration " << it << ": rows at different versions";
    if (o.notesSet == kRows) {
      ++committed;
      ++version;
      EXPECT_EQ(o.auditRows, kRows) << "iteration " << it;
    } else {
      ++rolledBack;
      EXPECT_EQ(o.notesSet, 0) << "iteration " << it << ": partial commit";
      EXPECT_EQ(o.auditRows, 0) << "iteration " << it;
    }
    ASSERT_EQ(o.maxVersion, version) << "iteration " << it;
  }
  std::printf("kill -9 test: %d iterations, commit of %d cells takes ~%.0f ms; %d killed; %d all, %d none\n",
              iterations, kRows, commitSeconds * 1000, killed, committed, rolledBack);
  EXPECT_GE(killed, (iterations - kCalibration) / 3);  // the kills really landed during commits
  EXPECT_GE(committed, 2);                             // kills landed after the commit point...
  EXPECT_GE(rolledBack, 1);                            // ...and before it
  EXPECT_EQ(test::queryInt(path, "SELECT CheckSpatialIndex('project_sites', 'geom')"), 1);
}
