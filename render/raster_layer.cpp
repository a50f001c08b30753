// Raster layers drawn as reprojected textured meshes; see raster_layer.hpp.
#include "raster_layer.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "crs_transform.hpp"
#include "raster_mesh.hpp"
#include "shader_program.hpp"

namespace zhenmap {

namespace {
using Clock = std::chrono::steady_clock;
// A tile that failed is asked for again after this long (the loader already retried it).
constexpr auto kRetryFailedAfter = std::chrono::seconds(30);
}  // namespace

struct RasterLayer::GpuTile {
  gl::Texture texture;
  gl::VertexArray vao;
  gl::Buffer vbo;
  gl::Buffer ibo;
  GLsizei indexCount = 0;
  Vec2 origin;
  double tolerance = 0;  // the mesh's, map units
  std::uint64_t lastFrame = 0;
  bool opaque = false;  // every pixel opaque: drawn without blending at full opacity
};

RasterLayer::RasterLayer(std::shared_ptr<TileLoader> loader, const std::string& mapCrs)
    : m_loader(std::move(loader)),
      m_mapCrs(mapCrs),
      m_gridToMap(std::make_unique<CrsTransform>(m_loader->grid().crs, mapCrs)) {}

RasterLayer::~RasterLayer() = default;

Box RasterLayer::mapExtent() const {
  const Box b = m_loader->grid().bounds();
  Box out;
  constexpr int kSteps = 16;
  std::vector<Vec2> pts;
  for (int i = 0; i <= kSteps; ++i) {
    const double f = double(i) / kSteps;
    const double x = b.minX + f * b.width(), y = b.minY + f * b.height();
    pts.insert(pts.end(), {{x, b.minY}, {x, b.maxY}, {b.minX, y}, {b.maxX, y}});
  }
  m_gridToMap->forward(pts.data(), pts.size());
  for (const Vec2& p : pts) {
    if (std::isfinite(p.x) && std::isfinite(p.y)) out.expand(p);
  }
  return out;
}

bool RasterLayer::takeResults() {
  std::vector<TileResult> results = m_loader->takeResults();
  for (TileResult& r : results) {
    switch (r.status) {
      case TileResult::Status::Ok:
        m_arrived[r.id] = {std::move(r.image)};
        m_failed.erase(r.id);
        break;
      case TileResult::Status::Missing:
        m_missing[r.id] = r.error;
        break;
      case TileResult::Status::Failed:
        m_failed[r.id] = {r.error, Clock::now()};
        break;
    }
  }
  // Arrivals the view no longer needs are kept for a while, not without bound.
  if (m_arrived.size() > 256) {
    const std::set<TileId> needed(m_needed.begin(), m_needed.end());
    for (auto it = m_arrived.begin(); it != m_arrived.end();)
      it = needed.count(it->first) ? std::next(it) : m_arrived.erase(it);
  }
  return !results.empty();
}

bool RasterLayer::update(const Camera& camera) {
  const bool arrived = takeResults();
  const std::vector<TileId> before = std::move(m_needed);
  const TileGrid& grid = m_loader->grid();
  const GridView view = gridViewByInverse(camera.visibleExtent(), camera.unitsPerPixel(), *m_gridToMap);
  const int z = chooseLevel(grid, view.unitsPerPixel);
  m_needed = z >= 0 ? tilesInView(grid, z, view) : std::vector<TileId>{};
  std::vector<TileId> want;
  const auto now = Clock::now();
  for (const TileId& t : m_needed) {
    if (m_gpu.count(t) || m_arrived.count(t) || m_missing.count(t)) continue;
    if (auto f = m_failed.find(t); f != m_failed.end() && now - f->second.second < kRetryFailedAfter) continue;
    want.push_back(t);
  }
  m_loader->want(want);
  return arrived || before != m_needed;
}

RasterViewState RasterLayer::viewState() const {
  RasterViewState s;
  s.needed = m_needed.size();
  std::string missingError;
  for (const TileId& t : m_needed) {
    if (m_gpu.count(t) || m_arrived.count(t)) {
      ++s.ready;
    } else if (auto m = m_missing.find(t); m != m_missing.end()) {
      ++s.missing;
      if (missingError.empty()) missingError = m->second;
    } else if (auto f = m_failed.find(t); f != m_failed.end()) {
      ++s.failed;
      if (s.firstError.empty()) s.firstError = f->second.first;
    }
  }
  if (s.firstError.empty()) s.firstError = missingError;
  return s;
}

RasterViewState RasterLayer::waitForTiles(const Camera& camera, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    update(camera);
    const RasterViewState s = viewState();
    if (s.complete() || Clock::now() >= deadline) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void RasterLayer::buildMesh(GpuTile& g, const TileId& t, double tolerance) {
  const TileMesh mesh = buildTileMesh(m_loader->grid(), t, *m_gridToMap, tolerance);
  const std::vector<unsigned> idx = meshIndices(mesh);
  g.tolerance = tolerance;
  g.indexCount = static_cast<GLsizei>(idx.size());
  if (idx.empty()) return;
  g.origin = mesh.position[idx.front()];
  std::vector<float> v;
  v.reserve(mesh.position.size() * 4);
  for (std::size_t i = 0; i < mesh.position.size(); ++i) {
    const Vec2 p = mesh.position[i];
    const bool ok = std::isfinite(p.x) && std::isfinite(p.y);
    v.insert(v.end(), {ok ? float(p.x - g.origin.x) : 0.0f, ok ? float(p.y - g.origin.y) : 0.0f, float(mesh.uv[i].x),
                       float(mesh.uv[i].y)});
  }
  if (!g.vao) {
    g.vao = gl::makeVertexArray();
    g.vbo = gl::makeBuffer();
    g.ibo = gl::makeBuffer();
  }
  glBindVertexArray(g.vao.get());
  glBindBuffer(GL_ARRAY_BUFFER, g.vbo.get());
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(v.size() * sizeof(float)), v.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<void*>(2 * sizeof(float)));
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.ibo.get());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(idx.size() * sizeof(unsigned)), idx.data(), GL_STATIC_DRAW);
  glBindVertexArray(0);
}

