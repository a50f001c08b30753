// Golden-image render test runner. One folder per case:
//   args       arguments of `zhenmap render`, one per line ("# " starts a comment, "@CASE@" = the case folder, "@DEMO@" = the demo project, "@DATA@" = the repo's data/ folder),
//              without --out;
//   tolerance  "threshold N" (max per-channel difference of a matching pixel) and
//              "fraction F" (allowed fraction of differing pixels);
//   expected.png
// The runner renders with the real binary (DISPLAY unset), compares, and on failure writes
// actual.png and diff.png into the case folder. With --update (or ZHENMAP_UPDATE_GOLDEN=1) it
// overwrites expected.png instead: look at the new images before committing them.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "image.hpp"
#include "image_diff.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace zhenmap;

namespace {
struct Tolerance {
  int threshold = 16;
  double fraction = 0.001;
};

Tolerance readTolerance(const fs::path& file) {
  Tolerance t;
  std::ifstream in(file);
  std::string key;
  while (in >> key) {
    if (key == "threshold") in >> t.threshold;
    else if (key == "fraction") in >> t.fraction;
    else throw std::runtime_error("unknown tolerance key '" + key + "' in " + file.string());
  }
  return t;
}

std::vector<std::string> readArgs(const fs::path& file, const std::string& caseDir) {
  std::vector<std::string> args;
  std::ifstream in(file);
  if (!in) throw std::runtime_error("missing " + file.string());
  std::string line;
  const std::string data = test::dataDir().string();
  while (std::getline(in, line)) {
    if (line.empty() || line.rfind("# ", 0) == 0) continue;  // "# " starts a comment; "#ffffff" is a colour
    for (std::size_t at; (at = line.find("@DATA@")) != std::string::npos;) line.replace(at, 6, data);
    for (std::size_t at; (at = line.find("@CASE@")) != std::string::npos;) line.replace(at, 6, caseDir);
    for (std::size_t at; (at = line.find("@DEMO@")) != std::string::npos;) {
      const char* demo = std::getenv("ZHENMAP_TEST_DEMO");
      if (!demo) throw std::runtime_error("@DEMO@ needs ZHENMAP_TEST_DEMO (set by ctest)");
      line.replace(at, 6, demo);
    }
    args.push_back(line);
  }
  return args;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: golden_runner CASE_DIR [--update]\n");
    return 2;
  }
  const fs::path dir = argv[1];
  const char* env = std::getenv("ZHENMAP_UPDATE_GOLDEN");
  const bool update = (argc > 2 && std::string(argv[2]) == "--update") || (env && std::string(env) == "1");
  try {
    const Tolerance tol = readTolerance(dir / "tolerance");
    test::TempDir tmp;
    const fs::path rendered = tmp / "actual.png";
    std::vector<std::string> args{"render"};
    for (std::string& a : readArgs(dir / "args", fs::absolute(dir).string())) args.push_back(std::move(a));
    args.insert(args.end(), {"--out", rendered.string()});
    const test::RunResult r = test::runZhenmap(args);
    if (r.exitCode != 0) {
      std::fprintf(stderr, "FAIL %s: zhenmap render exited %d (signal %d)\n%s", dir.c_str(), r.exitCode, r.signal,
                   r.err.c_str());
      return 1;
    }
    if (update) {
      fs::copy_file(rendered, dir / "expected.png", fs::copy_options::overwrite_existing);
      std::printf("UPDATED %s/expected.png: look at it before committing\n", dir.c_str());
      return 0;
    }
    const Image expected = readPng(dir / "expected.png");
    const Image actual = readPng(rendered);
    const ImageDiff d = compareImages(expected, actual, tol.threshold);
    const bool ok = d.sameSize && d.fraction() <= tol.fraction;
    std::printf("%s %s: %zu of %zu pixels differ (%.5f, allowed %.5f), max channel delta %d\n", ok ? "PASS" : "FAIL",
                dir.filename().c_str(), d.differing, d.total, d.fraction(), tol.fraction, d.maxChannelDelta);
    fs::remove(dir / "actual.png");
    fs::remove(dir / "diff.png");
    if (!ok) {
      fs::copy_file(rendered, dir / "actual.png", fs::copy_options::overwrite_existing);
      if (d.sameSize) writePng(diffImage(expected, actual, tol.threshold), (dir / "diff.png").string());
      else std::printf("size differs: expected %dx%d, got %dx%d\n", expected.width, expected.height, actual.width, actual.height);
      std::printf("wrote %s/actual.png and diff.png\n", dir.c_str());
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FAIL %s: %s\n", dir.c_str(), e.what());
    return 1;
  }
}
