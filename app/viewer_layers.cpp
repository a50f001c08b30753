// The Viewer's layer stack beyond the first load: adding files (file browser, drag and drop,
// --drop-file), removing layers, applying a style, keeping labels in step with the visible
// layers, opening another project. Every slow step (reading, tessellating, the label atlas) runs
// on a worker through std::async; the frame loop polls the futures and uploads on the GL thread.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <set>

#include "fonts.hpp"
#include "i18n.hpp"
#include "label_renderer.hpp"
#include "map_annotations.hpp"
#include "project_meta.hpp"
#include "tessellator.hpp"
#include "viewer.hpp"

namespace zhenmap {

namespace fs = std::filesystem;

namespace {
const UiText kLoadingFile{"正在加载", "Loading"};
const UiText kAdded{"已添加图层", "Layer added"};
const UiText kNoLayersIn{"文件中没有可绘制的图层", "No layer with geometry in"};
const UiText kNotFound{"找不到文件", "File not found"};
const UiText kCannotAdd{"无法添加", "Cannot add"};
const UiText kUnsavedFirst{"请先保存或放弃属性表中的修改", "Save or discard the table's edits first"};
const UiText kOpened{"已打开项目", "Project opened"};
const UiText kRemoved{"已移除图层", "Layer removed"};
const UiText kStyleSaved{"样式已保存到项目", "Style saved in the project"};
const UiText kStyleSession{"样式已应用（图层不在项目中，仅本次有效）",
                           "Style applied (the layer is not in the project: for this session only)"};
const UiText kStyleFailed{"样式无法应用", "The style cannot be applied"};
const UiText kLaunchTiming{"启动计时（秒，自进程启动）", "Launch timing (s since the process started)"};
ZHENMAP_UI_TEXTS(kLoadingFile, kAdded, kNoLayersIn, kNotFound, kCannotAdd, kUnsavedFirst, kOpened, kRemoved,
                 kStyleSaved, kStyleSession, kStyleFailed, kLaunchTiming)

std::string fileName(const std::string& path) { return fs::path(path).filename().string(); }

template <class T>
bool ready(const std::future<T>& f) {
  return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}
}  // namespace

// The first palette colour no shown layer fills with yet, so an added layer stands out.
std::size_t Viewer::unusedPaletteIndex() const {
  const std::vector<Rgba> palette = defaultPalette();
  std::set<Rgba> used;
  for (const Buckets& b : m_loaded.buckets) {
    used.insert(b.style.symbol.fill);
    for (const StyleClass& c : b.style.classes) used.insert(c.symbol.fill);
  }
  for (std::size_t i = 0; i < palette.size(); ++i) {
    if (!used.count(palette[i])) return i + m_addJobs.size();
  }
  return m_loaded.data.size() + m_addJobs.size();
}

void Viewer::addFiles(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      notify(std::string(tr(kNotFound)) + ": " + path, LogLevel::Error);
      continue;
    }
    if (isProject(path)) {
      openProject(path);
      continue;
    }
    log(LogLevel::Info, std::string(tr(kLoadingFile)) + ": " + path);
    auto progress = std::make_shared<std::atomic<float>>(0.0f);
    LoadOptions options;
    options.mapCrs = "EPSG:3857";
    options.personalLayers = true;
    options.firstStyleIndex = unusedPaletteIndex();
    auto cancel = m_cancel;
    m_addJobs.push_back({path, progress, std::async(std::launch::async, [path, options, progress, cancel] {
                           return loadLayers({path}, options, [&](double f) { progress->store(static_cast<float>(f)); },
                                             cancel.get());
                         })});
    m_settings.lastFolder = fs::path(path).parent_path().string();
  }
}

