// Large layers of a server project ("PG:...") drawn by viewport instead of read whole. The load
// opens them without their features (LoadOptions::streamAbove: fields, extent and count from
// the server; LayerData::headerOnlyCount). Then, per layer:
// - every row's attributes (no geometry) are read through the store on a worker, so
//   that identify, search and the table know every feature;
// - a store::PgViewportStream (its own connection and thread) runs a bbox query on the spatial
//   index whenever the camera has settled on a new view, cancelling on the server the one still
//   running; a view that meets more than ZHENMAP_STREAM_MAX_VIEW_FEATURES (default 100,000)
//   features fetches none and says "zoom in";
// - a delivered result is turned into a layer on a worker (every row, the view's features with
//   their geometry, in the map CRS, with a spatial index) whose buckets, labels and data replace the
//   layer's: features keep their positions, so the selection and search hits stay valid.
// - selecting a feature whose geometry is not loaded (a search hit outside the view) asks the
//   server for its box and moves the view there.
// The UI thread only polls: request(), take() and ready futures, never a wait on the network.
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

// "2024-05-01" or "2024-05-01 12:30:00" as a DateTime; nullopt when it is neither.
std::optional<DateTime> parseIsoDate(const std::string& s) {
  DateTime d;
  if (std::sscanf(s.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day) != 3) return std::nullopt;
  if (s.size() > 10) std::sscanf(s.c_str() + 11, "%d:%d:%lf", &d.hour, &d.minute, &d.second);
  return d;
}

AttributeValue toAttribute(const store::Value& v, FieldType type) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* r = std::get_if<double>(&v)) return *r;
  if (const auto* t = std::get_if<std::string>(&v)) {
    if (type == FieldType::Date || type == FieldType::DateTime) {
      if (auto d = parseIsoDate(*t)) return *d;
    }
    return *t;
  }
  return std::monostate{};
}

// Every row of the layer through the store (attributes only), as features without geometry in
// the order of the opened layer's fields. Runs on a worker (std::async: joined when dropped).
std::future<std::vector<Feature>> readRows(const std::string& project, std::shared_ptr<const LayerData> shell) {
  return std::async(std::launch::async, [project, shell = std::move(shell)] {
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
  });
}

// The map box of one feature, asked of the server (for a selected feature outside the view).
std::future<Box> locateFeature(const std::string& project, const std::string& layer, std::int64_t id,
                               const std::string& mapCrs) {
  return std::async(std::launch::async, [project, layer, id, mapCrs] {
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
  });
}

