// bench_render: our side of the rendering benchmark, headless (EGL + FBO) at 1920x1080 by default.
// Opens the data, tessellates the levels of detail the first view draws, uploads and draws the first
// complete frame at 4x MSAA (load-to-first-frame), builds the finer levels (refine), then times
// frames from GPU-resident buffers (camera moves only, glFinish after each): full extent and zoomed
// in at rest (4x MSAA) and single-sampled, panning and zooming single-sampled (as the viewer draws
// while the view moves); then identify at random points over every layer.
// Prints one JSON object on stdout, including the view extents for the peers to render. Each
// series of frames also gives its frames' CPU time (*_cpu_ms: every thread of the process),
// steadier than wall time on a shared machine.
// A series of frames stops early when it has run for --budget seconds (slow renderers, big data).
//   bench_render --data FILE [--crs EPSG:3857] [--size 1920x1080] [--frames 60] [--budget 20]
//                [--clicks 1000] [--zoom 16] [--png F] [--views-only] [--labels] [--per-layer]
// --per-layer adds, for each layer, the median single-sampled frame at full extent and zoomed in
// with that layer hidden: what the layer costs is the difference to the frame with every layer.
#include <glad/gl.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <exception>
#include <numeric>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "default_styles.hpp"
#include "egl_context.hpp"
#include "frame_reuse.hpp"
#include "identify.hpp"
#include "label_renderer.hpp"
#include "map_annotations.hpp"
#include "map_renderer.hpp"
#include "map_view.hpp"
#include "offscreen_target.hpp"
#include "style_json.hpp"
#include "demo/random.hpp"
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
  bool viewsOnly = false;
  bool labels = false;  // draw the layers' labels over the map in every frame, as the viewer does
  bool perLayer = false;  // also time the single-sampled frames with each layer hidden in turn
  // As `zhenmap render` takes them (bench/peer_args.txt): only these layers, bottom first; a
  // style file per layer; the background.
  std::vector<std::string> layers;
  std::map<std::string, LayerStyle> styles;
  std::optional<Rgba> background;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--views-only") {
      a.viewsOnly = true;
      continue;
    }
    if (k == "--labels") {
      a.labels = true;
      continue;
    }
    if (k == "--per-layer") {
      a.perLayer = true;
      continue;
    }
    if (k == "--no-labels") {
      a.labels = false;
      continue;
    }
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
    else if (k == "--background") a.background = parseColor(v);
    else if (k == "--layers") {
      std::stringstream list(v);
      for (std::string name; std::getline(list, name, ',');) a.layers.push_back(name);
    } else if (k == "--style") {
      const auto eq = v.find('=');
      if (eq == std::string::npos) throw std::invalid_argument("--style LAYER=FILE.json");
      a.styles[v.substr(0, eq)] = styleFromJson(readFile(v.substr(eq + 1)));
    } else throw std::invalid_argument("unknown option " + k);
  }
  if (a.data.empty()) throw std::invalid_argument("--data FILE is required");
  return a;
}

std::vector<double> extentOf(const Camera& cam) {
  const Box b = cam.visibleExtent();
  return {b.minX, b.minY, b.maxX, b.maxY};
}

LabelRenderer* g_labels = nullptr;  // --labels: placed and drawn after the map in every frame

// CPU time of the whole process (every llvmpipe thread included), ms: on a shared machine a
// frame's CPU time varies much less than its wall time.
double processCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
std::vector<double> g_cpuMs;  // the CPU time of each frame of the current series

// One frame from the uploaded buffers: draw and wait for the GPU (llvmpipe) to finish it.
double frameMs(const MapRenderer& renderer, const Camera& cam, Rgba background, FrameStats* stats = nullptr) {
  const double cpu0 = processCpuMs();
  Stopwatch sw;
  const FrameStats s = renderer.draw(cam, background);
  if (g_labels && renderer.layerCount() > 0) g_labels->draw(cam);
  glFinish();
  if (stats) *stats = s;
  const double ms = sw.millis();
  g_cpuMs.push_back(processCpuMs() - cpu0);
  return ms;
}

