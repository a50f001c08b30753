// Draws glyphs from a GlyphAtlas texture as instanced, optionally rotated quads in screen pixels,
// with a halo. Shared by labels and map decorations. GL thread only; needs a current 3.3 context.
#pragma once

#include <vector>

#include "gl_objects.hpp"
#include "glyph_atlas.hpp"
#include "style.hpp"

namespace zhenmap {

// Uploads the atlas's distance fields into `texture` (one channel, linear, clamped to the edge);
// leaves the 2D binding and the unpack alignment as they were.
void uploadAtlas(GLuint texture, const GlyphAtlas& atlas);

struct TextPaint {
  float sizePx = 14;
  Rgba color = rgba(0x20, 0x20, 0x20);
  Rgba haloColor = rgba(0xff, 0xff, 0xff);
  float haloPx = 2;  // 0: no halo
};

class TextRenderer {
 public:
  TextRenderer();  // compiles the text program

  // Makes the atlas hold exactly these characters (rebuilt and uploaded only when the set
  // differs from the current one). Returns true when it was rebuilt.
  bool setCharacters(std::vector<char32_t> codepoints);
  // Uploads an atlas built elsewhere (e.g. on a worker thread) and uses it as is.
  void setAtlas(GlyphAtlas atlas);
  const GlyphAtlas& atlas() const { return m_atlas; }

  // Queues one glyph with its pen position on the baseline (screen pixels, y down) and rotation.
  // Characters missing from the atlas are skipped.
  void add(char32_t cp, float penX, float penY, float cosA, float sinA, const TextPaint& paint);
  void clear() { m_instances.clear(); }
  std::size_t queued() const { return m_instances.size(); }
  // Draws the queued glyphs (halos first, then glyphs) into the bound framebuffer of the given size.
  void draw(int viewportWidth, int viewportHeight);

 private:
  struct Instance {
    float penRot[4];
    float rect[4];
    float metrics[3];
    Rgba color;
    Rgba halo;
    float haloPx;
  };
  gl::Program m_program;
  gl::Texture m_texture;
  gl::VertexArray m_vao;
  gl::Buffer m_vbo;
  std::size_t m_vboCapacity = 0;
  void upload();

  std::vector<char32_t> m_characters;  // sorted, unique: what m_atlas holds
  GlyphAtlas m_atlas;
  std::vector<Instance> m_instances;
};

// Sorted distinct code points of the texts.
std::vector<char32_t> distinctCharacters(const std::vector<std::u32string>& texts);

}  // namespace zhenmap
