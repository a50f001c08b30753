// Large layers of a server project ("PG:...") drawn by viewport instead of read whole. The load
// opens them without their features (LoadOptions::streamAbove: fields, extent and count from
// the server; LayerData::headerOnlyCount). Then, per layer:
// - every row's attributes (no geometry) are read through the store on a worker, so
//   that identify, search and the table know every feature;
// - a store::PgViewportStream (its own connection and thread) runs a bbox query on the spatial
//   index whenever the camera has settled on a new view, cancelling on the server the one still
//   running; a view that meets more than ZHENMAP_STREAM_MAX_VIEW_FEATURES (default 100,000)
//   features fetches none and says "zoom in";
// - a delivered result is turned into a layer on a job (every row, the view's features with
//   their geometry, in the map CRS, with a spatial index) whose buckets, labels and data replace the
//   layer's: features keep their positions, so the selection and search hits stay valid.
// - selecting a feature whose geometry is not loaded (a search hit outside the view) asks the
//   server for its box and moves the view there.
// The UI thread only polls request() and take() and applies delivered jobs, never waits on the network.
//
// Which layers: those with more features than ZHENMAP_STREAM_MIN_FEATURES (default 50,000; 0 or
// "all" streams every layer of the server project).
#include <ogr_api.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "calendar.hpp"
#include "crs_transform.hpp"
#include "i18n.hpp"
#include "map_annotations.hpp"
#include "ogr_geometry.hpp"
#include "spatial_index.hpp"
#include "store/pg_connection.hpp"
#include "store/project_store.hpp"
#include "tessellator.hpp"
#include "validation.hpp"
#include "viewer.hpp"

namespace zhenmap {

namespace {

const UiText kTooMany{"%s：当前视图内要素超过 %lld 个，请放大查看",
                      "%s: more than %lld features in view; zoom in to see them"};
const UiText kRowsFailed{"%s：无法读取属性", "%s: attributes could not be read"};
ZHENMAP_UI_TEXTS(kTooMany, kRowsFailed)

constexpr const char* kServerCrs = "EPSG:4490";

std::int64_t maxViewFeatures() {
  const char* env = std::getenv("ZHENMAP_STREAM_MAX_VIEW_FEATURES");
  if (!env || !*env) return 100000;
  char* end = nullptr;
  const long long n = std::strtoll(env, &end, 10);
  return end && *end == '\0' && n >= 0 ? n : 100000;
}

bool sameBox(const Box& a, const Box& b) {
  return a.minX == b.minX && a.minY == b.minY && a.maxX == b.maxX && a.maxY == b.maxY;
}

AttributeValue toAttribute(const store::Value& v, FieldType type) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* r = std::get_if<double>(&v)) return *r;
  if (const auto* t = std::get_if<std::string>(&v)) {
    if (type == FieldType::Date || type == FieldType::DateTime) {
      if (auto d = parseIsoDateTime(*t)) return d->value;  // calendar.hpp: strict, any text may come
    }
    return *t;
  }
  return std::monostate{};
}

// Every row of the layer through the store (attributes only), as features without geometry in
// the order of the opened layer's fields. Runs on a job, with a read connection of its own.
std::vector<Feature> readRows(const std::string& project, const std::shared_ptr<const LayerData>& shell) {
  {
    store::ProjectStore source = store::ProjectStore::open(project, store::OpenMode::ReadOnly);
    const store::LayerSpec& spec = source.requireLayer(shell->name);
    // Where each of the layer's fields comes from: -2 the row version, -1 nowhere, k spec field k.
    std::vector<int> from;
    for (const FieldDef& f : shell->fields) {
      int k = f.name == "version" ? -2 : -1;
      for (std::size_t j = 0; j < spec.fields.size() && k == -1; ++j) {
        if (spec.fields[j].name == f.name) k = static_cast<int>(j);
      }
      from.push_back(k);
    }
    std::vector<Feature> rows;
    rows.reserve(static_cast<std::size_t>(std::max<std::int64_t>(shell->headerOnlyCount, 0)));
    source.forEachRow(shell->name, [&](std::int64_t id, std::int64_t version, const std::vector<store::Value>& values) {
      Feature f;
      f.fid = id;
      f.attributes.reserve(from.size());
      for (std::size_t c = 0; c < from.size(); ++c) {
        const int k = from[c];
        if (k == -2) {
          f.attributes.emplace_back(version);
        } else if (k >= 0) {
          f.attributes.push_back(toAttribute(values[static_cast<std::size_t>(k)], shell->fields[c].type));
        } else {
          f.attributes.emplace_back(std::monostate{});
        }
      }
      rows.push_back(std::move(f));
    });
    return rows;
  }
}

