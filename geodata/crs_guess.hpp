// Guessing the CRS of a layer that declares none, from the range of its coordinates: lon/lat
// degrees (EPSG:4490 inside China), CGCS2000 Gauss-Kruger zones with the zone number prefixed to
// the easting (3°: EPSG:4513-4533, zones 25-45; 6°: EPSG:4491-4501, zones 13-23), without it
// (3°: EPSG:4534-4554, 6°: EPSG:4502-4512; the central meridian then comes from a hint), and Web
// Mercator (EPSG:3857). Every candidate is projected back to lon/lat with PROJ and must land in
// China, or in the hint's extent when one is given. The answer says how sure it is and why.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "geometry.hpp"

namespace zhenmap {

struct CrsHint {
  // Where the data is expected (lon/lat degrees), e.g. the project's extent.
  std::optional<Box> lonLatExtent;
  // The central meridian (degrees east) the user says a zone-less Gauss-Kruger layer uses.
  std::optional<double> centralMeridian;
};

struct CrsGuess {
  std::string crs;          // "EPSG:4527"; "" when nothing fits
  std::string name;         // "CGCS2000 / 3-degree Gauss-Kruger zone 39"
  double confidence = 0.0;  // 0..1: >= 0.8 assign with a look at the preview, < 0.5 ask
  std::string reason;       // English, one or two sentences with the numbers that decided it
  bool ambiguous = false;   // other CRSs fit as well (listed in alternatives)
  std::vector<std::string> alternatives;
  std::optional<Box> lonLatExtent;  // the data's extent in lon/lat under the guess
};

// `extent` in the layer's own (unknown) units, east/north as the file stores them.
CrsGuess guessCrs(const Box& extent, const CrsHint& hint = {});

// True when PROJ/GDAL accept the definition ("EPSG:4527", WKT, a PROJ string).
bool isKnownCrs(const std::string& definition);

// A sentence for an error about a layer without a CRS: the guess when there is a confident one
// ("its coordinates look like EPSG:4527 (CGCS2000 / 3-degree Gauss-Kruger zone 39)"), else "".
std::string guessSentence(const Box& extent);

// The EPSG code of a CGCS2000 Gauss-Kruger CRS: 3° or 6° wide, by central meridian (degrees
// east) or zone number with the zone prefixed to the easting. 0 when there is none.
int gaussKrugerEpsg(bool threeDegree, int centralMeridian, bool zonePrefixed);

}  // namespace zhenmap
