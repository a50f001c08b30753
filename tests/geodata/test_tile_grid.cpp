// Tile pyramids and URL templates: the tiles a view needs, checked against the published XYZ and
// lon/lat tile formulas written out here independently; level choice; the presets' URLs; WMTS
// capabilities read into grids; the reprojection mesh's accuracy.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "crs_transform.hpp"
#include "raster_mesh.hpp"
#include "tile_grid.hpp"
#include "tile_source.hpp"
#include "wmts_capabilities.hpp"

using namespace zhenmap;

namespace {
constexpr double kPi = 3.14159265358979323846;

// The slippy-map formulas: the XYZ tile holding a lon/lat at zoom z.
std::pair<int, int> xyzTile(double lon, double lat, int z) {
  const double n = std::ldexp(1.0, z);
  const double r = lat * kPi / 180;
  return {int(std::floor((lon + 180) / 360 * n)), int(std::floor((1 - std::asinh(std::tan(r)) / kPi) / 2 * n))};
}
}  // namespace

TEST(TileGrid, WebMercatorViewNeedsTheTilesTheXyzFormulaGives) {
  const TileGrid g = webMercatorGrid(18);
  const CrsTransform mapToGrid("EPSG:4490", "EPSG:3857");
  // A lon/lat map view around Jieyang; the grid is Web Mercator.
  const Box view{116.30, 23.50, 116.45, 23.60};
  const GridView v = gridView(view, 0.15 / 1024, mapToGrid);
  const int z = 13;
  std::set<std::pair<int, int>> expected;
  const auto [x0, y0] = xyzTile(view.minX, view.maxY, z);
  const auto [x1, y1] = xyzTile(view.maxX, view.minY, z);
  for (int x = x0; x <= x1; ++x) {
    for (int y = y0; y <= y1; ++y) expected.insert({x, y});
  }
  std::set<std::pair<int, int>> got;
  for (const TileId& t : tilesInView(g, z, v)) got.insert({t.x, t.y});
  EXPECT_EQ(got, expected);
  // Nearest the view's centre first.
  const std::vector<TileId> order = tilesInView(g, z, v);
  const auto centre = xyzTile(view.center().x, view.center().y, z);
  EXPECT_EQ(std::make_pair(order.front().x, order.front().y), centre);
}

TEST(TileGrid, LevelIsTheCoarsestNotMagnifiedMoreThanAQuarter) {
  const TileGrid g = webMercatorGrid(18);
  const double res12 = g.resolution(12);
  EXPECT_NEAR(g.resolution(0), 156543.03392804097, 1e-6);
  EXPECT_EQ(chooseLevel(g, res12), 12);
  EXPECT_EQ(chooseLevel(g, res12 / 1.2), 12);  // magnified 1.2 times: still 12
  EXPECT_EQ(chooseLevel(g, res12 / 1.3), 13);
  EXPECT_EQ(chooseLevel(g, res12 * 1.5), 12);  // minified: 11 would be magnified 1.33 times
  EXPECT_EQ(chooseLevel(g, 1e-9), 18);
  EXPECT_EQ(chooseLevel(webMercatorGrid(18, 1), 1e9), 1);
}

TEST(TileGrid, TiandituLonLatGridHoldsJieyangWhereTheFormulaSays) {
  const TileGrid g = geographicGrid("EPSG:4490");
  EXPECT_EQ(g.levels[1].matrixWidth, 2);
  EXPECT_EQ(g.levels[1].matrixHeight, 1);
  EXPECT_DOUBLE_EQ(g.resolution(1), 0.703125);
  const CrsTransform same("EPSG:4490", "EPSG:4490");
  const double lon = 116.37, lat = 23.55;
  const GridView v = gridView({lon - 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4}, 1e-5, same);
  const std::vector<TileId> tiles = tilesInView(g, 12, v);
  ASSERT_EQ(tiles.size(), 1u);
  const double tileDeg = 360.0 / std::ldexp(1.0, 12);  // 2^z tiles across 360 degrees
  EXPECT_EQ(tiles[0].x, int(std::floor((lon + 180) / tileDeg)));
  EXPECT_EQ(tiles[0].y, int(std::floor((90 - lat) / tileDeg)));
}

TEST(TileGrid, AncestorsNest) {
  const TileGrid g = webMercatorGrid(18);
  EXPECT_EQ(ancestorAt(g, {14, 13371, 7000}, 12), (TileId{12, 3342, 1750}));
  EXPECT_EQ(ancestorAt(g, {14, 13371, 7000}, 14), (TileId{14, 13371, 7000}));
}

