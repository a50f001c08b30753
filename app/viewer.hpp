// The map window's shared state (the Viewer) and the extension point for panels. The Viewer owns
// the loaded layers, the map view, the selection, the log and the frame loop (viewer.cpp); each
// panel lives in its own panel_*.cpp as a Panel subclass registered with ZHENMAP_REGISTER_PANEL, so
// adding a panel touches no other file. Panels run on the GL thread, inside the ImGui frame.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "commands.hpp"
#include "crs_transform.hpp"
#include "file_dialog.hpp"
#include "glyph_atlas.hpp"
#include "layer_loading.hpp"
#include "load_job.hpp"
#include "map_input.hpp"
#include "map_view_widget.hpp"
#include "picking.hpp"
#include "settings.hpp"
#include "store/pg_viewport.hpp"

struct GLFWwindow;
struct ImDrawList;

namespace zhenmap {

class Viewer;

// One panel of the window (layers, identify, table, log, ...). Override what the panel needs;
// every hook has a do-nothing default.
class Panel {
 public:
  virtual ~Panel() = default;
  // Translated title: the window title and the entry in the View menu. Empty: not in the menu.
  virtual const char* title() const = 0;
  // Draws the panel (Begin/End are the panel's own). Called every frame while open().
  virtual void draw(Viewer& viewer) = 0;
  // Called every frame, open or not, before draw (background work, timers).
  virtual void update(Viewer&) {}
  // Called inside the main menu bar after the built-in menus: a panel may add its own menu.
  virtual void drawMenu(Viewer&) {}
  // Draws over the map (after the map picture, under the panels), e.g. measurement lines.
  virtual void drawMapOverlay(Viewer&, ImDrawList*) {}
  // A click on the map (framebuffer pixels, map CRS). Return true to consume it (no identify).
  virtual bool onMapClick(Viewer&, Vec2 /*px*/, Vec2 /*map*/) { return false; }
  // A key the map received (GLFW key code and modifiers). Return true to consume it.
  virtual bool onKey(Viewer&, int /*key*/, int /*mods*/) { return false; }
  // New layers were loaded (the first load, a reload or an added layer).
  virtual void onLoaded(Viewer&) {}
  // Another project is about to be opened (drop what belongs to the old one).
  virtual void onProjectChanged(Viewer&) {}
  // The map selection changed (by a click, Esc, the table, a search...).
  virtual void onSelectionChanged(Viewer&) {}
  // Strings the panel shows that are not UI strings (data values), for the font's glyph ranges.
  virtual void glyphStrings(const Viewer&, std::vector<std::string>&) const {}
  // Adds the panel's test state to the --state-file JSON.
  virtual void writeState(const Viewer&, nlohmann::json&) const {}
  // True when the window must not close yet (unsaved edits); the panel then shows its own prompt
  // and calls Viewer::confirmClose() when the user decides.
  virtual bool holdsClose(Viewer&) { return false; }
  // True while the panel has work that would be lost by opening another project.
  virtual bool hasUnsavedWork() const { return false; }
  // Order in the View menu and drawing order (lower first).
  virtual int order() const { return 100; }

  bool open() const { return m_open; }
  void setOpen(bool open) { m_open = open; }
  bool* openFlag() { return &m_open; }

 private:
  bool m_open = true;
};

using PanelFactory = std::unique_ptr<Panel> (*)();
std::vector<PanelFactory>& panelFactories();

// In a panel's .cpp: ZHENMAP_REGISTER_PANEL(MyPanel); registers a factory at static initialisation.
#define ZHENMAP_REGISTER_PANEL(Type)                                                               \
  namespace {                                                                                      \
  const bool registered_##Type = (::zhenmap::panelFactories().push_back(                           \
                                      []() -> std::unique_ptr<::zhenmap::Panel> {                  \
                                        return std::make_unique<Type>();                           \
                                      }),                                                          \
                                  true);                                                           \
  }

enum class LogLevel { Info, Warning, Error };

struct LogEntry {
  LogLevel level = LogLevel::Info;
  std::string text;
  int frame = 0;
};

