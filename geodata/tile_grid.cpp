// Tile pyramids and the tiles a view needs; see tile_grid.hpp.
#include "tile_grid.hpp"

#include <algorithm>
#include <cmath>

#include "crs_transform.hpp"

namespace zhenmap {

namespace {
constexpr double kWebMercatorHalf = 20037508.342789244;

// Inverse of a level's geotransform: CRS position to (col, row).
Vec2 toPixel(const TileLevel& l, Vec2 p) {
  const double det = l.gt[1] * l.gt[5] - l.gt[2] * l.gt[4];
  const double dx = p.x - l.gt[0], dy = p.y - l.gt[3];
  return {(dx * l.gt[5] - dy * l.gt[2]) / det, (dy * l.gt[1] - dx * l.gt[4]) / det};
}
}  // namespace

bool TileGrid::valid(const TileId& t) const {
  if (t.z < minZoom || t.z >= static_cast<int>(levels.size())) return false;
  const TileLevel& l = levels[static_cast<std::size_t>(t.z)];
  return t.x >= 0 && t.y >= 0 && t.x < l.matrixWidth && t.y < l.matrixHeight;
}

PixelWindow TileGrid::window(const TileId& t) const {
  const TileLevel& l = levels.at(static_cast<std::size_t>(t.z));
  PixelWindow w;
  w.x0 = std::int64_t(t.x) * tileWidth;
  w.y0 = std::int64_t(t.y) * tileHeight;
  w.x1 = std::min(w.x0 + tileWidth, l.width);
  w.y1 = std::min(w.y0 + tileHeight, l.height);
  return w;
}

Vec2 TileGrid::toCrs(int z, double col, double row) const {
  const double* gt = levels.at(static_cast<std::size_t>(z)).gt;
  return {gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]};
}

Box TileGrid::tileBounds(const TileId& t) const {
  const PixelWindow w = window(t);
  Box b;
  for (const auto& [c, r] : {std::pair{w.x0, w.y0}, {w.x1, w.y0}, {w.x0, w.y1}, {w.x1, w.y1}}) {
    b.expand(toCrs(t.z, double(c), double(r)));
  }
  return b;
}

Box TileGrid::bounds() const {
  Box b;
  if (levels.empty()) return b;
  const int z = static_cast<int>(levels.size()) - 1;
  const TileLevel& l = levels.back();
  for (const auto& [c, r] :
       {std::pair{0.0, 0.0}, {double(l.width), 0.0}, {0.0, double(l.height)}, {double(l.width), double(l.height)}}) {
    b.expand(toCrs(z, c, r));
  }
  return b;
}

double TileGrid::resolution(int z) const {
  const double* gt = levels.at(static_cast<std::size_t>(z)).gt;
  return std::sqrt(std::abs(gt[1] * gt[5] - gt[2] * gt[4]));
}

TileGrid webMercatorGrid(int maxZoom, int minZoom) {
  TileGrid g;
  g.crs = "EPSG:3857";
  g.minZoom = minZoom;
  for (int z = 0; z <= maxZoom; ++z) {
    TileLevel l;
    l.identifier = std::to_string(z);
    const double res = 2 * kWebMercatorHalf / (256.0 * std::ldexp(1.0, z));
    const double gt[6] = {-kWebMercatorHalf, res, 0, kWebMercatorHalf, 0, -res};
    std::copy(gt, gt + 6, l.gt);
    l.matrixWidth = l.matrixHeight = 1 << z;
    l.width = l.height = std::int64_t(256) << z;
    g.levels.push_back(l);
  }
  return g;
}

TileGrid geographicGrid(const std::string& crs, int maxZoom, int minZoom) {
  TileGrid g;
  g.crs = crs;
  g.minZoom = std::max(minZoom, 1);
  for (int z = 0; z <= maxZoom; ++z) {
    TileLevel l;
    l.identifier = std::to_string(z);
    const double res = 1.40625 / std::ldexp(1.0, z);
    const double gt[6] = {-180.0, res, 0, 90.0, 0, -res};
    std::copy(gt, gt + 6, l.gt);
    l.matrixWidth = 1 << z;
    l.matrixHeight = z == 0 ? 1 : 1 << (z - 1);
    l.width = std::int64_t(256) << z;
    l.height = z == 0 ? 128 : std::int64_t(l.matrixHeight) * 256;
    g.levels.push_back(l);
  }
  return g;
}

