// Opening any OGR vector source (path or connection string such as "PG:dbname=..."), with text
// encoding detection for Shapefiles and CRS identification. Shared by loading and `info`.
#pragma once

#include <string>
#include <vector>

#include "gdal_handles.hpp"

namespace zhenmap {

struct OpenedSource {
  gdal::Dataset dataset;
  std::string path;
  std::string driver;                 // GDAL short name: "ESRI Shapefile", "GPKG", "GeoJSON", ...
  std::string forcedEncoding;         // set when the Shapefile declared none and we chose one ("GB18030")
  std::vector<std::string> warnings;  // GDAL warnings while opening (a bad .prj, ...)
};

// Opens read-only. A Shapefile whose .dbf declares no encoding (no .cpg, no code page byte) and
// whose text is not UTF-8 is reopened as GB18030 when its bytes decode as GB18030, else as
// ISO-8859-1, so that text always arrives as UTF-8. Throws OpenError (with GDAL's message) when
// the source cannot be opened as vector data. Call from any thread.
OpenedSource openVectorSource(const std::string& path);

// The encoding of a layer's text: the declared one (.cpg / code page) or the detected one for
// Shapefiles, "UTF-8" for drivers that guarantee it, "" when unknown.
std::string layerEncoding(const OpenedSource& source, OGRLayerH layer);

// "EPSG:4490" for a CRS with (or matching, at >= 90% confidence) an authority code; "" otherwise.
std::string crsIdentifier(OGRSpatialReferenceH srs);
// A definition PROJ accepts: the CRS's own authority code when it has one, else WKT2 (a 90%
// match is not used here: it may differ in datum details). "" for null.
std::string crsDefinition(OGRSpatialReferenceH srs);

// Text as valid UTF-8: returned unchanged when it is, else decoded from GB18030, else from
// ISO-8859-1 (both always succeed for the bytes they accept).
std::string toUtf8(std::string text);
// True when the bytes decode without error in `encoding` (an iconv name).
bool decodesAs(const std::string& bytes, const char* encoding);

}  // namespace zhenmap
