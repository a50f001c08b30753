// An independent implementation of the GCJ-02 and BD-09 forward formulas, written for the tests
// from the published description (the sine terms as a table, long double arithmetic) and not from
// geodata/china_offsets.cpp; plus a Newton solver for the inverse. Header-only: shared by the
// geodata and CLI tests that build phone-map fixtures.
#pragma once

#include <array>
#include <cmath>

namespace zhenmap::test::indep {

using R = long double;
inline const R kPi = 3.14159265358979323846264338327950288L;

// One term amp * sin(freq * pi * v) of the offset series; v is 0 for x, 1 for y.
struct SineTerm {
  R amp, freq;
  int var;
};
// The series of the published algorithm, grouped as it is printed, each group scaled by 2/3.
inline const std::array<SineTerm, 6> kLatTerms{
    {{20, 6, 0}, {20, 2, 0}, {20, 1, 1}, {40, 1.0L / 3, 1}, {160, 1.0L / 12, 1}, {320, 1.0L / 30, 1}}};
inline const std::array<SineTerm, 6> kLonTerms{
    {{20, 6, 0}, {20, 2, 0}, {20, 1, 0}, {40, 1.0L / 3, 0}, {150, 1.0L / 12, 0}, {300, 1.0L / 30, 0}}};

inline R series(const std::array<SineTerm, 6>& terms, R x, R y) {
  R sum = 0;
  for (const SineTerm& t : terms) sum += t.amp * std::sin(t.freq * kPi * (t.var == 0 ? x : y));
  return sum * 2 / 3;
}

inline bool inChinaBox(R lon, R lat) { return lon >= 72.004L && lon <= 137.8347L && lat >= 0.8293L && lat <= 55.8271L; }

// WGS84 lon/lat -> GCJ-02 lon/lat.
inline std::array<R, 2> toGcj(R lon, R lat) {
  if (!inChinaBox(lon, lat)) return {lon, lat};
  const R a = 6378245.0L, e2 = 0.00669342162296594323L;
  const R x = lon - 105, y = lat - 35;
  const R polyLat = -100 + 2 * x + 3 * y + R(0.2) * y * y + R(0.1) * x * y + R(0.2) * std::sqrt(std::fabs(x));
  const R polyLon = 300 + x + 2 * y + R(0.1) * x * x + R(0.1) * x * y + R(0.1) * std::sqrt(std::fabs(x));
  const R phi = lat * kPi / 180;
  const R w = 1 - e2 * std::sin(phi) * std::sin(phi);
  // Metres per radian along the meridian (M) and the parallel (N cos phi) on Krasovsky 1940.
  const R meridianRadius = a * (1 - e2) / (w * std::sqrt(w));
  const R normalRadius = a / std::sqrt(w);
  const R dLat = (polyLat + series(kLatTerms, x, y)) / (meridianRadius * kPi / 180);
  const R dLon = (polyLon + series(kLonTerms, x, y)) / (normalRadius * std::cos(phi) * kPi / 180);
  return {lon + dLon, lat + dLat};
}

// GCJ-02 -> BD-09.
inline std::array<R, 2> gcjToBd(R lon, R lat) {
  const R k = kPi * 3000 / 180;
  const R r = std::hypot(lon, lat) + R(2e-5) * std::sin(lat * k);
  const R t = std::atan2(lat, lon) + R(3e-6) * std::cos(lon * k);
  return {r * std::cos(t) + R(0.0065), r * std::sin(t) + R(0.006)};
}

inline std::array<R, 2> toBd(R lon, R lat) {
  const auto g = toGcj(lon, lat);
  return gcjToBd(g[0], g[1]);
}

// Newton's method on f(p) - target with a central-difference Jacobian.
template <class F>
std::array<R, 2> solve(F f, R lon, R lat) {
  R x = lon, y = lat;
  for (int i = 0; i < 20; ++i) {
    const auto v = f(x, y);
    const R rx = v[0] - lon, ry = v[1] - lat;
    if (std::fabs(rx) < 1e-14L && std::fabs(ry) < 1e-14L) break;
    const R h = 1e-7L;
    const auto fx1 = f(x + h, y), fx0 = f(x - h, y), fy1 = f(x, y + h), fy0 = f(x, y - h);
    const R j11 = (fx1[0] - fx0[0]) / (2 * h), j21 = (fx1[1] - fx0[1]) / (2 * h);
    const R j12 = (fy1[0] - fy0[0]) / (2 * h), j22 = (fy1[1] - fy0[1]) / (2 * h);
    const R det = j11 * j22 - j12 * j21;
    x -= (j22 * rx - j12 * ry) / det;
    y -= (-j21 * rx + j11 * ry) / det;
  }
  return {x, y};
}

// Metres between two lon/lat points (spherical; a fraction of a percent at these sizes).
inline double metres(double lon1, double lat1, double lon2, double lat2) {
  const double k = 3.14159265358979323846 / 180.0;
  const double dx = (lon1 - lon2) * k * std::cos((lat1 + lat2) * 0.5 * k), dy = (lat1 - lat2) * k;
  return 6371008.8 * std::hypot(dx, dy);
}

}  // namespace zhenmap::test::indep