namespace {
template <typename Transform>
GridView gridViewWith(const Box& mapView, double mapUnitsPerPixel, Transform&& toGrid) {
  GridView v;
  if (mapView.empty()) return v;
  constexpr int kSteps = 8;
  std::vector<Vec2> pts;
  for (int i = 0; i <= kSteps; ++i) {
    const double f = double(i) / kSteps;
    const double x = mapView.minX + f * mapView.width(), y = mapView.minY + f * mapView.height();
    pts.insert(pts.end(), {{x, mapView.minY}, {x, mapView.maxY}, {mapView.minX, y}, {mapView.maxX, y}});
  }
  const Vec2 c = mapView.center();
  const std::size_t firstCentre = pts.size();
  pts.insert(pts.end(), {c, {c.x + mapUnitsPerPixel, c.y}, {c.x, c.y + mapUnitsPerPixel}});
  toGrid(pts.data(), pts.size());
  for (std::size_t i = 0; i < firstCentre; ++i) {
    if (std::isfinite(pts[i].x) && std::isfinite(pts[i].y)) v.footprint.expand(pts[i]);
  }
  v.center = pts[firstCentre];
  const Vec2 a = pts[firstCentre], ex = pts[firstCentre + 1], ey = pts[firstCentre + 2];
  const double area = std::abs((ex.x - a.x) * (ey.y - a.y) - (ex.y - a.y) * (ey.x - a.x));
  v.unitsPerPixel = std::isfinite(area) ? std::sqrt(area) : 0.0;
  if (!std::isfinite(v.center.x) || !std::isfinite(v.center.y)) v.center = v.footprint.center();
  return v;
}
}  // namespace

GridView gridView(const Box& mapView, double mapUnitsPerPixel, const CrsTransform& mapToGrid) {
  return gridViewWith(mapView, mapUnitsPerPixel, [&](Vec2* p, std::size_t n) { mapToGrid.forward(p, n); });
}

GridView gridViewByInverse(const Box& mapView, double mapUnitsPerPixel, const CrsTransform& gridToMap) {
  return gridViewWith(mapView, mapUnitsPerPixel, [&](Vec2* p, std::size_t n) { gridToMap.inverse(p, n); });
}

int chooseLevel(const TileGrid& grid, double unitsPerPixel, double maxMagnify) {
  const int finest = static_cast<int>(grid.levels.size()) - 1;
  if (finest < 0) return -1;
  if (!(unitsPerPixel > 0)) return finest;
  for (int z = grid.minZoom; z <= finest; ++z) {
    if (grid.resolution(z) <= unitsPerPixel * maxMagnify) return z;
  }
  return finest;
}

std::vector<TileId> tilesInView(const TileGrid& grid, int z, const GridView& view) {
  std::vector<TileId> out;
  if (z < grid.minZoom || z >= static_cast<int>(grid.levels.size()) || view.footprint.empty()) return out;
  const TileLevel& l = grid.levels[static_cast<std::size_t>(z)];
  Box px;
  const Box& f = view.footprint;
  for (const Vec2 p : {Vec2{f.minX, f.minY}, Vec2{f.maxX, f.minY}, Vec2{f.minX, f.maxY}, Vec2{f.maxX, f.maxY}}) {
    px.expand(toPixel(l, p));
  }
  // A tile that only touches the view's edge is not needed: shrink by a hair.
  constexpr double kEps = 1e-6;
  const auto clampTile = [](double v, int n) { return std::clamp(static_cast<int>(std::floor(v)), 0, n - 1); };
  if (px.maxX <= 0 || px.maxY <= 0 || px.minX >= double(l.width) || px.minY >= double(l.height)) return out;
  const int c0 = clampTile((px.minX + kEps) / grid.tileWidth, l.matrixWidth);
  const int c1 = clampTile((px.maxX - kEps) / grid.tileWidth, l.matrixWidth);
  const int r0 = clampTile((px.minY + kEps) / grid.tileHeight, l.matrixHeight);
  const int r1 = clampTile((px.maxY - kEps) / grid.tileHeight, l.matrixHeight);
  const Vec2 cp = toPixel(l, view.center);
  std::vector<std::pair<double, TileId>> ranked;
  for (int r = r0; r <= r1; ++r) {
    for (int c = c0; c <= c1; ++c) {
      const double dx = (c + 0.5) * grid.tileWidth - cp.x, dy = (r + 0.5) * grid.tileHeight - cp.y;
      ranked.push_back({dx * dx + dy * dy, TileId{z, c, r}});
    }
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  });
  out.reserve(ranked.size());
  for (const auto& [d, t] : ranked) out.push_back(t);
  return out;
}

TileId ancestorAt(const TileGrid& grid, const TileId& t, int z) {
  if (z == t.z) return t;
  if (z < 0 || z >= static_cast<int>(grid.levels.size())) return {-1, 0, 0};
  const PixelWindow w = grid.window(t);
  const Vec2 c = grid.toCrs(t.z, 0.5 * double(w.x0 + w.x1), 0.5 * double(w.y0 + w.y1));
  const TileLevel& l = grid.levels[static_cast<std::size_t>(z)];
  const Vec2 p = toPixel(l, c);
  const TileId a{z, static_cast<int>(std::floor(p.x / grid.tileWidth)),
                 static_cast<int>(std::floor(p.y / grid.tileHeight))};
  return grid.valid(a) ? a : TileId{-1, 0, 0};
}

}  // namespace zhenmap
