// The Viewer's document: loading the inputs (the first load, reloads, another project), adding
// files, removing layers, applying a style, the finer levels of detail, labels in step with the
// visible layers. Every slow step runs on the job queue; results are applied on the UI thread
// through the layer stack, whose events keep the GL renderer and the labels in step
// (onLayerEvent): nothing here touches the renderer's layer list directly.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "fonts.hpp"
#include "i18n.hpp"
#include "label_renderer.hpp"
#include "map_annotations.hpp"
#include "store/redact.hpp"
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
const UiText kJobLoad{"加载", "Loading"};
const UiText kJobStyle{"应用样式", "Applying a style"};
const UiText kLayerUnreadable{"无法读取的图层（已跳过）", "Layer that cannot be read (left out)"};
const UiText kFeaturesUnreadable{"个要素 GDAL 无法读取，已跳过", "feature(s) GDAL could not read, left out"};
ZHENMAP_UI_TEXTS(kLoadingFile, kAdded, kNoLayersIn, kNotFound, kCannotAdd, kUnsavedFirst, kOpened, kRemoved,
                 kStyleSaved, kStyleSession, kStyleFailed, kLaunchTiming, kJobLoad, kJobStyle, kLayerUnreadable,
                 kFeaturesUnreadable)

std::string fileName(const std::string& path) { return fs::path(path).filename().string(); }

// The layers of one load as stack entries, bottom first.
std::vector<MapLayer> stackEntries(LoadedLayers& loaded, const std::string& projectPath) {
  std::vector<MapLayer> out;
  std::size_t at = 0;
  for (std::size_t i = 0; i < loaded.data.size(); ++i) {
    MapLayer l;
    l.title = loaded.titles[i];
    l.data = loaded.data[i];
    l.buckets = std::move(loaded.buckets[i]);
    l.opacity = l.buckets.style.opacity;
    l.fromProject = !projectPath.empty() && l.data->source == projectPath;
    const std::size_t n = i < loaded.labelCounts.size() ? loaded.labelCounts[i] : 0;
    l.labels.assign(loaded.labels.begin() + static_cast<std::ptrdiff_t>(at),
                    loaded.labels.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
    out.push_back(std::move(l));
  }
  return out;
}
}  // namespace

JobId startEarlyLoad(JobQueue& jobs, const ViewerCommand& cmd, int w, int h, std::shared_ptr<EarlyLoadResult> into) {
  std::vector<std::string> inputs = cmd.inputs.empty() ? std::vector<std::string>{defaultDataPath()} : cmd.inputs;
  // The result waits in `into` until the Viewer exists; the Viewer then takes it (or its error).
  return jobs.submit<DocumentLoad>(
      {std::string(tr(kJobLoad)), JobPriority::Interactive, true},
      [inputs, view = firstViewFor(w, h)](JobContext& ctx) { return loadDocument(inputs, "EPSG:3857", view, ctx); },
      [into](DocumentLoad&& load) { into->load = std::move(load); },
      [into](const std::string& error) { into->error = error; });
}

void Viewer::startLoad(std::vector<std::string> paths) {
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(m_window, &fbw, &fbh);
  if (m_loadJob) m_jobs.cancel(m_loadJob);
  m_loadingWhat = paths.empty() ? std::string() : store::displayName(paths.front(), false);
  const auto view = firstViewFor(fbw, fbh, m_extent.empty() ? 0.0 : camera().unitsPerPixel());
  // A reload of the open project keeps its connection: the job reads the layers with the
  // metadata already known instead of opening the project again.
  std::optional<ProjectMetadata> known;
  if (m_project->hasStore() && !paths.empty() && paths.front() == m_project->path()) known = m_project->metadata();
  m_loadJob = m_jobs.submit<DocumentLoad>(
      {std::string(tr(kJobLoad)) + " " + m_loadingWhat, JobPriority::Interactive, true},
      [paths, view, known = std::move(known)](JobContext& ctx) {
        return loadDocument(paths, "EPSG:3857", view, ctx, known ? &*known : nullptr);
      },
      [this](DocumentLoad&& load) { applyLoad(std::move(load)); },
      [this](const std::string& error) { loadFailed(error); });
}