// The map box of one feature, asked of the server (for a selected feature outside the view).
Box locateFeature(const std::string& project, const std::string& layer, std::int64_t id, const std::string& mapCrs) {
  {
    store::PgConnection conn(project);
    store::PgResult r =
        conn.exec("SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT geom::box2d AS b FROM " +
                      store::pgIdent(layer) + " WHERE id = $1) AS s",
                  {store::param(id)});
    Box box;
    if (r.rows() == 1 && !r.isNull(0, 0)) {
      Vec2 c[4] = {{r.getDouble(0, 0), r.getDouble(0, 1)},
                   {r.getDouble(0, 2), r.getDouble(0, 3)},
                   {r.getDouble(0, 0), r.getDouble(0, 3)},
                   {r.getDouble(0, 2), r.getDouble(0, 1)}};
      CrsTransform(kServerCrs, mapCrs).forward(c, 4);
      for (const Vec2& pt : c) box.expand(pt);
    }
    return box;
  }
}

// The layer to draw: every row (or, without rows, the delivered features alone), the delivered
// ones with their geometry in the map CRS; a spatial index over them; tessellated.
Viewer::StreamBuild buildStreamed(const std::shared_ptr<const LayerData>& shell,
                                  const std::shared_ptr<const std::vector<Feature>>& rows,
                                  const store::ViewportResult& result, const LayerStyle& style) {
  const CrsTransform toMap(kServerCrs, shell->mapCrs);
  GeometryValidator validator;  // this worker's own GEOS context
  std::unordered_map<std::int64_t, std::pair<Geometry, GeometryStatus>> geometry;
  geometry.reserve(result.features.size());
  for (const store::ViewportFeature& f : result.features) {
    OGRGeometryH g = nullptr;
    if (OGR_G_CreateFromWkb(reinterpret_cast<const unsigned char*>(f.wkb.data()), nullptr, &g,
                            static_cast<int>(f.wkb.size())) != OGRERR_NONE) {
      continue;  // not WKB: drawn as missing, like a null geometry in a file
    }
    Geometry geom = fromOgr(g);
    OGR_G_DestroyGeometry(g);
    toMap.forward(geom.points.data(), geom.points.size());
    // As for a file: nothing non-finite or empty reaches the tessellator, GEOS or the index; an
    // invalid polygon is drawn as it is (its status tells the tessellator).
    const ValidationResult check = validator.validate(geom);
    if (check.status == GeometryStatus::Null || check.status == GeometryStatus::Empty ||
        check.status == GeometryStatus::NonFinite) {
      continue;
    }
    geometry.emplace(f.id, std::pair{std::move(geom), check.status});
  }
  auto layer = std::make_shared<LayerData>();
  layer->source = shell->source;
  layer->name = shell->name;
  layer->mapCrs = shell->mapCrs;
  layer->sourceCrs = shell->sourceCrs;
  layer->geometryType = shell->geometryType;
  layer->encoding = shell->encoding;
  layer->fields = shell->fields;
  layer->extent = shell->extent;  // the whole layer's, as the server reported it
  layer->headerOnlyCount = shell->headerOnlyCount;
  if (rows) {
    layer->features = *rows;
    for (Feature& f : layer->features) {
      if (auto it = geometry.find(f.fid); it != geometry.end()) {
        f.geometry = std::move(it->second.first);
        f.status = it->second.second;
      }
    }
  } else {
    for (auto& [id, geom] : geometry) {
      Feature f;
      f.fid = id;
      f.geometry = std::move(geom.first);
      f.status = geom.second;
      f.attributes.assign(shell->fields.size(), std::monostate{});
      layer->features.push_back(std::move(f));
    }
    std::sort(layer->features.begin(), layer->features.end(),
              [](const Feature& a, const Feature& b) { return a.fid < b.fid; });
  }
  std::vector<Box> boxes;
  boxes.reserve(layer->features.size());
  for (const Feature& f : layer->features) boxes.push_back(f.geometry.bounds());
  layer->index = std::make_shared<const SpatialIndex>(boxes);
  Viewer::StreamBuild out;
  out.buckets = tessellate(*layer, style);
  out.labels = layerLabels(*layer, style);  // of the features in view
  out.layer = std::move(layer);
  out.withRows = rows != nullptr;
  return out;
}

}  // namespace

