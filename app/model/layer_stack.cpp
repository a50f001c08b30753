// The document's layer stack; see layer_stack.hpp.
#include "layer_stack.hpp"

#include <algorithm>
#include <utility>

#include "map_annotations.hpp"

namespace zhenmap {

std::size_t LayerStack::subscribe(Observer observer) {
  m_observers.emplace_back(m_nextToken, std::move(observer));
  return m_nextToken++;
}

void LayerStack::unsubscribe(std::size_t token) {
  m_observers.erase(std::remove_if(m_observers.begin(), m_observers.end(),
                                   [token](const auto& o) { return o.first == token; }),
                    m_observers.end());
}

void LayerStack::emit(const LayerEvent& e) {
  // A copy: an observer may subscribe or unsubscribe while being called.
  const auto observers = m_observers;
  for (const auto& [token, fn] : observers) fn(e);
}

const MapLayer* LayerStack::find(LayerId id) const {
  for (const auto& l : m_layers) {
    if (l->id == id) return l.get();
  }
  return nullptr;
}

MapLayer* LayerStack::mutableFind(LayerId id) { return const_cast<MapLayer*>(std::as_const(*this).find(id)); }

std::size_t LayerStack::indexOf(LayerId id) const {
  for (std::size_t i = 0; i < m_layers.size(); ++i) {
    if (m_layers[i]->id == id) return i;
  }
  return npos;
}

const MapLayer* LayerStack::findByData(const LayerData* data) const {
  for (const auto& l : m_layers) {
    if (l->data.get() == data) return l.get();
  }
  return nullptr;
}

std::vector<LayerId> LayerStack::ids() const {
  std::vector<LayerId> out;
  for (const auto& l : m_layers) out.push_back(l->id);
  return out;
}

LayerId LayerStack::add(MapLayer layer, std::size_t index) {
  layer.id = m_nextId++;
  const LayerId id = layer.id;
  index = std::min(index, m_layers.size());
  m_layers.insert(m_layers.begin() + static_cast<std::ptrdiff_t>(index), std::make_unique<MapLayer>(std::move(layer)));
  emit({LayerChange::Added, id, index, index, nullptr, {}});
  return id;
}

void LayerStack::remove(LayerId id) {
  const std::size_t i = indexOf(id);
  if (i == npos) return;
  m_layers.erase(m_layers.begin() + static_cast<std::ptrdiff_t>(i));
  emit({LayerChange::Removed, id, i, i, nullptr, {}});
}

void LayerStack::clear() {
  while (!m_layers.empty()) remove(m_layers.back()->id);
}

void LayerStack::move(LayerId id, std::size_t toIndex) {
  const std::size_t from = indexOf(id);
  if (from == npos || m_layers.empty()) return;
  toIndex = std::min(toIndex, m_layers.size() - 1);
  if (from == toIndex) return;
  std::unique_ptr<MapLayer> layer = std::move(m_layers[from]);
  m_layers.erase(m_layers.begin() + static_cast<std::ptrdiff_t>(from));
  m_layers.insert(m_layers.begin() + static_cast<std::ptrdiff_t>(toIndex), std::move(layer));
  emit({LayerChange::Moved, id, from, toIndex, nullptr, {}});
}

void LayerStack::setVisible(LayerId id, bool visible) {
  MapLayer* l = mutableFind(id);
  if (!l || l->visible == visible) return;
  l->visible = visible;
  emit({LayerChange::Visibility, id, indexOf(id), indexOf(id), nullptr, {}});
}

void LayerStack::setOpacity(LayerId id, float opacity) {
  MapLayer* l = mutableFind(id);
  if (!l) return;
  l->opacity = std::clamp(opacity, 0.0f, 1.0f);
  l->buckets.style.opacity = l->opacity;  // one opacity per layer: the style's is the layer's
  emit({LayerChange::Opacity, id, indexOf(id), indexOf(id), nullptr, {}});
}

void LayerStack::setStyle(LayerId id, Buckets buckets, std::vector<LabelCandidate> labels) {
  MapLayer* l = mutableFind(id);
  if (!l) return;
  ++l->generation;
  l->buckets = std::move(buckets);
  l->labels = std::move(labels);
  l->opacity = l->buckets.style.opacity;
  emit({LayerChange::Restyled, id, indexOf(id), indexOf(id), nullptr, {}});
}

void LayerStack::addLevels(LayerId id, Buckets levels) {
  MapLayer* l = mutableFind(id);
  if (!l) return;
  Buckets copy = levels;  // the event carries only the new levels; the layer keeps them all
  mergeLevels(l->buckets, std::move(copy));
  emit({LayerChange::LevelsAdded, id, indexOf(id), indexOf(id), &levels, {}});
}

void LayerStack::replaceData(LayerId id, std::shared_ptr<const LayerData> data, Buckets buckets,
                             std::vector<LabelCandidate> labels) {
  MapLayer* l = mutableFind(id);
  if (!l) return;
  ++l->generation;
  l->data = std::move(data);
  l->buckets = std::move(buckets);
  l->labels = std::move(labels);
  emit({LayerChange::DataReplaced, id, indexOf(id), indexOf(id), nullptr, {}});
}

void LayerStack::changeFeatures(LayerId id, std::shared_ptr<const LayerData> data, Buckets buckets,
                                std::vector<LabelCandidate> labels, std::vector<std::int64_t> featureIds) {
  MapLayer* l = mutableFind(id);
  if (!l) return;
  ++l->generation;
  l->data = std::move(data);
  l->buckets = std::move(buckets);
  l->labels = std::move(labels);
  emit({LayerChange::FeaturesChanged, id, indexOf(id), indexOf(id), nullptr, std::move(featureIds)});
}

std::vector<std::shared_ptr<const LayerData>> LayerStack::dataList() const {
  std::vector<std::shared_ptr<const LayerData>> out;
  for (const auto& l : m_layers) out.push_back(l->data);
  return out;
}

std::vector<bool> LayerStack::visibility() const {
  std::vector<bool> out;
  for (const auto& l : m_layers) out.push_back(l->visible);
  return out;
}

Box LayerStack::extent() const {
  Box all;
  for (const auto& l : m_layers) all.expand(l->buckets.extent.empty() ? l->data->extent : l->buckets.extent);
  return all;
}

std::vector<LabelCandidate> LayerStack::visibleLabels() const {
  std::vector<LabelCandidate> out;
  for (const auto& l : m_layers) {
    if (l->visible) out.insert(out.end(), l->labels.begin(), l->labels.end());
  }
  return out;
}

std::vector<LegendEntry> LayerStack::legend() const {
  std::vector<LegendEntry> out;
  const bool alone = m_layers.size() == 1;
  for (auto it = m_layers.rbegin(); it != m_layers.rend(); ++it) {
    const MapLayer& l = **it;
    if (!l.visible) continue;
    const bool classesAlone = alone && !l.style().classes.empty();
    for (LegendEntry& e : legendEntries(l.style(), l.buckets.kind, classesAlone ? std::string() : l.title,
                                        l.data->features.size())) {
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace zhenmap