void Viewer::pollAdds() {
  if (m_job) return;  // the first load (or a reload) replaces everything: add after it
  for (auto it = m_addJobs.begin(); it != m_addJobs.end();) {
    if (!ready(it->result)) {
      ++it;
      continue;
    }
    try {
      LoadedLayers more = it->result.get();
      if (more.data.empty()) {
        notify(std::string(tr(kNoLayersIn)) + " " + fileName(it->path), LogLevel::Warning);
      } else {
        for (std::size_t i = 0; i < more.data.size(); ++i) {
          log(LogLevel::Info, std::string(tr(kAdded)) + ": " + more.titles[i] + " (" +
                                  std::to_string(more.data[i]->features.size()) + " " + tr(Text::Features) + ")");
        }
        m_toasts.push_back({std::string(tr(kAdded)) + ": " + fileName(it->path), std::chrono::steady_clock::now(), false});
        m_addedPaths.push_back(it->path);
        appendLayers(std::move(more));
      }
    } catch (const std::exception& e) {
      notify(std::string(tr(kCannotAdd)) + " " + fileName(it->path) + ": " + e.what(), LogLevel::Error);
    }
    it = m_addJobs.erase(it);
  }
}

void Viewer::appendLayers(LoadedLayers&& more) {
  const bool wasEmpty = m_loaded.data.empty();
  std::size_t at = 0;
  for (std::size_t i = 0; i < more.data.size(); ++i) {
    m_map.renderer().addLayer(more.buckets[i]);
    m_extent.expand(more.buckets[i].extent);
    m_visible.push_back(true);
    m_opacity.push_back(more.buckets[i].style.opacity);
    const std::size_t n = i < more.labelCounts.size() ? more.labelCounts[i] : 0;
    m_layerLabels.emplace_back(more.labels.begin() + static_cast<std::ptrdiff_t>(at),
                               more.labels.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
    m_loaded.data.push_back(more.data[i]);
    m_loaded.buckets.push_back(std::move(more.buckets[i]));
    m_loaded.titles.push_back(more.titles[i]);
  }
  m_loaded.sensitiveFields.merge(more.sensitiveFields);
  m_loaded.fieldAliases.merge(more.fieldAliases);
  if (wasEmpty) camera().fit(m_extent);
  m_map.sceneChanged();
  relabel();
  for (auto& p : m_panels) p->onLoaded(*this);
  m_fontDirty = true;
}

void Viewer::removeLayer(std::size_t i) {
  if (i >= m_loaded.data.size()) return;
  const std::string title = m_loaded.titles[i];
  // A streamed layer's stream stops with it (its workers finish off the UI thread).
  for (auto it = m_streams.begin(); it != m_streams.end();) {
    if (it->layer == m_loaded.data[i]) {
      m_retiredStreams.push_back(std::move(*it));
      it = m_streams.erase(it);
    } else {
      ++it;
    }
  }
  auto erase = [i](auto& v) {
    if (i < v.size()) v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
  };
  erase(m_loaded.data);
  erase(m_loaded.buckets);
  erase(m_loaded.titles);
  erase(m_layerLabels);
  erase(m_opacity);
  m_visible.erase(m_visible.begin() + static_cast<std::ptrdiff_t>(i));
  m_map.renderer().removeLayer(i);
  m_map.sceneChanged();
  m_selected.reset();
  m_hover.reset();
  setHighlight();
  notifySelection();
  relabel();
  log(LogLevel::Info, std::string(tr(kRemoved)) + ": " + title);
}

void Viewer::applyStyle(std::size_t i, const LayerStyle& style) {
  if (i >= m_loaded.data.size()) return;
  std::shared_ptr<const LayerData> layer = m_loaded.data[i];
  m_styleJobs.push_back({layer, style, std::async(std::launch::async, [layer, style] {
                           return std::make_pair(tessellate(*layer, style), layerLabels(*layer, style));
                         })});
}

void Viewer::pollStyles() {
  for (auto it = m_styleJobs.begin(); it != m_styleJobs.end();) {
    if (!ready(it->result)) {
      ++it;
      continue;
    }
    std::optional<std::size_t> index;
    for (std::size_t i = 0; i < m_loaded.data.size(); ++i) {
      if (m_loaded.data[i] == it->layer) index = i;
    }
    try {
      auto [buckets, labels] = it->result.get();
      if (index) {
        const std::size_t i = *index;
        m_map.renderer().replaceLayer(i, buckets);
        m_loaded.buckets[i] = std::move(buckets);
        m_opacity[i] = it->style.opacity;
        m_map.renderer().setOpacity(i, m_opacity[i]);
        m_map.renderer().setVisible(i, m_visible[i]);
        m_layerLabels[i] = std::move(labels);
        m_map.sceneChanged();
        relabel();
        if (!m_projectPath.empty() && it->layer->source == m_projectPath) {
          try {
            writeProjectStyles(m_projectPath, {{it->layer->name, it->style}});
            notify(std::string(tr(kStyleSaved)) + ": " + m_loaded.titles[i]);
          } catch (const std::exception& e) {
            notify(e.what(), LogLevel::Error);
          }
        } else {
          notify(tr(kStyleSession));
        }
      }
    } catch (const std::exception& e) {
      notify(std::string(tr(kStyleFailed)) + ": " + e.what(), LogLevel::Error);
    }
    it = m_styleJobs.erase(it);
  }
}

// The first view's resolution for the load job: the current view when layers are shown (a
// reload keeps it), else the full extent fitted to the window, as pollLoad will show it.
std::unique_ptr<LoadJob> Viewer::startLoad(std::vector<std::string> paths) {
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(m_window, &fbw, &fbh);
  return startViewerLoad(std::move(paths), fbw, fbh, m_extent.empty() ? 0.0 : camera().unitsPerPixel(),
                         [] { glfwPostEmptyEvent(); });
}

std::unique_ptr<LoadJob> startEarlyLoad(const ViewerCommand& cmd, const Settings& settings, bool restoreSize) {
  std::vector<std::string> inputs = cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs;
  int w = restoreSize ? settings.windowWidth : 1280, h = restoreSize ? settings.windowHeight : 800;
  if (settings.maximized) {
    if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor())) w = mode->width, h = mode->height;
  }
  return startViewerLoad(std::move(inputs), w, h, 0.0, [] { glfwPostEmptyEvent(); });
}

