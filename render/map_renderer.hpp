// Draws tessellated layers from GPU-resident buffers. One code path for the window (GLFW) and
// headless output (EGL + FBO): the caller binds the target, the renderer draws into it.
// Each frame picks a level of detail per layer and draws only the tiles in view; panning and
// zooming never re-tessellate. Construct, upload and draw on the thread that owns the GL context.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "camera.hpp"
#include "gl_objects.hpp"
#include "layer_painter.hpp"
#include "tessellator.hpp"

namespace zhenmap {

struct FrameStats {
  std::size_t drawCalls = 0;
  std::size_t triangles = 0;  // fill + line triangles submitted
  std::size_t markers = 0;
  std::size_t tilesDrawn = 0;
  std::size_t coveredFills = 0;  // draws whose bottom layer's fills were the clear (fill_coverage.hpp)
};

class MapRenderer {
 public:
  MapRenderer();  // compiles the shader programs; needs a current GL 3.3 context
  ~MapRenderer();
  MapRenderer(const MapRenderer&) = delete;
  MapRenderer& operator=(const MapRenderer&) = delete;

  // Uploads a layer's buckets (every level); layers draw in the order added (first at the bottom).
  // Returns the layer's index.
  std::size_t addLayer(const Buckets& buckets);
  // A layer drawn by a painter (a raster layer), in the layer order like the others; visibility,
  // opacity, moving and removing work by its index as for any layer. Returns the layer's index.
  std::size_t addPainterLayer(std::shared_ptr<LayerPainter> painter);
  // Uploads more levels of detail of a layer (from tessellate with other tolerances: see
  // splitLevels), e.g. the finer levels built after the first frame.
  void addLevels(std::size_t index, const Buckets& more);
  // Replaces a layer's buckets in place (a refined level of detail, a new style).
  void replaceLayer(std::size_t index, const Buckets& buckets);
  void removeLayer(std::size_t index);
  void clearLayers();
  // A number that changes whenever the layer at index is uploaded anew (addLayer, replaceLayer),
  // not when levels are added or it moves: lets a late addLevels check it still extends the
  // buckets it was made for.
  std::uint64_t generation(std::size_t index) const;
  std::size_t layerCount() const;
  void setVisible(std::size_t index, bool visible);
  void setOpacity(std::size_t index, float opacity);
  void moveLayer(std::size_t from, std::size_t to);
  // Drawn on top of every layer (selection and hover highlights); empty buckets clear it.
  void setHighlight(const Buckets& buckets);
  std::size_t gpuBytes() const;  // vertex and index buffer bytes held

  // Draws a tiny scene of every primitive (fills, outlines, cased and dashed lines, markers;
  // opaque and translucent) into a small offscreen target of `samples` samples and restores
  // framebuffer 0, so that llvmpipe compiles its shader variants for these programs now (e.g.
  // while the data loads) instead of in the first real frame. The layers are left as they were.
  void warmUp(int samples = 0);

  // Clears to background and draws every visible layer. The GL viewport must match the camera.
  // scaleDenominator (see map_scale.hpp) drives each style's visibility by scale; 0 ignores it.
  // With a region, only that part of the picture is cleared and drawn (scissored, and only the
  // tiles that reach it are submitted), exactly as a whole frame would draw it there.
  FrameStats draw(const Camera& camera, Rgba background, double scaleDenominator = 0.0,
                  const ScreenRect* region = nullptr) const;
  // Draws a finished picture (OffscreenTarget::pictureTexture) scaled onto the box x0..x1,
  // y0..y1 of the bound target (pixels from its top-left corner; what falls outside is clipped),
  // filtered linearly, replacing what was there. A textured quad: llvmpipe scales 1920x1080 this
  // way in about 6 ms, against 10 ms for glBlitFramebuffer.
  void drawPicture(GLuint texture, double x0, double y0, double x1, double y1, int width, int height) const;
  // Whether the same layers are drawn at both scale denominators (visibility by scale range).
  bool drawsSameLayers(double scaleA, double scaleB) const;

 private:
  struct GpuLevel;
  struct GpuLayer;
  std::unique_ptr<GpuLayer> upload(const Buckets& b) const;
  GpuLevel uploadLevel(const LevelBuckets& lb) const;
  static void insertLevel(GpuLayer& layer, GpuLevel&& level);
  void useDigits(GLuint countProgram) const;  // the count digits' texture and uniforms
  void drawLayer(const GpuLayer& layer, const Camera& camera, const Box& view, FrameStats& stats,
                 bool skipFills = false) const;
  gl::Program m_fillProgram;
  gl::Program m_lineProgram;
  gl::Program m_solidLineProgram;  // line.frag without discards: opaque, undashed, not casing
  gl::Program m_markerProgram;
  gl::Program m_countProgram;  // cluster counts over their markers
  gl::Program m_pictureProgram;
  // Distance fields of 0-9 and "k" for the counts on cluster markers (none when no font loads).
  gl::Texture m_digits;
  float m_digitAtlas[2] = {0.0f, 0.0f};
  float m_digitRects[11][4] = {};
  float m_digitPens[11][2] = {};
  float m_digitAdvance = 0.0f;
  gl::VertexArray m_pictureVao;
  gl::Buffer m_pictureCorners;
  std::vector<std::unique_ptr<GpuLayer>> m_layers;
  std::unique_ptr<GpuLayer> m_highlight;
  std::uint64_t m_nextGeneration = 1;
  mutable int m_stencilRef = 0;  // the stencil value of the current line pass (255: clear first)
};

}  // namespace zhenmap
