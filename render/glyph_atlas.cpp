// Distance fields and packing for the glyph atlas; see glyph_atlas.hpp.
#include "glyph_atlas.hpp"

#include <stb/stb_rect_pack.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace zhenmap {

namespace {
constexpr float kInf = 1e20f;

// Squared distance transform of one line (lower envelope of parabolas rooted at each sample):
// out[q] = min_p (q - p)^2 + f[p]. v, z and out are scratch of size n, n + 1 and n.
void distance1d(const float* f, int n, int* v, float* z, float* out) {
  auto intersect = [f](int q, int p) {
    return ((f[q] + static_cast<float>(q) * q) - (f[p] + static_cast<float>(p) * p)) / (2.0f * (q - p));
  };
  int k = 0;
  v[0] = 0;
  z[0] = -kInf;
  z[1] = kInf;
  for (int q = 1; q < n; ++q) {
    float s = intersect(q, v[k]);
    while (s <= z[k]) {
      --k;
      s = intersect(q, v[k]);
    }
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = kInf;
  }
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[k + 1] < static_cast<float>(q)) ++k;
    const float d = static_cast<float>(q - v[k]);
    out[q] = d * d + f[v[k]];
  }
}

// In-place 2-D squared distance transform: columns, then rows.
void distance2d(std::vector<float>& grid, int w, int h) {
  const int n = std::max(w, h);
  std::vector<float> f(n), out(n), z(n + 1);
  std::vector<int> v(n);
  for (int x = 0; x < w; ++x) {
    for (int y = 0; y < h; ++y) f[y] = grid[static_cast<std::size_t>(y) * w + x];
    distance1d(f.data(), h, v.data(), z.data(), out.data());
    for (int y = 0; y < h; ++y) grid[static_cast<std::size_t>(y) * w + x] = out[y];
  }
  for (int y = 0; y < h; ++y) {
    float* row = &grid[static_cast<std::size_t>(y) * w];
    std::copy(row, row + w, f.begin());
    distance1d(f.data(), w, v.data(), z.data(), row);
  }
}
}  // namespace

std::vector<std::uint8_t> coverageToSdf(const std::vector<unsigned char>& coverage, int width, int height) {
  const std::size_t n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  std::vector<float> toInside(n), toOutside(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float a = coverage[i] / 255.0f;
    if (coverage[i] == 255) {
      toInside[i] = 0;
      toOutside[i] = kInf;
    } else if (coverage[i] == 0) {
      toInside[i] = kInf;
      toOutside[i] = 0;
    } else {
      // A partly covered pixel: the outline passes through it, about (a - 0.5) from its centre.
      toInside[i] = std::pow(std::max(0.0f, 0.5f - a), 2.0f);
      toOutside[i] = std::pow(std::max(0.0f, a - 0.5f), 2.0f);
    }
  }
  distance2d(toInside, width, height);
  distance2d(toOutside, width, height);
  std::vector<std::uint8_t> sdf(n);
  constexpr float perPixel = static_cast<float>(GlyphAtlas::kEdge) / GlyphAtlas::kSpread;
  for (std::size_t i = 0; i < n; ++i) {
    const float d = std::sqrt(toInside[i]) - std::sqrt(toOutside[i]);  // positive outside
    sdf[i] = static_cast<std::uint8_t>(std::clamp(std::lround(GlyphAtlas::kEdge - d * perPixel), 0L, 255L));
  }
  return sdf;
}

GlyphAtlas::GlyphAtlas(const Font& font, const std::vector<char32_t>& codepoints) {
  std::vector<char32_t> unique = codepoints;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());

  struct Pending {
    char32_t cp;
    int w, h;
    std::vector<std::uint8_t> sdf;
  };
  std::vector<Pending> pending;
  pending.reserve(unique.size());
  std::vector<stbrp_rect> rects;
  rects.reserve(unique.size());
  double area = 0;
  for (char32_t cp : unique) {
    AtlasGlyph g;
    g.inFont = font.hasGlyph(cp);
    GlyphBitmap bmp = font.rasterize(cp, kEmPx, kSpread);
    g.w = bmp.width;
    g.h = bmp.height;
    g.left = static_cast<float>(bmp.x0);
    g.top = static_cast<float>(bmp.y0);
    m_glyphs.emplace(cp, g);
    if (bmp.width == 0) continue;
    stbrp_rect r{};
    r.id = static_cast<int>(pending.size());
    r.w = bmp.width + 1;  // one pixel gap so linear filtering never reads a neighbour
    r.h = bmp.height + 1;
    rects.push_back(r);
    area += static_cast<double>(r.w) * r.h;
    pending.push_back({cp, bmp.width, bmp.height, coverageToSdf(bmp.coverage, bmp.width, bmp.height)});
  }

  int width = 256;
  while (width < 4096 && static_cast<double>(width) * width < area * 1.2) width *= 2;
  constexpr int kMaxHeight = 8192;
  if (!rects.empty()) {
    std::vector<stbrp_node> nodes(static_cast<std::size_t>(width));
    stbrp_context ctx;
    stbrp_init_target(&ctx, width, kMaxHeight, nodes.data(), static_cast<int>(nodes.size()));
    if (!stbrp_pack_rects(&ctx, rects.data(), static_cast<int>(rects.size()))) {
      throw std::runtime_error("glyph atlas: " + std::to_string(rects.size()) + " glyphs do not fit " +
                               std::to_string(width) + "x" + std::to_string(kMaxHeight) + " pixels");
    }
  }
  int height = 4;
  for (const stbrp_rect& r : rects) height = std::max(height, r.y + r.h);
  height = (height + 3) / 4 * 4;
  m_width = width;
  m_height = height;
  m_pixels.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 0);
  for (const stbrp_rect& r : rects) {
    const Pending& p = pending[static_cast<std::size_t>(r.id)];
    AtlasGlyph& g = m_glyphs[p.cp];
    g.x = r.x;
    g.y = r.y;
    for (int row = 0; row < p.h; ++row) {
      std::copy_n(&p.sdf[static_cast<std::size_t>(row) * p.w], p.w,
                  &m_pixels[static_cast<std::size_t>(r.y + row) * width + r.x]);
    }
  }
}

bool GlyphAtlas::containsAll(const std::vector<char32_t>& codepoints) const {
  return std::all_of(codepoints.begin(), codepoints.end(), [this](char32_t cp) { return m_glyphs.count(cp) != 0; });
}

std::vector<char32_t> GlyphAtlas::codepoints() const {
  std::vector<char32_t> cps;
  cps.reserve(m_glyphs.size());
  for (const auto& [cp, glyph] : m_glyphs) cps.push_back(cp);
  std::sort(cps.begin(), cps.end());
  return cps;
}

}  // namespace zhenmap