// The layer to draw: every row (or, without rows, the delivered features alone), the delivered
// ones with their geometry in the map CRS; a spatial index over them; tessellated.
Viewer::StreamBuild buildStreamed(const std::shared_ptr<const LayerData>& shell,
                                  const std::shared_ptr<const std::vector<Feature>>& rows,
                                  const store::ViewportResult& result, const LayerStyle& style) {
  const CrsTransform toMap(kServerCrs, shell->mapCrs);
  GeometryValidator validator;  // this worker's own GEOS context
  std::unordered_map<std::int64_t, Geometry> geometry;
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
    // As for a file: nothing non-finite or empty reaches the tessellator, GEOS or the index, and
    // an invalid polygon is drawn from its repaired copy.
    const ValidationResult check = validator.validate(geom);
    if (check.status == GeometryStatus::Null || check.status == GeometryStatus::Empty ||
        check.status == GeometryStatus::NonFinite) {
      continue;
    }
    if (check.status == GeometryStatus::Invalid) {
      geom = validator.repair(geom);
      if (geom.points.empty()) continue;
    }
    geometry.emplace(f.id, std::move(geom));
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
      if (auto it = geometry.find(f.fid); it != geometry.end()) f.geometry = std::move(it->second);
    }
  } else {
    for (auto& [id, geom] : geometry) {
      Feature f;
      f.fid = id;
      f.geometry = std::move(geom);
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

template <class T>
bool ready(const std::future<T>& f) {
  return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

}  // namespace

void Viewer::startStreams() {
  // The old project's (or the last load's) streams finish their work off the UI thread and are
  // dropped by pollStreams once idle; the Viewer's destructor joins what is left.
  for (StreamedLayer& s : m_streams) m_retiredStreams.push_back(std::move(s));
  m_streams.clear();
  m_lastViewBox = Box{};
  if (!store::isPgUri(m_projectPath)) return;
  const std::int64_t maxView = maxViewFeatures();
  for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
    const std::shared_ptr<const LayerData>& layer = m_loaded.data[i];
    if (layer->source != m_projectPath || layer->headerOnlyCount < 0) continue;
    StreamedLayer s;
    s.layer = layer;
    s.shell = layer;
    s.style = m_loaded.buckets[i].style;
    s.stream = std::make_unique<store::PgViewportStream>(m_projectPath, layer->name);
    s.stream->setMaxFeatures(maxView);
    s.rowsJob = readRows(m_projectPath, layer);
    m_streams.push_back(std::move(s));
  }
}

void Viewer::pollStreams() {
  const auto idle = [](const StreamedLayer& s) {
    const auto done = [](const auto& f) {
      return !f.valid() || f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    };
    // Dropping a stream whose worker still queries the server would wait for it here.
    return done(s.rowsJob) && done(s.job) && done(s.locate) &&
           std::all_of(s.oldLocates.begin(), s.oldLocates.end(), done) && (!s.stream || !s.stream->busy());
  };
  m_retiredStreams.erase(std::remove_if(m_retiredStreams.begin(), m_retiredStreams.end(), idle),
                         m_retiredStreams.end());
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
  for (StreamedLayer& s : m_streams) {
    const bool moved = !s.requested || s.requested->minLon != ll.minLon || s.requested->minLat != ll.minLat ||
                       s.requested->maxLon != ll.maxLon || s.requested->maxLat != ll.maxLat;
    if (settled && moved && !view.empty()) {
      s.stream->request(ll);
      s.requested = ll;
    }
    if (ready(s.rowsJob)) {
      try {
        s.rows = std::make_shared<const std::vector<Feature>>(s.rowsJob.get());
      } catch (const std::exception& e) {
        s.rowsFailed = true;
        char text[512];
        std::snprintf(text, sizeof text, tr(kRowsFailed), s.shell->name.c_str());
        log(LogLevel::Warning, std::string(text) + ": " + e.what());
      }
    }
    if (auto result = s.stream->take()) s.latest = std::move(*result);
    // Build when a view arrived and the rows are known (read or failed), one build at a time.
    if (s.latest && (s.rows || s.rowsFailed) && !s.job.valid()) {
      for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
        if (m_loaded.data[i] == s.layer) s.style = m_loaded.buckets[i].style;  // a style applied since
      }
      if (s.latest->tooMany && s.tooMany != s.latest->count - 1) {
        std::string title = s.shell->name;  // the layer's display title when it has one
        for (std::size_t i = 0; i < m_loaded.data.size() && i < m_loaded.titles.size(); ++i) {
          if (m_loaded.data[i] == s.layer) title = m_loaded.titles[i];
        }
        char text[512];
        std::snprintf(text, sizeof text, tr(kTooMany), title.c_str(), static_cast<long long>(s.latest->count - 1));
        notify(text);
      }
      s.tooMany = s.latest->tooMany ? s.latest->count - 1 : -1;
      s.shownBox = s.latest->box;
      s.job = std::async(std::launch::async, [shell = s.shell, rows = s.rows, result = std::move(*s.latest),
                                              style = s.style] { return buildStreamed(shell, rows, result, style); });
      s.latest.reset();
    }
    if (ready(s.job)) {
      try {
        StreamBuild built = s.job.get();
        for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
          if (m_loaded.data[i] != s.layer) continue;
          const bool firstRows = built.withRows && !s.builtWithRows;
          // Features keep their positions between builds with rows; otherwise drop what pointed into the layer.
          if (!built.withRows || firstRows) {
            if (m_selected && m_selected->layer == i) m_selected.reset();
            if (m_hover && m_hover->layer == i) m_hover.reset();
          }
          // A style being applied to the layer this build replaces lands on the new one.
          for (StyleJob& job : m_styleJobs) {
            if (job.layer == m_loaded.data[i]) job.layer = built.layer;
          }
          built.buckets.style = m_loaded.buckets[i].style;
          m_loaded.data[i] = built.layer;
          m_loaded.buckets[i] = built.buckets;
          s.layer = built.layer;
          s.builtWithRows = built.withRows;
          if (i < m_layerLabels.size()) {
            m_layerLabels[i] = std::move(built.labels);
            relabel();
          }
          m_map.renderer().replaceLayer(i, built.buckets);
          m_map.renderer().setOpacity(i, m_opacity[i]);
          m_map.renderer().setVisible(i, m_visible[i]);
          std::size_t drawn = 0;
          for (const Feature& f : built.layer->features) drawn += f.geometry.empty() ? 0 : 1;
          s.shown = drawn;
          s.shownIds.clear();
          if (drawn <= 5000) {
            for (const Feature& f : built.layer->features) {
              if (!f.geometry.empty()) s.shownIds.push_back(f.fid);
            }
          }
          setHighlight();
          if (firstRows) {  // every row is known now: search, identify and the table see them
            for (auto& p : m_panels) p->onLoaded(*this);
            m_fontDirty = true;
          }
        }
      } catch (const std::exception& e) {
        log(LogLevel::Warning, e.what());
      }
    }
    // A feature of this layer newly selected without geometry here (a search hit or a table row
    // outside the view): ask the server where it is and go there; the stream then brings it. Only
    // when the selection changes: panning away from a selected feature leaves the view alone.
    std::int64_t selectedFid = -1;
    if (m_selected && m_selected->layer < m_loaded.data.size() && m_loaded.data[m_selected->layer] == s.layer &&
        m_selected->feature < s.layer->features.size()) {
      selectedFid = s.layer->features[m_selected->feature].fid;
    }
    if (selectedFid != s.seenSelectedFid) {
      s.seenSelectedFid = selectedFid;
      if (selectedFid >= 0 && s.layer->features[m_selected->feature].geometry.empty()) {
        // Assigning over a running std::async future would wait for its query: park it instead.
        if (s.locate.valid() && !ready(s.locate)) s.oldLocates.push_back(std::move(s.locate));
        s.locate = locateFeature(m_projectPath, s.shell->name, selectedFid, s.shell->mapCrs);
      }
    }
    s.oldLocates.erase(std::remove_if(s.oldLocates.begin(), s.oldLocates.end(),
                                      [](const std::future<Box>& f) { return ready(f); }),
                       s.oldLocates.end());
    if (ready(s.locate)) {
      try {
        Box box = s.locate.get();
        if (!box.empty()) {
          const double span = std::max({box.width(), box.height(), 1500.0});
          const Vec2 c = box.center();
          camera().fit(Box{c.x - span, c.y - span, c.x + span, c.y + span}, 0.08);
          m_map.sceneChanged();
        }
      } catch (const std::exception& e) {
        log(LogLevel::Warning, e.what());
      }
    }
  }
}

