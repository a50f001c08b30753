// One fuzz target per file in fuzz/: `ZHENMAP_FUZZ_TARGET(name) { ... }` defines the entry point
// that gets every input as bytes. The same file is compiled twice:
//  - with clang and libFuzzer (ZHENMAP_FUZZ_LIBFUZZER, `./dev.sh fuzz`): the body becomes
//    LLVMFuzzerTestOneInput of the executable fuzz_<name>;
//  - with the project's compiler into zhenmap_fuzz_regression_tests: the body is registered under
//    its name and fed every file of tests/fuzz_regressions/<name>/ and fuzz/seeds/<name>/.
// A body calls the parser, accepts the parser's documented errors (a clear message for the user)
// and checks what must hold; check() and unexpected() report a broken promise: libFuzzer saves the
// input as a crash, the regression test fails naming the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zhenmap::fuzz {

using EntryPoint = void (*)(std::string_view input);

struct Target {
  std::string name;
  EntryPoint entry;
};

// A promise of the code under test was broken. Deliberately not a std::exception, so that a
// harness catching the parser's std::exception-derived errors never swallows it.
struct InvariantBroken {
  std::string what;
};

// Abort (libFuzzer) or throw InvariantBroken (regression test) with the message.
[[noreturn]] void fail(const std::string& what);
inline void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

// Every target compiled into this program (the regression test; one in a libFuzzer build).
bool registerTarget(const char* name, EntryPoint entry);
const std::vector<Target>& targets();

// Input bytes as text and a few helpers harnesses share.
inline std::string text(std::string_view input) { return std::string(input); }
// Splits the input at the first occurrence of `sep` (whole input and "" when absent).
std::pair<std::string_view, std::string_view> splitOnce(std::string_view input, char sep);
// True when `s` is valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF); written here
// independently of the decoders under test.
bool validUtf8(std::string_view s);

}  // namespace zhenmap::fuzz

#define ZHENMAP_FUZZ_CONCAT2(a, b) a##b
#define ZHENMAP_FUZZ_CONCAT(a, b) ZHENMAP_FUZZ_CONCAT2(a, b)

#if defined(ZHENMAP_FUZZ_LIBFUZZER)
#define ZHENMAP_FUZZ_TARGET(name)                                                                         \
  static void ZHENMAP_FUZZ_CONCAT(zhenmapFuzz_, name)(std::string_view input);                            \
  static const bool ZHENMAP_FUZZ_CONCAT(zhenmapFuzzRegistered_, name) =                                   \
      ::zhenmap::fuzz::registerTarget(#name, &ZHENMAP_FUZZ_CONCAT(zhenmapFuzz_, name));                   \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {                     \
    (void)ZHENMAP_FUZZ_CONCAT(zhenmapFuzzRegistered_, name);                                              \
    ZHENMAP_FUZZ_CONCAT(zhenmapFuzz_, name)(std::string_view(reinterpret_cast<const char*>(data), size)); \
    return 0;                                                                                             \
  }                                                                                                       \
  static void ZHENMAP_FUZZ_CONCAT(zhenmapFuzz_, name)(std::string_view input)
#else
#define ZHENMAP_FUZZ_TARGET(name)                                                       \
  static void ZHENMAP_FUZZ_CONCAT(zhenmapFuzz_, name)(std::string_view input);          \
  static const bool ZHENMAP_FUZZ_CONCAT(zhenmapFuzzRegistered_, name) =                 \
      ::zhenmap::fuzz::registerTarget(#name, &ZHENMAP_FUZZ_CONCAT(zhenmapFuzz_, name)); \
  static void ZHENMAP_FUZZ_CONCAT(zhenmapFuzz_, name)(std::string_view input)
#endif
