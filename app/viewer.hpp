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
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "commands.hpp"
#include "crs_transform.hpp"
#include "dock_layout.hpp"
#include "document_load.hpp"
#include "file_dialog.hpp"
#include "glyph_atlas.hpp"
#include "job_queue.hpp"
#include "layer_loading.hpp"
#include "map_input.hpp"
#include "map_view_widget.hpp"
#include "picking.hpp"
#include "project.hpp"
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
  // Draws the map itself instead of the window's map view (presentation mode: the slide's
  // scene) into the framebuffer of fbw x fbh; returns false to leave it to the map view.
  virtual bool drawMap(Viewer&, int /*fbw*/, int /*fbh*/) { return false; }
  // Draws over the map (after the map picture, under the panels), e.g. measurement lines.
  virtual void drawMapOverlay(Viewer&, ImDrawList*) {}
  // A click on the map (framebuffer pixels, map CRS). Return true to consume it (no identify).
  virtual bool onMapClick(Viewer&, Vec2 /*px*/, Vec2 /*map*/) { return false; }
  // A key the map received (GLFW key code and modifiers). Return true to consume it.
  virtual bool onKey(Viewer&, int /*key*/, int /*mods*/) { return false; }
  // New layers were loaded (the first load, a reload or an added layer).
  virtual void onLoaded(Viewer&) {}
  // A change of the layer stack (after it happened): added, removed, moved, restyled, data or
  // features replaced, ... (see layer_stack.hpp). Called for every change, loads included.
  virtual void onLayerEvent(Viewer&, const LayerEvent&) {}
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
  // Order in the View menu, drawing order and tab order in a dock region (lower first).
  virtual int order() const { return 100; }
  // Where the panel lives: a region of the docked layout (a tab there), or its own floating
  // window (dialogs, the status bar, presentation mode).
  virtual Dock dock() const { return Dock::Floating; }

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

// One feature of one layer of the stack: the selection, the hover, a search hit.
struct FeatureRef {
  LayerId layer = kNoLayer;
  std::size_t feature = 0;  // index into the layer's features (stable while its data is)
  bool operator==(const FeatureRef&) const = default;
};

// The viewer's first load, started on the job queue before its window exists (so that reading
// overlaps making the window and GL context), for the window size it will have. Its result (or
// error) waits in `into` until the Viewer takes it. Needs glfwInit.
struct EarlyLoadResult {
  std::optional<DocumentLoad> load;
  std::optional<std::string> error;
};
// How much larger than on a 96-dpi screen the UI is drawn on this window's screen (GLFW's content
// scale, at least 1): ImGui's sizes and the UI font follow it.
float uiScale(GLFWwindow* window);

// width x height: the window's size as it will open (the first view is fitted to it).
JobId startEarlyLoad(JobQueue& jobs, const ViewerCommand& cmd, int width, int height,
                     std::shared_ptr<EarlyLoadResult> into);

// The first load started before the window (startEarlyLoad): its job and where it lands.
struct EarlyLoad {
  JobId job = 0;
  std::shared_ptr<EarlyLoadResult> result;
};

class Viewer {
 public:
  // A streamed layer built from one delivered view (viewer_stream.cpp).
  struct StreamBuild {
    std::shared_ptr<const LayerData> layer;
    Buckets buckets;
    bool withRows = false;  // every row of the layer (else only the delivered features)
    std::vector<LabelCandidate> labels;
  };

  Viewer(GLFWwindow* window, const ViewerCommand& cmd, MapInput& input, Settings& settings, JobQueue& jobs,
         EarlyLoad early = {});
  ~Viewer();
  void run();

  // --- what panels use ---
  GLFWwindow* window() const { return m_window; }
  const ViewerCommand& command() const { return m_cmd; }
  MapViewWidget& map() { return m_map; }
  const MapViewWidget& map() const { return m_map; }
  Camera& camera() { return m_map.camera(); }
  const Camera& camera() const { return m_map.camera(); }
  JobQueue& jobs() { return m_jobs; }