bool overBudget(const Stopwatch& series, std::size_t done, double budget) {
  return done >= 3 && series.seconds() > budget;
}

// Frames of a still camera.
std::vector<double> still(const MapRenderer& r, const Camera& cam, Rgba bg, const Args& a) {
  g_cpuMs.clear();
  std::vector<double> ms;
  const Stopwatch series;
  while (static_cast<int>(ms.size()) < a.frames && !overBudget(series, ms.size(), a.budget)) ms.push_back(frameMs(r, cam, bg));
  return ms;
}

// Frames after applying move(camera, i) before each.
template <typename Move>
std::vector<double> moving(const MapRenderer& r, Camera cam, Rgba bg, const Args& a, Move move) {
  g_cpuMs.clear();
  std::vector<double> ms;
  const Stopwatch series;
  for (int i = 0; i < a.frames && !overBudget(series, ms.size(), a.budget); ++i) {
    move(cam, i, a);
    ms.push_back(frameMs(r, cam, bg));
  }
  return ms;
}

// Panning as the viewer draws it: every frame re-uses the previous picture (frame_reuse.hpp),
// alternating between two single-sampled targets. The first frame, drawn whole, is not timed.
std::vector<double> panReusing(const MapRenderer& r, Camera cam, Rgba bg, const Args& a, const OffscreenTarget& t0,
                               const OffscreenTarget& t1, std::size_t& reused);

// Panning: a square path of 24-pixel steps, so the data stays in view.
void panMove(Camera& c, int i, const Args& a) {
  const int side = (i / std::max(1, a.frames / 4)) % 4;
  c.panPixels(side == 0 ? 24 : side == 2 ? -24 : 0, side == 1 ? 24 : side == 3 ? -24 : 0);
}

// Up to a.frames frames of a moving camera (move(camera, i) before each, untimed), each drawn
// by draw(camera) and timed to the end of glFinish, within the budget.
template <typename Move, typename Draw>
std::vector<double> timedMoves(Camera& cam, const Args& a, Move move, Draw draw) {
  g_cpuMs.clear();
  std::vector<double> ms;
  const Stopwatch series;
  for (int i = 0; i < a.frames && !overBudget(series, ms.size(), a.budget); ++i) {
    move(cam, i, a);
    const double cpu0 = processCpuMs();
    Stopwatch sw;
    draw(cam);
    glFinish();
    ms.push_back(sw.millis());
    g_cpuMs.push_back(processCpuMs() - cpu0);
  }
  return ms;
}

// The untimed whole frame a re-using series starts from, drawn into t0.
ShownPicture firstWholeFrame(const MapRenderer& r, const Camera& cam, Rgba bg, const OffscreenTarget& t0) {
  drawReusing(r, g_labels, cam, 0.0, bg, t0, nullptr);
  glFinish();
  return {&t0, cam, 0.0};
}

std::vector<double> panReusing(const MapRenderer& r, Camera cam, Rgba bg, const Args& a, const OffscreenTarget& t0,
                               const OffscreenTarget& t1, std::size_t& reused) {
  ShownPicture shown = firstWholeFrame(r, cam, bg, t0);
  return timedMoves(cam, a, panMove, [&](const Camera& c) {
    const OffscreenTarget& to = shown.target == &t0 ? t1 : t0;
    if (drawReusing(r, g_labels, c, 0.0, bg, to, &shown)) ++reused;
    shown = {&to, c, 0.0};
  });
}

// Zooming at a cursor off centre: in by 1.1x per frame for half of the frames, then back out.
void zoomMove(Camera& c, int i, const Args& a) {
  c.zoomAt({a.width * 0.4, a.height * 0.6}, i < a.frames / 2 ? 1.1 : 1.0 / 1.1);
}

