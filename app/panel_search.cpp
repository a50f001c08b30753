// The search panel: one box over townships, villages, project sites and routes by name (Chinese
// substring) or code (prefix), a result list (layer, name, code), and fly-to: Enter or a click
// moves the view to the feature with a short animation and selects it. The index
// (geodata/search_index.hpp) is rebuilt whenever layers are loaded.
#include <imgui.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "search_index.hpp"
#include "ui_widgets.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kSearch{"搜索", "Search"};
const UiText kSearchHint{"乡镇、村、项目或线路的名称或代码 (Ctrl+F)",
                         "Name or code of a town, village, project or route (Ctrl+F)"};
const UiText kNoResults{"没有找到", "Nothing found"};
const UiText kMoreResults{"还有 %zu 个结果未列出，请输入更多文字", "%zu more not listed: type more"};
const UiText kResultCount{"%zu 个结果", "%zu results"};
const UiText kLayerColumn{"图层", "Layer"};
const UiText kNameColumn{"名称", "Name"};
const UiText kCodeColumn{"代码", "Code"};
ZHENMAP_UI_TEXTS(kSearch, kSearchHint, kNoResults, kMoreResults, kResultCount, kLayerColumn, kNameColumn, kCodeColumn)

// The layers searched, in ranking order.
const std::vector<std::string> kSearchLayers = {"townships", "villages", "project_sites", "scenic_routes"};
constexpr std::size_t kListLimit = 200;
constexpr double kFlySeconds = 0.45;

// A camera move from the current view to a target, eased, zooming in log space.
struct Flight {
  Vec2 fromCenter, toCenter;
  double fromUpp = 1.0, toUpp = 1.0;
  std::chrono::steady_clock::time_point start;
};

class SearchPanel : public Panel {
 public:
  const char* title() const override { return tr(kSearch); }
  int order() const override { return 12; }  // after the layers in the left sidebar
  Dock dock() const override { return Dock::Left; }

  void onLoaded(Viewer& v) override {
    m_index = SearchIndex(v.layers().dataList(), kSearchLayers);
    m_indexed = v.layers().ids();  // hits name layers by their position at indexing time
    runQuery();
  }

  void onProjectChanged(Viewer&) override {
    m_index = SearchIndex();
    m_indexed.clear();
    m_result = SearchResult();
    m_flight.reset();
  }

  bool onKey(Viewer& v, int key, int mods) override {
    if (key == GLFW_KEY_F && (mods & GLFW_MOD_CONTROL)) {
      v.focusPanel(*this);
      m_focus = true;
      return true;
    }
    return false;
  }