  // The open document: the project (if any) and its layer stack.
  Project& project() { return *m_project; }
  const Project& project() const { return *m_project; }
  LayerStack& layers() { return m_project->layers(); }
  const LayerStack& layers() const { return m_project->layers(); }
  // The project's path or server address ("" when only data files are open).
  const std::string& projectPath() const { return m_project->path(); }
  const std::vector<std::string>& inputs() const { return m_inputs; }
  const Box& fullExtent() const { return m_extent; }
  int frame() const { return m_frame; }
  bool loading() const { return m_loadJob != 0; }
  // Sensitive fields ("layer.field") and Chinese field aliases of the open project.
  const std::set<std::string>& sensitiveFields() const { return m_project->metadata().sensitiveFields; }
  const std::map<std::string, std::string>& fieldAliases() const { return m_project->metadata().fieldAliases; }

  void removeLayer(LayerId id);
  // Adds the layers of data files (a zhenmap project file opens as the project instead). Loading
  // runs on the job queue with a progress bar; problems go to the log and a notice. The same path
  // serves the file browser, files dropped on the window and the --drop-file test hook.
  void addFiles(const std::vector<std::string>& paths);
  // Opens another project (refused with a notice while a panel has unsaved work).
  void openProject(const std::string& path);
  // Re-tessellates a layer with a new style on the job queue; a layer of the open project also
  // gets the style saved in the project's `styles` table.
  void applyStyle(LayerId id, const LayerStyle& style);
  // Loads in progress: (what, fraction done).
  std::vector<std::pair<std::string, float>> pendingLoads() const;
  // Opens the file browser to add layers.
  void browseForLayers();

  // Reloads every input from disk (after a save), keeping the view.
  void reload();
  Settings& settings() { return m_settings; }

  // Selection (one identified feature; highlight of several).
  const std::optional<FeatureRef>& selected() const { return m_selected; }
  const std::optional<FeatureRef>& hovered() const { return m_hover; }
  void select(std::optional<FeatureRef> hit);
  // The layer and feature a reference points at (nullptr when it no longer exists).
  const MapLayer* layerOf(const std::optional<FeatureRef>& ref) const;
  const Feature* featureOf(const std::optional<FeatureRef>& ref) const;
  // Highlights these features of one layer; the first is the identified one. Does not notify
  // panels (the caller is the panel that owns the change).
  void highlightFeatures(LayerId layer, const std::vector<std::size_t>& features);
  std::optional<FeatureRef> pickAt(Vec2 px) const;

  // Sensitive household fields: hidden until the user unlocks them (shared by every panel).
  bool showSensitive() const { return m_showSensitive; }
  void setShowSensitive(bool show) { m_showSensitive = show; }

  // Messages for the log panel (never personal data) and a short notice on screen.
  void log(LogLevel level, std::string text);
  // A short notice on the map for a few seconds (also logged).
  void notify(std::string text, LogLevel level = LogLevel::Info);
  const std::vector<LogEntry>& logEntries() const { return m_log; }
  const std::string& lastError() const { return m_error; }
  // Layers of the document's sources that could not be read at all (partial reading: the other
  // layers and features are shown); the layers panel lists them.
  const std::vector<SkippedLayer>& skippedLayers() const { return m_skippedLayers; }

  // The font atlas is rebuilt between frames (new data strings, a language switch).
  void requestFontRebuild() { m_fontDirty = true; }

  // The map view's rectangle in the window: [x, y, w, h] in framebuffer pixels from the window's
  // top-left corner (the docked layout's centre; the whole window while presenting). The camera's
  // viewport is its size.
  const std::array<int, 4>& mapRect() const { return m_mapRect; }
  // Window framebuffer pixels to the map view's (the camera's) pixels.
  Vec2 toMapView(Vec2 windowPx) const { return {windowPx.x - m_mapRect[0], windowPx.y - m_mapRect[1]}; }
  // A map point's place in the window (framebuffer pixels), for overlays drawn over the map.
  Vec2 mapToWindow(Vec2 map) const {
    const Vec2 p = camera().mapToScreen(map);
    return {p.x + m_mapRect[0], p.y + m_mapRect[1]};
  }

