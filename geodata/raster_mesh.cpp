// Reprojection meshes; see raster_mesh.hpp.
#include "raster_mesh.hpp"

#include <algorithm>
#include <cmath>

#include "crs_transform.hpp"

namespace zhenmap {

namespace {

bool finite(Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// The points of a (n+1) x (n+1) grid over the tile, transformed to the map CRS.
std::vector<Vec2> sample(const TileGrid& grid, const TileId& t, const CrsTransform& gridToMap, int n) {
  const PixelWindow w = grid.window(t);
  std::vector<Vec2> pts;
  pts.reserve(std::size_t(n + 1) * std::size_t(n + 1));
  for (int j = 0; j <= n; ++j) {
    const double row = double(w.y0) + double(w.height()) * j / n;
    for (int i = 0; i <= n; ++i) {
      const double col = double(w.x0) + double(w.width()) * i / n;
      pts.push_back(grid.toCrs(t.z, col, row));
    }
  }
  gridToMap.forward(pts.data(), pts.size());
  return pts;
}

// How far the triangles of the n-cell mesh stray from the truth, measured on the 2n grid `fine`
// (whose even points are the mesh): edge midpoints against the mean of their ends, cell centres
// against the mean of the diagonal's ends (the centre lies on the diagonal both triangles share).
double meshError(const std::vector<Vec2>& fine, int n) {
  const int m = 2 * n + 1;
  auto at = [&](int i, int j) { return fine[std::size_t(j) * std::size_t(m) + std::size_t(i)]; };
  double err = 0;
  auto check = [&](Vec2 truth, Vec2 a, Vec2 b) {
    if (!finite(truth) || !finite(a) || !finite(b)) return;
    err = std::max(err, std::hypot(truth.x - 0.5 * (a.x + b.x), truth.y - 0.5 * (a.y + b.y)));
  };
  for (int j = 0; j < m; ++j) {
    for (int i = 0; i < m; ++i) {
      const bool oddI = i % 2, oddJ = j % 2;
      if (oddI && !oddJ) check(at(i, j), at(i - 1, j), at(i + 1, j));
      if (!oddI && oddJ) check(at(i, j), at(i, j - 1), at(i, j + 1));
      if (oddI && oddJ) check(at(i, j), at(i - 1, j - 1), at(i + 1, j + 1));
    }
  }
  return err;
}

}  // namespace

TileMesh buildTileMesh(const TileGrid& grid, const TileId& t, const CrsTransform& gridToMap, double tolerance,
                       int maxCells) {
  TileMesh mesh;
  mesh.tolerance = tolerance;
  int n = 1;
  std::vector<Vec2> coarse = sample(grid, t, gridToMap, n);
  while (true) {
    std::vector<Vec2> fine = sample(grid, t, gridToMap, 2 * n);
    mesh.maxError = gridToMap.identity() ? 0.0 : meshError(fine, n);
    if (mesh.maxError <= tolerance || n >= maxCells) break;
    n *= 2;
    coarse = std::move(fine);
  }
  mesh.cells = n;
  mesh.position = std::move(coarse);
  mesh.uv.reserve(mesh.position.size());
  for (int j = 0; j <= n; ++j) {
    for (int i = 0; i <= n; ++i) mesh.uv.push_back({double(i) / n, double(j) / n});
  }
  return mesh;
}

std::vector<unsigned> meshIndices(const TileMesh& mesh) {
  std::vector<unsigned> idx;
  const unsigned n = unsigned(mesh.cells), m = n + 1;
  idx.reserve(std::size_t(n) * n * 6);
  for (unsigned j = 0; j < n; ++j) {
    for (unsigned i = 0; i < n; ++i) {
      const unsigned a = j * m + i, b = a + 1, c = a + m, d = c + 1;
      if (!finite(mesh.position[a]) || !finite(mesh.position[b]) || !finite(mesh.position[c]) ||
          !finite(mesh.position[d])) {
        continue;
      }
      idx.insert(idx.end(), {a, b, d, a, d, c});
    }
  }
  return idx;
}

}  // namespace zhenmap
