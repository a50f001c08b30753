// Reading past unreadable features; see feature_reader.hpp.
#include "feature_reader.hpp"

#include <algorithm>

namespace zhenmap {

namespace {
// Unreadable features in a row after which a seeking reader gives up when GDAL knows no count.
constexpr std::int64_t kMaxFailuresInARow = 10000;
}  // namespace

const char* skippedName(SkippedItem::What w) {
  switch (w) {
    case SkippedItem::What::Feature:
      return "feature";
    case SkippedItem::What::Geometry:
      return "geometry";
    case SkippedItem::What::Layer:
      return "layer";
    case SkippedItem::What::Report:
      return "report";
  }
  return "unknown";
}

FeatureReader::FeatureReader(OGRLayerH layer, bool hasGeometry) : m_layer(layer), m_hasGeometry(hasGeometry) {
  m_canSeek = OGR_L_TestCapability(layer, OLCFastSetNextByIndex) != 0;
  m_total = OGR_L_GetFeatureCount(layer, FALSE);
  OGR_L_ResetReading(layer);
  m_errors.clearFailure();  // a count or reset that failed shows in the first read
}

void FeatureReader::skip(SkippedItem::What what, std::optional<std::int64_t> fid, const std::string& error) {
  if (m_skipped.size() < kMaxSkippedListed) m_skipped.push_back({what, fid, error});
  ++m_skippedCount;
}

void FeatureReader::stop(bool failedAgain) {
  m_done = true;
  if (!m_unconfirmed) return;
  // Asked once more after a failure: the end of the layer (the failed feature was its last), or
  // a second failure: nothing after this point can be read.
  if (m_handedOut > 0) {
    skip(SkippedItem::What::Feature, m_unconfirmed->fid,
         failedAgain ? "reading stopped here, the rest of the layer could not be read: " + m_unconfirmed->error
                     : m_unconfirmed->error);
  }
  m_unconfirmed.reset();
}

bool FeatureReader::recover(const std::string& error) {
  m_lastError = error;
  ++m_failuresInARow;
  if (m_canSeek) {
    // The index of the failed feature is known: list it and go on from the next index (for the
    // Shapefile driver, fid and index are the same).
    skip(SkippedItem::What::Feature, m_position, error);
    m_lastFid = m_position;
    ++m_position;
    if ((m_total >= 0 && m_position >= m_total) || m_failuresInARow >= kMaxFailuresInARow) return false;
    m_errors.clearFailure();
    return OGR_L_SetNextByIndex(m_layer, m_position) == OGRERR_NONE && !m_errors.failed();
  }
  if (m_unconfirmed) return false;  // failed again right after a failure: stop
  m_unconfirmed = Failure{m_lastFid >= 0 ? std::optional<std::int64_t>(m_lastFid + 1) : std::nullopt, error};
  ++m_position;
  return true;
}

gdal::Feature FeatureReader::next() {
  bool failedAgain = false;
  while (!m_done) {
    m_errors.clearFailure();
    gdal::Feature f(OGR_L_GetNextFeature(m_layer));
    const std::string error = m_errors.failure();
    if (!f) {
      if (error.empty()) break;  // the end
      if (!recover(error)) {     // nothing more can be read
        failedAgain = true;
        break;
      }
      continue;
    }
    if (m_unconfirmed) {  // the read after a failure worked: the failed feature alone is lost
      skip(SkippedItem::What::Feature, m_unconfirmed->fid, m_unconfirmed->error);
      m_unconfirmed.reset();
    }
    m_failuresInARow = 0;
    ++m_position;
    ++m_handedOut;
    m_lastFid = OGR_F_GetFID(f.get());
    if (!error.empty()) m_pending.push_back(error);
    if (m_hasGeometry && !m_pending.empty() && !OGR_F_GetGeometryRef(f.get())) {
      skip(SkippedItem::What::Geometry, m_lastFid, m_pending.front());
      m_pending.erase(m_pending.begin());
    }
    return f;
  }
  if (!m_done) stop(failedAgain);
  return nullptr;
}

std::vector<std::string> FeatureReader::warnings() const {
  std::vector<std::string> out;
  for (const gdal::ErrorMessage& m : m_errors.messages()) {
    if (m.level == CE_Warning && std::find(out.begin(), out.end(), m.text) == out.end()) out.push_back(m.text);
  }
  return out;
}

std::vector<SkippedItem> FeatureReader::takeSkipped(std::size_t& count) {
  for (const std::string& e : m_pending) skip(SkippedItem::What::Report, std::nullopt, e);
  m_pending.clear();
  count = m_skippedCount;
  return std::move(m_skipped);
}

}  // namespace zhenmap