void Viewer::startStreams() {
  // The last load's streams stop (their queries are cancelled on the server, their jobs dropped).
  for (StreamedLayer& s : m_streams) retireStream(s);
  m_streams.clear();
  m_lastViewBox = Box{};
  if (!m_project->metadata().remote) return;
  const std::int64_t maxView = maxViewFeatures();
  const std::string project = projectPath();
  for (std::size_t i = 0; i < layers().size(); ++i) {
    const MapLayer& layer = layers().at(i);
    if (layer.data->source != project || layer.data->headerOnlyCount < 0) continue;
    StreamedLayer s;
    s.layer = layer.id;
    s.shell = layer.data;
    s.stream = std::make_shared<store::PgViewportStream>(project, layer.name());
    s.stream->setMaxFeatures(maxView);
    const LayerId id = layer.id;
    s.rowsJob = m_jobs.submit<std::vector<Feature>>(
        {"", JobPriority::Normal, false}, [project, shell = s.shell](JobContext&) { return readRows(project, shell); },
        [this, id](std::vector<Feature>&& rows) {
          for (StreamedLayer& st : m_streams) {
            if (st.layer != id) continue;
            st.rowsJob = 0;
            st.rows = std::make_shared<const std::vector<Feature>>(std::move(rows));
          }
        },
        [this, id](const std::string& error) {
          for (StreamedLayer& st : m_streams) {
            if (st.layer != id) continue;
            st.rowsJob = 0;
            st.rowsFailed = true;
            char text[512];
            std::snprintf(text, sizeof text, tr(kRowsFailed), st.shell->name.c_str());
            log(LogLevel::Warning, std::string(text) + ": " + error);
          }
        });
    m_streams.push_back(std::move(s));
  }
}

void Viewer::retireStream(StreamedLayer& s) {
  m_jobs.cancel(s.rowsJob);
  m_jobs.cancel(s.buildJob);
  m_jobs.cancel(s.locateJob);
  // Dropping a stream whose thread still queries the server would wait for it: it is parked
  // until idle (its query is cancelled on the server by the next request or its destructor).
  if (s.stream) m_retiredStreams.push_back(std::move(s.stream));
}

void Viewer::pollStreams() {
  std::erase_if(m_retiredStreams, [](const auto& st) { return !st->busy(); });
  if (m_streams.empty()) return;
  const Box view = camera().visibleExtent();
  const bool settled = sameBox(view, m_lastViewBox);
  m_lastViewBox = view;
  store::ViewportBox ll{1e300, 1e300, -1e300, -1e300};
  for (Vec2 c : {Vec2{view.minX, view.minY}, Vec2{view.maxX, view.maxY}, Vec2{view.minX, view.maxY},
                 Vec2{view.maxX, view.minY}}) {
    const Vec2 p = m_toLonLat.forward(c);
    ll.minLon = std::min(ll.minLon, p.x);
    ll.minLat = std::min(ll.minLat, p.y);
    ll.maxLon = std::max(ll.maxLon, p.x);
    ll.maxLat = std::max(ll.maxLat, p.y);
  }
  for (StreamedLayer& s : m_streams) pollStream(s, view.empty() ? store::ViewportBox{} : ll, settled && !view.empty());
}

void Viewer::pollStream(StreamedLayer& s, const store::ViewportBox& ll, bool settled) {
  const MapLayer* layer = layers().find(s.layer);
  if (!layer) return;
  const bool moved = !s.requested || s.requested->minLon != ll.minLon || s.requested->minLat != ll.minLat ||
                     s.requested->maxLon != ll.maxLon || s.requested->maxLat != ll.maxLat;
  if (settled && moved) {
    s.stream->request(ll);
    s.requested = ll;
  }
  if (auto result = s.stream->take()) s.latest = std::move(*result);
  // Build when a view arrived and the rows are known (read or failed), one build at a time.
  if (s.latest && (s.rows || s.rowsFailed) && !s.buildJob) {
    if (s.latest->tooMany && s.tooMany != s.latest->count - 1) {
      char text[512];
      std::snprintf(text, sizeof text, tr(kTooMany), layer->title.c_str(), static_cast<long long>(s.latest->count - 1));
      notify(text);
    }
    s.tooMany = s.latest->tooMany ? s.latest->count - 1 : -1;
    s.shownBox = s.latest->box;
    const LayerId id = s.layer;
    s.buildJob = m_jobs.submit<StreamBuild>(
        {"", JobPriority::Interactive, false},
        [shell = s.shell, rows = s.rows, result = std::move(*s.latest), style = layer->style()](JobContext&) {
          return buildStreamed(shell, rows, result, style);
        },
        [this, id](StreamBuild&& built) {
          for (StreamedLayer& st : m_streams) {
            if (st.layer == id) applyStreamBuild(st, std::move(built));
          }
        },
        [this, id](const std::string& error) {
          for (StreamedLayer& st : m_streams) {
            if (st.layer == id) st.buildJob = 0;
          }
          log(LogLevel::Warning, error);
        });
    s.latest.reset();
  }
  // A feature of this layer newly selected without geometry here (a search hit or a table row
  // outside the view): ask the server where it is and go there; the stream then brings it. Only
  // when the selection changes: panning away from a selected feature leaves the view alone.
  const Feature* selected = m_selected && m_selected->layer == s.layer ? featureOf(m_selected) : nullptr;
  const std::int64_t selectedFid = selected ? selected->fid : -1;
  if (selectedFid == s.seenSelectedFid) return;
  s.seenSelectedFid = selectedFid;
  if (!selected || !selected->geometry.empty()) return;
  m_jobs.cancel(s.locateJob);  // a superseded locate: its answer no longer matters
  s.locateJob = m_jobs.submit<Box>(
      {"", JobPriority::Interactive, false},
      [project = projectPath(), name = s.shell->name, selectedFid, mapCrs = s.shell->mapCrs](JobContext&) {
        return locateFeature(project, name, selectedFid, mapCrs);
      },
      [this](Box&& box) {
        if (box.empty()) return;
        const double span = std::max({box.width(), box.height(), 1500.0});
        const Vec2 c = box.center();
        camera().fit(Box{c.x - span, c.y - span, c.x + span, c.y + span}, 0.08);
        m_map.sceneChanged();
      },
      [this](const std::string& error) { log(LogLevel::Warning, error); });
}

