// Opening any OGR vector source (path or connection string such as "PG:dbname=..."), with text
// encoding detection for Shapefiles and CRS identification. Shared by loading and `info`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gdal_handles.hpp"

namespace zhenmap {

struct OpenedSource {
  gdal::Dataset dataset;
  std::string path;
  std::string driver;  // GDAL short name: "ESRI Shapefile", "GPKG", "GeoJSON", ...
  // Per layer: the encoding found by sniffing a Shapefile .dbf that declares none ("GB18030",
  // "ISO-8859-1"); "" when declared, UTF-8 already, or not a Shapefile.
  std::vector<std::string> layerEncodings;
  std::vector<std::string> warnings;  // GDAL warnings while opening (a bad .prj, ...)

  std::string detectedEncoding(int layerIndex) const;
};

struct OpenOptions {
  // An iconv name ("GBK", "CP936", "UTF-8") for a Shapefile's text: passed to GDAL's Shapefile
  // driver as its ENCODING open option, over what the .cpg / code page byte declare (users give it
  // when the .cpg is missing or wrong). Ignored, with a warning, for other drivers.
  std::string encoding;
};

// Opens read-only. For a Shapefile whose .dbf declares no encoding (no .cpg, no code page byte)
// and whose text is not UTF-8, records GB18030 when its bytes decode as GB18030, else ISO-8859-1
// (see layerEncodings; decode with TextDecoder). An OGR VRT whose relative sources are found from
// its own folder but not from the working directory is opened with those resolved from its folder
// (GDAL reads them from the working directory unless relativeToVRT="1"). Throws OpenError (with
// GDAL's message) when the source cannot be opened as vector data or options.encoding is unknown;
// for a remote source (isRemoteSource) that does not answer, "cannot reach the server: ..." once
// GDAL's HTTP timeouts run out (by default 10 s to connect, 20 s without data;
// GDAL_HTTP_CONNECTTIMEOUT and GDAL_HTTP_LOW_SPEED_TIME in the environment override them). Call
// from any thread.
OpenedSource openVectorSource(const std::string& path, const OpenOptions& options = {});

// A source read over the network: an http(s)/ftp URL, a driver prefix before one
// ("WFS:http://..."), or a GDAL network file system path ("/vsicurl/...").
bool isRemoteSource(const std::string& path);
// A GDAL error message that says a network request failed (timeout, refused connection, ...).
bool isNetworkFailure(const std::string& message);

// The encoding of a layer's text: the declared one (.cpg / code page) or the detected one for
// Shapefiles, "UTF-8" for drivers that guarantee it, "" when unknown.
std::string layerEncoding(const OpenedSource& source, int layerIndex);

// Text of one layer as UTF-8: decoded from `encoding` (an iconv name, e.g. a detected
// "GB18030") when given, then checked and repaired like toUtf8. One per thread.
class TextDecoder {
 public:
  explicit TextDecoder(const std::string& encoding = {});
  ~TextDecoder();
  TextDecoder(TextDecoder&&) noexcept;
  TextDecoder& operator=(TextDecoder&&) noexcept;
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;
  std::string operator()(const char* text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

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
