// Label drawing: placement from LabelPlacer, glyphs through TextRenderer; see label_renderer.hpp.
#include "label_renderer.hpp"

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

void LabelRenderer::draw(const Camera& camera) {
  m_placer.update(camera);
  m_text.clear();
  m_visible = 0;
  const auto w = static_cast<float>(camera.width()), h = static_cast<float>(camera.height());
  for (const PlacedLabel& p : m_placer.placed()) {
    const LabelCandidate& c = m_placer.candidates()[p.candidate];
    const Vec2 s = snappedAnchor(camera, c.anchor);
    const auto sx = static_cast<float>(s.x), sy = static_cast<float>(s.y);
    if (sx + p.maxX < 0 || sx + p.minX > w || sy + p.maxY < 0 || sy + p.minY > h) continue;
    ++m_visible;
    const TextPaint paint{c.style.sizePx, c.style.color, c.style.haloColor, c.style.haloPx};
    for (const PlacedGlyph& g : p.glyphs) m_text.add(g.cp, sx + g.penX, sy + g.penY, g.cosA, g.sinA, paint);
  }
  m_text.draw(camera.width(), camera.height());
}

}  // namespace zhenmap
