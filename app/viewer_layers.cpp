// The Viewer's layer stack beyond the first load: adding files (file browser, drag and drop,
// --drop-file), removing layers, applying a style, keeping labels in step with the visible
// layers, opening another project. Every slow step (reading, tessellating, the label atlas) runs
// on a worker through std::async; the frame loop polls the futures and uploads on the GL thread.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>
#include <filesystem>
#include <set>

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
ZHENMAP_UI_TEXTS(kLoadingFile, kAdded, kNoLayersIn, kNotFound, kCannotAdd, kUnsavedFirst, kOpened, kRemoved,
                 kStyleSaved, kStyleSession, kStyleFailed)

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
  auto erase = [i](auto& v) {
    if (i < v.size()) v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
  };
  erase(m_loaded.data);
  erase(m_loaded.buckets);
  erase(m_loaded.titles);
  erase(m_layerLabels);
  erase(m_opacity);
  m_visible.erase(m_visible.begin() + static_cast<std::ptrdiff_t>(i));
  // The renderer has no removal: upload the remaining layers again (buffers are per layer).
  MapRenderer& r = m_map.renderer();
  r.clearLayers();
  for (std::size_t k = 0; k < m_loaded.buckets.size(); ++k) {
    r.addLayer(m_loaded.buckets[k]);
    r.setVisible(k, m_visible[k]);
    r.setOpacity(k, m_opacity[k]);
  }
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
  m_job = std::make_unique<LoadJob>(m_inputs, "EPSG:3857");
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
