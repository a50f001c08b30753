// Presentation (meeting) mode: F5 turns the window into a full-screen projector view of the
// project's slide deck. The map is the slide's scene (slide_scene.hpp) drawn through the shared
// SceneRenderer (slide_view.hpp): the same layers, progress (built solid, remaining dashed,
// "built / planned km"), household counts, labels, legend, scale bar, north arrow and title as
// `export-slides` writes. Slides fly to their extent (PageDown/PageUp, arrows, Space); a
// dashboard of bar and progress charts sits beside the map (D; clicking a bar filters and zooms);
// presenter notes toggle with N. Clicking a route or a project site opens a small live editor
// (built km, status) that commits through the project's store with its audit rows marked
// 'presentation'; scene, dashboard and the window's layers follow. "Progress since" lists and
// highlights what the audit log records after a date. Esc leaves.
#pragma once

#include <imgui.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "slide_scene.hpp"
#include "slide_view.hpp"
#include "store/meeting.hpp"
#include "viewer.hpp"

namespace zhenmap {

class PresentationPanel : public Panel {
 public:
  const char* title() const override { return ""; }  // not in the View menu: F5 opens it
  int order() const override { return 5; }

  void glyphStrings(const Viewer&, std::vector<std::string>& out) const override;
  bool onKey(Viewer& v, int key, int mods) override;
  bool onMapClick(Viewer& v, Vec2 px, Vec2 map) override;
  void update(Viewer& v) override;
  bool drawMap(Viewer& v, int fbw, int fbh) override;
  void draw(Viewer& v) override;
  void writeState(const Viewer& v, nlohmann::json& s) const override;

 private:
  struct Edit {
    std::string layer;  // the progress layer or the project sites
    std::int64_t fid = 0;
    double builtKm = 0;
    double plannedKm = 0;
    std::string status;
    std::string message;
  };
  struct Fly {
    Vec2 fromCenter, toCenter;
    double fromUpp = 1, toUpp = 1;
    std::chrono::steady_clock::time_point start;
  };
  // A built scene of the slide (a job's result).
  struct Built {
    int slide = -1;
    std::uint64_t request = 0;
    SlideScene scene;
    GlyphAtlas atlas;
    std::map<std::string, std::size_t> filteredOut;  // layer -> features its filters hide
    std::string error;
  };

  // --- presentation.cpp ---
  void enter(Viewer& v);
  void leave(Viewer& v);
  void goTo(Viewer& v, int index);
  void requestScene(Viewer& v);
  void sceneBuilt(Viewer& v, Built&& built);
  void flyTo(Viewer& v, const Camera& goal);
  int mapWidthFb(const Viewer& v) const;  // the framebuffer width left of the dashboard
  const LayerData* layerNamed(const std::string& name) const;
  const LayerData* progressLayer() const;  // the layer whose style names progress fields
  void commitEdit(Viewer& v);
  void applyToMeeting(const std::string& layer, std::int64_t fid, const std::string& field, const AttributeValue& value);
  void refreshFigures(Viewer& v);
  void drawEditor(Viewer& v);
  void showChanges(Viewer& v);

  // --- presentation_dashboard.cpp ---
  void drawDashboard(Viewer& v, const ImGuiViewport* vp);
  void drawBar(Viewer& v, const store::DashboardChart& c, const store::DashboardBar& b, double max);
  void onBar(Viewer& v, const store::DashboardChart& c, const store::DashboardBar& b);
  float dashboardWidth() const { return m_showDashboard ? 380.0f * m_scale : 0.0f; }

  bool m_active = false;
  std::shared_ptr<const MeetingProject> m_meeting;
  std::unique_ptr<SlideView> m_view;
  std::uint64_t m_request = 0;        // the scene wanted now; older builds are dropped
  bool m_sceneReady = false;
  std::optional<Fly> m_fly;
  int m_slide = -1;
  std::map<std::string, std::size_t> m_filteredOut;
  std::string m_barFilterLayer, m_barFilter, m_barKey;  // a dashboard bar's filter on the slide
  std::size_t m_sceneLabels = 0;
  std::optional<std::pair<std::int64_t, ImVec2>> m_probe;        // test hook: a route's point on screen
  std::vector<float> m_rects[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}};  // editor's input and commit button
  std::vector<store::DashboardChart> m_charts;
  std::vector<store::Change> m_changes;
  std::string m_since;
  char m_sinceInput[32] = "2024-01-01";
  std::optional<Edit> m_edit;
  std::vector<Panel*> m_reopen;
  int m_windowed[4] = {0, 0, 1280, 800};
  ImGuiStyle m_style;
  float m_scale = 1.4f;  // the projector theme's scale of the dashboard, notes and editor
  bool m_showNotes = false;
  bool m_showDashboard = true;
  int m_commits = 0;
  std::string m_error;
};

}  // namespace zhenmap
