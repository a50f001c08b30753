// Label drawing: placement from LabelPlacer, glyphs through TextRenderer; see label_renderer.hpp.
#include "label_renderer.hpp"

#include <glad/gl.h>

#include <stdexcept>

namespace zhenmap {

LabelRenderer::LabelRenderer() = default;

namespace {
std::vector<char32_t> charactersOf(const std::vector<LabelCandidate>& candidates) {
  std::vector<std::u32string> texts;
  texts.reserve(candidates.size());
  for (const LabelCandidate& c : candidates) texts.push_back(c.text.codepoints);
  return distinctCharacters(texts);
}
}  // namespace

GlyphAtlas labelAtlas(const std::vector<LabelCandidate>& candidates) {
  return GlyphAtlas(Font::defaultFont(), charactersOf(candidates));
}

void LabelRenderer::setCandidates(std::vector<LabelCandidate> candidates) {
  m_text.setCharacters(charactersOf(candidates));
  m_placer.setCandidates(std::move(candidates));
}

void LabelRenderer::setCandidates(std::vector<LabelCandidate> candidates, GlyphAtlas atlas) {
  if (atlas.codepoints() != charactersOf(candidates)) {
    throw std::invalid_argument("label atlas does not hold exactly the candidates' characters");
  }
  m_text.setAtlas(std::move(atlas));
  m_placer.setCandidates(std::move(candidates));
}

bool LabelRenderer::place(const Camera& camera) { return m_placer.update(camera); }

void LabelRenderer::draw(const Camera& camera, const ScreenRect* region) {
  m_placer.update(camera);
  m_text.clear();
  m_visible = 0;
  const auto w = static_cast<float>(camera.width()), h = static_cast<float>(camera.height());
  const ScreenRect all{0, 0, camera.width(), camera.height()};
  const ScreenRect& r = region ? *region : all;
  // Glyph quads carry the distance field's padding beyond the collision box: a margin keeps
  // every label that draws a pixel in the region.
  const float margin = region ? 8.0f : 0.0f;
  const float x0 = static_cast<float>(r.x) - margin, y0 = static_cast<float>(r.y) - margin;
  const float x1 = static_cast<float>(r.x + r.width) + margin, y1 = static_cast<float>(r.y + r.height) + margin;
  for (const PlacedLabel& p : m_placer.placed()) {
    const LabelCandidate& c = m_placer.candidates()[p.candidate];
    const Vec2 s = snappedAnchor(camera, c.anchor);
    const auto sx = static_cast<float>(s.x), sy = static_cast<float>(s.y);
    if (sx + p.maxX < 0 || sx + p.minX > w || sy + p.maxY < 0 || sy + p.minY > h) continue;
    ++m_visible;  // in view, whether or not this draw covers it
    if (sx + p.maxX < x0 || sx + p.minX > x1 || sy + p.maxY < y0 || sy + p.minY > y1) continue;
    const TextPaint paint{c.style.sizePx, c.style.color, c.style.haloColor, c.style.haloPx};
    for (const PlacedGlyph& g : p.glyphs) m_text.add(g.cp, sx + g.penX, sy + g.penY, g.cosA, g.sinA, paint);
  }
  if (region) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(r.x, camera.height() - r.y - r.height, r.width, r.height);
  }
  m_text.draw(camera.width(), camera.height());
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace zhenmap
