// What one slide of a meeting deck shows, built from the project for the renderer: its layers
// (filtered), scenic routes split into a solid built part and a dashed remaining part with
// "built / planned km" labels on each route and per township, and monitored households only as
// counts per village (never as points with attributes). Shared by `zhenmap export-slides` and the
// presentation mode. Pure CPU work (no GL).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "image.hpp"
#include "label_placement.hpp"
#include "layer.hpp"
#include "map_decorations.hpp"
#include "project.hpp"
#include "store/meeting.hpp"
#include "errors.hpp"
#include "raster_layer.hpp"
#include "style.hpp"
#include "tessellator.hpp"

namespace zhenmap {

// A slide's raster tiles failed or did not arrive in time (the slide is not exported with holes).
class SlideTilesError : public DataError {
 public:
  using DataError::DataError;
};

// The project's layers read once for a whole deck (personal layers never read).
struct MeetingProject {
  std::string path;
  std::string mapCrs = "EPSG:3857";
  std::string title;                                               // the project's title setting, else the file name
  std::map<std::string, std::shared_ptr<const LayerData>> layers;  // by name
  std::map<std::string, LayerStyle> styles;                        // saved styles by layer
  std::map<std::string, std::string> titles;                       // Chinese layer titles
  std::vector<store::VillageCount> householdCounts;                // per village (town slides)
  std::vector<store::VillageCount> householdCountsByTownship;      // per township (city-wide slides)
  std::vector<store::Slide> slides;
  // Raster layers under every slide (a basemap), bottom first: each slide waits for its view's
  // tiles (at most tileTimeout seconds) and shows their credits.
  std::vector<std::shared_ptr<RasterLayer>> rasters;
  double tileTimeout = 60;
};

// Reads the slides, every non-personal layer in mapCrs, and the household counts. Throws the
// geodata errors (OpenError, DataError, CrsError).
MeetingProject loadMeetingProject(const std::string& path, const std::string& mapCrs = "EPSG:3857");

// The meeting project of the window's open document, without reading a layer again: the
// project's layers as the stack holds them (personal layers left out), their styles and titles;
// the slides, household counts and title through the project's store (UI thread). Throws the
// store's errors.
MeetingProject meetingProjectOf(Project& project);

// The slide's extent in the map CRS (none: every layer), as the scene and the export frame it.
std::optional<Box> slideExtent(const MeetingProject& project, const store::Slide& slide);

struct SlideScene {
  std::vector<Buckets> buckets;  // bottom layer first
  std::vector<LabelCandidate> labels;
  std::vector<LegendEntry> legend;      // top layer first
  std::optional<Box> extent;            // map CRS; none: all layers
  std::vector<std::string> layerNames;  // names of the drawn layers, same order as buckets
};

// Builds the scene of a slide. `scale` multiplies line widths, marker sizes and label sizes (the
// projector theme's one scale; 1 for 1080 lines). Throws ExpressionError for a bad slide filter.
SlideScene buildSlideScene(const MeetingProject& project, const store::Slide& slide, float scale = 1.0f);

// A slide's title (unless withTitle is false), legend, scale bar and north arrow.
MapDecorations slideDecorations(const MeetingProject& project, const store::Slide& slide, const SlideScene& scene,
                                bool withTitle = true);

// Renders a slide headless (EGL) at width x height with its legend, scale bar and north arrow, and
// its title unless `withTitle` is false (the PDF sets the title as text above the picture); the
// projector scale is height / 1080. Throws std::runtime_error when no GL context can be made,
// ExpressionError for a bad slide filter.
Image renderSlide(const MeetingProject& project, const store::Slide& slide, int width, int height,
                  bool withTitle = true);

// The same picture with and without its title, from one scene (export-slides needs both).
struct SlidePictures {
  Image titled;
  Image untitled;
};
SlidePictures renderSlideBoth(const MeetingProject& project, const store::Slide& slide, int width, int height);

// The layer name under which household counts are drawn.
inline const char* kHouseholdCountsLayer = "household_counts";

}  // namespace zhenmap
