// Building a slide's scene; see slide_scene.hpp.
#include "slide_scene.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "corridor_progress.hpp"
#include "crs_transform.hpp"
#include "standard_styles.hpp"
#include "expression.hpp"
#include "map_annotations.hpp"
#include "i18n.hpp"
#include "map_view.hpp"
#include "project_meta.hpp"
#include "store/database.hpp"
#include "store/meeting_store.hpp"
#include "store/redact.hpp"
#include "store/project_store.hpp"
#include "vector_source.hpp"

namespace zhenmap {

namespace {

const std::vector<std::string> kDefaultLayers = {"townships", "villages", "scenic_routes", "project_sites",
                                                 "work_teams"};
// Draw order, bottom first.
const std::vector<std::string> kOrder = {"townships",     "villages",   "scenic_routes",
                                         "project_sites", "work_teams", kHouseholdCountsLayer};

void scaleSymbol(Symbol& s, float k) {
  s.strokeWidth *= k;
  s.lineWidth *= k;
  s.dashOn *= k;
  s.dashOff *= k;
  s.casingWidth *= k;
  s.size *= k;
}

void scaleStyle(LayerStyle& style, float k) {
  scaleSymbol(style.symbol, k);
  for (StyleClass& c : style.classes) scaleSymbol(c.symbol, k);
  style.label.sizePx *= k;
  style.label.haloPx *= k;
}

// The field's index, or one past the last field when there is none (numberAt and textAt give 0 / "").
std::size_t fieldIndex(const LayerData& layer, const std::string& name) {
  return findField(layer, name).value_or(layer.fields.size());
}

double numberAt(const Feature& f, std::size_t i) {
  if (i >= f.attributes.size()) return 0.0;
  if (const auto* d = std::get_if<double>(&f.attributes[i])) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&f.attributes[i])) return static_cast<double>(*n);
  return 0.0;
}

std::string textAt(const Feature& f, std::size_t i) {
  if (i >= f.attributes.size()) return {};
  if (const auto* s = std::get_if<std::string>(&f.attributes[i])) return *s;
  return {};
}

LayerData filtered(const LayerData& layer, const std::string& filter) {
  const std::vector<bool> keep = evaluateFilter(layer, filter);
  LayerData out;
  out.source = layer.source;
  out.name = layer.name;
  out.mapCrs = layer.mapCrs;
  out.sourceCrs = layer.sourceCrs;
  out.geometryType = layer.geometryType;
  out.encoding = layer.encoding;
  out.fields = layer.fields;
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    if (!keep[i]) continue;
    out.features.push_back(layer.features[i]);
    out.extent.expand(layer.features[i].geometry.bounds());
  }
  return out;
}

// Households as one point per village: "N户" labels, marker area growing with the count.
LayerData householdCountLayer(const MeetingProject& p, const std::vector<store::VillageCount>& counts) {
  LayerData out;
  out.source = p.path;
  out.name = kHouseholdCountsLayer;
  out.mapCrs = p.mapCrs;
  out.geometryType = "Point";
  out.fields = {{"label", FieldType::Text, "String", 0, 0}, {"households", FieldType::Integer, "Integer", 0, 0}};
  const CrsTransform toMap("EPSG:4490", p.mapCrs);
  std::int64_t fid = 1;
  for (const store::VillageCount& v : counts) {
    Feature f;
    f.fid = fid++;
    f.geometry.kind = GeomKind::Point;
    f.geometry.points = {toMap.forward(v.lonLat)};
    f.geometry.rings = {0, 1};
    f.attributes = {std::to_string(v.households) + "户", v.households};
    out.extent.expand(f.geometry.points[0]);
    out.features.push_back(std::move(f));
  }
  return out;
}

