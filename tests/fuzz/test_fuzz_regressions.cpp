// Every fuzz harness of fuzz/, compiled with the project's compiler, fed each input that once
// made it crash, hang or leak (tests/fuzz_regressions/<name>/, kept forever) and its seeds
// (fuzz/seeds/<name>/): they must pass the harness's checks, quickly.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "support/fuzz_target.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> targetNames() {
  std::vector<std::string> names;
  for (const auto& t : zhenmap::fuzz::targets()) names.push_back(t.name);
  std::sort(names.begin(), names.end());
  return names;
}

zhenmap::fuzz::EntryPoint entryOf(const std::string& name) {
  for (const auto& t : zhenmap::fuzz::targets()) {
    if (t.name == name) return t.entry;
  }
  return nullptr;
}

std::vector<fs::path> inputsOf(const std::string& name) {
  std::vector<fs::path> files;
  for (const fs::path& dir : {zhenmap::test::sourceDir() / "tests" / "fuzz_regressions" / name,
                              zhenmap::test::sourceDir() / "fuzz" / "seeds" / name}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, SavedInputsPass) {
  const zhenmap::fuzz::EntryPoint entry = entryOf(GetParam());
  ASSERT_NE(entry, nullptr);
  const std::vector<fs::path> inputs = inputsOf(GetParam());
  EXPECT_FALSE(inputs.empty()) << "no seeds for " << GetParam() << " under fuzz/seeds/" << GetParam();
  for (const fs::path& file : inputs) {
    const std::string bytes = zhenmap::test::readFile(file);
    const auto start = std::chrono::steady_clock::now();
    try {
      entry(bytes);
    } catch (const zhenmap::fuzz::InvariantBroken& e) {
      ADD_FAILURE() << file << ": " << e.what;
    } catch (const std::exception& e) {
      ADD_FAILURE() << file << ": unexpected exception: " << e.what();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 5.0) << file << " took " << seconds << " s";
  }
}

INSTANTIATE_TEST_SUITE_P(Harnesses, FuzzRegression, ::testing::ValuesIn(targetNames()),
                         [](const auto& p) { return p.param; });

// A folder of inputs whose harness was renamed or removed would silently stop being tested.
TEST(FuzzRegressionFolders, EachNamesAHarness) {
  for (const char* root : {"tests/fuzz_regressions", "fuzz/seeds"}) {
    for (const auto& e : fs::directory_iterator(zhenmap::test::sourceDir() / root)) {
      if (!e.is_directory()) continue;
      EXPECT_NE(entryOf(e.path().filename().string()), nullptr)
          << e.path() << " has no harness fuzz/" << e.path().filename().string() << ".cpp";
    }
  }
}

}  // namespace