void Viewer::loadFailed(const std::string& error) {
  m_loadJob = 0;
  m_error = store::redactSecrets(error);
  std::fprintf(stderr, "error: %s\n", m_error.c_str());
  log(LogLevel::Error, m_error);
  if (m_reloadAgain) {
    m_reloadAgain = false;
    reload();
  }
}

void Viewer::attachProject(std::unique_ptr<Project> project) {
  if (m_stackToken) layers().unsubscribe(m_stackToken);
  // The old document's layers leave the renderer with it.
  m_map.renderer().clearLayers();
  m_project = std::move(project);
  m_stackToken = layers().subscribe([this](const LayerEvent& e) { onLayerEvent(e); });
}

void Viewer::logSkipped(const LoadedLayers& loaded) {
  for (const SkippedLayer& s : loaded.skippedLayers) {
    log(LogLevel::Warning, std::string(tr(kLayerUnreadable)) + ": " + store::redactSecrets(s.source) + " / " + s.name +
                               ": " + s.error);
    m_skippedLayers.push_back(s);
  }
  for (const auto& d : loaded.data) {
    if (d->skippedCount == 0) continue;
    std::string line = d->name + ": " + std::to_string(d->skippedCount) + " " + tr(kFeaturesUnreadable);
    for (std::size_t k = 0; k < d->skipped.size() && k < 5; ++k) {
      const SkippedItem& item = d->skipped[k];
      line += "\n  " + std::string(skippedName(item.what)) +
              (item.fid ? " " + std::to_string(*item.fid) : std::string()) + ": " + item.error;
    }
    log(LogLevel::Warning, line);
  }
}

void Viewer::applyLoad(DocumentLoad&& load) {
  m_loadJob = 0;
  m_error.clear();
  m_skippedLayers.clear();
  logSkipped(load.layers);
  for (const std::string& w : load.project->metadata().warnings) log(LogLevel::Warning, w);
  // A reload of the same document keeps its project (one connection, pending edits) and reads
  // the files added to it again; another document replaces it.
  const bool sameDocument = load.inputs == m_inputs && load.project->path() == m_project->path();
  std::vector<std::string> added = sameDocument ? m_project->addedSources() : std::vector<std::string>{};
  m_selected.reset();
  m_hover.reset();
  m_map.renderer().setHighlight(Buckets{});
  for (StreamedLayer& s : m_streams) retireStream(s);
  m_streams.clear();
  m_toRefine.clear();
  m_laterLevels.clear();
  if (m_refineJob) m_jobs.cancel(m_refineJob);
  m_refineJob = 0;
  if (sameDocument && m_project->hasStore()) {
    layers().clear();
    m_project->clearAddedSources();
  } else {
    attachProject(std::move(load.project));
  }
  if (load.atlas) m_map.labels().setCandidates(load.layers.labels, std::move(*load.atlas));
  std::vector<std::vector<double>> later = std::move(load.layers.laterLevels);
  std::vector<MapLayer> entries = stackEntries(load.layers, m_project->path());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const LayerId id = layers().add(std::move(entries[i]));
    if (i < later.size() && !later[i].empty()) {
      m_laterLevels[id] = later[i];
      m_toRefine.emplace_back(id, layers().find(id)->generation);
    }
  }
  const bool first = m_extent.empty();
  m_extent = layers().extent();
  // The first load is fitted into the map view once the frame has laid out the panels.
  if (first) m_fitPending = true;
  m_map.sceneChanged();
  startStreams();
  for (auto& p : m_panels) p->onLoaded(*this);
  if (!m_launchLogged) {
    m_launchTimings = load.timings;
    m_launchAppliedAt = secondsSinceStart();
  }
  rebuildFont();
  if (!m_launchLogged) {
    m_launchFontS = lastUiFontSeconds();
    m_launchGlyphs = lastUiFontGlyphs();
  }
  refineNext();
  if (!added.empty()) addFiles(added);
  if (m_reloadAgain) {
    m_reloadAgain = false;
    reload();
  }
}

