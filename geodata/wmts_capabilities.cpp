// WMTS capabilities; see wmts_capabilities.hpp.
#include "wmts_capabilities.hpp"

#include <cpl_minixml.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "gdal_handles.hpp"

namespace zhenmap {

namespace {

struct XmlDeleter {
  void operator()(CPLXMLNode* n) const { CPLDestroyXMLNode(n); }
};

std::string value(const CPLXMLNode* n, const char* path, const char* fallback = "") {
  return CPLGetXMLValue(n, path, fallback);
}

// The children of n named `name` (namespaces already stripped).
std::vector<const CPLXMLNode*> children(const CPLXMLNode* n, const char* name) {
  std::vector<const CPLXMLNode*> out;
  for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext) {
    if (c->eType == CXT_Element && std::string(c->pszValue) == name) out.push_back(c);
  }
  return out;
}

// "urn:ogc:def:crs:EPSG:6.18.3:3857", "urn:ogc:def:crs:EPSG::4490", "EPSG:4490" -> "EPSG:n".
std::string normaliseCrs(const std::string& crs) {
  const std::size_t epsg = crs.find("EPSG");
  if (epsg == std::string::npos) return crs;
  const std::size_t colon = crs.rfind(':');
  if (colon == std::string::npos || colon < epsg) return crs;
  return "EPSG:" + crs.substr(colon + 1);
}

struct CrsFacts {
  bool geographic = false;
  bool firstAxisNorth = false;  // the CRS's official axis order starts with latitude / northing
  double metresPerUnit = 1.0;
};

CrsFacts crsFacts(const std::string& crs) {
  CrsFacts f;
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  if (OSRSetFromUserInput(srs.get(), crs.c_str()) != OGRERR_NONE) return f;
  f.geographic = OSRIsGeographic(srs.get());
  f.firstAxisNorth = OSREPSGTreatsAsLatLong(srs.get()) || OSREPSGTreatsAsNorthingEasting(srs.get());
  if (f.geographic) {
    // WMTS: degrees measured on the equator of the CRS's ellipsoid.
    const double a = OSRGetSemiMajor(srs.get(), nullptr);
    f.metresPerUnit = 2 * M_PI * a / 360.0;
  } else {
    f.metresPerUnit = OSRGetLinearUnits(srs.get(), nullptr);
  }
  return f;
}

WmtsMatrixSet parseMatrixSet(const CPLXMLNode* n) {
  WmtsMatrixSet set;
  set.identifier = value(n, "Identifier");
  set.grid.crs = normaliseCrs(value(n, "SupportedCRS"));
  const CrsFacts facts = crsFacts(set.grid.crs);
  bool first = true;
  for (const CPLXMLNode* m : children(n, "TileMatrix")) {
    TileLevel l;
    l.identifier = value(m, "Identifier");
    const double scale = std::atof(value(m, "ScaleDenominator", "0").c_str());
    const double res = scale * 0.00028 / facts.metresPerUnit;  // the standard's 0.28 mm pixel
    std::istringstream corner(value(m, "TopLeftCorner"));
    double c0 = 0, c1 = 0;
    corner >> c0 >> c1;
    // In the CRS's axis order; some servers write east first anyway (longitude beyond 90 says so).
    const bool swap = facts.firstAxisNorth && !(facts.geographic && std::abs(c0) > 90.0);
    const double x = swap ? c1 : c0, y = swap ? c0 : c1;
    const int tw = std::atoi(value(m, "TileWidth", "256").c_str());
    const int th = std::atoi(value(m, "TileHeight", "256").c_str());
    if (first) {
      set.grid.tileWidth = tw;
      set.grid.tileHeight = th;
      first = false;
    }
    const double gt[6] = {x, res, 0, y, 0, -res};
    std::copy(gt, gt + 6, l.gt);
    l.matrixWidth = std::atoi(value(m, "MatrixWidth", "0").c_str());
    l.matrixHeight = std::atoi(value(m, "MatrixHeight", "0").c_str());
    l.width = std::int64_t(l.matrixWidth) * tw;
    l.height = std::int64_t(l.matrixHeight) * th;
    if (res > 0 && l.matrixWidth > 0 && l.matrixHeight > 0) set.grid.levels.push_back(l);
  }
  // Coarsest first, as the grid wants (documents list them so, but need not).
  std::stable_sort(set.grid.levels.begin(), set.grid.levels.end(),
                   [](const TileLevel& a, const TileLevel& b) { return a.gt[1] > b.gt[1]; });
  return set;
}

}  // namespace