TEST(TileSource, TemplatesAndPresetsExpand) {
  std::vector<TileServiceSpec> s = basemapSources("https://{s}.tiles.example/{z}/{x}/{-y}.png");
  ASSERT_EQ(s.size(), 1u);
  s[0].subdomains = {"a", "b"};
  EXPECT_EQ(tileUrl(s[0], {3, 2, 1}), "https://b.tiles.example/3/2/6.png");
  EXPECT_EQ(s[0].grid.crs, "EPSG:3857");

  std::vector<TileServiceSpec> t = presetSources("tianditu-img");
  ASSERT_EQ(t.size(), 2u);  // imagery and its annotation
  EXPECT_EQ(t[0].name, "tianditu-img-w");
  EXPECT_EQ(t[1].name, "tianditu-cia-w");
  EXPECT_EQ(t[0].keyName, "tianditu");
  t[0].key = "SECRET";
  const std::string url = tileUrl(t[0], {12, 3342, 1750});
  EXPECT_NE(url.find("LAYER=img&STYLE=default&TILEMATRIXSET=w"), std::string::npos) << url;
  EXPECT_NE(url.find("TILEMATRIX=12&TILEROW=1750&TILECOL=3342&tk=SECRET"), std::string::npos) << url;
  EXPECT_EQ(redactedTemplate(t[0]).find("SECRET"), std::string::npos);
  const std::vector<TileServiceSpec> c = presetSources("tianditu-vec-c");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].grid.crs, "EPSG:4490");
  EXPECT_EQ(c[1].layer, "cva");
  EXPECT_FALSE(presetSources("osm").front().seedingAllowed);

  // A key written into a template is taken out of it: names and metadata never carry it.
  const std::vector<TileServiceSpec> k = basemapSources("http://127.0.0.1:9/key/{z}/{x}/{y}.png?tk=abc123");
  EXPECT_EQ(k[0].key, "abc123");
  EXPECT_EQ(k[0].urlTemplate.find("abc123"), std::string::npos);
  EXPECT_EQ(k[0].name.find("abc123"), std::string::npos);
  EXPECT_NE(tileUrl(k[0], {1, 0, 0}).find("tk=abc123"), std::string::npos);
  EXPECT_THROW(basemapSources("nonsense"), std::invalid_argument);
}

TEST(Wmts, CapabilitiesBecomeGridsInTheirAxisOrder) {
  const std::string xml = R"(<?xml version="1.0"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1"
    xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0.0">
 <ows:OperationsMetadata><ows:Operation name="GetTile"><ows:DCP><ows:HTTP>
  <ows:Get xlink:href="http://127.0.0.1:9/wmts?"><ows:Constraint name="GetEncoding"><ows:AllowedValues>
   <ows:Value>KVP</ows:Value></ows:AllowedValues></ows:Constraint></ows:Get></ows:HTTP></ows:DCP></ows:Operation>
 </ows:OperationsMetadata>
 <Contents>
  <Layer><ows:Title>影像</ows:Title><ows:Identifier>img</ows:Identifier>
   <Style isDefault="true"><ows:Identifier>default</ows:Identifier></Style>
   <Format>image/jpeg</Format>
   <TileMatrixSetLink><TileMatrixSet>geo</TileMatrixSet></TileMatrixSetLink>
   <TileMatrixSetLink><TileMatrixSet>web</TileMatrixSet></TileMatrixSetLink>
   <ResourceURL format="image/jpeg" resourceType="tile"
     template="http://127.0.0.1:9/img/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.jpg"/>
  </Layer>
  <TileMatrixSet><ows:Identifier>geo</ows:Identifier><ows:SupportedCRS>urn:ogc:def:crs:EPSG::4326</ows:SupportedCRS>
   <TileMatrix><ows:Identifier>0</ows:Identifier><ScaleDenominator>279541132.0143589</ScaleDenominator>
    <TopLeftCorner>90 -180</TopLeftCorner><TileWidth>256</TileWidth><TileHeight>256</TileHeight>
    <MatrixWidth>2</MatrixWidth><MatrixHeight>1</MatrixHeight></TileMatrix>
  </TileMatrixSet>
  <TileMatrixSet><ows:Identifier>web</ows:Identifier><ows:SupportedCRS>urn:ogc:def:crs:EPSG:6.18.3:3857</ows:SupportedCRS>
   <TileMatrix><ows:Identifier>z1</ows:Identifier><ScaleDenominator>279541132.0143589</ScaleDenominator>
    <TopLeftCorner>-20037508.3427892 20037508.3427892</TopLeftCorner><TileWidth>256</TileWidth>
    <TileHeight>256</TileHeight><MatrixWidth>2</MatrixWidth><MatrixHeight>2</MatrixHeight></TileMatrix>
   <TileMatrix><ows:Identifier>z0</ows:Identifier><ScaleDenominator>559082264.0287178</ScaleDenominator>
    <TopLeftCorner>-20037508.3427892 20037508.3427892</TopLeftCorner><TileWidth>256</TileWidth>
    <TileHeight>256</TileHeight><MatrixWidth>1</MatrixWidth><MatrixHeight>1</MatrixHeight></TileMatrix>
  </TileMatrixSet>
 </Contents>
</Capabilities>)";
  const WmtsCapabilities caps = parseWmtsCapabilities(xml);
  ASSERT_EQ(caps.layers.size(), 1u);
  ASSERT_EQ(caps.matrixSets.size(), 2u);
  const TileGrid& geo = caps.matrixSets[0].grid;
  EXPECT_EQ(geo.crs, "EPSG:4326");
  EXPECT_DOUBLE_EQ(geo.levels[0].gt[0], -180.0);  // latitude first in the document, east first here
  EXPECT_DOUBLE_EQ(geo.levels[0].gt[3], 90.0);
  EXPECT_NEAR(geo.resolution(0), 0.703125, 1e-6);
  const TileGrid& web = caps.matrixSets[1].grid;
  EXPECT_EQ(web.crs, "EPSG:3857");
  ASSERT_EQ(web.levels.size(), 2u);
  EXPECT_EQ(web.levels[0].identifier, "z0");  // coarsest first whatever the document's order
  EXPECT_NEAR(web.resolution(0), 156543.0339, 1e-3);
  TileServiceSpec spec = wmtsSource(caps, "img", "web");
  EXPECT_EQ(tileUrl(spec, {1, 1, 0}), "http://127.0.0.1:9/img/web/z1/0/1.jpg");
  WmtsCapabilities kvp = caps;
  kvp.layers[0].resourceTemplate.clear();
  spec = wmtsSource(kvp, "img", "geo");
  EXPECT_EQ(tileUrl(spec, {0, 1, 0}),
            "http://127.0.0.1:9/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&"
            "TILEMATRIXSET=geo&TILEMATRIX=0&TILEROW=0&TILECOL=1&FORMAT=image/jpeg");
  EXPECT_THROW(parseWmtsCapabilities("<html><body>no</body></html>"), std::runtime_error);
  EXPECT_THROW(wmtsSource(caps, "nope"), std::invalid_argument);
}