  // The cursor in window framebuffer pixels and its map position.
  Vec2 cursorPx() const { return m_cursorPx; }
  Vec2 cursorMap() const { return camera().screenToMap(toMapView(m_cursorPx)); }
  const CrsTransform& toLonLat() const { return m_toLonLat; }

  // Presentation mode: no menu bar and no hover tooltip while hidden.
  void setChromeHidden(bool hidden) { m_chromeHidden = hidden; }
  bool chromeHidden() const { return m_chromeHidden; }

  // A panel's window: inside its dock region's tab when docked (the region opened it), else a
  // floating window of its own named `name`. Always pair with endPanel(); draw the contents only
  // when beginPanel() returned true.
  bool beginPanel(Panel& panel, const std::string& name, int flags = 0);
  void endPanel(Panel& panel);
  // Opens a panel and, when docked, shows its tab (next frame).
  void focusPanel(Panel& panel);
  DockLayout& dockLayout() { return m_dock; }

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
  // --- the document (viewer_document.cpp) ---
  void startLoad(std::vector<std::string> paths);
  void applyLoad(DocumentLoad&& load);
  void loadFailed(const std::string& error);
  void onLayerEvent(const LayerEvent& e);  // keeps the renderer and labels in step with the stack
  void attachProject(std::unique_ptr<Project> project);
  void refineNext();  // the finer levels of the next layer, one layer per background job
  std::size_t unusedPaletteIndex() const;
  void addLoaded(LoadedLayers&& more, const std::string& path);
  void relabel();
  void pollLabels();
  void logLaunchTiming();
  void handleDrops();
  void takeEarlyLoad();