void Viewer::onLayerEvent(const LayerEvent& e) {
  MapRenderer& renderer = m_map.renderer();
  const MapLayer* layer = layers().find(e.layer);
  switch (e.kind) {
    case LayerChange::Added:
      renderer.addLayer(layer->buckets);
      if (e.to + 1 < renderer.layerCount()) renderer.moveLayer(renderer.layerCount() - 1, e.to);
      renderer.setVisible(e.to, layer->visible);
      renderer.setOpacity(e.to, layer->opacity);
      relabel();
      break;
    case LayerChange::Removed:
      renderer.removeLayer(e.from);
      relabel();
      break;
    case LayerChange::Moved:
      renderer.moveLayer(e.from, e.to);
      break;
    case LayerChange::Visibility:
      renderer.setVisible(e.to, layer->visible);
      relabel();  // a hidden layer's labels go too
      break;
    case LayerChange::Opacity:
      renderer.setOpacity(e.to, layer->opacity);
      break;
    case LayerChange::LevelsAdded:
      renderer.addLevels(e.to, *e.levels);
      break;
    case LayerChange::Restyled:
    case LayerChange::DataReplaced:
    case LayerChange::FeaturesChanged:
      renderer.replaceLayer(e.to, layer->buckets);
      renderer.setOpacity(e.to, layer->opacity);
      renderer.setVisible(e.to, layer->visible);
      relabel();
      break;
  }
  // A selection or hover into a layer that moved on (removed, new data) is checked next frame
  // (dropStaleHits); moving layers keeps them, as they name the layer by id.
  if (e.kind == LayerChange::Removed || e.kind == LayerChange::DataReplaced) setHighlight();
  m_map.sceneChanged();
  for (auto& p : m_panels) p->onLayerEvent(*this, e);
}

// The first palette colour no shown layer fills with yet, so an added layer stands out.
std::size_t Viewer::unusedPaletteIndex() const {
  const std::vector<Rgba> palette = defaultPalette();
  std::set<Rgba> used;
  for (std::size_t i = 0; i < layers().size(); ++i) {
    const LayerStyle& s = layers().at(i).style();
    used.insert(s.symbol.fill);
    for (const StyleClass& c : s.classes) used.insert(c.symbol.fill);
  }
  for (std::size_t i = 0; i < palette.size(); ++i) {
    if (!used.count(palette[i])) return i + m_addJobs.size();
  }
  return layers().size() + m_addJobs.size();
}

void Viewer::addFiles(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      notify(std::string(tr(kNotFound)) + ": " + path, LogLevel::Error);
      continue;
    }
    if (Project::looksLikeProjectFile(path)) {
      openProject(path);
      continue;
    }
    log(LogLevel::Info, std::string(tr(kLoadingFile)) + ": " + path);
    LoadOptions options;
    options.mapCrs = "EPSG:3857";
    options.personalLayers = true;
    options.firstStyleIndex = unusedPaletteIndex();
    const JobId job = m_jobs.submit<LoadedLayers>(
        {std::string(tr(kJobLoad)) + " " + fileName(path), JobPriority::Interactive, true},
        [path, options](JobContext& ctx) {
          return loadLayers({path}, options, [&](double f) { ctx.progress(static_cast<float>(f)); }, ctx.cancelFlag());
        },
        [this, path](LoadedLayers&& more) { addLoaded(std::move(more), path); },
        [this, path](const std::string& error) {
          std::erase_if(m_addJobs, [&](const AddJob& j) { return j.path == path; });
          notify(std::string(tr(kCannotAdd)) + " " + fileName(path) + ": " + error, LogLevel::Error);
        });
    m_addJobs.push_back({job, path});
    m_settings.lastFolder = fs::path(path).parent_path().string();
  }
}

void Viewer::addLoaded(LoadedLayers&& more, const std::string& path) {
  std::erase_if(m_addJobs, [&](const AddJob& j) { return j.path == path; });
  if (more.data.empty()) {
    notify(std::string(tr(kNoLayersIn)) + " " + fileName(path), LogLevel::Warning);
    return;
  }
  logSkipped(more);
  for (std::size_t i = 0; i < more.data.size(); ++i) {
    log(LogLevel::Info, std::string(tr(kAdded)) + ": " + more.titles[i] + " (" +
                            std::to_string(more.data[i]->features.size()) + " " + tr(Text::Features) + ")");
  }
  m_toasts.push_back({std::string(tr(kAdded)) + ": " + fileName(path), std::chrono::steady_clock::now(), false});
  m_project->addSource(path);
  const bool wasEmpty = layers().empty();
  for (MapLayer& l : stackEntries(more, m_project->path())) layers().add(std::move(l));
  m_extent = layers().extent();
  if (wasEmpty) m_fitPending = true;
  for (auto& p : m_panels) p->onLoaded(*this);
  m_fontDirty = true;
}

