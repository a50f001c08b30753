// Files the program ships, found beside the binary; see resources.hpp.
#include "resources.hpp"

#include <filesystem>

namespace zhenmap {

namespace fs = std::filesystem;

std::string executableDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

std::string resourceDir() {
  const std::string exe = executableDir();
  if (exe.empty()) return {};
  std::error_code ec;
  const fs::path dir = fs::weakly_canonical(fs::path(exe) / ".." / "share" / "zhenmap", ec);
  return !ec && fs::is_directory(dir, ec) ? dir.string() : std::string();
}

std::string jieyangDataDir() {
  const std::string res = resourceDir();
  if (res.empty()) return {};
  std::error_code ec;
  const fs::path dir = fs::path(res) / "data" / "jieyang";
  return fs::is_directory(dir, ec) ? dir.string() : std::string();
}

}  // namespace zhenmap
