// Parsing coordinates as people type them into spreadsheets and copy them from phone maps:
// decimal degrees (116.3712, -23.5, 116.3712°E), degrees-minutes-seconds (116°22'15.3",
// 116 22 15.3, 116:22:15.3, 116度22分15.3秒), degrees and decimal minutes (116°22.255'),
// hemisphere marks (E/W/N/S before or after, 东经/西经/北纬/南纬), full-width digits and
// punctuation (１１６．３７, ，, ＂) and, only when asked, d.mmss (116.2215 meaning 116°22'15").
// Pure functions of the text: no locale, no I/O, no exceptions; malformed text gives a
// CoordError with a one-line English message and the byte offset of the problem. Fuzzed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace zhenmap::coord {

// Which axis a hemisphere mark says the value is on (E/W/东经/西经: Lon, N/S/北纬/南纬: Lat).
enum class Axis : std::uint8_t { Unknown, Lon, Lat };

// How the value was written.
enum class AngleStyle : std::uint8_t {
  Decimal,  // 116.3712
  DegMin,   // 116°22.255'
  Dms,      // 116°22'15.3"
  DMmss     // 116.2215 read as d.mmss
};

// What a plain decimal number (no marks, one number) means.
enum class DecimalMeaning : std::uint8_t { Degrees, DMmss };

struct Angle {
  double degrees = 0.0;  // signed: west and south negative
  Axis axis = Axis::Unknown;
  AngleStyle style = AngleStyle::Decimal;
};

struct CoordError {
  enum class Kind : std::uint8_t {
    Empty,         // nothing but spaces
    BadEncoding,   // not UTF-8
    BadCharacter,  // a letter or sign that has no place in a coordinate
    BadNumber,     // digits in the wrong place, two decimal points, a number where none may be
    TooManyParts,  // more than degrees, minutes and seconds
    MinutesRange,  // minutes >= 60 (or not whole where seconds follow)
    SecondsRange,  // seconds >= 60
    DegreesRange,  // beyond 180 (longitude) or 90 (latitude)
    Hemisphere,    // two hemisphere marks, or a mark that contradicts the sign or the axis
    NotAPair,      // a pair that cannot be split into two values
    SameAxis,      // both values of a pair are marked as longitude (or latitude)
  };
  Kind kind = Kind::BadNumber;
  std::size_t offset = 0;  // byte offset in the original text
  std::string message;     // English, one line, names the offending text
};

// A value or the reason there is none.
template <class T>
class Result {
 public:
  Result(T value) : m_v(std::move(value)) {}
  Result(CoordError error) : m_v(std::move(error)) {}
  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<0>(m_v); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const CoordError& error() const { return std::get<1>(m_v); }

 private:
  std::variant<T, CoordError> m_v;
};

// One angle in degrees. `meaning` says how to read a bare number (116.2215): degrees (default)
// or d.mmss. Values beyond ±180 (±90 when marked N/S) are errors.
Result<Angle> parseAngle(std::string_view text, DecimalMeaning meaning = DecimalMeaning::Degrees);

// The order of a pair written in one cell ("116.37, 23.55" / "23.55,116.37").
enum class PairOrder : std::uint8_t { LonLat, LatLon, Auto };

struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
  // The order was decided from hemisphere marks or from the values (Auto); false when it is
  // the one asked for, or Auto could not tell and took lon,lat.
  bool orderFromText = false;
  bool swapped = false;  // the text had latitude first
};

// Two angles in one text, separated by a comma, semicolon, slash or spaces (or hemisphere marks:
// "N23°33' E116°22'"). Auto decides the order from hemisphere marks, then from the values
// (|v| > 90 is a longitude; inside China longitudes lie in 73..136 and latitudes in 3..54);
// otherwise it takes lon,lat. An explicit order is overridden by hemisphere marks only.
Result<LonLat> parseLonLat(std::string_view text, PairOrder order = PairOrder::Auto,
                           DecimalMeaning meaning = DecimalMeaning::Degrees);

// The text with full-width characters, Chinese marks and typographic quotes turned into the
// ASCII this parser reads (１１６°２２′ → 116°22'), for messages and tests.
std::string normalizeCoordinateText(std::string_view text);

// True when `text` is one bare decimal number whose digits read as d.mmss would have minutes and
// seconds below 60 (116.2215 yes, 116.3772 no: 72 seconds). A column where every value passes is
// a candidate for the d.mmss reading.
bool plausibleDMmss(std::string_view text);

}  // namespace zhenmap::coord