void Viewer::removeLayer(LayerId id) {
  const MapLayer* layer = layers().find(id);
  if (!layer) return;
  const std::string title = layer->title;
  // A streamed layer's stream stops with it.
  for (StreamedLayer& s : m_streams) {
    if (s.layer == id) retireStream(s);
  }
  std::erase_if(m_streams, [id](const StreamedLayer& s) { return s.layer == id; });
  m_laterLevels.erase(id);
  layers().remove(id);
  m_selected.reset();
  m_hover.reset();
  setHighlight();
  notifySelection();
  log(LogLevel::Info, std::string(tr(kRemoved)) + ": " + title);
}

void Viewer::applyStyle(LayerId id, const LayerStyle& style) {
  const MapLayer* layer = layers().find(id);
  if (!layer) return;
  std::shared_ptr<const LayerData> data = layer->data;
  using Styled = std::pair<Buckets, std::vector<LabelCandidate>>;
  ++m_styleJobs;
  m_jobs.submit<Styled>(
      {std::string(tr(kJobStyle)), JobPriority::Interactive, true},
      [data, style](JobContext&) { return Styled(tessellate(*data, style), layerLabels(*data, style)); },
      [this, id, data, style](Styled&& styled) {
        --m_styleJobs;
        const MapLayer* now = layers().find(id);
        if (!now) return;
        Buckets buckets = std::move(styled.first);
        if (now->data != data) {  // a streamed view replaced the data meanwhile: style what is shown
          buckets = tessellate(*now->data, style);
          styled.second = layerLabels(*now->data, style);
        }
        layers().setStyle(id, std::move(buckets), std::move(styled.second));
        m_laterLevels.erase(id);  // every level is built: nothing left to refine
        if (now->fromProject) {
          try {
            m_project->saveStyle(now->name(), style);
            notify(std::string(tr(kStyleSaved)) + ": " + now->title);
          } catch (const std::exception& e) {
            notify(e.what(), LogLevel::Error);
          }
        } else {
          notify(tr(kStyleSession));
        }
      },
      [this](const std::string& error) {
        --m_styleJobs;
        notify(std::string(tr(kStyleFailed)) + ": " + error, LogLevel::Error);
      });
}

// The finer levels of one layer per background job, in stack order; each lands in the stack
// (and so in the renderer) only while the layer still has the buckets they extend.
void Viewer::refineNext() {
  if (m_refineJob) return;
  while (!m_toRefine.empty()) {
    const auto [id, generation] = m_toRefine.front();
    m_toRefine.pop_front();
    const MapLayer* layer = layers().find(id);
    const auto levels = m_laterLevels.find(id);
    if (!layer || layer->generation != generation || levels == m_laterLevels.end()) continue;
    std::shared_ptr<const LayerData> data = layer->data;
    LayerStyle style = layer->style();
    std::vector<double> tolerances = levels->second;
    m_laterLevels.erase(levels);
    m_refineJob = m_jobs.submit<Buckets>(
        {"", JobPriority::Background, false},
        [data, style, tolerances](JobContext& ctx) {
          // One thread: the other core draws the frames.
          std::vector<Buckets> more = tessellateLevels({data.get()}, {style}, {tolerances}, 1, ctx.cancelFlag());
          return more.empty() ? Buckets{} : std::move(more.front());
        },
        [this, id = id, generation = generation](Buckets&& more) {
          m_refineJob = 0;
          const MapLayer* now = layers().find(id);
          if (now && now->generation == generation && !more.levels.empty()) {
            const double upp = camera().unitsPerPixel();
            const auto level = [&] {
              const Buckets& b = layers().find(id)->buckets;
              return b.levels.empty() ? -1.0 : b.levels[chooseLevel(b, upp)].tolerance;
            };
            const double before = level();
            layers().addLevels(id, std::move(more));
            if (level() == before) m_map.sceneChanged();
          }
          if (m_toRefine.empty() && std::getenv("ZHENMAP_TIMING")) {
            std::fprintf(stderr, "timing: finer levels of detail built at %.3f s\n", secondsSinceStart());
          }
          refineNext();
        },
        [this](const std::string& error) {
          m_refineJob = 0;
          log(LogLevel::Warning, error);
          refineNext();
        });
    return;
  }
}

