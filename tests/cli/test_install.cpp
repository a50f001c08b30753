// The binary stands on its own: no source path compiled into it, and `cmake --install` into a
// fresh prefix gives a zhenmap that finds its data and demo beside itself and runs from `/`.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

// The shipped (optimised) binary: AddressSanitizer's instrumentation writes each global's source
// file into the binary whatever the prefix maps say, so a sanitizer build does not build this test.
#if !defined(ZHENMAP_SANITIZED)
TEST(Install, TheBinaryCarriesNoSourcePath) {
  const std::string binary = test::readFile(test::zhenmapBinary());
  ASSERT_GT(binary.size(), 1000000u);
  const std::string source = fs::canonical(test::sourceDir()).string();
  EXPECT_EQ(binary.find(source), std::string::npos) << "the binary names " << source;
}
#endif

TEST(Install, TheInstalledBinaryRunsFromTheRootFolder) {
  test::TempDir dir;
  const fs::path prefix = dir / "prefix";
  const fs::path build = fs::path(test::zhenmapBinary()).parent_path().parent_path();
  const test::RunResult install =
      test::run({"/usr/bin/cmake", "--install", build.string(), "--prefix", prefix.string()}, {}, {}, 300);
  ASSERT_EQ(install.exitCode, 0) << install.out << install.err;
  const fs::path installed = prefix / "bin" / "zhenmap";
  ASSERT_TRUE(fs::exists(installed));
  ASSERT_TRUE(fs::exists(prefix / "share" / "zhenmap" / "demo" / "jieyang_demo.sqlite"));
  // From `/`, with the source and build folders out of reach by name: the demo it installed,
  // drawn headless, and a data file of its own data folder listed.
  const std::string png = (dir / "demo.png").string();
  const test::RunResult render = test::run(
      {"/bin/sh", "-c",
       "cd / && \"$0\" render \"$1\" --out \"$2\" --size 320x200 && \"$0\" info \"$3\"", installed.string(),
       (prefix / "share" / "zhenmap" / "demo" / "jieyang_demo.sqlite").string(), png,
       (prefix / "share" / "zhenmap" / "data" / "jieyang" / "jieyang_counties.geojson").string()},
      {}, {{"DISPLAY", "\x01unset"}});
  ASSERT_EQ(render.exitCode, 0) << render.err;
  EXPECT_GT(fs::file_size(png), 1000u);
  EXPECT_NE(render.out.find("layer jieyang_counties"), std::string::npos) << render.out;
}
