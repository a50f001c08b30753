// bench_raster: a large orthophoto on the map, headless (EGL, llvmpipe on the benchmark machines).
//   first frame: from opening the raster to the first complete picture of the whole raster (every
//                tile of the view read from its overview, uploaded and drawn, glFinish);
//   pan:         frames while panning across it at full resolution, single-sampled as the window
//                draws while moving (tiles load in the background;
//                each frame draws what is there, coarser tiles standing in for missing ones), and
//                the time until the view is complete after the last step.
//   bench_raster FILE [--size 1920x1080] [--frames 60] [--step 60] [--map-crs EPSG:3857]
// Prints one JSON object (bench_common.hpp).
#include <glad/gl.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "bench_common.hpp"
#include "egl_context.hpp"
#include "map_renderer.hpp"
#include "offscreen_target.hpp"
#include "raster_layer.hpp"
#include "raster_tile_loader.hpp"

using namespace zhenmap;

int main(int argc, char** argv) {
  std::string path, mapCrs = "EPSG:3857";
  int width = 1920, height = 1080, frames = 60;
  double step = 60;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--size" && i + 1 < argc)
      std::sscanf(argv[++i], "%dx%d", &width, &height);
    else if (a == "--frames" && i + 1 < argc)
      frames = std::atoi(argv[++i]);
    else if (a == "--step" && i + 1 < argc)
      step = std::atof(argv[++i]);
    else if (a == "--map-crs" && i + 1 < argc)
      mapCrs = argv[++i];
    else
      path = a;
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: bench_raster FILE [--size WxH] [--frames N] [--step PX] [--map-crs CRS]\n");
    return 1;
  }
  bench::JsonOut json;
  bench::Stopwatch egl;
  EglContext ctx;
  // As the window: 4x multisampling for a settled view (and exports), one sample while moving.
  OffscreenTarget target(width, height, 4);
  OffscreenTarget moving(width, height, 0);
  MapRenderer renderer;
  json.number("egl_and_renderer_ms", egl.millis());
  json.text("gl_renderer", ctx.renderer());

  bench::Stopwatch first;
  auto loader = std::make_shared<RasterTileLoader>(path);
  auto layer = std::make_shared<RasterLayer>(loader, mapCrs);
  renderer.addPainterLayer(layer);
  const double openMs = first.millis();
  Camera cam;
  cam.setViewport(width, height);
  cam.fit(layer->mapExtent());
  const RasterViewState s = layer->waitForTiles(cam, std::chrono::seconds(60));
  const double loadedMs = first.millis();
  target.bind();
  renderer.draw(cam, rgba(255, 255, 255));
  glFinish();
  json.number("open_ms", openMs);
  json.number("first_view_tiles", double(s.needed));
  json.number("first_view_tiles_read_ms", loadedMs - openMs);
  json.number("first_frame_ms", first.millis());
  json.text("raster", path);
  json.number("raster_width", loader->info().width);
  json.number("raster_overviews", double(loader->info().overviews.size()));

  // Pan at full resolution (one raster pixel per screen pixel) from the centre to the east.
  const double fullRes = std::abs(loader->info().gt[1]);
  cam.setUnitsPerPixel(fullRes);
  cam.setCenter(layer->mapExtent().center());
  layer->waitForTiles(cam, std::chrono::seconds(60));
  // The same view drawn again: what a frame costs without new tiles, settled (4x) and moving (1x).
  for (const auto& [name, t] : {std::pair{"static_frame_4x_ms", &target}, {"static_frame_ms", &moving}}) {
    std::vector<double> ms;
    for (int i = 0; i < 10; ++i) {
      bench::Stopwatch w;
      layer->update(cam);
      t->bind();
      renderer.draw(cam, rgba(255, 255, 255));
      glFinish();
      ms.push_back(w.millis());
    }
    json.summary(name, bench::summarize(ms));
  }
  // Reference on the same machine at the same moment: one full-screen textured quad (the
  // window's zoom preview path), the least a picture of this size costs.
  {
    std::vector<double> ms;
    for (int i = 0; i < 10; ++i) {
      bench::Stopwatch w;
      moving.bind();
      renderer.drawPicture(target.pictureTexture(), 0, 0, width, height, width, height);
      glFinish();
      ms.push_back(w.millis());
    }
    json.summary("reference_fullscreen_quad_ms", bench::summarize(ms));
  }
  std::vector<double> frameMs, holes;
  for (int f = 0; f < frames; ++f) {
    cam.panPixels(-step, 0);
    bench::Stopwatch t;
    layer->update(cam);
    moving.bind();
    renderer.draw(cam, rgba(255, 255, 255));
    glFinish();
    frameMs.push_back(t.millis());
    const RasterViewState v = layer->viewState();
    holes.push_back(double(v.needed - v.ready));
    // Frames at a steady 30 per second: the readers get the rest of each 33 ms.
    if (t.millis() < 33.3) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(33.3 - t.millis()));
  }
  bench::Stopwatch settle;
  layer->waitForTiles(cam, std::chrono::seconds(60));
  json.number("pan_settle_ms", settle.millis());
  json.summary("pan_frame_ms", bench::summarize(frameMs));
  json.summary("pan_tiles_missing", bench::summarize(holes));
  json.number("pan_step_px", step);
  json.number("peak_rss_mib", bench::peakRssMiB());
  layer->releaseGl();
  json.print();
  return 0;
}