LayerStyle householdCountStyle(bool perTownship) {
  LayerStyle s;
  s.kind = StyleKind::Graduated;
  s.expression = "households";
  const auto sym = [](float size) {
    Symbol m;
    m.fill = rgba(0x2e, 0x5c, 0xb8, 0xd0);
    m.stroke = rgba(255, 255, 255);
    m.strokeWidth = 1.5f;
    m.shape = MarkerShape::Circle;
    m.size = size;
    return m;
  };
  s.symbol = sym(10.0f);
  const struct {
    double lo, hi;
    const char* label;
    float size;
  } perVillage[] = {{1, 2, "监测户：每村1户", 10.0f},
                    {2, 5, "监测户：每村2–4户", 14.0f},
                    {5, 100000, "监测户：每村5户以上", 20.0f}},
    perTown[] = {{1, 5, "监测户：每镇1–4户", 12.0f},
                 {5, 15, "监测户：每镇5–14户", 18.0f},
                 {15, 100000, "监测户：每镇15户以上", 26.0f}};
  for (const auto& c : perTownship ? perTown : perVillage) {
    StyleClass k;
    k.lower = c.lo;
    k.upper = c.hi;
    k.label = c.label;
    k.symbol = sym(c.size);
    s.classes.push_back(k);
  }
  s.label.expression = "label";
  s.label.sizePx = 12.0f;
  s.label.color = rgba(0x1d, 0x3c, 0x78);
  s.label.priority = 3;
  return s;
}

}  // namespace

MeetingProject loadMeetingProject(const std::string& path, const std::string& mapCrs) {
  MeetingProject p;
  p.path = path;
  p.mapCrs = mapCrs;
  {
    store::ProjectStore project = store::ProjectStore::open(path, store::OpenMode::ReadOnly);
    // Through the store: a file or a server project (meeting_store.hpp).
    p.slides = store::readSlides(project);
    p.householdCounts = store::householdCountsByVillage(project);
    p.householdCountsByTownship = store::householdCountsByTownship(project);
    p.title = store::projectTitle(project);
  }
  if (p.title.empty()) p.title = store::displayName(path, true);
  p.styles = readProjectStyles(path);
  p.titles = readLayerTitles(path);
  const std::set<std::string> personal = readPersonalLayers(path);
  ReadOptions read;
  read.mapCrs = mapCrs;
  for (const std::string& name : kDefaultLayers) {
    if (!personal.count(name)) read.layers.push_back(name);
  }
  for (LayerData& layer : readVectorSource(path, read)) {
    if (personal.count(layer.name)) continue;  // never hold personal records in a meeting
    const std::string name = layer.name;
    p.layers[name] = std::make_shared<const LayerData>(std::move(layer));
  }
  return p;
}

MeetingProject meetingProjectOf(Project& project) {
  MeetingProject p;
  p.path = project.path();
  store::ProjectStore& store = *project.store();
  p.slides = store::readSlides(store);
  p.householdCounts = store::householdCountsByVillage(store);
  p.householdCountsByTownship = store::householdCountsByTownship(store);
  p.title = project.metadata().title.empty() ? store::displayName(project.path(), true) : project.metadata().title;
  p.styles = project.metadata().styles;
  p.titles = project.metadata().layerTitles;
  const LayerStack& stack = project.layers();
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const MapLayer& l = stack.at(i);
    if (!l.fromProject || project.metadata().personalLayers.count(l.name())) continue;  // no personal records
    p.mapCrs = l.data->mapCrs;
    p.layers[l.name()] = l.data;
    p.styles.emplace(l.name(), l.style());  // what the window draws, when the project saved none
  }
  return p;
}

std::optional<Box> slideExtent(const MeetingProject& p, const store::Slide& slide) {
  if (!slide.extent) return std::nullopt;
  const CrsTransform toMap("EPSG:4490", p.mapCrs);
  Box b;
  constexpr int kSteps = 8;
  for (int i = 0; i <= kSteps; ++i) {
    const double f = static_cast<double>(i) / kSteps;
    const double x = slide.extent->minX + f * slide.extent->width();
    const double y = slide.extent->minY + f * slide.extent->height();
    for (Vec2 q : {Vec2{x, slide.extent->minY}, Vec2{x, slide.extent->maxY}, Vec2{slide.extent->minX, y},
                   Vec2{slide.extent->maxX, y}}) {
      b.expand(toMap.forward(q));
    }
  }
  return b;
}