// The viewer's first load, started before its window exists (so that reading overlaps making the
// window and GL context), for the window size it will have. Needs glfwInit.
std::unique_ptr<LoadJob> startEarlyLoad(const ViewerCommand& cmd, const Settings& settings, bool restoreSize);

class Viewer {
 public:
  // A streamed layer built from one delivered view (viewer_stream.cpp).
  struct StreamBuild {
    std::shared_ptr<const LayerData> layer;
    Buckets buckets;
    bool withRows = false;  // every row of the layer (else only the delivered features)
    std::vector<LabelCandidate> labels;
  };

  // early: the load of cmd's inputs, started before the window (startEarlyLoad); null: started here.
  Viewer(GLFWwindow* window, const ViewerCommand& cmd, MapInput& input, Settings& settings,
         std::unique_ptr<LoadJob> early = nullptr);
  ~Viewer();
  void run();

  // --- what panels use ---
  GLFWwindow* window() const { return m_window; }
  const ViewerCommand& command() const { return m_cmd; }
  MapViewWidget& map() { return m_map; }
  const MapViewWidget& map() const { return m_map; }
  Camera& camera() { return m_map.camera(); }
  const Camera& camera() const { return m_map.camera(); }
  const LoadedLayers& layers() const { return m_loaded; }
  std::size_t layerCount() const { return m_loaded.data.size(); }
  const std::string& projectPath() const { return m_projectPath; }
  const std::vector<std::string>& inputs() const { return m_inputs; }
  const Box& fullExtent() const { return m_extent; }
  int frame() const { return m_frame; }
  const LoadJob* loadJob() const { return m_job.get(); }

  // Layer stack (index 0 = drawn first, at the bottom).
  bool layerVisible(std::size_t i) const { return m_visible[i]; }
  void setLayerVisible(std::size_t i, bool visible);
  float layerOpacity(std::size_t i) const { return m_opacity[i]; }
  void setLayerOpacity(std::size_t i, float opacity);
  void moveLayer(std::size_t from, std::size_t to);
  const std::vector<bool>& visibility() const { return m_visible; }

  void removeLayer(std::size_t i);
  // Adds the layers of data files (a zhenmap project file opens as the project instead). Loading
  // runs on a worker with a progress bar; problems go to the log and a notice. The same path
  // serves the file browser, files dropped on the window and the --drop-file test hook.
  void addFiles(const std::vector<std::string>& paths);
  // Opens another project (refused with a notice while a panel has unsaved work).
  void openProject(const std::string& path);
  // Re-tessellates layer i with a new style on a worker; a layer of the open project also gets
  // the style saved in the project's `styles` table.
  void applyStyle(std::size_t i, const LayerStyle& style);
  // Loads in progress: (what, fraction done).
  std::vector<std::pair<std::string, float>> pendingLoads() const;
  // Opens the file browser to add layers.
  void browseForLayers();

  // Reloads every input from disk (after a save), keeping the view.
  void reload();
  Settings& settings() { return m_settings; }

  // Selection (one identified feature; highlight of several).
  const std::optional<PickHit>& selected() const { return m_selected; }
  const std::optional<PickHit>& hovered() const { return m_hover; }
  void select(std::optional<PickHit> hit);
  // Highlights these features of one layer; the first is the identified one. Does not notify
  // panels (the caller is the panel that owns the change).
  void highlightFeatures(std::size_t layer, const std::vector<std::size_t>& features);
  std::optional<PickHit> pickAt(Vec2 px) const;

  // Sensitive household fields: hidden until the user unlocks them (shared by every panel).
  bool showSensitive() const { return m_showSensitive; }
  void setShowSensitive(bool show) { m_showSensitive = show; }

  // Messages for the log panel (never personal data) and a short notice on screen.
  void log(LogLevel level, std::string text);
  // A short notice on the map for a few seconds (also logged).
  void notify(std::string text, LogLevel level = LogLevel::Info);
  const std::vector<LogEntry>& logEntries() const { return m_log; }
  const std::string& lastError() const { return m_error; }

  // The font atlas is rebuilt between frames (new data strings, a language switch).
  void requestFontRebuild() { m_fontDirty = true; }

