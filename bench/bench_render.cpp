// bench_render: our side of the rendering benchmark, headless (EGL + FBO) at 1920x1080 by default.
// Opens the data, tessellates, uploads and draws the first complete frame (load-to-first-frame), then
// times frames from GPU-resident buffers (camera moves only, glFinish after each): full extent,
// panning, zooming and a zoomed-in view; then identify at random points over every layer.
// Prints one JSON object on stdout, including the view extents for the peers to render.
// A series of frames stops early when it has run for --budget seconds (slow renderers, big data).
//   bench_render --data FILE [--crs EPSG:3857] [--size 1920x1080] [--frames 60] [--budget 20]
//                [--clicks 1000] [--zoom 16] [--png F]
#include <glad/gl.h>

#include <exception>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "default_styles.hpp"
#include "egl_context.hpp"
#include "identify.hpp"
#include "map_renderer.hpp"
#include "map_view.hpp"
#include "offscreen_target.hpp"
#include "store/random.hpp"
#include "vector_source.hpp"

namespace {

using namespace zhenmap;
using bench::JsonOut;
using bench::Stopwatch;

struct Args {
  std::string data;
  std::string crs = "EPSG:3857";
  int width = 1920;
  int height = 1080;
  int frames = 60;
  int clicks = 1000;
  double zoomFactor = 16.0;
  double budget = 20.0;  // seconds per series of frames: stop early (after at least 3 frames)
  std::string png;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + k);
    const std::string v = argv[++i];
    if (k == "--data") a.data = v;
    else if (k == "--crs") a.crs = v;
    else if (k == "--size") {
      const auto x = v.find('x');
      if (x == std::string::npos) throw std::invalid_argument("--size WxH");
      a.width = std::stoi(v.substr(0, x));
      a.height = std::stoi(v.substr(x + 1));
    } else if (k == "--frames") a.frames = std::stoi(v);
    else if (k == "--clicks") a.clicks = std::stoi(v);
    else if (k == "--zoom") a.zoomFactor = std::stod(v);
    else if (k == "--png") a.png = v;
    else if (k == "--budget") a.budget = std::stod(v);
    else throw std::invalid_argument("unknown option " + k);
  }
  if (a.data.empty()) throw std::invalid_argument("--data FILE is required");
  return a;
}

std::vector<double> extentOf(const Camera& cam) {
  const Box b = cam.visibleExtent();
  return {b.minX, b.minY, b.maxX, b.maxY};
}

// One frame from the uploaded buffers: draw and wait for the GPU (llvmpipe) to finish it.
double frameMs(const MapRenderer& renderer, const Camera& cam, Rgba background, FrameStats* stats = nullptr) {
  Stopwatch sw;
  const FrameStats s = renderer.draw(cam, background);
  glFinish();
  if (stats) *stats = s;
  return sw.millis();
}

bool overBudget(const Stopwatch& series, std::size_t done, double budget) {
  return done >= 3 && series.seconds() > budget;
}

// Frames after applying move(i) to the camera; records the first five views for the peers.
template <typename Move>
std::vector<double> moving(const MapRenderer& r, Camera cam, Rgba bg, int frames, double budget, Move move,
                           std::vector<double>* views) {
  std::vector<double> ms;
  const Stopwatch series;
  for (int i = 0; i < frames && !overBudget(series, ms.size(), budget); ++i) {
    move(cam, i);
    ms.push_back(frameMs(r, cam, bg));
    if (views && i < 5) {
      const auto e = extentOf(cam);
      views->insert(views->end(), e.begin(), e.end());
    }
  }
  return ms;
}