TEST(RasterMesh, GaussKruegerTileIsWithinHalfAPixelOfProj) {
  // A 256-pixel tile of 100 m pixels (25.6 km) in CGCS2000 3-degree GK zone 39 (EPSG:4527,
  // northing first in its definition), drawn on Web Mercator: PROJ's truth against the mesh.
  TileGrid g;
  g.crs = "EPSG:4527";
  TileLevel l;
  const double gt[6] = {39420000, 100, 0, 2630000, 0, -100};
  std::copy(gt, gt + 6, l.gt);
  l.width = l.height = 256;
  l.matrixWidth = l.matrixHeight = 1;
  g.levels.push_back(l);
  const CrsTransform toMap("EPSG:4527", "EPSG:3857");
  // Drawn 100 times magnified (a coarse tile standing in): half a 1 m screen pixel.
  const double tolerance = 0.5;
  const TileMesh mesh = buildTileMesh(g, {0, 0, 0}, toMap, tolerance);
  EXPECT_GT(mesh.cells, 1);
  EXPECT_LE(mesh.maxError, tolerance);
  // Random points of the tile: the mesh's triangles against PROJ.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  const int n = mesh.cells;
  double worst = 0;
  for (int i = 0; i < 2000; ++i) {
    const double fx = u(rng), fy = u(rng);
    const Vec2 truth = toMap.forward(Vec2{gt[0] + fx * 25600, gt[3] - fy * 25600});
    const int ci = std::min(int(fx * n), n - 1), cj = std::min(int(fy * n), n - 1);
    const double s = fx * n - ci, t = fy * n - cj;
    auto P = [&](int a, int b) { return mesh.position[std::size_t((cj + b) * (n + 1) + ci + a)]; };
    // The triangles split each cell along its top-left to bottom-right diagonal.
    Vec2 p;
    if (s >= t) {
      p = {P(0, 0).x + s * (P(1, 0).x - P(0, 0).x) + t * (P(1, 1).x - P(1, 0).x),
           P(0, 0).y + s * (P(1, 0).y - P(0, 0).y) + t * (P(1, 1).y - P(1, 0).y)};
    } else {
      p = {P(0, 0).x + t * (P(0, 1).x - P(0, 0).x) + s * (P(1, 1).x - P(0, 1).x),
           P(0, 0).y + t * (P(0, 1).y - P(0, 0).y) + s * (P(1, 1).y - P(0, 1).y)};
    }
    worst = std::max(worst, std::hypot(p.x - truth.x, p.y - truth.y));
  }
  std::printf("GK tile on Web Mercator: %d x %d cells, worst error %.3f m for a %.1f m tolerance\n", n, n, worst,
              tolerance);
  EXPECT_LT(worst, tolerance * 1.05);
  // Seen at its own resolution (half of 100 m), far fewer cells do; a finer view needs more.
  EXPECT_LT(buildTileMesh(g, {0, 0, 0}, toMap, 50).cells, n);
  EXPECT_GT(buildTileMesh(g, {0, 0, 0}, toMap, 0.05).cells, n);
  // No reprojection: one cell.
  EXPECT_EQ(buildTileMesh(g, {0, 0, 0}, CrsTransform("EPSG:4527", "EPSG:4527"), 0.01).cells, 1);
}
