// Shared by the benchmark programs: a stopwatch, summary statistics of samples, peak resident
// memory, and a flat JSON object written to stdout (the runner reads one object per program run).
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace zhenmap::bench {

class Stopwatch {
 public:
  Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count(); }
  double millis() const { return seconds() * 1e3; }
  void restart() { m_start = std::chrono::steady_clock::now(); }

 private:
  std::chrono::steady_clock::time_point m_start;
};

struct Summary {
  double median = 0, p95 = 0, min = 0, max = 0;
  std::size_t count = 0;
};

inline Summary summarize(std::vector<double> v) {
  Summary s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.count = v.size();
  s.min = v.front();
  s.max = v.back();
  s.median = v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
  s.p95 = v[std::min(v.size() - 1, static_cast<std::size_t>(0.95 * static_cast<double>(v.size())))];
  return s;
}

// Peak resident set size of this process so far, in MiB (Linux reports ru_maxrss in KiB).
inline double peakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// A flat JSON object written to stdout as it grows (each figure flushed at once, so a run killed
// half-way still leaves the figures it had): numbers, strings, and number arrays. print() closes it.
class JsonOut {
 public:
  JsonOut() = default;
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  void number(const std::string& key, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    emit(key, buf);
  }
  void text(const std::string& key, const std::string& v) {
    std::string q = "\"";
    for (char c : v) {
      if (c == '"' || c == '\\') q += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) q += c;
    }
    emit(key, q + "\"");
  }
  void numbers(const std::string& key, const std::vector<double>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%.12g", i ? ", " : "", v[i]);
      s += buf;
    }
    emit(key, s + "]");
  }
  // key_median, key_p95, key_min, key_max
  void summary(const std::string& key, const Summary& s) {
    number(key + "_median", s.median);
    number(key + "_p95", s.p95);
    number(key + "_min", s.min);
    number(key + "_max", s.max);
  }
  void print() {
    std::printf("%s}\n", m_count ? "\n" : "{\n");
    std::fflush(stdout);
  }

 private:
  void emit(const std::string& key, const std::string& value) {
    std::printf("%s  \"%s\": %s", m_count++ ? ",\n" : "{\n", key.c_str(), value.c_str());
    std::fflush(stdout);
  }
  std::size_t m_count = 0;
};

}  // namespace zhenmap::bench
