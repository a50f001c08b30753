// Reading vector data through GDAL/OGR into display layers: any driver GDAL has, by path or
// connection string. Reads attributes, converts geometry to the map CRS, validates it with GEOS
// (invalid polygons are reported and kept as they are) and builds the spatial index.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "layer.hpp"

namespace zhenmap {

struct OpenedSource;

struct ReadOptions {
  // Map CRS of the result. Empty: keep the source coordinates untransformed.
  std::string mapCrs = "EPSG:3857";
  // CRS for layers that declare none. When empty, such a layer throws CrsError (the CRS must be
  // assigned by the user; `info` reports these layers with crs null instead).
  std::string assignCrs;
  // A Shapefile's text encoding over what its .cpg declares (OpenOptions::encoding).
  std::string encoding;
  bool validate = true;             // GEOS validity per feature (LayerData::issues)
  bool buildIndex = true;           // LayerData::index
  unsigned threads = 0;             // validation threads; 0: one per hardware thread (at most 8)
  std::vector<std::string> layers;  // only these layers, by name; empty: all layers
  // The names in `layers` may be other sources' layers (several sources read together): a name
  // this source lacks is then no error here; the caller checks that each was found somewhere.
  bool layersOfSeveralSources = false;
  // >= 0: a layer with geometry and more features than this is read without its features: only
  // its fields, extent (asked of the source, e.g. ST_Extent on a server) and feature count
  // (LayerData::headerOnlyCount). For server layers the window streams by viewport.
  std::int64_t headerOnlyAbove = -1;
};

// Progress in [0, 1] is reported from the reading thread; cancel is polled often (every few
// hundred features) and makes the read throw CancelledError.
struct ReadControl {
  std::function<void(double)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

// Every readable layer of a source, and the layers that could not be read at all.
struct SourceRead {
  std::vector<LayerData> layers;
  std::vector<SkippedLayer> skippedLayers;  // with the error each threw (GDAL's message, a CRS)
};

// Reads every layer (or options.layers) of a source, partially where GDAL cannot read all of it
// (README "Partial reading"): features GDAL cannot read, or reads without their geometry, are
// listed in LayerData::skipped and the rest of the layer is read (feature_reader.hpp); a layer
// that cannot be read at all (GDAL's error, an unknown or missing CRS) is listed in
// skippedLayers and the other layers are read. Throws OpenError when the source cannot be opened
// (for a remote source that does not answer: "cannot reach ..." within the HTTP timeouts, see
// ogr_source.hpp), the first layer's error (CrsError, DataError) when no layer can be read or a
// layer named in options.layers cannot, CancelledError on cancel. Features with null, empty or
// NaN/infinite geometry are kept (attributes) with an empty geometry and reported in
// LayerData::issues.
SourceRead readSource(const std::string& path, const ReadOptions& options = {}, const ReadControl& control = {});

// readSource's layers alone (the layers that could not be read are left out).
std::vector<LayerData> readVectorSource(const std::string& path, const ReadOptions& options = {},
                                        const ReadControl& control = {});

// One layer of an opened source (see ogr_source.hpp); progress covers this layer only. Reads past
// unreadable features as readSource does; throws DataError (path, layer) when nothing of the
// layer can be read, CrsError for an unknown or missing CRS.
LayerData readLayer(const OpenedSource& source, int layerIndex, const ReadOptions& options,
                    const ReadControl& control = {});

}  // namespace zhenmap