  // The cursor in framebuffer pixels and its map position.
  Vec2 cursorPx() const { return m_cursorPx; }
  Vec2 cursorMap() const { return camera().screenToMap(m_cursorPx); }
  const CrsTransform& toLonLat() const { return m_toLonLat; }

  // Presentation mode: no menu bar and no hover tooltip while hidden.
  void setChromeHidden(bool hidden) { m_chromeHidden = hidden; }
  bool chromeHidden() const { return m_chromeHidden; }

  // Test hook: records the screen rectangle of the last ImGui item under `id` for the
  // --state-file JSON ("widgets": {id: [x, y, w, h]}), so UI tests click real widgets.
  void markWidget(const std::string& id);

  // The part of the window no panel covers ([x, y, w, h], ImGui pixels), measured after the last
  // frame's UI (viewer_map_area.cpp). The whole window before the first frame.
  const std::array<float, 4>& mapArea() const { return m_mapArea; }
  // A camera that shows `box` (map CRS) with `margin` (fraction of the area on each side) centred
  // in mapArea(): where fly-to (search, bookmarks, zoom to layer) puts its target.
  Camera framing(const Box& box, double margin = 0.04) const;
  // Moves the view at once to framing(box, margin).
  void flyTo(const Box& box, double margin = 0.04);

  // Lets the window close after a panel held it (holdsClose) and the user decided.
  void confirmClose();

  // The first registered panel of type T (nullptr when none).
  template <class T>
  T* panel() {
    for (auto& p : m_panels) {
      if (auto* t = dynamic_cast<T*>(p.get())) return t;
    }
    return nullptr;
  }
  const std::vector<std::unique_ptr<Panel>>& panels() const { return m_panels; }

 private:
  void pollLoad();
  void rebuildFont();
  void handleInput();
  void handleKey(int key, int mods);
  void setHighlight();
  void notifySelection();
  double framebufferScale() const;
  void drawUi();
  void drawMenuBar();
  void drawHoverTooltip();
  void writeState();
  void pollAdds();
  std::size_t unusedPaletteIndex() const;
  void pollStyles();
  bool validHit(const std::optional<PickHit>& hit) const;
  void dropStaleHits();
  void pollLabels();
  void relabel();
  void appendLayers(LoadedLayers&& more);
  void drawToasts();
  void drawFileMenu();
  void drawZoomBox();
  void handleDrops();
  void measureMapArea();  // viewer_map_area.cpp

  struct AddJob {
    std::string path;
    std::shared_ptr<std::atomic<float>> progress;
    std::future<LoadedLayers> result;
  };
  struct StyleJob {
    std::shared_ptr<const LayerData> layer;
    LayerStyle style;
    std::future<std::pair<Buckets, std::vector<LabelCandidate>>> result;
  };
  struct Toast {
    std::string text;
    std::chrono::steady_clock::time_point shown;
    bool error = false;
  };
  enum class BrowseFor { Layers, Project };