void Viewer::keepRefining() {
  std::unique_ptr<LoadJob> job = std::move(m_job);
  if (!job || !job->error().empty()) return;  // failed: what is shown stays, with its refinement
  if (!m_launchLogged) {
    m_launchTimings = job->timings();
    m_launchAppliedAt = secondsSinceStart();
    m_launchFontS = lastUiFontSeconds();
    m_launchGlyphs = lastUiFontGlyphs();
  }
  m_refining = std::move(job);  // an older refinement's layers are gone: cancelled
  m_refineTargets.clear();
  for (std::size_t i = 0; i < m_loaded.data.size() && i < m_map.renderer().layerCount(); ++i) {
    m_refineTargets.emplace_back(m_loaded.data[i].get(), m_map.renderer().generation(i));
  }
}

// The finer levels of one layer per frame (each upload is a short stall of the GL thread). They
// go into the renderer only while it still draws the buckets they extend (not a style applied
// since, a presentation filter or a streamed view), and always into m_loaded.buckets, which
// such replacements restore from.
void Viewer::pollRefine() {
  if (m_firstLoopAt == 0.0) m_firstLoopAt = secondsSinceStart();
  if (!m_warmedUp && m_job && !m_job->finished()) {
    m_warmedUp = true;  // the UI thread waits for the data anyway: compile llvmpipe's variants now
    m_map.renderer().warmUp();
  }
  if (!m_launchLogged && m_firstFullFrameNs != 0) {
    m_launchLogged = true;
    const double nowNs = static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    const double frameAt = secondsSinceStart() - (nowNs - static_cast<double>(m_firstFullFrameNs)) * 1e-9;
    const LoadTimings& t = m_launchTimings;
    char line[400];
    std::snprintf(
        line, sizeof line,
        "%s: load started %.3f, window ready %.3f, read %.3f, tessellate %.3f, label atlas %.3f, loaded %.3f, "
        "shown (upload, UI font %.3f s, %d glyphs) %.3f, first full frame %.3f",
        tr(kLaunchTiming), t.startedAt, m_firstLoopAt, t.readS, t.tessellateS, t.atlasS, t.finishedAt, m_launchFontS,
        m_launchGlyphs, m_launchAppliedAt, frameAt);
    log(LogLevel::Info, line);
    if (std::getenv("ZHENMAP_TIMING")) std::fprintf(stderr, "timing: %s\n", line);
  }
  if (!m_refining) return;
  std::optional<LoadJob::Refined> r = m_refining->takeRefined();
  if (!r) {
    if (m_refining->refineDone()) {
      if (!m_refining->refineError().empty()) log(LogLevel::Warning, m_refining->refineError());
      if (std::getenv("ZHENMAP_TIMING")) {
        std::fprintf(stderr, "timing: finer levels of detail built at %.3f s\n", m_refining->timings().refinedAt);
      }
      m_refining.reset();
      m_refineTargets.clear();
    }
    return;
  }
  for (std::size_t i = 0; i < m_loaded.data.size() && i < m_loaded.buckets.size(); ++i) {
    if (m_loaded.data[i] != r->first) continue;
    Buckets& shown = m_loaded.buckets[i];
    for (const LevelBuckets& l : shown.levels) {
      if (l.tolerance == 0.0) return;  // a style applied since built every level
    }
    const double upp = camera().unitsPerPixel();
    const double before = shown.levels.empty() ? -1.0 : shown.levels[chooseLevel(shown, upp)].tolerance;
    MapRenderer& renderer = m_map.renderer();
    bool uploaded = false;
    for (const auto& [layer, generation] : m_refineTargets) {
      if (layer == r->first.get() && i < renderer.layerCount() && renderer.generation(i) == generation) {
        renderer.addLevels(i, r->second);
        uploaded = true;
      }
    }
    mergeLevels(shown, std::move(r->second));
    if (uploaded && shown.levels[chooseLevel(shown, upp)].tolerance != before) m_map.sceneChanged();
    return;
  }
}

