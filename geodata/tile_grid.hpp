// Tile pyramids: the levels of a tile service (XYZ, TMS, a WMTS tile matrix set) or of a local
// raster with its overviews, described the same way, and which tiles a map view needs.
// Levels are ordered coarsest first (z = index), like XYZ zoom levels. Each level is a grid of
// pixels placed by a GDAL-style geotransform in the grid's CRS, cut into tiles of tileWidth x
// tileHeight pixels from its top-left corner. Pure CPU code, any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

class CrsTransform;

struct TileId {
  int z = 0;
  int x = 0;  // column, from the left
  int y = 0;  // row, from the top
  friend bool operator==(const TileId&, const TileId&) = default;
  friend auto operator<=>(const TileId&, const TileId&) = default;
};

struct TileIdHash {
  std::size_t operator()(const TileId& t) const {
    return std::hash<std::uint64_t>()((std::uint64_t(std::uint32_t(t.z)) << 58) ^
                                      (std::uint64_t(std::uint32_t(t.x)) << 29) ^ std::uint64_t(std::uint32_t(t.y)));
  }
};

struct TileLevel {
  std::string identifier;  // WMTS TileMatrix identifier; XYZ and rasters: the zoom number
  // GDAL geotransform of the level's pixel grid: x = gt[0] + col*gt[1] + row*gt[2],
  // y = gt[3] + col*gt[4] + row*gt[5] (pixel corners, in the grid CRS's east/north order).
  double gt[6] = {0, 1, 0, 0, 0, -1};
  std::int64_t width = 0;  // pixels of the whole level
  std::int64_t height = 0;
  int matrixWidth = 0;  // tiles across and down
  int matrixHeight = 0;
};

// A tile's pixels in its level: columns x0..x1, rows y0..y1 (ends exclusive).
struct PixelWindow {
  std::int64_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::int64_t width() const { return x1 - x0; }
  std::int64_t height() const { return y1 - y0; }
};

struct TileGrid {
  std::string crs;  // anything PROJ accepts ("EPSG:3857", WKT)
  int tileWidth = 256;
  int tileHeight = 256;
  std::vector<TileLevel> levels;  // coarsest first
  int minZoom = 0;                // coarser levels are never requested (services that start at 1)

  bool valid(const TileId& t) const;
  PixelWindow window(const TileId& t) const;  // clipped to the level's size
  // A level's pixel position (corner convention) in the grid CRS.
  Vec2 toCrs(int z, double col, double row) const;
  Box tileBounds(const TileId& t) const;
  Box bounds() const;  // the whole grid (finest level) in the grid CRS
  // Grid CRS units per pixel of level z (the square root of the geotransform's determinant).
  double resolution(int z) const;
};

// XYZ tiles on EPSG:3857 ("GoogleMapsCompatible"): level z is 2^z x 2^z tiles of 256 pixels.
TileGrid webMercatorGrid(int maxZoom = 18, int minZoom = 0);
// Lon/lat tiles of the kind Tianditu's "c" matrix set uses (EPSG:4490): level z is 2^z x
// 2^(z-1) tiles, 1.40625 / 2^z degrees per pixel; level 0 is a placeholder never requested.
TileGrid geographicGrid(const std::string& crs, int maxZoom = 18, int minZoom = 1);

// What a map view covers, expressed in a grid's CRS.
struct GridView {
  Box footprint;             // the view's box in the grid CRS (empty when nothing transforms)
  Vec2 center;               // the view centre in the grid CRS
  double unitsPerPixel = 0;  // grid units per screen pixel at the centre
};

// The view (map box, map units per pixel) in the grid's CRS: the box edges are sampled and
// transformed (a box in one CRS is a curved shape in another). mapToGrid goes from the map CRS to
// the grid's CRS.
GridView gridView(const Box& mapView, double mapUnitsPerPixel, const CrsTransform& mapToGrid);
// The same with the transformation the other way round (grid to map, used inversely), so one
// PROJ operation serves both the view and the tiles' meshes.
GridView gridViewByInverse(const Box& mapView, double mapUnitsPerPixel, const CrsTransform& gridToMap);

// The level a view draws: the coarsest whose pixels are at most `maxMagnify` times the screen
// pixel (so tiles are never blown up more than that), clamped to [minZoom, finest].
int chooseLevel(const TileGrid& grid, double unitsPerPixel, double maxMagnify = 1.25);

// The tiles of level z that meet the footprint, nearest the view centre first.
std::vector<TileId> tilesInView(const TileGrid& grid, int z, const GridView& view);

// The tile of level z under the centre of tile `t` (t itself when z == t.z); for nested levels
// (XYZ, power-of-two overviews) the tile holding t.
TileId ancestorAt(const TileGrid& grid, const TileId& t, int z);

}  // namespace zhenmap