// Zooming as the viewer draws it (MapViewWidget): each frame a preview scaled from the last exact
// picture (frame_reuse.hpp) while the scale stays within 2x of that picture's, else a whole frame
// that becomes the new source. The same zoom path as zoomMove; the first, whole frame is not timed.
std::vector<double> zoomPreviewing(const MapRenderer& r, Camera cam, Rgba bg, const Args& a, const OffscreenTarget& t0,
                                   const OffscreenTarget& t1, std::size_t& wholeFrames) {
  ShownPicture source = firstWholeFrame(r, cam, bg, t0);
  return timedMoves(cam, a, zoomMove, [&](const Camera& c) {
    const OffscreenTarget& spare = source.target == &t0 ? t1 : t0;
    if (!drawZoomPreview(r, c, 0.0, bg, spare, source)) {
      drawReusing(r, g_labels, c, 0.0, bg, spare, nullptr);
      source = {&spare, c, 0.0};
      ++wholeFrames;
    }
  });
}

// Zoomed in on the centre (about one township across at the default 16x).
Camera zoomedCamera(const Camera& full, const Args& a) {
  Camera zoomed = full;
  zoomed.zoomAt({a.width * 0.5, a.height * 0.5}, a.zoomFactor);
  return zoomed;
}

// Identify clicks: random positions over the full view (fixed seed).
std::vector<Vec2> clickPoints(const Camera& full, int count) {
  demo::SplitMix64 rng(42);
  const Box extent = full.visibleExtent();
  std::vector<Vec2> points;
  for (int i = 0; i < count; ++i) points.push_back({rng.uniform(extent.minX, extent.maxX), rng.uniform(extent.minY, extent.maxY)});
  return points;
}

// 3 pixels at the zoomed-in scale, in map units.
double identifyTolerance(const Camera& full, const Args& a) { return 3.0 * zoomedCamera(full, a).unitsPerPixel(); }

// The views and clicks the peers repeat: full, zoomed, the first five pan and zoom frames, and
// the first 50 clicks with the identify tolerance.
void writeViews(JsonOut& out, const Camera& full, const Args& a) {
  std::vector<double> pans, zooms, clicks;
  Camera p = full, z = full;
  for (int i = 0; i < 5; ++i) {
    panMove(p, i, a);
    zoomMove(z, i, a);
    for (double v : extentOf(p)) pans.push_back(v);
    for (double v : extentOf(z)) zooms.push_back(v);
  }
  for (const Vec2& c : clickPoints(full, std::min(a.clicks, 50))) clicks.insert(clicks.end(), {c.x, c.y});
  out.text("crs", a.crs);
  out.number("width", a.width);
  out.number("height", a.height);
  out.number("identify_tolerance", identifyTolerance(full, a));
  out.numbers("view_full", extentOf(full));
  out.numbers("view_zoomed", extentOf(zoomedCamera(full, a)));
  out.numbers("views_pan", pans);
  out.numbers("views_zoom", zooms);
  out.numbers("identify_points", clicks);
}

// The layers in the order `names` lists them (bottom first); all of them, as read, when empty.
std::vector<LayerData> inNamedOrder(std::vector<LayerData> layers, const std::vector<std::string>& names) {
  auto rank = [&names](const LayerData& l) { return std::find(names.begin(), names.end(), l.name) - names.begin(); };
  std::stable_sort(layers.begin(), layers.end(), [&](const LayerData& x, const LayerData& y) { return rank(x) < rank(y); });
  return layers;
}

// Only the views, for the peers when our own run could not finish: reads the geometry without
// validation or index and computes the same cameras as run().
void viewsOnly(const Args& a) {
  ReadOptions ro;
  ro.mapCrs = a.crs;
  ro.validate = false;
  ro.buildIndex = false;
  ro.layers = a.layers;
  Box all;
  for (const LayerData& layer : readVectorSource(a.data, ro)) all.expand(layer.extent);
  Camera full;
  full.setViewport(a.width, a.height);
  full.fit(all);
  JsonOut out;
  writeViews(out, full, a);
  out.print();
}