  // --- the window (viewer.cpp) ---
  void rebuildFont();
  void handleInput();
  void handleKey(int key, int mods);
  void setHighlight();
  void notifySelection();
  double framebufferScale() const;
  std::array<int, 2> windowSize() const;  // framebuffer pixels
  void drawUi();
  void drawMenuBar();
  void drawHoverTooltip();
  void writeState();
  void dropStaleHits();
  void drawToasts();
  void drawFileMenu();
  void drawZoomBox();
  void drawDocked();  // the docked regions and their panels
  void updateMapRect(int fbw, int fbh);  // the map view's rectangle: the dock's centre
  void measureMapArea();  // viewer_map_area.cpp

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
  JobQueue& m_jobs;
  CrsTransform m_toLonLat;  // status bar: CGCS2000 lon/lat
  MapViewWidget m_map;
  std::unique_ptr<Project> m_project = std::make_unique<Project>();
  std::size_t m_stackToken = 0;  // our subscription to the stack's events
  JobId m_loadJob = 0;           // the document load in flight (0: none)
  std::string m_loadingWhat;     // its display name
  std::shared_ptr<EarlyLoadResult> m_early;  // the early load's result, until taken
  bool m_reloadAgain = false;    // reload() was asked for while a load ran
  // Progressive levels of detail: layers whose finer levels are still to build (with the
  // generation of the buckets they extend), one background job at a time.
  std::deque<std::pair<LayerId, std::uint64_t>> m_toRefine;
  std::map<LayerId, std::vector<double>> m_laterLevels;
  JobId m_refineJob = 0;
  // Launch timing (seconds since the process started), logged once after the first full frame.
  LoadTimings m_launchTimings;
  double m_launchAppliedAt = 0.0;
  double m_launchFontS = 0.0;
  int m_launchGlyphs = 0;
  bool m_launchLogged = false;
  bool m_warmedUp = false;     // MapRenderer::warmUp done (while the first load runs)
  double m_firstLoopAt = 0.0;  // the frame loop's first turn (the window and GL context are ready)
  std::optional<FeatureRef> m_selected;
  std::optional<FeatureRef> m_hover;
  Box m_extent;
  bool m_fitPending = false;  // fit m_extent into the map view once it is laid out
  Vec2 m_cursorPx;
  Vec2 m_pressAt;
  Vec2 m_lastHoverPx{-1, -1};
  std::optional<Vec2> m_dragAnchor;  // map point grabbed by the left button
  std::vector<std::string> m_inputs;
  std::vector<std::unique_ptr<Panel>> m_panels;
  struct AddJob {
    JobId job = 0;
    std::string path;
  };
  std::vector<AddJob> m_addJobs;
  std::size_t m_styleJobs = 0;
  JobId m_labelJob = 0;
  bool m_labelsDirty = false;
  std::deque<Toast> m_toasts;
  FileDialog m_fileDialog;
  DockLayout m_dock;
  BrowseFor m_browseFor = BrowseFor::Layers;
  std::optional<Vec2> m_boxStart;  // zoom box: Shift + drag (framebuffer pixels)
  Vec2 m_boxEnd;
  std::vector<std::string> m_pendingDrops;  // --drop-file: dropped once the first load is done
  bool m_closeConfirmed = false;
  // Large layers of a server project, opened without their features and drawn by viewport
  // (viewer_stream.cpp): every row's attributes read in the background, a PgViewportStream for
  // the view's geometry; each delivered view is built into a layer on a job and replaces the
  // layer's data and buckets.
  struct StreamedLayer {
    LayerId layer = kNoLayer;
    std::shared_ptr<const LayerData> shell;  // as opened: fields, extent, feature count
    std::shared_ptr<store::PgViewportStream> stream;
    std::optional<store::ViewportBox> requested;
    JobId rowsJob = 0;                                 // every row's attributes (no geometry)
    std::shared_ptr<const std::vector<Feature>> rows;  // ... once read
    bool rowsFailed = false;
    bool builtWithRows = false;
    std::optional<store::ViewportResult> latest;  // delivered, not built yet
    JobId buildJob = 0;
    std::size_t shown = 0;  // features drawn now (with geometry)
    std::vector<std::int64_t> shownIds;
    std::optional<store::ViewportBox> shownBox;
    std::int64_t tooMany = -1;  // >= 0: the view meets more features than this; none drawn
    std::int64_t seenSelectedFid = -1;  // the selection last looked at (a new one without geometry is located)
    JobId locateJob = 0;  // the map box of a selected feature not in the view
  };
  std::vector<StreamedLayer> m_streams;
  std::vector<std::shared_ptr<store::PgViewportStream>> m_retiredStreams;  // dropped once idle
  void retireStream(StreamedLayer& s);
  Box m_lastViewBox;  // the view one frame ago: a request goes out once the camera has settled
  void startStreams();
  void pollStreams();
  void pollStream(StreamedLayer& s, const store::ViewportBox& view, bool settled);
  void applyStreamBuild(StreamedLayer& s, StreamBuild&& built);
  void writeStreamState(nlohmann::json& layerList) const;
  bool m_fontDirty = false;
  bool m_showSensitive = false;
  bool m_chromeHidden = false;
  std::vector<LogEntry> m_log;
  std::map<std::string, std::array<float, 4>> m_widgets;  // see markWidget
  std::array<float, 4> m_mapArea{0, 0, 0, 0};              // see mapArea
  std::array<int, 4> m_mapRect{0, 0, 1, 1};                // see mapRect
  std::vector<std::array<float, 4>> m_panelRects;          // the open panels' windows last frame
  std::string m_error;
  std::vector<SkippedLayer> m_skippedLayers;
  // Logs what a load could not read: whole layers, and per layer the features left out.
  void logSkipped(const LoadedLayers& loaded);
  std::string m_lastState;
  int m_frame = 0;
  std::int64_t m_firstFullFrameNs = 0;  // wall clock (ns since the epoch) of the first frame with the data drawn
};

}  // namespace zhenmap