void Viewer::applyStreamBuild(StreamedLayer& s, StreamBuild&& built) {
  s.buildJob = 0;
  const MapLayer* layer = layers().find(s.layer);
  if (!layer) return;
  const bool firstRows = built.withRows && !s.builtWithRows;
  // Features keep their positions between builds with rows; otherwise drop what pointed into the layer.
  if (!built.withRows || firstRows) {
    if (m_selected && m_selected->layer == s.layer) m_selected.reset();
    if (m_hover && m_hover->layer == s.layer) m_hover.reset();
  }
  built.buckets.style = layer->style();  // a style applied since the build started
  s.builtWithRows = built.withRows;
  std::size_t drawn = 0;
  for (const Feature& f : built.layer->features) drawn += f.geometry.empty() ? 0 : 1;
  s.shown = drawn;
  s.shownIds.clear();
  if (drawn <= 5000) {
    for (const Feature& f : built.layer->features) {
      if (!f.geometry.empty()) s.shownIds.push_back(f.fid);
    }
  }
  layers().replaceData(s.layer, built.layer, std::move(built.buckets), std::move(built.labels));
  setHighlight();
  if (firstRows) {  // every row is known now: search, identify and the table see them
    for (auto& p : m_panels) p->onLoaded(*this);
    m_fontDirty = true;
  }
}

void Viewer::writeStreamState(nlohmann::json& stack) const {
  for (const StreamedLayer& st : m_streams) {
    const std::size_t i = layers().indexOf(st.layer);
    if (i == LayerStack::npos) continue;
    const LayerData* data = layers().at(i).data.get();
    {
      nlohmann::json& j = stack[i];
      j["streamed"] = true;
      j["opened_without_features"] = st.shell->features.empty();
      j["feature_count"] = st.shell->headerOnlyCount;
      j["attribute_rows"] = st.rows ? st.rows->size() : 0;
      j["streamed_features"] = st.shown;                     // features drawn now (with geometry)
      j["stream_fetched"] = st.stream->deliveredFeatures();  // geometries fetched since opening
      j["stream_busy"] = st.stream->busy() || st.buildJob != 0 || st.latest.has_value();
      j["stream_cancelled"] = st.stream->cancelledQueries();
      if (st.tooMany >= 0) j["stream_too_many"] = st.tooMany;
      if (st.shownBox) {
        j["stream_box"] = {st.shownBox->minLon, st.shownBox->minLat, st.shownBox->maxLon, st.shownBox->maxLat};
      }
      if (st.shown <= 5000) j["stream_ids"] = st.shownIds;
      if (auto e = st.stream->lastError()) j["stream_error"] = *e;
      // The identified feature's name as the layer holds it (tests compare it with the server).
      if (m_selected && m_selected->layer == st.layer && m_selected->feature < data->features.size()) {
        const Feature& f = data->features[m_selected->feature];
        for (std::size_t c = 0; c < data->fields.size() && c < f.attributes.size(); ++c) {
          if (data->fields[c].name != "name") continue;
          if (const auto* t = std::get_if<std::string>(&f.attributes[c])) j["selected_name"] = *t;
        }
      }
    }
  }
}

}  // namespace zhenmap