void run(const Args& a) {
  JsonOut out;
  MapViewOptions view;
  view.width = a.width;
  view.height = a.height;
  if (a.background) view.background = *a.background;
  const Stopwatch total;

  // Open → read (reproject, validate, index) → tessellate with the default styles the levels of
  // detail the first view draws (splitLevels: the frame is the same as with every level built) →
  // GL context, upload, first frame at rest quality (4x MSAA). Then the finer levels, on the
  // same threads, as the viewer builds them in the background: "refine".
  Stopwatch sw;
  ReadOptions ro;
  ro.mapCrs = a.crs;
  ro.layers = a.layers;
  std::vector<LayerData> layers = inNamedOrder(readVectorSource(a.data, ro), a.layers);
  out.number("read_s", sw.seconds());
  sw.restart();
  Box all;
  for (const LayerData& layer : layers) all.expand(layer.extent);
  Camera full;
  full.setViewport(a.width, a.height);
  full.fit(all);
  std::vector<const LayerData*> layerPtrs;
  std::vector<LayerStyle> styles;
  std::vector<std::vector<double>> firstLevels, laterLevels;
  for (const LayerData& layer : layers) {
    layerPtrs.push_back(&layer);
    const auto own = a.styles.find(layer.name);
    styles.push_back(own != a.styles.end() ? own->second : defaultStyle(layer, styles.size()));
    const LevelSplit split = splitLevels(layer.extent, drawableKind(layer), full.unitsPerPixel(), layer.features.size(),
                                         clusterMinPointsFor(styles.back()));
    firstLevels.push_back(split.first);
    laterLevels.push_back(split.later);
  }
  std::vector<Buckets> buckets = tessellateLevels(layerPtrs, styles, firstLevels);
  const double tessFirst = sw.seconds();
  out.number("tessellate_first_s", tessFirst);
  sw.restart();
  EglContext context;
  out.text("gl_renderer", context.renderer());
  OffscreenTarget target(a.width, a.height, 4);
  OffscreenTarget single(a.width, a.height, 0);
  MapRenderer renderer;
  LabelRenderer labelRenderer;
  if (a.labels) {
    std::vector<LabelCandidate> candidates;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      std::vector<LabelCandidate> c = layerLabels(layers[i], styles[i]);
      candidates.insert(candidates.end(), std::make_move_iterator(c.begin()), std::make_move_iterator(c.end()));
    }
    out.number("label_candidates", static_cast<double>(candidates.size()));
    labelRenderer.setCandidates(std::move(candidates));
    g_labels = &labelRenderer;
  }
  out.number("gl_setup_s", sw.seconds());
  sw.restart();
  std::size_t cpuBytes = 0;
  auto release = [&cpuBytes](Buckets& b) {
    for (const LevelBuckets& l : b.levels) cpuBytes = std::max(cpuBytes, l.bytes());
    b.levels.clear();
    b.levels.shrink_to_fit();
  };
  for (Buckets& b : buckets) {
    renderer.addLayer(b);
    release(b);
  }
  glFinish();
  double uploadS = sw.seconds();
  target.bind();
  FrameStats fullStats;
  out.number("first_frame_ms", frameMs(renderer, full, view.background, &fullStats));
  out.number("load_to_first_frame_s", total.seconds());
  if (!a.png.empty()) writePng(target.readPixels(), a.png);

  sw.restart();
  std::vector<Buckets> later = tessellateLevels(layerPtrs, styles, laterLevels);
  out.number("tessellate_s", tessFirst + sw.seconds());
  Stopwatch up;
  for (std::size_t i = 0; i < later.size(); ++i) {
    renderer.addLevels(i, later[i]);
    release(later[i]);
  }
  glFinish();
  uploadS += up.seconds();
  out.number("upload_s", uploadS);
  out.number("refine_s", sw.seconds());
  out.number("all_levels_s", total.seconds());

  // The floor of any frame: clearing the target, no layers.
  {
    const MapRenderer empty;
    std::vector<double> emptyMs, emptyMs1;
    target.bind();
    for (int i = 0; i < 10; ++i) emptyMs.push_back(frameMs(empty, full, view.background));
    single.bind();
    for (int i = 0; i < 10; ++i) emptyMs1.push_back(frameMs(empty, full, view.background));
    out.summary("empty_frame_ms", bench::summarize(emptyMs));
    out.summary("empty_frame_1x_ms", bench::summarize(emptyMs1));
  }
  // At rest the viewer draws with 4x MSAA; while the view moves, single-sampled (as here).
  target.bind();
  const std::vector<double> fullMs = still(renderer, full, view.background, a);
  out.summary("full_frame_ms", bench::summarize(fullMs));
  out.summary("full_frame_cpu_ms", bench::summarize(g_cpuMs));
  out.number("full_frames", static_cast<double>(fullMs.size()));
  single.bind();
  out.summary("full_frame_1x_ms", bench::summarize(still(renderer, full, view.background, a)));
  out.summary("full_frame_1x_cpu_ms", bench::summarize(g_cpuMs));
  out.summary("pan_frame_ms", bench::summarize(moving(renderer, full, view.background, a, panMove)));
  out.summary("pan_frame_cpu_ms", bench::summarize(g_cpuMs));
  OffscreenTarget single2(a.width, a.height, 0);
  std::size_t reused = 0;
  const std::vector<double> panReuse = panReusing(renderer, full, view.background, a, single, single2, reused);
  out.summary("pan_reuse_frame_ms", bench::summarize(panReuse));
  out.summary("pan_reuse_frame_cpu_ms", bench::summarize(g_cpuMs));
  out.number("pan_reuse_frames", static_cast<double>(panReuse.size()));
  out.summary("zoom_frame_ms", bench::summarize(moving(renderer, full, view.background, a, zoomMove)));
  out.summary("zoom_frame_cpu_ms", bench::summarize(g_cpuMs));
  std::size_t zoomWhole = 0;
  const std::vector<double> zoomPreview = zoomPreviewing(renderer, full, view.background, a, single, single2, zoomWhole);
  out.summary("zoom_preview_frame_ms", bench::summarize(zoomPreview));
  out.summary("zoom_preview_frame_cpu_ms", bench::summarize(g_cpuMs));
  // The mean counts the whole frames among the previews: 1000 / mean is the frame rate of the zoom.
  out.number("zoom_preview_frame_ms_mean", std::accumulate(zoomPreview.begin(), zoomPreview.end(), 0.0) /
                                               static_cast<double>(std::max<std::size_t>(1, zoomPreview.size())));
  out.number("zoom_preview_frames", static_cast<double>(zoomPreview.size()));
  out.number("zoom_preview_whole_frames", static_cast<double>(zoomWhole));
  const Camera zoomed = zoomedCamera(full, a);
  target.bind();
  out.summary("zoomed_frame_ms", bench::summarize(still(renderer, zoomed, view.background, a)));
  out.summary("zoomed_frame_cpu_ms", bench::summarize(g_cpuMs));
  single.bind();
  out.summary("zoomed_frame_1x_ms", bench::summarize(still(renderer, zoomed, view.background, a)));
  out.summary("zoomed_frame_1x_cpu_ms", bench::summarize(g_cpuMs));
  FrameStats zoomedStats;
  frameMs(renderer, zoomed, view.background, &zoomedStats);
  out.summary("zoomed_pan_frame_ms", bench::summarize(moving(renderer, zoomed, view.background, a, panMove)));
  out.summary("zoomed_pan_frame_cpu_ms", bench::summarize(g_cpuMs));
  const std::vector<double> zoomedPanReuse = panReusing(renderer, zoomed, view.background, a, single, single2, reused);
  out.summary("zoomed_pan_reuse_frame_ms", bench::summarize(zoomedPanReuse));
  out.summary("zoomed_pan_reuse_frame_cpu_ms", bench::summarize(g_cpuMs));
  out.number("pan_reused_frames", static_cast<double>(reused));  // of pan_reuse_frames + zoomed ones
  out.number("cpu_level_bytes_max", static_cast<double>(cpuBytes));
  out.number("zoomed_covered_fills", static_cast<double>(zoomedStats.coveredFills));  // 1: the clear drew them
  {
    // The fill coverage alone (built in the refine above, alongside full detail), once more.
    Stopwatch cs;
    for (std::size_t i = 0; i < layers.size(); ++i) fillCoverageFor(layers[i], styles[i]);
    out.number("fill_coverage_s", cs.seconds());
  }
  if (a.perLayer) {
    single.bind();
    std::vector<double> fullWithout, zoomedWithout, fullOnly, zoomedOnly, fullTriangles, zoomedTriangles;
    const std::size_t n = renderer.layerCount();
    auto median = [&](const Camera& cam) { return bench::summarize(still(renderer, cam, view.background, a)).median; };
    for (std::size_t i = 0; i < n; ++i) {
      renderer.setVisible(i, false);
      fullWithout.push_back(median(full));
      zoomedWithout.push_back(median(zoomed));
      for (std::size_t k = 0; k < n; ++k) renderer.setVisible(k, k == i);
      fullOnly.push_back(median(full));
      zoomedOnly.push_back(median(zoomed));
      FrameStats fs, zs;
      frameMs(renderer, full, view.background, &fs);
      frameMs(renderer, zoomed, view.background, &zs);
      fullTriangles.push_back(static_cast<double>(fs.triangles + 2 * fs.markers));
      zoomedTriangles.push_back(static_cast<double>(zs.triangles + 2 * zs.markers));
      for (std::size_t k = 0; k < n; ++k) renderer.setVisible(k, true);
    }
    out.numbers("full_1x_ms_only_layer", fullOnly);
    out.numbers("zoomed_1x_ms_only_layer", zoomedOnly);
    out.numbers("full_triangles_only_layer", fullTriangles);  // markers count as two
    out.numbers("zoomed_triangles_only_layer", zoomedTriangles);
    std::string names;
    for (const Buckets& b : buckets) names += (names.empty() ? "" : ",") + b.name;
    out.text("layer_names", names);
    out.numbers("full_1x_ms_without_layer", fullWithout);
    out.numbers("zoomed_1x_ms_without_layer", zoomedWithout);
  }

  // Identify: clicks at random positions, over every layer, through the layers' spatial indexes.
  const double tolerance = identifyTolerance(full, a);
  std::vector<double> clickUs;
  std::size_t hits = 0;
  for (const Vec2& p : clickPoints(full, a.clicks)) {
    Stopwatch c;
    for (const LayerData& layer : layers) hits += identify(layer, p, tolerance).size();
    clickUs.push_back(c.seconds() * 1e6);
  }
  out.summary("identify_us", bench::summarize(clickUs));
  out.number("identify_hits", static_cast<double>(hits));

  std::size_t vertices = 0;
  for (const LayerData& l : layers) {
    for (const Feature& f : l.features) vertices += f.geometry.points.size();
  }
  out.number("gpu_bytes", static_cast<double>(renderer.gpuBytes()));
  out.number("full_triangles", static_cast<double>(fullStats.triangles));
  out.number("full_draw_calls", static_cast<double>(fullStats.drawCalls));
  out.number("zoomed_triangles", static_cast<double>(zoomedStats.triangles));
  out.number("vertices", static_cast<double>(vertices));
  out.number("source_coord_bytes", static_cast<double>(vertices * 2 * sizeof(double)));
  out.number("peak_rss_mib", bench::peakRssMiB());
  out.text("renderer", context.renderer());
  writeViews(out, full, a);
  out.print();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = parse(argc, argv);
    if (args.viewsOnly) {
      viewsOnly(args);
    } else {
      run(args);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
