// The coordinates of Chinese phone maps: GCJ-02 (Amap/高德, Tencent/腾讯, Google's China map) and
// BD-09 (Baidu/百度), which PROJ does not know. Forward (from WGS84) with the published closed-form
// formulas; backward by iterating the forward formulas until the round trip agrees to 1e-9°
// (about 0.1 mm), so a round trip stays far below 1 m.
//
// WGS84 and CGCS2000 (EPSG:4490) lon/lat are treated as the same here: the two frames differ by a
// few centimetres in China, far below what GCJ-02's own definition resolves. Outside the usual
// bounding box of China (lon 72.004..137.8347, lat 0.8293..55.8271) GCJ-02 equals WGS84 (no
// offset is applied), as the phone maps do; BD-09's own shift is applied everywhere.
#pragma once

#include <ogr_api.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "geometry.hpp"

namespace zhenmap::offsets {

// The lon/lat system a coordinate was read in. Wgs84 and Cgcs2000 are the same numbers.
enum class LonLatSystem : std::uint8_t { Wgs84, Cgcs2000, Gcj02, Bd09 };

// "wgs84", "cgcs2000", "gcj02", "bd09" (case-insensitive; also "gcj-02", "bd-09", "4326", "4490").
std::optional<LonLatSystem> parseLonLatSystem(std::string_view name);
const char* lonLatSystemName(LonLatSystem s);  // "wgs84", "cgcs2000", "gcj02", "bd09"

// True outside the bounding box where GCJ-02 shifts coordinates.
bool outsideChina(double lon, double lat);

// Points are (lon, lat) in degrees.
Vec2 wgs84ToGcj02(Vec2 p);
Vec2 gcj02ToWgs84(Vec2 p);  // iterative inverse
Vec2 gcj02ToBd09(Vec2 p);
Vec2 bd09ToGcj02(Vec2 p);  // iterative inverse
Vec2 wgs84ToBd09(Vec2 p);
Vec2 bd09ToWgs84(Vec2 p);

// From any system to WGS84/CGCS2000, and back.
Vec2 toWgs84(Vec2 p, LonLatSystem from);
Vec2 fromWgs84(Vec2 p, LonLatSystem to);

// Every vertex of an OGR geometry (lon/lat, any type, curves included) from one system to
// another, in place. Z and M are kept. The geometry's spatial reference is left as it was.
void convertGeometry(OGRGeometryH geometry, LonLatSystem from, LonLatSystem to);

}  // namespace zhenmap::offsets