void Viewer::writeStreamState(nlohmann::json& stack) const {
  for (const StreamedLayer& st : m_streams) {
    for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
      if (m_loaded.data[i] != st.layer) continue;
      nlohmann::json& j = stack[i];
      j["streamed"] = true;
      j["opened_without_features"] = st.shell->features.empty();
      j["feature_count"] = st.shell->headerOnlyCount;
      j["attribute_rows"] = st.rows ? st.rows->size() : 0;
      j["streamed_features"] = st.shown;                     // features drawn now (with geometry)
      j["stream_fetched"] = st.stream->deliveredFeatures();  // geometries fetched since opening
      j["stream_busy"] = st.stream->busy() || st.job.valid() || st.latest.has_value();
      j["stream_cancelled"] = st.stream->cancelledQueries();
      if (st.tooMany >= 0) j["stream_too_many"] = st.tooMany;
      if (st.shownBox) {
        j["stream_box"] = {st.shownBox->minLon, st.shownBox->minLat, st.shownBox->maxLon, st.shownBox->maxLat};
      }
      if (st.shown <= 5000) j["stream_ids"] = st.shownIds;
      if (auto e = st.stream->lastError()) j["stream_error"] = *e;
      // The identified feature's name as the layer holds it (tests compare it with the server).
      if (m_selected && m_selected->layer == i && m_selected->feature < st.layer->features.size()) {
        const Feature& f = st.layer->features[m_selected->feature];
        for (std::size_t c = 0; c < st.layer->fields.size() && c < f.attributes.size(); ++c) {
          if (st.layer->fields[c].name != "name") continue;
          if (const auto* t = std::get_if<std::string>(&f.attributes[c])) j["selected_name"] = *t;
        }
      }
    }
  }
}

}  // namespace zhenmap