void Viewer::logLaunchTiming() {
  if (m_launchLogged || m_firstFullFrameNs == 0) return;
  m_launchLogged = true;
  const double nowNs = static_cast<double>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  const double frameAt = secondsSinceStart() - (nowNs - static_cast<double>(m_firstFullFrameNs)) * 1e-9;
  const LoadTimings& t = m_launchTimings;
  char line[440];
  std::snprintf(line, sizeof line,
                "%s: load started %.3f, window ready %.3f, project open %.3f, read %.3f, tessellate %.3f, label "
                "atlas %.3f, loaded %.3f, shown (upload, UI font %.3f s, %d glyphs) %.3f, first full frame %.3f",
                tr(kLaunchTiming), t.startedAt, m_firstLoopAt, t.openS, t.readS, t.tessellateS, t.atlasS, t.finishedAt,
                m_launchFontS, m_launchGlyphs, m_launchAppliedAt, frameAt);
  log(LogLevel::Info, line);
  if (std::getenv("ZHENMAP_TIMING")) std::fprintf(stderr, "timing: %s\n", line);
}

void Viewer::relabel() { m_labelsDirty = true; }

// Labels of the visible layers, with an atlas of exactly their characters built on a job.
void Viewer::pollLabels() {
  if (!m_labelsDirty || m_labelJob) return;
  m_labelsDirty = false;
  using Labelled = std::pair<std::vector<LabelCandidate>, GlyphAtlas>;
  m_labelJob = m_jobs.submit<Labelled>(
      {"", JobPriority::Normal, false},
      [labels = layers().visibleLabels()](JobContext&) mutable {
        GlyphAtlas atlas = labelAtlas(labels);
        return Labelled(std::move(labels), std::move(atlas));
      },
      [this](Labelled&& labelled) {
        m_labelJob = 0;
        m_map.labels().setCandidates(std::move(labelled.first), std::move(labelled.second));
        m_map.sceneChanged();
      },
      [this](const std::string& error) {
        m_labelJob = 0;
        log(LogLevel::Error, error);
      });
}

void Viewer::reload() {
  if (m_loadJob) {  // a save during a load: load again once this one is in, so the map shows it
    m_reloadAgain = true;
    return;
  }
  startLoad(m_inputs);
}

void Viewer::openProject(const std::string& path) {
  if (!Project::looksLikeProject(path)) {
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
  attachProject(std::make_unique<Project>());  // the old project closes now; the new one opens on the job
  m_extent = Box{};  // fit the new project once loaded
  m_error.clear();
  startLoad(m_inputs);
  m_settings.addRecentProject(path);
  m_settings.lastFolder = fs::path(path).parent_path().string();
  const std::string title = "镇图 zhenmap - " + fileName(path);
  glfwSetWindowTitle(m_window, title.c_str());
  log(LogLevel::Info, std::string(tr(kOpened)) + ": " + path);
}

std::vector<std::pair<std::string, float>> Viewer::pendingLoads() const {
  std::vector<std::pair<std::string, float>> out;
  for (const JobStatus& s : m_jobs.status()) {
    if (s.id == m_loadJob) out.emplace_back(m_loadingWhat, s.fraction);
    for (const AddJob& a : m_addJobs) {
      if (a.job == s.id) out.emplace_back(fileName(a.path), s.fraction);
    }
  }
  if (m_loadJob && out.empty()) out.emplace_back(m_loadingWhat, 0.0f);
  return out;
}

void Viewer::handleDrops() {
  std::vector<std::string> drops = m_input.takeDrops();
  // --drop-file: once the first load is in, through the same path as a real drop.
  if (!m_pendingDrops.empty() && !m_loadJob && m_frame > 0) {
    for (std::string& p : m_pendingDrops) m_input.drop(std::move(p));
    m_pendingDrops.clear();
  }
  if (!drops.empty()) addFiles(drops);
}

}  // namespace zhenmap
