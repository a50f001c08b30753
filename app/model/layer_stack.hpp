// The layers of the open document, bottom (drawn first) to top. Each layer is one object with a
// stable id (never an index: ids survive reordering and removal of other layers) holding where it
// came from, its features, its style with its tessellated buckets, its label candidates,
// visibility and opacity. Every change goes through the stack and is announced to observers as a
// typed event (layer added, removed, moved, restyled, shown/hidden, opacity, data replaced,
// features changed with their ids), so views (the GL renderer, the panels, the labels) follow the
// model instead of polling it. UI thread only; workers build new data and buckets and hand them in.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "label_placement.hpp"
#include "layer.hpp"
#include "map_decorations.hpp"
#include "tessellator.hpp"

namespace zhenmap {

using LayerId = std::uint64_t;
inline constexpr LayerId kNoLayer = 0;

struct MapLayer {
  LayerId id = kNoLayer;
  std::string title;                       // display title (the project's Chinese title, else the name)
  std::shared_ptr<const LayerData> data;   // features in the map CRS; replaced whole, never edited in place
  Buckets buckets;                         // the style and its tessellated levels (CPU copy)
  std::vector<LabelCandidate> labels;      // label candidates of the style
  bool visible = true;
  float opacity = 1.0f;
  bool fromProject = false;  // a layer of the open project (its style is saved there)
  // Changes whenever the buckets are replaced (a style, new data): work started for older
  // buckets (finer levels of detail) checks it before it is merged in.
  std::uint64_t generation = 0;

  const std::string& name() const { return data->name; }
  const LayerStyle& style() const { return buckets.style; }
};

enum class LayerChange {
  Added,         // a new layer at index `to`
  Removed,       // the layer was at index `from` (the stack no longer holds it)
  Moved,         // from index `from` to index `to`
  Restyled,      // new style, buckets and labels
  Visibility,    // shown or hidden
  Opacity,       // new opacity
  LevelsAdded,   // finer levels of detail merged into its buckets (`levels` holds only them)
  DataReplaced,  // new features and buckets (a streamed view, a reload of its source)
  FeaturesChanged,  // the features in `featureIds` (fids) changed (an edit committed); buckets rebuilt
};

struct LayerEvent {
  LayerChange kind = LayerChange::Added;
  LayerId layer = kNoLayer;
  std::size_t from = 0;
  std::size_t to = 0;
  const Buckets* levels = nullptr;          // LevelsAdded
  std::vector<std::int64_t> featureIds;     // FeaturesChanged
};

class LayerStack {
 public:
  using Observer = std::function<void(const LayerEvent&)>;
  // Observers are called after the change, in subscription order. Returns a token for unsubscribe.
  std::size_t subscribe(Observer observer);
  void unsubscribe(std::size_t token);

  std::size_t size() const { return m_layers.size(); }
  bool empty() const { return m_layers.empty(); }
  // Index 0 is the bottom layer.
  const MapLayer& at(std::size_t index) const { return *m_layers[index]; }
  const MapLayer* find(LayerId id) const;
  // npos when the stack holds no such layer.
  std::size_t indexOf(LayerId id) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // The layer of these features (nullptr when none holds this data any more).
  const MapLayer* findByData(const LayerData* data) const;
  std::vector<LayerId> ids() const;

  // Adds a layer at `index` (npos: on top) and returns its new id.
  LayerId add(MapLayer layer, std::size_t index = npos);
  void remove(LayerId id);
  void clear();
  void move(LayerId id, std::size_t toIndex);
  void setVisible(LayerId id, bool visible);
  void setOpacity(LayerId id, float opacity);
  void setStyle(LayerId id, Buckets buckets, std::vector<LabelCandidate> labels);
  void addLevels(LayerId id, Buckets levels);
  void replaceData(LayerId id, std::shared_ptr<const LayerData> data, Buckets buckets,
                   std::vector<LabelCandidate> labels);
  void changeFeatures(LayerId id, std::shared_ptr<const LayerData> data, Buckets buckets,
                      std::vector<LabelCandidate> labels, std::vector<std::int64_t> featureIds);

  // Every layer's features, bottom first, and which are shown (picking, search, labels).
  std::vector<std::shared_ptr<const LayerData>> dataList() const;
  std::vector<bool> visibility() const;
  // The union of every layer's extent (map CRS).
  Box extent() const;
  // The label candidates of the visible layers, bottom first.
  std::vector<LabelCandidate> visibleLabels() const;
  // Legend entries of the visible layers, top layer first.
  std::vector<LegendEntry> legend() const;

 private:
  MapLayer* mutableFind(LayerId id);
  void emit(const LayerEvent& e);
  std::vector<std::unique_ptr<MapLayer>> m_layers;
  std::vector<std::pair<std::size_t, Observer>> m_observers;
  std::size_t m_nextToken = 1;
  LayerId m_nextId = 1;
};

}  // namespace zhenmap
