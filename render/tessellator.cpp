// Tessellation into buckets; see tessellator.hpp. GEOS simplifies for the coarser levels, GLU
// triangulates (triangulator.hpp), and LevelWriter (level_writer.hpp) turns the results into
// vertices; this file walks the features of each level.
#include "tessellator.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <exception>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <unordered_map>

#include "corridor_progress.hpp"
#include "fill_split.hpp"
#include "geos_convert.hpp"
#include "level_writer.hpp"
#include "line_builder.hpp"
#include "style_classify.hpp"

namespace zhenmap {

namespace {

constexpr int kTileGrid = 16;

bool finite(Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

GeomKind layerKind(const LayerData& layer) { return drawableKind(layer); }

// Feature order grouped by tile (the tile of each feature's box centre), and the tile of each.
struct TileOrder {
  std::vector<std::uint32_t> order;
  std::vector<int> tileOf;  // per feature; -1 = nothing to draw
};

TileOrder tileOrder(const LayerData& layer, const std::vector<int>& classes) {
  TileOrder t;
  const Box& e = layer.extent;
  t.tileOf.assign(layer.features.size(), -1);
  const double w = std::max(e.width(), 1e-12), h = std::max(e.height(), 1e-12);
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    const Geometry& g = layer.features[i].geometry;
    if (classes[i] == kHidden || g.empty()) continue;
    const Box b = g.bounds();
    if (b.empty()) continue;
    const Vec2 c = b.center();
    const int tx = std::clamp(static_cast<int>((c.x - e.minX) / w * kTileGrid), 0, kTileGrid - 1);
    const int ty = std::clamp(static_cast<int>((c.y - e.minY) / h * kTileGrid), 0, kTileGrid - 1);
    t.tileOf[i] = ty * kTileGrid + tx;
    t.order.push_back(static_cast<std::uint32_t>(i));
  }
  std::stable_sort(t.order.begin(), t.order.end(), [&](auto a, auto b) { return t.tileOf[a] < t.tileOf[b]; });
  return t;
}

LineStyle outlineStyle(const Symbol& s) { return {s.strokeWidth, 0.0f, 0.0f, 0.0f, s.stroke, 0}; }
LineStyle lineStyle(const Symbol& s) { return {s.lineWidth, s.dashOn, s.dashOff, s.casingWidth, s.stroke, s.casing}; }
// The planned part of a route (LayerStyle::dashPlanned): dashed, thinner, no casing, as on slides.
LineStyle plannedStyle(const Symbol& s) {
  return {0.6f * s.lineWidth, 3.0f * s.lineWidth, 2.0f * s.lineWidth, 0.0f, s.stroke, 0};
}

// The layer's lines split at their built length (LayerStyle::dashPlanned), or nothing when the
// style does not ask for it or the layer lacks its progress fields.
std::optional<ProgressLayers> plannedSplit(const LayerData& layer, const LayerStyle& style) {
  if (!style.dashPlanned || !style.hasProgress() || !findField(layer, style.builtField) ||
      !findField(layer, style.plannedField)) {
    return std::nullopt;
  }
  try {
    return splitRoutesByProgress(layer, style.builtField, style.plannedField);
  } catch (const std::exception&) {
    return std::nullopt;  // no lon/lat for this CRS: drawn whole, as without the option
  }
}

// pts[0, n) simplified by Douglas-Peucker (GEOS) within tolerance: points `pts` to `simplified`
// and returns the new count; leaves them as they are when tolerance is 0 or GEOS fails.
std::size_t simplifyLine(const geos::Context& ctx, const Vec2*& pts, std::size_t n, double tolerance,
                         std::vector<double>& xy, std::vector<Vec2>& simplified) {
  if (tolerance <= 0.0 || n <= 2) return n;
  xy.clear();
  for (std::size_t i = 0; i < n; ++i) {
    if (finite(pts[i])) xy.insert(xy.end(), {pts[i].x, pts[i].y});
  }
  if (xy.size() < 4) return n;
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx.get(), xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
  geos::GeometryPtr line = geos::own(ctx, seq ? GEOSGeom_createLineString_r(ctx.get(), seq) : nullptr);
  geos::GeometryPtr simple = line ? geos::own(ctx, GEOSSimplify_r(ctx.get(), line.get(), tolerance)) : nullptr;
  const GEOSCoordSequence* out = simple ? GEOSGeom_getCoordSeq_r(ctx.get(), simple.get()) : nullptr;
  unsigned size = 0;
  if (!out || !GEOSCoordSeq_getSize_r(ctx.get(), out, &size) || size < 2) return n;
  simplified.resize(size);
  GEOSCoordSeq_copyToBuffer_r(ctx.get(), out, &simplified[0].x, 0, 0);
  pts = simplified.data();
  return size;
}

// An invalid polygon simplified ring by ring (Douglas-Peucker on each ring as a line), for the
// coarser levels: GEOS's polygon simplifier makes its result valid with buffer(0), which for
// invalid input keeps something else than what the rings fill by the even-odd rule (one half of
// a bow-tie, an inverted hole filled). A ring that collapses is left out when it is at most
// `tolerance` across, else kept whole (a long, thin one), as outlines do.
Geometry simplifyRings(const geos::Context& ctx, const Geometry& g, double tolerance, std::vector<double>& xy,
                       std::vector<Vec2>& simplified) {
  Geometry out;
  out.kind = GeomKind::Polygon;
  out.rings = {0};
  out.parts = {0};
  for (std::size_t part = 0; part < g.partCount(); ++part) {
    for (std::uint32_t r = g.parts[part]; r < g.parts[part + 1]; ++r) {
      const Vec2* pts = &g.points[g.rings[r]];
      const std::size_t count = g.rings[r + 1] - g.rings[r];
      std::size_t n = simplifyLine(ctx, pts, count, tolerance, xy, simplified);
      if (n < 4) {
        Box b;
        for (std::size_t i = 0; i < count; ++i) {
          if (finite(g.points[g.rings[r] + i])) b.expand(g.points[g.rings[r] + i]);
        }
        if (b.empty() || std::hypot(b.width(), b.height()) <= tolerance) continue;
        pts = &g.points[g.rings[r]];
        n = count;
      }
      out.points.insert(out.points.end(), pts, pts + n);
      out.rings.push_back(static_cast<std::uint32_t>(out.points.size()));
    }
    if (out.ringCount() > out.parts.back()) out.parts.push_back(static_cast<std::uint32_t>(out.ringCount()));
  }
  return out;
}

void polygonsLevel(const LayerData& layer, const LayerStyle& style, const std::vector<int>& classes,
                   const TileOrder& tiles, double tolerance, LevelBuckets& level, Vec2 origin,
                   const OutlineArcs& arcs, const std::atomic<bool>* cancel) {
  geos::Context ctx;
  LevelWriter w(level, origin, style);
  // A level is drawn at about one map unit of tolerance per pixel (chooseLevel), full detail
  // from the finest default tolerance on: cells of 32 such pixels bound the slivers.
  FillSplitOptions split;
  const std::vector<double> defaults = defaultTolerances(layer.extent, GeomKind::Polygon);
  split.minCell = 32.0 * (tolerance > 0.0 ? tolerance : defaults.empty() ? 0.0 : defaults.front());
  DrawnArcs drawn;
  std::vector<double> xy;
  std::vector<Vec2> simplified;
  for (std::uint32_t fi : tiles.order) {
    if (cancel && cancel->load()) return;
    const Feature& f = layer.features[fi];
    const Symbol& sym = symbolFor(style, classes[fi]);
    w.beginTile(tiles.tileOf[fi]);
    w.expandTile(f.geometry.bounds());
    const Geometry& g = f.geometry;
    // Drawn as GDAL and QGIS read it, valid or not: no repaired copy (see LevelWriter::fill).
    const bool invalid = f.status == GeometryStatus::Invalid;
    if (g.kind != GeomKind::Polygon || g.partCount() == 0) continue;
    if (tolerance > 0.0 && invalid) {
      w.fill(simplifyRings(ctx, g, tolerance, xy, simplified), sym.fill, &split, true);
    } else if (tolerance > 0.0) {
      geos::GeometryPtr poly = geos::polygonsToGeos(ctx, g, true);
      if (!poly) continue;
      // Douglas-Peucker (GEOS repairs collapsed rings): 20x faster than the topology-preserving
      // variant; neighbours' fills may part by up to a pixel at the level's scale, and an
      // outline (simplified by arcs, below) may stand up to a pixel off its fill's edge.
      geos::GeometryPtr simple = geos::own(ctx, GEOSSimplify_r(ctx.get(), poly.get(), tolerance));
      const Geometry rings = geos::polygonalToGeometry(ctx, simple && !GEOSisEmpty_r(ctx.get(), simple.get()) ? simple.get() : poly.get());
      w.fill(rings, sym.fill, &split);
    } else {
      w.fill(g, sym.fill, &split, invalid);
    }
    if (sym.strokeWidth <= 0.0f) continue;
    const LineStyle outline = outlineStyle(sym);
    if (tolerance <= 0.0 && invalid) {
      // At full detail an invalid polygon's outline is drawn as the source has it, ring by ring.
      for (std::size_t r = 0; r < g.ringCount(); ++r) {
        w.outlines().add(&g.points[g.rings[r]], g.rings[r + 1] - g.rings[r], true, outline);
      }
      continue;
    }
    // By arcs (outline_arcs.hpp): a boundary shared with a feature drawn before in the same line
    // style is drawn once, simplified the same from both sides.
    const std::uint64_t key = (static_cast<std::uint64_t>(outline.color) << 32) ^ std::bit_cast<std::uint32_t>(outline.width);
    for (std::size_t r = 0; r < g.ringCount(); ++r) {
      for (OutlineArc& arc : arcs.arcs(fi, r)) {
        if (!drawn.firstTime(arc, key)) continue;  // drawn from the other side already
        if (arc.closed) arc.points.push_back(arc.points.front());  // Douglas-Peucker keeps the closing point
        const Vec2* pts = arc.points.data();
        std::size_t n = simplifyLine(ctx, pts, arc.points.size(), tolerance, xy, simplified);
        if (arc.closed && n < 4) {
          // Simplified to a sliver: a ring under a pixel across is left out; a long, thin one
          // (a river, a road) keeps its points, as its fill does.
          Box b;
          for (const Vec2& p : arc.points) b.expand(p);
          if (std::hypot(b.width(), b.height()) <= tolerance) continue;
          pts = arc.points.data();
          n = arc.points.size();
        }
        w.outlines().add(pts, n, arc.closed, outline);
      }
    }
  }
  w.endTile();
}

// The polylines of g (simplified with tolerance > 0) in one line style.
void addLines(const geos::Context& ctx, LevelWriter& w, const Geometry& g, double tolerance, const LineStyle& style,
              std::vector<double>& xy, std::vector<Vec2>& simplified) {
  for (std::size_t r = 0; r < g.ringCount(); ++r) {
    const Vec2* pts = &g.points[g.rings[r]];
    const std::size_t n = simplifyLine(ctx, pts, g.rings[r + 1] - g.rings[r], tolerance, xy, simplified);
    w.lines().add(pts, n, false, style);
  }
}

void linesLevel(const LayerData& layer, const LayerStyle& style, const std::vector<int>& classes,
                const TileOrder& tiles, double tolerance, LevelBuckets& level, Vec2 origin,
                const ProgressLayers* progress, const std::atomic<bool>* cancel) {
  geos::Context ctx;
  LevelWriter w(level, origin, style);
  std::vector<double> xy;
  std::vector<Vec2> simplified;
  for (std::uint32_t fi : tiles.order) {
    if (cancel && cancel->load()) return;
    const Feature& f = layer.features[fi];
    const Symbol& sym = symbolFor(style, classes[fi]);
    w.beginTile(tiles.tileOf[fi]);
    w.expandTile(f.geometry.bounds());
    if (progress) {
      addLines(ctx, w, progress->built.features[fi].geometry, tolerance, lineStyle(sym), xy, simplified);
      addLines(ctx, w, progress->remaining.features[fi].geometry, tolerance, plannedStyle(sym), xy, simplified);
    } else {
      addLines(ctx, w, f.geometry, tolerance, lineStyle(sym), xy, simplified);
    }
  }
  w.endTile();
}

}  // namespace

Symbol clusterSymbol(const Symbol& of, std::uint32_t count) {
  Symbol s = of;
  if (count <= 1) return s;
  // A disc in the class colour inside a translucent ring of the same colour: no single marker
  // looks like it (those have a solid outline), whatever their shape. Larger with the count,
  // on a log scale, at most three times the class's marker.
  const float scale = 1.3f + 0.5f * static_cast<float>(std::log10(static_cast<double>(count)));
  s.shape = MarkerShape::Circle;
  s.size = of.size * std::min(scale, 3.0f);
  s.strokeWidth = std::max(2.0f, 0.18f * s.size);
  s.fill = (of.fill & 0x00ffffffu) | 0xff000000u;
  s.stroke = (of.fill & 0x00ffffffu) | (Rgba{0x66} << 24);
  return s;
}

namespace {

void pointsLevel(const LayerData& layer, const LayerStyle& style, const std::vector<int>& classes,
                 const TileOrder& tiles, double cell, LevelBuckets& level, Vec2 origin) {
  LevelWriter w(level, origin, style);
  if (cell <= 0.0) {
    for (std::uint32_t fi : tiles.order) {
      const Feature& f = layer.features[fi];
      w.beginTile(tiles.tileOf[fi]);
      w.expandTile(f.geometry.bounds());
      for (const Vec2& p : f.geometry.points) {
        if (finite(p)) w.marker(p, symbolFor(style, classes[fi]), 1.0f);
      }
    }
    w.endTile();
    return;
  }
  // Grid clustering. A cell of `cell` map units spans half to all of kClusterCellMaxPx on screen
  // where chooseLevel draws this level. A cell whose points do not overlap one another at the
  // larger of those (at most kClusterMaxSingles of them) keeps them as they are; any other
  // becomes one cluster marker at the mean position (see clusterSymbol). So the markers a view
  // draws are bounded by its area, whatever the data, and points that stand apart where the level
  // is first drawn are not merged.
  struct Member {
    Vec2 p;
    std::uint32_t feature;
  };
  struct Cell {
    double sx = 0, sy = 0;
    std::uint32_t n = 0;
    std::unordered_map<int, std::uint32_t> classCount;
    std::vector<Member> members;  // the first kClusterMaxSingles + 1 points
    int tile = 0;
  };
  std::unordered_map<std::int64_t, Cell> cells;
  for (std::uint32_t fi : tiles.order) {
    for (const Vec2& p : layer.features[fi].geometry.points) {
      if (!finite(p)) continue;
      const auto cx = static_cast<std::int64_t>(std::floor((p.x - layer.extent.minX) / cell));
      const auto cy = static_cast<std::int64_t>(std::floor((p.y - layer.extent.minY) / cell));
      Cell& c = cells[cy * 1'000'003 + cx];
      c.sx += p.x;
      c.sy += p.y;
      ++c.n;
      ++c.classCount[classes[fi]];
      c.tile = tiles.tileOf[fi];
      if (c.members.size() <= kClusterMaxSingles) c.members.push_back({p, fi});
    }
  }
  const double pxPerUnit = kClusterCellMaxPx / cell;  // at the closest zoom this level is drawn
  auto fitSideBySide = [&](const Cell& c) {
    if (c.n > kClusterMaxSingles) return false;
    for (std::size_t i = 0; i < c.members.size(); ++i) {
      for (std::size_t j = i + 1; j < c.members.size(); ++j) {
        const Vec2 a = c.members[i].p, b = c.members[j].p;
        const double apart = std::hypot(a.x - b.x, a.y - b.y) * pxPerUnit;
        const double sizes = 0.5 * (symbolFor(style, classes[c.members[i].feature]).size +
                                    symbolFor(style, classes[c.members[j].feature]).size);
        if (apart < sizes) return false;
      }
    }
    return true;
  };
  struct Out {
    int tile;
    Vec2 p;
    Symbol symbol;
    std::uint32_t count;
  };
  std::vector<Out> out;
  out.reserve(cells.size());
  for (const auto& [key, c] : cells) {
    if (fitSideBySide(c)) {
      for (const Member& m : c.members) out.push_back({tiles.tileOf[m.feature], m.p, symbolFor(style, classes[m.feature]), 1});
      continue;
    }
    int best = kUnmatched;
    std::uint32_t bestCount = 0;
    for (const auto& [cls, count] : c.classCount) {
      if (count > bestCount || (count == bestCount && cls < best)) best = cls, bestCount = count;
    }
    out.push_back({c.tile, Vec2{c.sx / c.n, c.sy / c.n}, clusterSymbol(symbolFor(style, best), c.n), c.n});
  }
  std::sort(out.begin(), out.end(), [](const Out& a, const Out& b) {
    return a.tile != b.tile ? a.tile < b.tile : (a.p.x != b.p.x ? a.p.x < b.p.x : a.p.y < b.p.y);
  });
  for (const Out& o : out) {
    w.beginTile(o.tile);
    w.expandTile(Box{o.p.x, o.p.y, o.p.x, o.p.y});
    w.marker(o.p, o.symbol, static_cast<float>(o.count));
  }
  w.endTile();
}

}  // namespace

GeomKind drawableKind(const LayerData& layer) {
  for (const Feature& f : layer.features) {
    if (f.geometry.kind != GeomKind::None) return f.geometry.kind;
  }
  return GeomKind::None;
}

std::size_t LevelBuckets::bytes() const {
  return fillVertices.size() * sizeof(FillVertex) + fillIndices.size() * sizeof(std::uint32_t) +
         lineVertices.size() * sizeof(LineVertex) + lineIndices.size() * sizeof(std::uint32_t) +
         markers.size() * sizeof(MarkerInstance);
}

LevelSplit splitLevels(const Box& extent, GeomKind kind, double unitsPerPixel, std::size_t featureCount,
                       std::size_t clusterMinPoints) {
  std::vector<double> all = defaultTolerances(extent, kind);
  if (kind == GeomKind::Point && featureCount < clusterMinPoints) all.clear();
  all.insert(all.begin(), 0.0);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());  // a degenerate extent: all zero
  Buckets probe;
  probe.kind = kind;
  for (double t : all) {
    LevelBuckets level;
    level.tolerance = t;
    probe.levels.push_back(std::move(level));
  }
  const std::size_t chosen = chooseLevel(probe, unitsPerPixel);
  LevelSplit out;
  for (std::size_t i = 0; i < all.size(); ++i) (i >= chosen ? out.first : out.later).push_back(all[i]);
  return out;
}

