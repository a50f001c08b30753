// Reading a layer's features one after another as ogrinfo does (OGR_L_GetNextFeature), but going
// on past what GDAL cannot read, so that one broken record never costs the rest of the layer
// (README "Partial reading"). What it skips is listed as SkippedItem with GDAL's message:
// - GDAL hands out the feature and reports an error (a corrupt .shp record: attributes without
//   geometry): the feature is kept, its geometry listed as skipped.
// - GDAL hands out nothing and reports an error (a truncated .dbf record): the feature is listed
//   as skipped and reading resumes at the next one, by index where the driver can seek
//   (OLCFastSetNextByIndex), else by asking once more; where that fails too, reading stops there.
// - GDAL reports an error with a feature that has its geometry (the GeoJSON driver reports the
//   bad geometries of the whole file when the first feature is read): the report is tied to the
//   next feature handed out without geometry, in a layer with a geometry field; one that finds
//   no such feature is listed as a report without a feature.
// Internal to vector_source.cpp. One per layer read; not thread-safe (GDAL handles are not).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gdal_errors.hpp"
#include "gdal_handles.hpp"
#include "layer.hpp"

namespace zhenmap {

class FeatureReader {
 public:
  // Resets the layer's reading. hasGeometry: the layer has a geometry field.
  FeatureReader(OGRLayerH layer, bool hasGeometry);

  // The next feature GDAL can read, or null at the end of the layer (or where reading stopped).
  gdal::Feature next();

  // After the end: true when reading failed and no feature could be read at all (the layer is
  // unreadable); error() says why.
  bool nothingRead() const { return m_handedOut == 0 && !m_lastError.empty(); }
  const std::string& error() const { return m_lastError; }

  // After the end: what was skipped, in order (at most kMaxSkippedListed) and how many in all.
  std::vector<SkippedItem> takeSkipped(std::size_t& count);
  // GDAL's warnings (not errors) while reading, without repeats.
  std::vector<std::string> warnings() const;

 private:
  struct Failure {
    std::optional<std::int64_t> fid;
    std::string error;
  };
  void skip(SkippedItem::What what, std::optional<std::int64_t> fid, const std::string& error);
  // A read that handed out nothing and reported `error`: false when reading must stop.
  bool recover(const std::string& error);
  void stop(bool failedAgain);

  gdal::ErrorCapture m_errors;  // first: installed before any GDAL call of this reader
  OGRLayerH m_layer;
  bool m_hasGeometry;
  bool m_canSeek = false;
  bool m_done = false;
  std::int64_t m_total = -1;    // GDAL's count without forcing it, -1 when unknown
  std::int64_t m_position = 0;  // features handed out or skipped so far: the index of the next
  std::int64_t m_handedOut = 0;
  std::int64_t m_lastFid = -1;
  std::int64_t m_failuresInARow = 0;
  std::optional<Failure> m_unconfirmed;  // a failed read being retried (drivers that cannot seek)
  std::string m_lastError;
  std::vector<std::string> m_pending;  // reports not tied to a feature yet
  std::vector<SkippedItem> m_skipped;
  std::size_t m_skippedCount = 0;
};

}  // namespace zhenmap
