// The target registry and the helpers of fuzz_target.hpp.
#include <cstdio>
#include <cstdlib>

#include "fuzz_target.hpp"

namespace zhenmap::fuzz {

namespace {
std::vector<Target>& registry() {
  static std::vector<Target> all;
  return all;
}
}  // namespace

void fail(const std::string& what) {
#if defined(ZHENMAP_FUZZ_LIBFUZZER)
  std::fprintf(stderr, "fuzz: broken promise: %s\n", what.c_str());
  std::abort();
#else
  throw InvariantBroken{what};
#endif
}

bool registerTarget(const char* name, EntryPoint entry) {
  registry().push_back({name, entry});
  return true;
}

const std::vector<Target>& targets() { return registry(); }

std::pair<std::string_view, std::string_view> splitOnce(std::string_view input, char sep) {
  const std::size_t at = input.find(sep);
  if (at == std::string_view::npos) return {input, {}};
  return {input.substr(0, at), input.substr(at + 1)};
}

bool validUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const std::uint32_t minimum = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace zhenmap::fuzz