void Viewer::relabel() { m_labelsDirty = true; }

// Labels of the visible layers, with an atlas of exactly their characters built on a worker.
void Viewer::pollLabels() {
  if (ready(m_labelJob)) {
    try {
      auto [labels, atlas] = m_labelJob.get();
      m_map.labels().setCandidates(std::move(labels), std::move(atlas));
      m_map.sceneChanged();
    } catch (const std::exception& e) {
      log(LogLevel::Error, e.what());
    }
  }
  if (!m_labelsDirty || m_labelJob.valid()) return;
  m_labelsDirty = false;
  std::vector<LabelCandidate> labels;
  for (std::size_t i = 0; i < m_layerLabels.size() && i < m_visible.size(); ++i) {
    if (m_visible[i]) labels.insert(labels.end(), m_layerLabels[i].begin(), m_layerLabels[i].end());
  }
  m_labelJob = std::async(std::launch::async, [labels = std::move(labels)]() mutable {
    GlyphAtlas atlas = labelAtlas(labels);
    return std::make_pair(std::move(labels), std::move(atlas));
  });
}

void Viewer::openProject(const std::string& path) {
  if (!isProject(path)) {
    notify(std::string(tr(kCannotAdd)) + ": " + path, LogLevel::Error);
    m_settings.removeRecentProject(path);
    return;
  }
  for (const auto& p : m_panels) {
    if (p->hasUnsavedWork()) {
      notify(tr(kUnsavedFirst), LogLevel::Warning);
      return;
    }
  }
  for (auto& p : m_panels) p->onProjectChanged(*this);
  m_inputs = {path};
  m_projectPath = path;
  m_addedPaths.clear();
  m_extent = Box{};  // fit the new project once loaded
  m_error.clear();
  m_job = startLoad(m_inputs);
  m_settings.addRecentProject(path);
  m_settings.lastFolder = fs::path(path).parent_path().string();
  const std::string title = "镇图 zhenmap - " + fileName(path);
  glfwSetWindowTitle(m_window, title.c_str());
  log(LogLevel::Info, std::string(tr(kOpened)) + ": " + path);
}

std::vector<std::pair<std::string, float>> Viewer::pendingLoads() const {
  std::vector<std::pair<std::string, float>> out;
  if (m_job) out.emplace_back(m_inputs.empty() ? std::string() : fileName(m_inputs.front()), m_job->progress());
  for (const AddJob& j : m_addJobs) out.emplace_back(fileName(j.path), j.progress->load());
  return out;
}

void Viewer::handleDrops() {
  std::vector<std::string> drops = m_input.takeDrops();
  // --drop-file: once the first load is in, through the same path as a real drop.
  if (!m_pendingDrops.empty() && !m_job && m_frame > 0) {
    for (std::string& p : m_pendingDrops) m_input.drop(std::move(p));
    m_pendingDrops.clear();
  }
  if (!drops.empty()) addFiles(drops);
}

}  // namespace zhenmap
