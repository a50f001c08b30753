// Helpers shared by the tests: a temporary directory per test, running the zhenmap binary (or any
// program) and capturing its output, and paths into the source tree.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace zhenmap::test {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

struct RunResult {
  int exitCode = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs argv[0] with the arguments (no shell), stdin from `input`, optional extra environment
// (a value of "\x01unset" removes the variable). Waits at most timeoutSeconds, then kills.
RunResult run(const std::vector<std::string>& argv, const std::string& input = {},
              const std::map<std::string, std::string>& env = {}, int timeoutSeconds = 120);

// Runs the built zhenmap binary with the arguments and DISPLAY unset.
RunResult runZhenmap(const std::vector<std::string>& args, const std::string& input = {});

std::filesystem::path sourceDir();
std::filesystem::path dataDir();  // sourceDir()/data
std::string zhenmapBinary();
std::string readFile(const std::filesystem::path& p);
void writeFile(const std::filesystem::path& p, const std::string& content);

}  // namespace zhenmap::test