std::vector<Buckets> tessellateLevels(const std::vector<const LayerData*>& layers, const std::vector<LayerStyle>& styles,
                                      const std::vector<std::vector<double>>& tolerances, unsigned threads,
                                      const std::atomic<bool>* cancel) {
  struct Job {
    std::size_t layer;
    double tolerance;
    bool coverage = false;  // the layer's fill coverage (with level 0), not a level
  };
  std::vector<Job> jobs;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    for (double t : tolerances.at(i)) jobs.push_back({i, t});
    const auto& t = tolerances[i];
    if (drawableKind(*layers[i]) == GeomKind::Polygon && std::find(t.begin(), t.end(), 0.0) != t.end()) {
      jobs.push_back({i, 0.0, true});
    }
  }
  // Levels from full detail (the longest) up; coverage jobs last, after the levels a view needs.
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
    return a.coverage != b.coverage ? b.coverage : a.tolerance < b.tolerance;
  });
  std::vector<std::vector<Buckets>> parts(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i) parts[i].resize(tolerances[i].size());
  std::vector<std::size_t> slot(jobs.size());
  {
    std::vector<std::size_t> used(layers.size(), 0);
    for (std::size_t j = 0; j < jobs.size(); ++j) slot[j] = jobs[j].coverage ? 0 : used[jobs[j].layer]++;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex errorMutex;
  // A polygon layer's levels share its outline arcs: built once, by the first job that needs them.
  std::vector<std::once_flag> arcsOnce(layers.size());
  std::vector<std::optional<OutlineArcs>> arcs(layers.size());
  std::vector<std::shared_ptr<const FillCoverage>> coverages(layers.size());
  auto worker = [&] {
    for (std::size_t j; (j = next.fetch_add(1)) < jobs.size();) {
      if (cancel && cancel->load()) return;
      try {
        const std::size_t l = jobs[j].layer;
        if (jobs[j].coverage) {
          coverages[l] = fillCoverageFor(*layers[l], styles.at(l));
          continue;
        }
        if (drawableKind(*layers[l]) == GeomKind::Polygon) {
          std::call_once(arcsOnce[l], [&] { arcs[l].emplace(outlineArcsFor(*layers[l], styles.at(l))); });
        }
        TessellateOptions opts;
        opts.outlineArcs = arcs[l] ? &*arcs[l] : nullptr;
        opts.tolerances = {jobs[j].tolerance};
        opts.skipDetail = jobs[j].tolerance > 0.0;
        opts.buildCoverage = false;  // its own job
        opts.threads = 1;
        opts.cancel = cancel;
        parts[jobs[j].layer][slot[j]] = tessellate(*layers[jobs[j].layer], styles.at(jobs[j].layer), opts);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(errorMutex);
        if (!error) error = std::current_exception();
      }
    }
  };
  const unsigned n = std::max(1u, std::min(threads ? threads : std::thread::hardware_concurrency(),
                                           static_cast<unsigned>(std::max<std::size_t>(jobs.size(), 1))));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  std::vector<Buckets> out(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (parts[i].empty()) {
      out[i].name = layers[i]->name;
      out[i].style = styles[i];
      out[i].extent = layers[i]->extent;
      out[i].origin = layers[i]->extent.empty() ? Vec2{0, 0} : layers[i]->extent.center();
      out[i].kind = drawableKind(*layers[i]);
      continue;
    }
    out[i] = std::move(parts[i][0]);
    for (std::size_t k = 1; k < parts[i].size(); ++k) mergeLevels(out[i], std::move(parts[i][k]));
    out[i].coverage = std::move(coverages[i]);
  }
  return out;
}

