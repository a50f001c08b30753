// Presentation mode's dashboard: progress and bar charts beside the map (the same figures as
// `zhenmap stats`), "progress since" a date; clicking a bar filters the slide's layer it is about
// and zooms to its township or features. See presentation.hpp.
#include <algorithm>
#include <map>

#include "expression.hpp"
#include "i18n.hpp"
#include "presentation.hpp"
#include "presentation_texts.hpp"
#include "store/display_time.hpp"
#include "store/meeting_store.hpp"

namespace zhenmap {

using namespace presentation_text;

std::string presentation_text::keyLabel(const std::string& key) {
  static const std::map<std::string, const UiText*> names = {
      {"scenic_belt", &kKindScenicBelt}, {"street_facade", &kKindFacade}, {"greenway", &kKindGreenway},
      {"county_library", &kProgCounty},  {"beautiful_town", &kProgTown},  {"industry_assistance", &kProgIndustry},
      {"public_service", &kProgService}, {"other", &kProgOther}};
  const auto it = names.find(key);
  return it == names.end() ? key : tr(*it->second);
}

namespace {

ImU32 col(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) { return IM_COL32(r, g, b, a); }

// Same classes as the standard route style: red to green by built / planned.
ImU32 progressColour(double ratio) {
  if (ratio < 0.25) return col(0xd7, 0x30, 0x27);
  if (ratio < 0.5) return col(0xfc, 0x8d, 0x59);
  if (ratio < 0.75) return col(0x91, 0xcf, 0x60);
  return col(0x1a, 0x98, 0x50);
}

}  // namespace

void PresentationPanel::drawDashboard(Viewer& v, const ImGuiViewport* vp) {
  const float width = dashboardWidth();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - width, vp->Pos.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(width, vp->Size.y), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(1.0f);  // opaque: beside the map, on a projector
  ImGui::Begin("###dashboard", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove);
  ImGui::TextUnformatted(tr(kDashboard));
  ImGui::SameLine();
  ImGui::TextDisabled("%d / %zu", m_slide + 1, m_meeting ? m_meeting->slides.size() : 0);
  ImGui::SetNextItemWidth(width * 0.5f);
  ImGui::SliderFloat(tr(kScale), &m_scale, 1.0f, 2.5f, "%.1f");
  // Progress since first: the charts below may run past a projector's height.
  ImGui::Separator();
  ImGui::TextUnformatted(tr(kProgressSince));
  ImGui::SetNextItemWidth(width * 0.4f);
  ImGui::InputText("###since", m_sinceInput, sizeof m_sinceInput);
  v.markWidget("presentation.since");
  ImGui::SameLine();
  const bool show = ImGui::Button(tr(kShowSince));
  v.markWidget("presentation.since_go");
  if (show) {
    m_since = m_sinceInput;
    try {
      m_changes = store::changesSince(*v.project().store(), m_since);
      showChanges(v);
    } catch (const std::exception& e) {
      m_error = e.what();
    }
  }
  if (!m_since.empty()) {
    for (const auto& c : m_changes) {
      const std::string day = store::displayTime(c.time, labelLanguage(), false);
      ImGui::BulletText("%s %s #%lld %s: %s → %s%s", day.c_str(),
                        c.layer == "project_sites" ? tr(kProjectLower) : tr(kRouteLower),
                        static_cast<long long>(c.featureId), c.field.c_str(), c.oldValue.c_str(), c.newValue.c_str(),
                        c.presentation ? tr(kInMeeting) : "");
    }
    if (m_changes.empty()) ImGui::TextDisabled("-");
  }
  const UiText* titles[] = {&kChartKinds, &kChartTownships, &kChartProjects, &kChartHouseholds};
  for (std::size_t ci = 0; ci < m_charts.size(); ++ci) {
    const store::DashboardChart& c = m_charts[ci];
    ImGui::Separator();
    ImGui::TextUnformatted(tr(*titles[ci % 4]));
    double max = 0;
    for (const auto& b : c.bars) max = std::max(max, c.progress ? b.total : b.value);
    const bool many = c.bars.size() > 8;
    if (many) ImGui::BeginChild(c.id.c_str(), ImVec2(0, 150 * m_scale));
    for (const auto& b : c.bars) {
      if (c.progress && b.total <= 0) continue;
      if (!c.progress && b.value <= 0) continue;
      drawBar(v, c, b, max);
    }
    if (many) ImGui::EndChild();
  }
  ImGui::End();
}

void PresentationPanel::drawBar(Viewer& v, const store::DashboardChart& c, const store::DashboardBar& b, double max) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = ImGui::GetContentRegionAvail().x, h = 20 * m_scale;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::PushID((c.id + b.key).c_str());
  if (ImGui::InvisibleButton("bar", ImVec2(w, h))) onBar(v, c, b);
  ImGui::PopID();
  const float labelW = w * 0.3f, barW = w * 0.45f;
  const std::string label = c.id == "route_kinds" || c.id == "programmes" ? keyLabel(b.label) : b.label;
  dl->AddText(ImVec2(p.x, p.y + 2), col(230, 230, 230), label.c_str());
  const ImVec2 b0(p.x + labelW, p.y + 3), b1(p.x + labelW + barW, p.y + h - 3);
  dl->AddRectFilled(b0, b1, col(60, 60, 70));
  char text[64];
  if (c.progress) {
    const float full = static_cast<float>(max > 0 ? b.total / max : 0) * barW;
    const float done = static_cast<float>(b.total > 0 ? b.value / b.total : 0) * full;
    dl->AddRectFilled(b0, ImVec2(b0.x + full, b1.y), col(90, 90, 100));
    dl->AddRectFilled(b0, ImVec2(b0.x + done, b1.y), progressColour(b.total > 0 ? b.value / b.total : 0));
    std::snprintf(text, sizeof text, "%.1f / %.1f", b.value, b.total);
  } else {
    const ImU32 seg[] = {col(0x9e, 0x9e, 0x9e), col(0xf3, 0x9c, 0x12), col(0x27, 0xae, 0x60)};
    const ImU32 risk[] = {col(0xd7, 0x30, 0x1f), col(0xf1, 0x69, 0x13), col(0xfd, 0xae, 0x6b)};
    float x = b0.x;
    for (std::size_t i = 0; i < b.segments.size(); ++i) {
      const float sw = static_cast<float>(max > 0 ? b.segments[i] / max : 0) * barW;
      dl->AddRectFilled(ImVec2(x, b0.y), ImVec2(x + sw, b1.y), c.id == "programmes" ? seg[i % 3] : risk[i % 3]);
      x += sw;
    }
    std::snprintf(text, sizeof text, "%.0f", b.value);
  }
  if (b.key == m_barKey) dl->AddRect(ImVec2(b0.x - 2, b0.y - 2), ImVec2(b1.x + 2, b1.y + 2), col(255, 230, 0), 0, 0, 2);
  dl->AddText(ImVec2(b1.x + 6, p.y + 2), col(230, 230, 230), text);
}