SlideScene buildSlideScene(const MeetingProject& p, const store::Slide& slide, float scale) {
  SlideScene scene;
  std::vector<std::string> wanted = slide.visibleLayers.empty() ? kDefaultLayers : slide.visibleLayers;
  const bool showRoutes = std::find(wanted.begin(), wanted.end(), "scenic_routes") != wanted.end();
  scene.extent = slideExtent(p, slide);
  const auto styleFor = [&](const LayerData& layer) {
    const auto saved = p.styles.find(layer.name);
    LayerStyle s = saved != p.styles.end() ? saved->second : standardStyle(layer);
    scaleStyle(s, scale);
    return s;
  };
  const auto titleOf = [&](const std::string& name) {
    const auto t = p.titles.find(name);
    return t != p.titles.end() ? t->second : name;
  };
  const auto add = [&](const LayerData& layer, const LayerStyle& style, const std::string& title, bool labels) {
    Buckets b = tessellate(layer, style);
    if (!title.empty() || layer.name == kHouseholdCountsLayer) {
      const std::vector<LegendEntry> entries = legendEntries(style, b.kind, title, layer.features.size());
      scene.legend.insert(scene.legend.begin(), entries.begin(), entries.end());
    }
    if (labels) {
      auto l = layerLabels(layer, style);
      scene.labels.insert(scene.labels.end(), std::make_move_iterator(l.begin()), std::make_move_iterator(l.end()));
    }
    scene.layerNames.push_back(layer.name);
    scene.buckets.push_back(std::move(b));
  };

  for (const std::string& name : kOrder) {
    const bool isCounts = name == kHouseholdCountsLayer;
    if (std::find(wanted.begin(), wanted.end(), isCounts ? std::string("households") : name) == wanted.end()) {
      continue;
    }
    if (isCounts) {
      // City-wide slides count per township, town slides per village.
      const bool perTownship = !slide.extent || slide.extent->width() > 0.5;
      LayerStyle s = householdCountStyle(perTownship);
      scaleStyle(s, scale);
      add(householdCountLayer(p, perTownship ? p.householdCountsByTownship : p.householdCounts), s, "", true);
      continue;
    }
    const auto it = p.layers.find(name);
    if (it == p.layers.end()) continue;
    const auto f = slide.filters.find(name);
    const LayerData layer = f == slide.filters.end() ? *it->second : filtered(*it->second, f->second);
    LayerStyle style = styleFor(layer);

    const LayerData* routesLayer = p.layers.count("scenic_routes") ? p.layers.at("scenic_routes").get() : nullptr;
    const LayerStyle routeStyle = routesLayer ? styleFor(*routesLayer) : LayerStyle{};
    if (name == "townships" && showRoutes && routesLayer && routeStyle.hasProgress()) {
      // Per-township progress: "name  built / planned km" for townships with routes, from the
      // route layer's progress fields.
      const LayerData& routes = *routesLayer;
      const std::size_t tc = fieldIndex(routes, "township_code"), bi = fieldIndex(routes, routeStyle.builtField),
                        pi = fieldIndex(routes, routeStyle.plannedField);
      std::map<std::string, std::pair<double, double>> km;
      for (const Feature& r : routes.features) {
        auto& k = km[textAt(r, tc)];
        k.first += numberAt(r, bi);
        k.second += numberAt(r, pi);
      }
      const std::size_t code = fieldIndex(layer, "code"), nameField = fieldIndex(layer, "name");
      std::vector<std::string> texts;
      for (const Feature& t : layer.features) {
        const auto k = km.find(textAt(t, code));
        texts.push_back(k == km.end() ? textAt(t, nameField)
                                      : textAt(t, nameField) + " " + progressText(k->second.first, k->second.second));
      }
      add(layer, style, titleOf(name), false);
      if (!style.label.expression.empty()) {
        auto l = makeLabelCandidates(layer, texts, labelStyleOf(style));
        scene.labels.insert(scene.labels.end(), std::make_move_iterator(l.begin()), std::make_move_iterator(l.end()));
      }
      continue;
    }
    if (style.hasProgress() && findField(layer, style.builtField) && findField(layer, style.plannedField)) {
      // A layer with corridor progress (its style names the fields): built part solid, remaining
      // planned part dashed and thinner; labels "built / planned km".
      const ProgressLayers parts = splitRoutesByProgress(layer, style.builtField, style.plannedField);
      LayerStyle built = style;
      built.dashPlanned = false;  // split here already, into two layers
      LayerStyle dashed = built;
      const auto dash = [&](Symbol& s) {
        s.dashOn = 3.0f * s.lineWidth;
        s.dashOff = 2.0f * s.lineWidth;
        s.lineWidth *= 0.6f;
        s.casingWidth = 0.0f;
      };
      dash(dashed.symbol);
      for (StyleClass& c : dashed.classes) dash(c.symbol);
      add(parts.remaining, dashed, "", false);
      add(parts.built, built, titleOf(name), false);
      scene.legend.insert(scene.legend.begin(), plannedLegendEntry());
      const std::size_t bi = fieldIndex(layer, style.builtField), pi = fieldIndex(layer, style.plannedField);
      std::vector<std::string> texts;
      for (const Feature& r : layer.features) texts.push_back(progressText(numberAt(r, bi), numberAt(r, pi)));
      auto l = makeLabelCandidates(layer, texts, labelStyleOf(style));
      scene.labels.insert(scene.labels.end(), std::make_move_iterator(l.begin()), std::make_move_iterator(l.end()));
      continue;
    }
    add(layer, style, titleOf(name), true);
  }
  return scene;
}