void mergeLevels(Buckets& into, Buckets&& more) {
  if (more.coverage) into.coverage = std::move(more.coverage);
  for (LevelBuckets& l : more.levels) into.levels.push_back(std::move(l));
  std::stable_sort(into.levels.begin(), into.levels.end(),
                   [](const LevelBuckets& a, const LevelBuckets& b) { return a.tolerance < b.tolerance; });
}

std::vector<double> defaultTolerances(const Box& extent, GeomKind kind) {
  if (extent.empty()) return {};
  const double diag = std::hypot(extent.width(), extent.height());
  // Cluster cells from a 1,024th to a 16th of the diagonal, doubling: chooseLevel draws cells of
  // half to all of kClusterCellMaxPx wherever the diagonal spans 1,024 to 65,536 pixels; closer
  // than that, level 0 (every point as it is).
  if (kind == GeomKind::Point) {
    return {diag / 1024.0, diag / 512.0, diag / 256.0, diag / 128.0, diag / 64.0, diag / 32.0, diag / 16.0};
  }
  return {diag / 131072.0, diag / 32768.0, diag / 8192.0, diag / 2048.0};
}

std::shared_ptr<const FillCoverage> fillCoverageFor(const LayerData& layer, const LayerStyle& style) {
  if (drawableKind(layer) != GeomKind::Polygon) return nullptr;
  const std::vector<int> classes = classifyFeatures(layer, style);
  std::vector<Rgba> fills(classes.size(), 0);
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i] != kHidden) fills[i] = symbolFor(style, classes[i]).fill;
  }
  return FillCoverage::build(layer, fills);
}