WmtsCapabilities parseWmtsCapabilities(const std::string& xml) {
  std::unique_ptr<CPLXMLNode, XmlDeleter> doc(CPLParseXMLString(xml.c_str()));
  if (!doc) throw std::runtime_error("not a WMTS capabilities document: the XML does not parse");
  CPLStripXMLNamespace(doc.get(), nullptr, TRUE);
  const CPLXMLNode* root = CPLGetXMLNode(doc.get(), "=Capabilities");
  if (!root) throw std::runtime_error("not a WMTS capabilities document: no Capabilities element");
  WmtsCapabilities caps;
  for (const CPLXMLNode* op : children(CPLGetXMLNode(root, "OperationsMetadata"), "Operation")) {
    if (value(op, "name") != "GetTile") continue;
    for (const CPLXMLNode* get : children(CPLGetXMLNode(op, "DCP.HTTP"), "Get")) {
      const std::string encoding = value(get, "Constraint.AllowedValues.Value", "KVP");
      if (encoding == "KVP") caps.getTileKvpUrl = value(get, "href");
    }
  }
  const CPLXMLNode* contents = CPLGetXMLNode(root, "Contents");
  if (!contents) throw std::runtime_error("not a WMTS capabilities document: no Contents");
  for (const CPLXMLNode* n : children(contents, "Layer")) {
    WmtsLayer l;
    l.identifier = value(n, "Identifier");
    l.title = value(n, "Title", l.identifier.c_str());
    for (const CPLXMLNode* f : children(n, "Format")) l.formats.push_back(value(f, ""));
    for (const CPLXMLNode* s : children(n, "Style")) {
      if (value(s, "isDefault") == "true" || l.style == "default") l.style = value(s, "Identifier", "default");
    }
    for (const CPLXMLNode* link : children(n, "TileMatrixSetLink"))
      l.matrixSets.push_back(value(link, "TileMatrixSet"));
    for (const CPLXMLNode* r : children(n, "ResourceURL")) {
      if (value(r, "resourceType") == "tile" && l.resourceTemplate.empty()) {
        l.resourceTemplate = value(r, "template");
        l.resourceFormat = value(r, "format");
      }
    }
    caps.layers.push_back(std::move(l));
  }
  for (const CPLXMLNode* n : children(contents, "TileMatrixSet")) caps.matrixSets.push_back(parseMatrixSet(n));
  if (caps.layers.empty()) throw std::runtime_error("not a WMTS capabilities document: no layers");
  return caps;
}

TileServiceSpec wmtsSource(const WmtsCapabilities& caps, const std::string& layer, const std::string& matrixSet) {
  const WmtsLayer* l = nullptr;
  for (const WmtsLayer& c : caps.layers) {
    if (c.identifier == layer) l = &c;
  }
  if (!l) throw std::invalid_argument("the WMTS service has no layer '" + layer + "'");
  const std::string setId = matrixSet.empty() && !l->matrixSets.empty() ? l->matrixSets.front() : matrixSet;
  const WmtsMatrixSet* set = nullptr;
  for (const WmtsMatrixSet& s : caps.matrixSets) {
    if (s.identifier == setId) set = &s;
  }
  if (!set) throw std::invalid_argument("the WMTS layer '" + layer + "' has no tile matrix set '" + setId + "'");
  TileServiceSpec spec;
  spec.name = "wmts-" + layer + "-" + setId;
  spec.title = l->title;
  spec.layer = layer;
  spec.matrixSet = setId;
  spec.style = l->style;
  spec.grid = set->grid;
  spec.format = !l->resourceFormat.empty() ? l->resourceFormat : l->formats.empty() ? "image/png" : l->formats.front();
  if (!l->resourceTemplate.empty()) {
    spec.urlTemplate = l->resourceTemplate;
  } else if (!caps.getTileKvpUrl.empty()) {
    std::string base = caps.getTileKvpUrl;
    if (base.find('?') == std::string::npos) {
      base += '?';
    } else if (base.back() != '?' && base.back() != '&') {
      base += '&';
    }
    spec.urlTemplate = base +
                       "SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={Layer}&STYLE={Style}&TILEMATRIXSET="
                       "{TileMatrixSet}&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}&FORMAT=" +
                       spec.format;
  } else {
    throw std::invalid_argument("the WMTS service gives no GetTile address for layer '" + layer + "'");
  }
  return spec;
}

}  // namespace zhenmap