namespace {

MapViewOptions slideView(const MeetingProject& project, const store::Slide& slide, SlideScene& scene, int width,
                         int height, bool withTitle) {
  MapViewOptions view;
  view.width = width;
  view.height = height;
  view.mapCrs = project.mapCrs;
  view.extent = scene.extent;
  view.labels = scene.labels;
  view.underlays.assign(project.rasters.begin(), project.rasters.end());
  view.decorations = slideDecorations(project, slide, scene, withTitle);
  return view;
}

// A slide is never exported with holes: its raster layers' tiles are all there first. Throws
// SlideTilesError (tiles that failed, or the time ran out).
void waitForSlideTiles(const MeetingProject& project, const std::vector<Buckets>& buckets, const MapViewOptions& view,
                       const store::Slide& slide) {
  if (project.rasters.empty()) return;
  const Camera cam = initialCamera(buckets, view);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(project.tileTimeout);
  for (const auto& r : project.rasters) r->update(cam);
  for (const auto& r : project.rasters) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const RasterViewState s = r->waitForTiles(cam, std::max(left, std::chrono::milliseconds(0)));
    const std::string where = "slide '" + slide.title + "': ";
    if (s.failed > 0)
      throw SlideTilesError(where + std::to_string(s.failed) + " tiles could not be loaded: " + s.firstError);
    if (!s.complete())
      throw SlideTilesError(where + "the tiles did not all arrive in time (" +
                            std::to_string(s.needed - s.ready - s.missing) + " of " + std::to_string(s.needed) +
                            " missing)");
    if (r->loader().status().offline && s.missing > 0) {
      throw SlideTilesError(where + "offline: " + std::to_string(s.missing) +
                            " tiles are not in the cache (zhenmap tiles seed)");
    }
  }
}

}  // namespace

MapDecorations slideDecorations(const MeetingProject& project, const store::Slide& slide, const SlideScene& scene,
                                bool withTitle) {
  MapDecorations deco;
  if (withTitle) deco.title = slide.title;
  deco.legend = scene.legend;
  deco.mapCrs = project.mapCrs;
  deco.units = distanceUnits();
  for (const auto& r : project.rasters) {  // the basemaps' attribution and approval numbers
    for (const std::string& c : r->credits()) {
      if (std::find(deco.credits.begin(), deco.credits.end(), c) == deco.credits.end()) deco.credits.push_back(c);
    }
  }
  return deco;
}

Image renderSlide(const MeetingProject& project, const store::Slide& slide, int width, int height, bool withTitle) {
  SlideScene scene = buildSlideScene(project, slide, static_cast<float>(height) / 1080.0f);
  const MapViewOptions view = slideView(project, slide, scene, width, height, withTitle);
  waitForSlideTiles(project, scene.buckets, view, slide);
  return renderHeadless(scene.buckets, view);
}

SlidePictures renderSlideBoth(const MeetingProject& project, const store::Slide& slide, int width, int height) {
  SlideScene scene = buildSlideScene(project, slide, static_cast<float>(height) / 1080.0f);
  SlidePictures out;
  const MapViewOptions titled = slideView(project, slide, scene, width, height, true);
  waitForSlideTiles(project, scene.buckets, titled, slide);
  out.titled = renderHeadless(scene.buckets, titled);
  out.untitled = renderHeadless(scene.buckets, slideView(project, slide, scene, width, height, false));
  return out;
}

}  // namespace zhenmap