OutlineArcs outlineArcsFor(const LayerData& layer, const LayerStyle& style) {
  const std::vector<int> classes = classifyFeatures(layer, style);
  std::vector<const Geometry*> outlines(layer.features.size(), nullptr);
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i] != kHidden && symbolFor(style, classes[i]).strokeWidth > 0.0f) {
      outlines[i] = &layer.features[i].geometry;
    }
  }
  return OutlineArcs(std::move(outlines));
}

Buckets tessellate(const LayerData& layer, const LayerStyle& style, const TessellateOptions& options) {
  Buckets out;
  out.name = layer.name;
  out.style = style;
  out.extent = layer.extent;
  out.origin = layer.extent.empty() ? Vec2{0, 0} : layer.extent.center();
  out.kind = layerKind(layer);
  const std::vector<int> classes = classifyFeatures(layer, style);
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i] == kHidden || layer.features[i].geometry.empty()) ++out.skippedFeatures;
    if (classes[i] != kHidden && layer.features[i].status == GeometryStatus::Invalid) ++out.invalidPolygons;
    if (classes[i] != kHidden && symbolFor(style, classes[i]).casingWidth > 0.0f) out.hasCasing = true;
  }
  const TileOrder tiles = tileOrder(layer, classes);
  const std::optional<ProgressLayers> progress =
      out.kind == GeomKind::Line ? plannedSplit(layer, style) : std::nullopt;

  std::vector<double> tolerances = options.tolerances.empty() ? defaultTolerances(layer.extent, out.kind) : options.tolerances;
  if (out.kind == GeomKind::Point && (!style.cluster || layer.features.size() < options.clusterMinPoints)) {
    tolerances.clear();
  }
  if (!options.skipDetail || tolerances.empty()) tolerances.insert(tolerances.begin(), 0.0);
  std::sort(tolerances.begin(), tolerances.end());
  tolerances.erase(std::unique(tolerances.begin(), tolerances.end()), tolerances.end());

  std::optional<OutlineArcs> ownArcs;
  const OutlineArcs* arcs = options.outlineArcs;
  if (out.kind == GeomKind::Polygon && (!arcs || arcs->size() != layer.features.size())) {
    ownArcs.emplace(outlineArcsFor(layer, style));
    arcs = &*ownArcs;
  }

  // Levels are independent: build them in parallel (each task has its own GEOS context and GLU
  // tessellator), coarsest first so a short job list still finishes the cheap ones early. The
  // fill coverage, with level 0, is one more task.
  out.levels.resize(tolerances.size());
  const bool coverage = options.buildCoverage && out.kind == GeomKind::Polygon && tolerances.front() == 0.0;
  auto build = [&](std::size_t i) {
    if (i == tolerances.size()) {
      out.coverage = fillCoverageFor(layer, style);
      return;
    }
    LevelBuckets& level = out.levels[i];
    level.tolerance = tolerances[i];
    switch (out.kind) {
      case GeomKind::Polygon:
        polygonsLevel(layer, style, classes, tiles, level.tolerance, level, out.origin, *arcs, options.cancel);
        break;
      case GeomKind::Line:
        linesLevel(layer, style, classes, tiles, level.tolerance, level, out.origin, progress ? &*progress : nullptr,
                   options.cancel);
        break;
      case GeomKind::Point:
        pointsLevel(layer, style, classes, tiles, level.tolerance, level, out.origin);
        break;
      case GeomKind::None:
        break;
    }
  };
  const std::size_t tasks = tolerances.size() + (coverage ? 1 : 0);
  const unsigned threads = std::max(1u, std::min(options.threads ? options.threads : std::thread::hardware_concurrency(),
                                                 static_cast<unsigned>(tasks)));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < tasks;) build(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return out;
}

std::size_t chooseLevel(const Buckets& b, double unitsPerPixel) {
  const double limit = b.kind == GeomKind::Point ? kClusterCellMaxPx * unitsPerPixel : unitsPerPixel;
  std::size_t best = 0;
  for (std::size_t i = 0; i < b.levels.size(); ++i) {
    if (b.levels[i].tolerance <= limit) best = i;
  }
  return best;
}

}  // namespace zhenmap
