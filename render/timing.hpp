// Start-up timing marks: with ZHENMAP_TIMING set, each mark prints one line on stderr,
// "timing: STAGE at T ms (+D ms)", T counted from process start (the kernel's start time of the
// process, so that dynamic loading counts too), D since the previous mark. Without the variable a
// mark costs one getenv, read once. bench/bench_startup.sh reads these lines.
#pragma once

namespace zhenmap {

void timingMark(const char* stage);

}  // namespace zhenmap