  void update(Viewer& v) override {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
      // Ctrl+F while a panel has the keyboard (the map's onKey does not see it then).
      v.focusPanel(*this);
      m_focus = true;
    }
    if (!m_flight) return;
    Camera& cam = v.camera();
    const double t =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_flight->start).count() / kFlySeconds;
    if (t >= 1.0) {
      cam.setCenter(m_flight->toCenter);
      cam.setUnitsPerPixel(m_flight->toUpp);
      m_flight.reset();
      return;
    }
    const double s = t * t * (3.0 - 2.0 * t);  // smoothstep
    cam.setCenter({m_flight->fromCenter.x + (m_flight->toCenter.x - m_flight->fromCenter.x) * s,
                   m_flight->fromCenter.y + (m_flight->toCenter.y - m_flight->fromCenter.y) * s});
    cam.setUnitsPerPixel(
        std::exp(std::log(m_flight->fromUpp) + (std::log(m_flight->toUpp) - std::log(m_flight->fromUpp)) * s));
  }

  void draw(Viewer& v) override {
    const std::string name = std::string(tr(kSearch)) + "###search";
    if (!v.beginPanel(*this, name, ImGuiWindowFlags_AlwaysAutoResize)) {
      v.endPanel(*this);
      return;
    }
    if (m_focus) {
      ImGui::SetKeyboardFocusHere();
      m_focus = false;
    }
    ImGui::SetNextItemWidth(440);
    const bool enter = inputString("##query", tr(kSearchHint), m_query, ImGuiInputTextFlags_EnterReturnsTrue);
    const ImVec2 qmin = ImGui::GetItemRectMin(), qmax = ImGui::GetItemRectMax();
    m_boxRect = {qmin.x, qmin.y, qmax.x - qmin.x, qmax.y - qmin.y};
    const bool typing = ImGui::IsItemActive();
    if (m_query != m_ranQuery) runQuery();
    // Up / Down move through the results while typing; Enter flies to the highlighted one.
    if (typing && !m_result.hits.empty()) {
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
        m_current = std::min(m_current + 1, m_result.hits.size() - 1);
        m_scrollToCurrent = true;
      }
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)) && m_current > 0) {
        --m_current;
        m_scrollToCurrent = true;
      }
    }
    if (enter && !m_result.hits.empty()) {
      flyTo(v, m_result.hits[m_current]);
      m_focus = true;  // keep typing after Enter
    }
    drawResults(v);
    v.endPanel(*this);
  }

  void writeState(const Viewer&, nlohmann::json& s) const override {
    nlohmann::json hits = nlohmann::json::array();
    for (std::size_t i = 0; i < m_result.hits.size() && i < 20; ++i) {
      hits.push_back({{"layer", m_layerNames.size() > i ? m_layerNames[i] : ""},
                      {"fid", m_result.hits[i].fid},
                      {"name", m_result.hits[i].name},
                      {"code", m_result.hits[i].code}});
    }
    s["search"] = {{"query", m_query},
                   {"total", m_result.total},
                   {"current", m_current},
                   {"hits", hits},
                   {"flying", m_flight.has_value()},
                   {"flights", m_flights},
                   {"box", {m_boxRect.x, m_boxRect.y, m_boxRect.w, m_boxRect.h}}};
  }

  void glyphStrings(const Viewer&, std::vector<std::string>&) const override {}

 private:
  struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
  };

  void runQuery() {
    m_ranQuery = m_query;
    m_result = m_index.search(m_query, kListLimit);
    m_current = 0;
    m_layerNames.clear();
    m_layerNamesDirty = true;
  }

  void drawResults(Viewer& v) {
    if (m_layerNamesDirty) {
      m_layerNames.clear();
      for (const SearchHit& h : m_result.hits) {
        const MapLayer* l = layerOf(v, h);
        m_layerNames.push_back(l ? l->name() : "");
      }
      m_layerNamesDirty = false;
    }
    if (m_query.find_first_not_of(' ') == std::string::npos) return;
    if (m_result.hits.empty()) {
      ImGui::TextDisabled("%s", tr(kNoResults));
      return;
    }
    ImGui::TextDisabled(tr(kResultCount), m_result.total);
    const float rowH = ImGui::GetTextLineHeightWithSpacing();
    const float height = rowH * static_cast<float>(std::min<std::size_t>(m_result.hits.size(), 12) + 1) + 6.0f;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("##hits", 3, flags, ImVec2(0, height))) {  // the sidebar's width
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn(tr(kLayerColumn), ImGuiTableColumnFlags_WidthFixed, 110);
      ImGui::TableSetupColumn(tr(kNameColumn), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn(tr(kCodeColumn), ImGuiTableColumnFlags_WidthFixed, 110);
      ImGui::TableHeadersRow();
      ImGuiListClipper clipper;
      clipper.Begin(static_cast<int>(m_result.hits.size()));
      if (m_scrollToCurrent)
        clipper.ForceDisplayRangeByIndices(static_cast<int>(m_current), static_cast<int>(m_current) + 1);
      while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
          const SearchHit& h = m_result.hits[static_cast<std::size_t>(i)];
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::PushID(i);
          const bool current = static_cast<std::size_t>(i) == m_current;
          const MapLayer* hitLayer = layerOf(v, h);
          const char* layerTitle = hitLayer ? hitLayer->title.c_str() : "";
          if (ImGui::Selectable(layerTitle, current, ImGuiSelectableFlags_SpanAllColumns)) {
            m_current = static_cast<std::size_t>(i);
            flyTo(v, h);
          }
          v.markWidget("search_hit:" + std::to_string(i));
          if (current && m_scrollToCurrent) {
            ImGui::SetScrollHereY();
            m_scrollToCurrent = false;
          }
          ImGui::PopID();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(h.name.c_str());
          ImGui::TableNextColumn();
          if (!h.code.empty()) {
            ImGui::TextUnformatted(h.code.c_str());
          } else {
            ImGui::TextDisabled("#%lld", static_cast<long long>(h.fid));
          }
        }
      }
      ImGui::EndTable();
    }
    if (m_result.total > m_result.hits.size()) {
      ImGui::TextDisabled(tr(kMoreResults), m_result.total - m_result.hits.size());
    }
  }

  // The layer of a hit (nullptr when it was removed or its data replaced since indexing).
  const MapLayer* layerOf(const Viewer& v, const SearchHit& hit) const {
    if (hit.layer >= m_indexed.size()) return nullptr;
    const MapLayer* l = v.layers().find(m_indexed[hit.layer]);
    return l && hit.feature < l->data->features.size() ? l : nullptr;
  }

  void flyTo(Viewer& v, const SearchHit& hit) {
    const MapLayer* layer = layerOf(v, hit);
    if (!layer) return;
    const Feature& f = layer->data->features[hit.feature];
    // Make the layer visible, or the found feature would not be seen.
    if (!layer->visible) v.layers().setVisible(layer->id, true);
    const Box box = searchFocusBox(f);
    if (!box.empty()) {
      // Centred in the part of the map no panel covers.
      const Camera target = v.framing(box, 0.08);
      m_flight = Flight{v.camera().center(), target.center(), v.camera().unitsPerPixel(), target.unitsPerPixel(),
                        std::chrono::steady_clock::now()};
    }
    ++m_flights;
    v.select(FeatureRef{layer->id, hit.feature});
  }

  SearchIndex m_index;
  std::vector<LayerId> m_indexed;  // the stack's layers when the index was built, bottom first
  std::string m_query;
  std::string m_ranQuery;
  SearchResult m_result;
  std::vector<std::string> m_layerNames;  // layer name of each hit, for the state file
  bool m_layerNamesDirty = false;
  std::size_t m_current = 0;
  bool m_scrollToCurrent = false;
  bool m_focus = false;
  std::optional<Flight> m_flight;
  int m_flights = 0;
  Rect m_boxRect;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(SearchPanel)
}  // namespace zhenmap