void run(const Args& a) {
  JsonOut out;
  MapViewOptions view;
  view.width = a.width;
  view.height = a.height;
  Stopwatch total;

  // Open → read (reproject, validate, index) → tessellate with the default styles (every level of
  // detail): what `zhenmap render` and the viewer do.
  Stopwatch sw;
  ReadOptions ro;
  ro.mapCrs = a.crs;
  std::vector<LayerData> layers = readVectorSource(a.data, ro);
  out.number("read_s", sw.seconds());
  sw.restart();
  std::vector<Buckets> buckets;
  for (const LayerData& layer : layers) buckets.push_back(tessellate(layer, defaultStyle(layer, buckets.size())));
  out.number("tessellate_s", sw.seconds());
  sw.restart();
  EglContext context;
  OffscreenTarget target(a.width, a.height);
  MapRenderer renderer;
  out.number("gl_setup_s", sw.seconds());
  sw.restart();
  for (const Buckets& b : buckets) renderer.addLayer(b);
  glFinish();
  out.number("upload_s", sw.seconds());
  const Camera full = initialCamera(buckets, view);
  target.bind();
  FrameStats fullStats;
  const double first = frameMs(renderer, full, view.background, &fullStats);
  out.number("first_frame_ms", first);
  out.number("load_to_first_frame_s", total.seconds());
  if (!a.png.empty()) writePng(target.readPixels(), a.png);
  target.bind();

  std::vector<double> fullMs;
  const Stopwatch fullSeries;
  for (int i = 0; i < a.frames && !overBudget(fullSeries, fullMs.size(), a.budget); ++i) fullMs.push_back(frameMs(renderer, full, view.background));
  out.summary("full_frame_ms", bench::summarize(fullMs));
  out.number("full_frames", static_cast<double>(fullMs.size()));

  // Panning at full extent: a square path of 24-pixel steps, so the data stays in view.
  std::vector<double> panViews;
  const auto pan = [&](Camera& c, int i) {
    const int side = (i / std::max(1, a.frames / 4)) % 4;
    c.panPixels(side == 0 ? 24 : side == 2 ? -24 : 0, side == 1 ? 24 : side == 3 ? -24 : 0);
  };
  out.summary("pan_frame_ms", bench::summarize(moving(renderer, full, view.background, a.frames, a.budget, pan, &panViews)));

  // Zooming at a cursor off centre: in by 1.1x per frame for half of the frames, then back out.
  std::vector<double> zoomViews;
  const Vec2 cursor{a.width * 0.4, a.height * 0.6};
  const auto zoom = [&](Camera& c, int i) { c.zoomAt(cursor, i < a.frames / 2 ? 1.1 : 1.0 / 1.1); };
  out.summary("zoom_frame_ms", bench::summarize(moving(renderer, full, view.background, a.frames, a.budget, zoom, &zoomViews)));

  // Zoomed in on the centre (about one township across), still, then panning there.
  Camera zoomed = full;
  zoomed.zoomAt({a.width * 0.5, a.height * 0.5}, a.zoomFactor);
  std::vector<double> zoomedMs;
  const Stopwatch zoomedSeries;
  for (int i = 0; i < a.frames && !overBudget(zoomedSeries, zoomedMs.size(), a.budget); ++i) zoomedMs.push_back(frameMs(renderer, zoomed, view.background));
  out.summary("zoomed_frame_ms", bench::summarize(zoomedMs));
  FrameStats zoomedStats;
  frameMs(renderer, zoomed, view.background, &zoomedStats);
  out.summary("zoomed_pan_frame_ms", bench::summarize(moving(renderer, zoomed, view.background, a.frames, a.budget, pan, nullptr)));

  // Identify: a click at a random position of the zoomed view's scale, over every layer, with a
  // 3-pixel tolerance, through the layers' spatial indexes.
  store::SplitMix64 rng(42);
  const Box extent = full.visibleExtent();
  const double tolerance = 3.0 * zoomed.unitsPerPixel();
  std::vector<double> clickUs;
  std::size_t hits = 0;
  std::vector<double> clickPoints;
  for (int i = 0; i < a.clicks; ++i) {
    const Vec2 p{rng.uniform(extent.minX, extent.maxX), rng.uniform(extent.minY, extent.maxY)};
    if (i < 50) clickPoints.insert(clickPoints.end(), {p.x, p.y});
    Stopwatch c;
    for (const LayerData& layer : layers) hits += identify(layer, p, tolerance).size();
    clickUs.push_back(c.seconds() * 1e6);
  }
  out.summary("identify_us", bench::summarize(clickUs));
  out.number("identify_hits", static_cast<double>(hits));
  out.number("identify_tolerance", tolerance);

  std::size_t vertices = 0;
  for (const LayerData& l : layers) {
    for (const Feature& f : l.features) vertices += f.geometry.points.size();
  }
  out.number("gpu_bytes", static_cast<double>(renderer.gpuBytes()));
  out.number("full_triangles", static_cast<double>(fullStats.triangles));
  out.number("full_draw_calls", static_cast<double>(fullStats.drawCalls));
  out.number("zoomed_triangles", static_cast<double>(zoomedStats.triangles));
  out.number("vertices", static_cast<double>(vertices));
  out.number("peak_rss_mib", bench::peakRssMiB());
  out.text("renderer", context.renderer());
  out.text("crs", a.crs);
  out.number("width", a.width);
  out.number("height", a.height);
  out.numbers("view_full", extentOf(full));
  out.numbers("view_zoomed", extentOf(zoomed));
  out.numbers("views_pan", panViews);
  out.numbers("views_zoom", zoomViews);
  out.numbers("identify_points", clickPoints);
  out.print();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    run(parse(argc, argv));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
