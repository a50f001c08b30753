// The --state-file test hook: the window's state (camera, layer stack, jobs, panels, dialogs) as
// JSON, written after a frame that changed it, with passwords redacted. The UI tests
// (tests/ui/*.sh) read it to know when the window is ready and what it shows.
#include "viewer.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "store/redact.hpp"

namespace zhenmap {

namespace {
// Every string in the JSON (keys stay) with passwords redacted.
void redactStrings(nlohmann::json& j) {
  if (j.is_string()) {
    j = store::redactSecrets(j.get<std::string>());
  } else if (j.is_structured()) {
    for (auto& item : j) redactStrings(item);
  }
}
}  // namespace

void Viewer::writeState() {
  if (m_cmd.stateFile.empty()) return;
  nlohmann::json s = {{"center", {camera().center().x, camera().center().y}},
                      {"units_per_pixel", camera().unitsPerPixel()},
                      {"viewport", {camera().width(), camera().height()}},
                      {"layers", m_map.renderer().layerCount()},
                      {"loading", m_loadJob != 0},
                      {"labels_visible", m_map.labels().visibleCount()},
                      {"map_renders", m_map.mapRenders()},
                      {"reused_renders", m_map.reusedRenders()},
                      {"preview_renders", m_map.previewRenders()},
                      {"shows_preview", m_map.showsPreview()},
                      {"map_rect", m_mapRect},
                      {"window", windowSize()},
                      {"triangles", m_map.frameStats().triangles},
                      {"language", language() == Language::Chinese ? "zh" : "en"},
                      {"error", m_error}};
  if (const Feature* f = featureOf(m_selected)) {
    s["selected"] = {{"layer", layerOf(m_selected)->name()}, {"fid", f->fid}};
  }
  // The layer stack, bottom (drawn first) to top.
  nlohmann::json stack = nlohmann::json::array();
  for (std::size_t i = 0; i < layers().size(); ++i) {
    const MapLayer& l = layers().at(i);
    stack.push_back({{"name", l.name()},
                     {"id", l.id},
                     {"file", store::displayName(l.data->source, false)},
                     {"visible", l.visible},
                     {"opacity", l.opacity},
                     {"style_kind", static_cast<int>(l.style().kind)},
                     {"classes", l.style().classes.size()},
                     {"labels", l.labels.size()}});
  }
  writeStreamState(stack);  // large server layers drawn by viewport
  s["layer_list"] = stack;
  s["adding"] = m_addJobs.size();
  s["styling"] = m_styleJobs;
  s["relabeling"] = m_labelJob != 0 || m_labelsDirty;
  s["jobs"] = m_jobs.pendingCount();
  s["toasts"] = m_toasts.size();
  s["zoom_box"] = m_boxStart.has_value();
  s["project"] = projectPath();
  if (m_firstFullFrameNs) s["first_full_frame_unix_ns"] = m_firstFullFrameNs;
  s["file_dialog"] = m_fileDialog.isOpen() ? nlohmann::json{{"dir", m_fileDialog.directory()},
                                                             {"entries", m_fileDialog.entryNames()},
                                                             {"typing", m_fileDialog.typing()}}
                                           : nlohmann::json(nullptr);
  s["widgets"] = m_widgets;
  s["map_area"] = m_mapArea;
  s["dock"] = {{"left", m_dock.rect(Dock::Left)},
               {"left_bottom", m_dock.rect(Dock::LeftBottom)},
               {"right", m_dock.rect(Dock::Right)},
               {"bottom", m_dock.rect(Dock::Bottom)},
               {"center", m_dock.center()}};
  s["panel_rects"] = m_panelRects;
  for (const auto& p : m_panels) p->writeState(*this, s);
  redactStrings(s);  // no server password in the state file (the address, messages)
  const std::string key = s.dump();
  if (key == m_lastState) return;
  m_lastState = key;
  s["frame"] = m_frame;
  const std::string text = s.dump();
  const std::string tmp = m_cmd.stateFile + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text << '\n';
  }
  std::rename(tmp.c_str(), m_cmd.stateFile.c_str());
}

}  // namespace zhenmap