RasterLayer::GpuTile* RasterLayer::upload(const TileId& t, const RasterImage& img, double tolerance) {
  auto g = std::make_unique<GpuTile>();
  // Premultiplied alpha: linear filtering then never mixes in the colour of transparent pixels.
  std::vector<std::uint8_t> pm = img.rgba;
  g->opaque = true;
  for (std::size_t i = 0; i + 3 < pm.size(); i += 4) {
    const unsigned a = pm[i + 3];
    if (a == 255) continue;
    g->opaque = false;
    for (std::size_t c = 0; c < 3; ++c) pm[i + c] = static_cast<std::uint8_t>((pm[i + c] * a + 127) / 255);
  }
  g->texture = gl::makeTexture();
  glBindTexture(GL_TEXTURE_2D, g->texture.get());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img.width, img.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pm.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  buildMesh(*g, t, tolerance);
  GpuTile* raw = g.get();
  m_gpu[t] = std::move(g);
  return raw;
}

void RasterLayer::drawTile(GpuTile& g, const Camera& camera, bool blendOpaque) {
  if (g.indexCount == 0) return;
  // llvmpipe spends much of a full-screen raster frame blending: opaque tiles go without.
  if (g.opaque && !blendOpaque) {
    glDisable(GL_BLEND);
  } else {
    glEnable(GL_BLEND);
  }
  const double inv = 1.0 / camera.unitsPerPixel();
  const GLuint prog = m_program.get();
  glUniform2f(glGetUniformLocation(prog, "u_scale"), float(inv), float(inv));
  glUniform2f(glGetUniformLocation(prog, "u_offset"), float((g.origin.x - camera.center().x) * inv),
              float((g.origin.y - camera.center().y) * inv));
  glBindTexture(GL_TEXTURE_2D, g.texture.get());
  glBindVertexArray(g.vao.get());
  glDrawElements(GL_TRIANGLES, g.indexCount, GL_UNSIGNED_INT, nullptr);
  g.lastFrame = m_frame;
}

void RasterLayer::paint(const Camera& camera, float opacity) {
  if (!m_program) m_program = buildProgram("raster.vert", "raster.frag");
  ++m_frame;
  const double tolerance = 0.5 * camera.unitsPerPixel();
  for (auto& [t, a] : m_arrived) upload(t, *a.image, tolerance);
  m_arrived.clear();

  // What to draw: the view's tiles at hand and, under the ones still coming, the nearest coarser
  // tile at hand scaled up.
  const TileGrid& grid = m_loader->grid();
  std::set<TileId> fallbacks;
  std::vector<TileId> present;
  for (const TileId& t : m_needed) {
    if (m_gpu.count(t)) {
      present.push_back(t);
      continue;
    }
    if (m_missing.count(t)) continue;
    for (int z = t.z - 1; z >= grid.minZoom; --z) {
      const TileId a = ancestorAt(grid, t, z);
      if (a.z >= 0 && m_gpu.count(a)) {
        fallbacks.insert(a);
        break;
      }
    }
  }
  const GLuint prog = m_program.get();
  glUseProgram(prog);
  glUniform2f(glGetUniformLocation(prog, "u_viewport"), float(camera.width()), float(camera.height()));
  glUniform1i(glGetUniformLocation(prog, "u_tile"), 0);
  const float alpha = std::clamp(opacity * m_style.opacity, 0.0f, 1.0f);
  glUniform1f(glGetUniformLocation(prog, "u_opacity"), alpha);
  glUniform1f(glGetUniformLocation(prog, "u_brightness"), m_style.brightness);
  glUniform1f(glGetUniformLocation(prog, "u_contrast"), m_style.contrast);
  glUniform1f(glGetUniformLocation(prog, "u_saturation"), m_style.greyscale ? 0.0f : m_style.saturation);
  glActiveTexture(GL_TEXTURE0);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  for (const TileId& t : fallbacks) {  // coarsest first (TileId orders by level)
    GpuTile& g = *m_gpu[t];
    if (g.tolerance > 2 * tolerance) buildMesh(g, t, tolerance);
    drawTile(g, camera, alpha < 1.0f);
  }
  for (const TileId& t : present) {
    GpuTile& g = *m_gpu[t];
    if (g.tolerance > 2 * tolerance) buildMesh(g, t, tolerance);
    drawTile(g, camera, alpha < 1.0f);
  }
  glEnable(GL_BLEND);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
  evict();
}

void RasterLayer::evict() {
  if (m_gpu.size() <= m_gpuBudget) return;
  std::vector<std::pair<std::uint64_t, TileId>> old;
  for (const auto& [t, g] : m_gpu) {
    if (g->lastFrame != m_frame) old.push_back({g->lastFrame, t});
  }
  std::sort(old.begin(), old.end());
  for (const auto& [frame, t] : old) {
    if (m_gpu.size() <= m_gpuBudget) break;
    m_gpu.erase(t);
  }
}

void RasterLayer::releaseGl() {
  m_gpu.clear();
  m_program.reset();
}

}  // namespace zhenmap