// A click on a bar shows only the features it counts (its layer filtered on the slide; a second
// click on it clears that) and zooms to its township or to those features.
void PresentationPanel::onBar(Viewer& v, const store::DashboardChart&, const store::DashboardBar& b) {
  if (b.filterLayer.empty() || m_barKey == b.key) {
    m_barKey.clear();
    m_barFilterLayer.clear();
    m_barFilter.clear();
  } else {
    m_barKey = b.key;
    m_barFilterLayer = b.filterLayer;
    m_barFilter = b.filterExpression;
  }
  requestScene(v);
  // Where to look: the township's polygon, else the features the bar counts.
  Box box;
  if (const LayerData* towns = layerNamed("townships"); towns && !b.townshipCode.empty()) {
    const auto code = findField(*towns, "code");
    for (const Feature& f : towns->features) {
      const auto* c = code && *code < f.attributes.size() ? std::get_if<std::string>(&f.attributes[*code]) : nullptr;
      if (c && *c == b.townshipCode) box.expand(f.geometry.bounds());
    }
  } else if (const LayerData* layer = layerNamed(b.filterLayer); layer && !m_barKey.empty()) {
    const std::vector<bool> keep = evaluateFilter(*layer, b.filterExpression);
    for (std::size_t i = 0; i < layer->features.size(); ++i) {
      if (keep[i]) box.expand(layer->features[i].geometry.bounds());
    }
  }
  if (box.empty() || m_barKey.empty()) return;
  Camera goal = v.camera();
  goal.fit(box);
  flyTo(v, goal);
}

}  // namespace zhenmap
