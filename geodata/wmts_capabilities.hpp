// WMTS GetCapabilities documents, read with GDAL's XML parser (CPLParseXMLString): the layers,
// their formats and URL templates, and the tile matrix sets turned into TileGrids. Fetching the
// document is the caller's business (the tile fetcher, so the same User-Agent and key handling apply).
#pragma once

#include <string>
#include <vector>

#include "tile_source.hpp"

namespace zhenmap {

struct WmtsLayer {
  std::string identifier;
  std::string title;
  std::vector<std::string> formats;
  std::vector<std::string> matrixSets;  // the TileMatrixSetLinks
  std::string style = "default";
  std::string resourceTemplate;  // RESTful ResourceURL of resourceType "tile" ("" when none)
  std::string resourceFormat;
};

struct WmtsMatrixSet {
  std::string identifier;
  TileGrid grid;
};

struct WmtsCapabilities {
  std::string getTileKvpUrl;  // OperationsMetadata GetTile KVP href ("" when none)
  std::vector<WmtsLayer> layers;
  std::vector<WmtsMatrixSet> matrixSets;
};

// Throws std::runtime_error ("not a WMTS capabilities document: ...") for anything else.
WmtsCapabilities parseWmtsCapabilities(const std::string& xml);

// A tile source for one layer in one matrix set (the first of the layer's when matrixSet is
// empty): the RESTful template when the server has one, else KVP GetTile. Throws
// std::invalid_argument for an unknown layer or matrix set.
TileServiceSpec wmtsSource(const WmtsCapabilities& caps, const std::string& layer, const std::string& matrixSet = {});

}  // namespace zhenmap
