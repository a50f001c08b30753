// Coordinates as people type and paste them (coord_text.hpp): one angle in every reading, a pair
// in every order, and the normalisation used in messages.
// Promises: no exception ever (errors are CoordError values); an angle is finite and within
// ±180 (±90 when marked as latitude); a pair has its longitude within ±180 and its latitude
// within ±90; an error's offset lies inside the text and its message is one line; the text given
// back by normalizeCoordinateText is UTF-8 whenever the input is.
#include <cmath>

#include "coord_text.hpp"
#include "support/fuzz_target.hpp"

namespace {

using namespace zhenmap::coord;
using zhenmap::fuzz::check;

void checkError(const CoordError& e, std::string_view text) {
  check(e.offset <= text.size(), "error offset past the end of the text");
  check(!e.message.empty() && e.message.find('\n') == std::string::npos, "error message empty or not one line");
}

void checkAngle(const Result<Angle>& a, std::string_view text) {
  if (!a) return checkError(a.error(), text);
  check(std::isfinite(a->degrees), "angle not finite");
  check(std::fabs(a->degrees) <= 180.0, "angle beyond 180 degrees");
  if (a->axis == Axis::Lat) check(std::fabs(a->degrees) <= 90.0, "latitude beyond 90 degrees");
}

}  // namespace

ZHENMAP_FUZZ_TARGET(coord_text) {
  const std::string_view text = input;
  for (DecimalMeaning meaning : {DecimalMeaning::Degrees, DecimalMeaning::DMmss}) {
    checkAngle(parseAngle(text, meaning), text);
    for (PairOrder order : {PairOrder::LonLat, PairOrder::LatLon, PairOrder::Auto}) {
      const Result<LonLat> p = parseLonLat(text, order, meaning);
      if (!p) {
        checkError(p.error(), text);
        continue;
      }
      check(std::isfinite(p->lon) && std::isfinite(p->lat), "pair not finite");
      check(std::fabs(p->lon) <= 180.0 && std::fabs(p->lat) <= 90.0, "pair out of range");
    }
  }
  (void)plausibleDMmss(text);
  const std::string normal = normalizeCoordinateText(text);
  if (zhenmap::fuzz::validUtf8(text)) check(zhenmap::fuzz::validUtf8(normal), "normalised text is not UTF-8");
}
