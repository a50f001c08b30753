// CRS guessing from coordinate ranges; see crs_guess.hpp.
#include "crs_guess.hpp"

#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "crs_transform.hpp"
#include "errors.hpp"
#include "gdal_errors.hpp"
#include "gdal_handles.hpp"

namespace zhenmap {

namespace {

// China's lon/lat box, generous (the outermost islands and the far west).
constexpr Box kChina{73.0, 3.0, 136.0, 54.0};
constexpr double kMercatorMax = 20037508.342789244;
constexpr double kFalseEasting = 500000.0;

struct Candidate {
  std::string crs;
  double base = 0.0;  // confidence before the placement checks
  std::string why;    // what in the numbers points to it
  std::optional<Box> lonLat;
  double score = 0.0;
  bool swapXY = false;  // the numbers fit with x and y exchanged
};

std::string fmt(const char* format, double a, double b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

std::string range(const char* axis, double lo, double hi, int decimals) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s %.*f..%.*f", axis, decimals, lo, decimals, hi);
  return buf;
}

// The lon/lat box covering `e` read in `crs` (edges sampled), or nullopt when PROJ cannot place it.
std::optional<Box> lonLatBox(const std::string& crs, const Box& e) {
  try {
    const CrsTransform t(crs, "EPSG:4490");
    Box out;
    constexpr int kSteps = 8;
    for (int i = 0; i <= kSteps; ++i) {
      const double f = static_cast<double>(i) / kSteps;
      const double x = e.minX + f * e.width(), y = e.minY + f * e.height();
      for (Vec2 p : {Vec2{x, e.minY}, Vec2{x, e.maxY}, Vec2{e.minX, y}, Vec2{e.maxX, y}}) {
        p = t.forward(p);
        if (std::isfinite(p.x) && std::isfinite(p.y) && std::fabs(p.x) <= 180.0 && std::fabs(p.y) <= 90.0) {
          out.expand(p);
        }
      }
    }
    if (out.empty()) return std::nullopt;
    return out;
  } catch (const CrsError&) {
    return std::nullopt;
  }
}

bool inside(const Box& inner, const Box& outer) {
  return inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;
}

Box grown(const Box& b, double margin) { return {b.minX - margin, b.minY - margin, b.maxX + margin, b.maxY + margin}; }

std::string crsName(const std::string& crs) {
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  if (OSRSetFromUserInput(srs.get(), crs.c_str()) != OGRERR_NONE) return {};
  const char* name = OSRGetName(srs.get());
  return name ? name : "";
}

void geographicCandidates(const Box& e, std::vector<Candidate>& out) {
  const std::string numbers = range("x", e.minX, e.maxX, 4) + " and " + range("y", e.minY, e.maxY, 4);
  if (inside(Box{e.minY, e.minX, e.maxY, e.maxX}, kChina) && !inside(e, kChina)) {
    out.push_back({"EPSG:4490",
                   0.4,
                   numbers + " look like latitudes and longitudes in swapped order (x holds latitudes): check the axis "
                             "order of the source",
                   {},
                   0.0,
                   true});
    return;
  }
  if (e.minX < -180.0 || e.maxX > 180.0 || e.minY < -90.0 || e.maxY > 90.0) return;
  if (inside(e, kChina)) {
    out.push_back({"EPSG:4490",
                   0.9,
                   numbers + " are longitudes and latitudes inside China: CGCS2000 lon/lat (WGS84 has the same "
                             "numbers to within a few centimetres; phone-map GCJ-02/BD-09 would be off by up to ~1 km)",
                   {},
                   0.0});
  } else {
    out.push_back(
        {"EPSG:4326", 0.6, numbers + " fit longitude/latitude ranges, outside China: WGS84 lon/lat", {}, 0.0});
  }
}

void prefixedZoneCandidates(const Box& e, std::vector<Candidate>& out) {
  const int zone = static_cast<int>(std::floor(e.minX / 1e6));
  if (zone != static_cast<int>(std::floor(e.maxX / 1e6)) || e.minY < 0.0 || e.maxY > 7.0e6) return;
  const double lo = e.minX - zone * 1e6, hi = e.maxX - zone * 1e6;
  const bool threeDegree = zone >= 25 && zone <= 45, sixDegree = zone >= 13 && zone <= 23;
  if (!threeDegree && !sixDegree) return;
  const double halfWidth = threeDegree ? 250000.0 : 450000.0;
  if (lo < kFalseEasting - halfWidth || hi > kFalseEasting + halfWidth) return;
  const int cm = threeDegree ? 3 * zone : 6 * zone - 3;
  const std::string why = range("eastings", e.minX, e.maxX, 0) + " start with the " + (threeDegree ? "3°" : "6°") +
                          " Gauss-Kruger zone number " + std::to_string(zone) + " (central meridian " +
                          std::to_string(cm) + "°E; " + fmt("%.0f..%.0f", lo, hi) + " within the zone), " +
                          range("northings", e.minY, e.maxY, 0);
  out.push_back({"EPSG:" + std::to_string(gaussKrugerEpsg(threeDegree, cm, true)), 0.9, why, {}, 0.0});
}

void zonelessCandidates(const Box& e, const CrsHint& hint, std::vector<Candidate>& out) {
  if (e.minX < kFalseEasting - 450000.0 || e.maxX > kFalseEasting + 450000.0 || e.minY < 0.0 || e.maxY > 7.0e6) return;
  if (e.maxY < 1.0e5) return;  // a few hundred metres from the equator: more likely local coordinates
  const bool narrow = e.minX >= kFalseEasting - 250000.0 && e.maxX <= kFalseEasting + 250000.0;
  const std::string numbers = range("eastings", e.minX, e.maxX, 0) + " around the false easting 500000 and " +
                              range("northings", e.minY, e.maxY, 0) +
                              " read as Gauss-Kruger metres without a zone number";
  for (int cm = 75; cm <= 135; cm += 3) {
    const bool given = hint.centralMeridian && std::fabs(*hint.centralMeridian - cm) < 0.01;
    if (hint.centralMeridian && !given) continue;
    const std::string why = numbers + (given ? "; central meridian " + std::to_string(cm) + "°E as given"
                                             : "; central meridian " + std::to_string(cm) + "°E");
    if (narrow)
      out.push_back({"EPSG:" + std::to_string(gaussKrugerEpsg(true, cm, false)), given ? 0.85 : 0.5, why, {}, 0.0});
    if ((cm + 3) % 6 == 0) {  // a 6° zone has this central meridian too: the same numbers
      out.push_back({"EPSG:" + std::to_string(gaussKrugerEpsg(false, cm, false)),
                     given ? 0.8 : 0.45,
                     why + " (6° zone)",
                     {},
                     0.0});
    }
  }
}

void mercatorCandidates(const Box& e, std::vector<Candidate>& out) {
  if (std::fabs(e.minX) > kMercatorMax || std::fabs(e.maxX) > kMercatorMax ||
      std::fabs(e.minY) > kMercatorMax * 1.001 || std::fabs(e.maxY) > kMercatorMax * 1.001) {
    return;
  }
  // Values this small are degrees (or local coordinates), not Web Mercator metres of a place.
  if (std::max({std::fabs(e.minX), std::fabs(e.maxX), std::fabs(e.minY), std::fabs(e.maxY)}) <= 1000.0) return;
  out.push_back({"EPSG:3857",
                 0.75,
                 range("x", e.minX, e.maxX, 0) + " and " + range("y", e.minY, e.maxY, 0) +
                     " fit Web Mercator metres (web map tiles)",
                 {},
                 0.0});
}

// Places every candidate with PROJ and scores it by where the data lands.
void score(std::vector<Candidate>& cands, const Box& e, const CrsHint& hint) {
  for (Candidate& c : cands) {
    c.lonLat = lonLatBox(c.crs, c.swapXY ? Box{e.minY, e.minX, e.maxY, e.maxX} : e);
    if (!c.lonLat) continue;
    c.score = c.base * (inside(*c.lonLat, kChina) || c.crs == "EPSG:4326" ? 1.0 : 0.3);
    if (hint.lonLatExtent) {
      const Box h =
          grown(*hint.lonLatExtent, 0.1 + 0.1 * std::max(hint.lonLatExtent->width(), hint.lonLatExtent->height()));
      c.score *= c.lonLat->intersects(h) ? 1.08 : 0.25;
    }
    c.score = std::min(c.score, 0.98);
  }
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
}

bool samePlace(const Box& a, const Box& b) {
  return std::fabs(a.center().x - b.center().x) < 1e-6 && std::fabs(a.center().y - b.center().y) < 1e-6;
}

}  // namespace

bool isKnownCrs(const std::string& definition) {
  if (definition.empty()) return false;
  gdal::ErrorCapture quiet;  // an unknown code is an answer here, not a message for stderr
  gdal::Srs srs(OSRNewSpatialReference(nullptr));
  return OSRSetFromUserInput(srs.get(), definition.c_str()) == OGRERR_NONE;
}

std::string guessSentence(const Box& extent) {
  const CrsGuess g = guessCrs(extent);
  if (g.crs.empty() || g.confidence < 0.5) return {};
  return "its coordinates look like " + g.crs + " (" + g.name + ")";
}

int gaussKrugerEpsg(bool threeDegree, int centralMeridian, bool zonePrefixed) {
  if (threeDegree) {
    if (centralMeridian < 75 || centralMeridian > 135 || centralMeridian % 3 != 0) return 0;
    return (zonePrefixed ? 4513 : 4534) + (centralMeridian - 75) / 3;
  }
  if (centralMeridian < 75 || centralMeridian > 135 || (centralMeridian + 3) % 6 != 0) return 0;
  return (zonePrefixed ? 4491 : 4502) + (centralMeridian - 75) / 6;
}

CrsGuess guessCrs(const Box& extent, const CrsHint& hint) {
  CrsGuess out;
  if (extent.empty() || !std::isfinite(extent.minX) || !std::isfinite(extent.maxX) || !std::isfinite(extent.minY) ||
      !std::isfinite(extent.maxY)) {
    out.reason = "the layer has no coordinates to judge from";
    return out;
  }
  std::vector<Candidate> cands;
  geographicCandidates(extent, cands);
  prefixedZoneCandidates(extent, cands);
  zonelessCandidates(extent, hint, cands);
  mercatorCandidates(extent, cands);
  score(cands, extent, hint);
  if (cands.empty() || cands[0].score <= 0.0) {
    out.reason = range("x", extent.minX, extent.maxX, 3) + " and " + range("y", extent.minY, extent.maxY, 3) +
                 " fit no lon/lat, Gauss-Kruger or Web Mercator range in China";
    return out;
  }
  const Candidate& best = cands[0];
  std::vector<const Candidate*> rivals;  // as likely, but the data would land elsewhere
  for (std::size_t i = 1; i < cands.size(); ++i) {
    if (!cands[i].lonLat || cands[i].score < best.score * 0.9) continue;
    if (samePlace(*cands[i].lonLat, *best.lonLat)) {
      out.alternatives.push_back(cands[i].crs + " (same coordinates)");
    } else {
      rivals.push_back(&cands[i]);
    }
  }
  out.lonLatExtent = best.lonLat;
  const std::string placed = "; that places it at " + range("lon", best.lonLat->minX, best.lonLat->maxX, 3) + ", " +
                             range("lat", best.lonLat->minY, best.lonLat->maxY, 3);
  if (!rivals.empty()) {
    out.ambiguous = true;
    for (const Candidate* r : rivals) out.alternatives.push_back(r->crs);
    const bool zoneless = best.why.find("without a zone number") != std::string::npos;
    out.reason = best.why + placed + "; " + std::to_string(rivals.size()) + " other CRS" +
                 (rivals.size() > 1 ? "s fit" : " fits") + " as well" +
                 (zoneless ? ": the central meridian cannot be told from the numbers; give it (--cm) or a project "
                             "extent to choose"
                           : "; check the preview");
    if (zoneless && !hint.lonLatExtent && !hint.centralMeridian) {
      out.alternatives.insert(out.alternatives.begin(), best.crs);
      out.confidence = 0.2;
      out.reason = best.why.substr(0, best.why.find("; central meridian")) +
                   ": the central meridian cannot be told from the numbers; give it (--cm, e.g. 117 for Jieyang: "
                   "EPSG:4548) or a project extent to choose";
      out.lonLatExtent.reset();
      return out;
    }
    out.confidence = std::min(best.score, 0.45);
  } else {
    out.confidence = best.score;
    out.reason = best.why + placed;
    if (hint.lonLatExtent)
      out.reason += best.lonLat->intersects(*hint.lonLatExtent) ? ", within the project's extent"
                                                                : ", outside the project's extent";
  }
  out.crs = best.crs;
  out.name = crsName(best.crs);
  return out;
}

}  // namespace zhenmap