  GLFWwindow* m_window;
  ViewerCommand m_cmd;
  MapInput& m_input;
  Settings& m_settings;
  CrsTransform m_toLonLat;  // status bar: CGCS2000 lon/lat
  MapViewWidget m_map;
  std::unique_ptr<LoadJob> m_job;
  bool m_reloadAgain = false;  // reload() was asked for while m_job ran
  // Progressive levels of detail (viewer_layers.cpp): the finished load job while it tessellates
  // the finer levels, and the renderer generation of each layer it extends (by layer data).
  std::unique_ptr<LoadJob> m_refining;
  std::vector<std::pair<const LayerData*, std::uint64_t>> m_refineTargets;
  std::unique_ptr<LoadJob> startLoad(std::vector<std::string> paths);
  void keepRefining();  // at the end of pollLoad: m_job becomes m_refining
  void pollRefine();    // one refined layer per frame
  // Launch timing (seconds since the process started), logged once after the first full frame.
  LoadTimings m_launchTimings;
  double m_launchAppliedAt = 0.0;
  double m_launchFontS = 0.0;
  int m_launchGlyphs = 0;
  bool m_launchLogged = false;
  bool m_warmedUp = false;     // MapRenderer::warmUp done (while the first load runs)
  double m_firstLoopAt = 0.0;  // the frame loop's first turn (the window and GL context are ready)
  LoadedLayers m_loaded;
  std::vector<bool> m_visible;
  std::vector<float> m_opacity;
  std::optional<PickHit> m_selected;
  std::optional<PickHit> m_hover;
  Box m_extent;
  Vec2 m_cursorPx;
  Vec2 m_pressAt;
  Vec2 m_lastHoverPx{-1, -1};
  std::optional<Vec2> m_dragAnchor;  // map point grabbed by the left button
  std::vector<std::string> m_inputs;
  std::string m_projectPath;  // the first input when it is a zhenmap project ("" otherwise)
  std::vector<std::unique_ptr<Panel>> m_panels;
  std::vector<std::vector<LabelCandidate>> m_layerLabels;  // per layer, same order as m_loaded.data
  std::vector<AddJob> m_addJobs;
  std::vector<StyleJob> m_styleJobs;
  std::future<std::pair<std::vector<LabelCandidate>, GlyphAtlas>> m_labelJob;
  bool m_labelsDirty = false;
  std::deque<Toast> m_toasts;
  FileDialog m_fileDialog;
  BrowseFor m_browseFor = BrowseFor::Layers;
  std::optional<Vec2> m_boxStart;  // zoom box: Shift + drag (framebuffer pixels)
  Vec2 m_boxEnd;
  std::vector<std::string> m_pendingDrops;  // --drop-file: dropped once the first load is done
  std::vector<std::string> m_addedPaths;    // files added after start (reload reads them again)
  std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);  // workers stop
  bool m_closeConfirmed = false;
  // Large layers of a server project, opened without their features and drawn by viewport
  // (viewer_stream.cpp): every row's attributes read in the background, a PgViewportStream for
  // the view's geometry; each delivered view is built into a layer on a worker and replaces
  // the layer's data and buckets.
  struct StreamedLayer {
    std::shared_ptr<const LayerData> layer;  // what m_loaded holds now (the shell, then each build)
    std::shared_ptr<const LayerData> shell;  // as opened: fields, extent, feature count
    LayerStyle style;
    std::unique_ptr<store::PgViewportStream> stream;
    std::optional<store::ViewportBox> requested;
    std::future<std::vector<Feature>> rowsJob;            // every row's attributes (no geometry)
    std::shared_ptr<const std::vector<Feature>> rows;     // ... once read
    bool rowsFailed = false;
    bool builtWithRows = false;
    std::optional<store::ViewportResult> latest;  // delivered, not built yet
    std::future<StreamBuild> job;
    std::size_t shown = 0;  // features drawn now (with geometry)
    std::vector<std::int64_t> shownIds;
    std::optional<store::ViewportBox> shownBox;
    std::int64_t tooMany = -1;  // >= 0: the view meets more features than this; none drawn
    std::int64_t seenSelectedFid = -1;  // the selection last looked at (a new one without geometry is located)
    std::future<Box> locate;  // the map box of a selected feature not in the view
    std::vector<std::future<Box>> oldLocates;  // superseded, still running: dropped once done
  };
  std::vector<StreamedLayer> m_streams;
  std::vector<StreamedLayer> m_retiredStreams;  // replaced by a reload: dropped once their workers are done
  Box m_lastViewBox;  // the view one frame ago: a request goes out once the camera has settled
  void startStreams();
  void pollStreams();
  void writeStreamState(nlohmann::json& layerList) const;
  bool m_fontDirty = false;
  bool m_showSensitive = false;
  bool m_chromeHidden = false;
  std::vector<LogEntry> m_log;
  std::map<std::string, std::array<float, 4>> m_widgets;  // see markWidget
  std::array<float, 4> m_mapArea{0, 0, 0, 0};              // see mapArea
  std::vector<std::array<float, 4>> m_panelRects;          // the open panels' windows last frame
  std::string m_error;
  std::string m_lastState;
  int m_frame = 0;
  std::int64_t m_firstFullFrameNs = 0;  // wall clock (ns since the epoch) of the first frame with the data drawn
};

}  // namespace zhenmap
