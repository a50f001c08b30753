// Large layers of a server project ("PG:...") drawn by viewport: each gets a
// store::PgViewportStream (its own connection on its own thread). When the camera has settled on
// a new view, the view's lon/lat box is requested (superseding, and cancelling on the server, the
// one before); a delivered result is tessellated on a worker and replaces the layer's buckets.
// The UI thread only calls request() and take(), which never wait on the network.
//
// Which layers: those with more features than ZHENMAP_STREAM_MIN_FEATURES (default 50,000; 0 or
// "all" streams every layer of the server project).
#include <algorithm>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "store/pg_connection.hpp"
#include "tessellator.hpp"
#include "viewer.hpp"

namespace zhenmap {

namespace {
std::size_t streamThreshold() {
  const char* env = std::getenv("ZHENMAP_STREAM_MIN_FEATURES");
  if (!env || !*env) return 50000;
  if (std::string(env) == "all") return 0;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(env, &end, 10);
  return end && *end == '\0' ? static_cast<std::size_t>(n) : 50000;
}

bool sameBox(const Box& a, const Box& b) {
  return a.minX == b.minX && a.minY == b.minY && a.maxX == b.maxX && a.maxY == b.maxY;
}

// The features of `full` whose ids the server delivered, in a layer of their own for the tessellator.
Buckets tessellateSubset(const LayerData& full, const LayerStyle& style, const std::vector<std::int64_t>& ids) {
  std::unordered_map<std::int64_t, std::size_t> byFid;
  byFid.reserve(full.features.size());
  for (std::size_t i = 0; i < full.features.size(); ++i) byFid.emplace(full.features[i].fid, i);
  LayerData part;
  part.source = full.source;
  part.name = full.name;
  part.mapCrs = full.mapCrs;
  part.sourceCrs = full.sourceCrs;
  part.geometryType = full.geometryType;
  part.encoding = full.encoding;
  part.fields = full.fields;
  part.features.reserve(ids.size());
  for (std::int64_t id : ids) {
    auto it = byFid.find(id);
    if (it == byFid.end()) continue;  // added on the server after the load: drawn after a reload
    part.features.push_back(full.features[it->second]);
    part.extent.expand(part.features.back().geometry.bounds());
  }
  return tessellate(part, style);
}
}  // namespace

void Viewer::startStreams() {
  m_streams.clear();
  m_lastViewBox = Box{};
  if (!store::isPgUri(m_projectPath)) return;
  const std::size_t threshold = streamThreshold();
  for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
    const std::shared_ptr<const LayerData>& layer = m_loaded.data[i];
    if (layer->source != m_projectPath || layer->features.size() <= threshold || !layer->index) continue;
    StreamedLayer s;
    s.layer = layer;
    s.style = m_loaded.buckets[i].style;
    s.stream = std::make_unique<store::PgViewportStream>(m_projectPath, layer->name);
    s.shown = layer->features.size();
    m_streams.push_back(std::move(s));
  }
}

void Viewer::pollStreams() {
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
    if (auto result = s.stream->take()) {
      std::vector<std::int64_t> ids;
      ids.reserve(result->features.size());
      for (const store::ViewportFeature& f : result->features) ids.push_back(f.id);
      s.pending = ids.size();
      for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
        if (m_loaded.data[i] == s.layer) s.style = m_loaded.buckets[i].style;  // a style applied since
      }
      s.job = std::async(std::launch::async, [layer = s.layer, style = s.style, ids = std::move(ids)] {
        return tessellateSubset(*layer, style, ids);
      });
    }
    if (s.job.valid() && s.job.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      try {
        Buckets buckets = s.job.get();
        for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
          if (m_loaded.data[i] != s.layer) continue;
          buckets.style = m_loaded.buckets[i].style;
          m_map.renderer().replaceLayer(i, buckets);
          m_map.renderer().setOpacity(i, m_opacity[i]);
          m_map.renderer().setVisible(i, m_visible[i]);
          m_map.sceneChanged();
          s.shown = s.pending;
        }
      } catch (const std::exception& e) {
        log(LogLevel::Warning, e.what());
      }
    }
  }
}

}  // namespace zhenmap
