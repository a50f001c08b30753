// Coordinate text parsing; see coord_text.hpp. The text is first normalised code point by code
// point (full-width forms, Chinese marks, typographic quotes) into a small alphabet, keeping each
// character's byte offset in the original for error messages; then tokenised and parsed.
#include "coord_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace zhenmap::coord {

namespace {

// A normalised character and the byte offset of the code point it came from.
struct NChar {
  char32_t c;
  std::size_t offset;
};

constexpr char32_t kDeg = U'\u00B0';
// Longer text is no coordinate; the bound also keeps the pair splitting (quadratic) cheap.
constexpr std::size_t kMaxLength = 160;

// Decodes one UTF-8 code point at s[i]; returns its length (0 for an invalid sequence).
std::size_t decodeUtf8(std::string_view s, std::size_t i, char32_t& out) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c0 = b(0);
  if (c0 < 0x80) {
    out = c0;
    return 1;
  }
  std::size_t len = c0 >= 0xF0 && c0 < 0xF5 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC2 && c0 < 0xE0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t cp = c0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  out = cp;
  return len;
}

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The character a code point stands for in a coordinate, or the code point itself.
char32_t mapCodePoint(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;  // full-width ASCII forms
  switch (c) {
    case 0x3000:  // ideographic space
    case 0x00A0:  // no-break space
    case '\t':
      return ' ';
    case 0x00BA:  // masculine ordinal, often typed for a degree sign
    case 0x02DA:  // ring above
    case 0x5EA6:  // 度
      return kDeg;
    case 0x2032:  // prime
    case 0x2018:
    case 0x2019:
    case 0x00B4:
    case 0x02B9:
    case 0x5206:  // 分
      return '\'';
    case 0x2033:  // double prime
    case 0x201C:
    case 0x201D:
    case 0x02BA:
    case 0x79D2:  // 秒
      return '"';
    case 0x4E1C:  // 东
      return 'E';
    case 0x897F:  // 西
      return 'W';
    case 0x5317:  // 北
      return 'N';
    case 0x5357:  // 南
      return 'S';
    case 0x3002:  // 。 typed for a decimal point
      return '.';
    case 0x2212:  // minus sign
    case 0x2013:
    case 0x2014:
      return '-';
    case 0x3001:  // 、
    case 0xFF64:
      return ',';
    default:
      return c;
  }
}

bool isHemisphereLetter(char32_t c) { return c == 'E' || c == 'W' || c == 'N' || c == 'S'; }
bool isAxisWord(char32_t c) { return c == 0x7ECF || c == 0x7EAC || c == 0x7D93 || c == 0x7DEF; }  // 经 纬 經 緯

struct Normalized {
  std::vector<NChar> chars;
  std::optional<CoordError> error;
};

Normalized normalize(std::string_view text) {
  Normalized out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decodeUtf8(text, i, cp);
    if (len == 0) {
      out.error = CoordError{CoordError::Kind::BadEncoding, i, "the text is not valid UTF-8"};
      return out;
    }
    const char32_t m = mapCodePoint(cp);
    // 东经 / 北纬: the hemisphere character already says it; the axis word adds nothing.
    if (isAxisWord(cp) && !out.chars.empty() && isHemisphereLetter(out.chars.back().c)) {
      i += len;
      continue;
    }
    if (m == '\'' && !out.chars.empty() && out.chars.back().c == '\'' && out.chars.back().offset + 1 == i) {
      out.chars.back().c = '"';  // two apostrophes typed for seconds
    } else {
      out.chars.push_back({m, i});
    }
    i += len;
  }
  return out;
}

enum class Tok : std::uint8_t { Number, Deg, Min, Sec, Hemi, Sign, Sep, Space, Colon };

struct Token {
  Tok kind;
  std::size_t offset;  // in the original text
  std::string text;    // the number's digits, the hemisphere letter or the sign
};

// The text as a message shows it: on one line (control characters, a pasted line break among
// them, become spaces) and cut after 60 bytes, never inside a UTF-8 character.
std::string quote(std::string_view text) {
  std::size_t end = std::min<std::size_t>(text.size(), 60);
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  std::string s(text.substr(0, end));
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return "'" + s + (end < text.size() ? "...'" : "'");
}

CoordError error(CoordError::Kind kind, std::size_t offset, const std::string& what, std::string_view text) {
  return CoordError{kind, offset, what + " in " + quote(text)};
}

// Tokenises normalised characters. A number is digits with at most one decimal point.
Result<std::vector<Token>> tokenize(const std::vector<NChar>& chars, std::string_view text) {
  std::vector<Token> toks;
  for (std::size_t i = 0; i < chars.size();) {
    const char32_t c = chars[i].c;
    const std::size_t off = chars[i].offset;
    if ((c >= '0' && c <= '9') || c == '.') {
      std::string num;
      bool dot = false;
      while (i < chars.size() && ((chars[i].c >= '0' && chars[i].c <= '9') || chars[i].c == '.')) {
        if (chars[i].c == '.') {
          if (dot) return error(CoordError::Kind::BadNumber, chars[i].offset, "a number with two decimal points", text);
          dot = true;
        }
        num += static_cast<char>(chars[i].c);
        ++i;
      }
      if (num == ".") return error(CoordError::Kind::BadNumber, off, "a decimal point without digits", text);
      if (num.size() > 40) return error(CoordError::Kind::BadNumber, off, "a number with too many digits", text);
      toks.push_back({Tok::Number, off, num});
      continue;
    }
    Tok kind;
    std::string t;
    if (c == kDeg) {
      kind = Tok::Deg;
    } else if (c == '\'') {
      kind = Tok::Min;
    } else if (c == '"') {
      kind = Tok::Sec;
    } else if (c == 'E' || c == 'e' || c == 'W' || c == 'w' || c == 'N' || c == 'n' || c == 'S' || c == 's') {
      kind = Tok::Hemi;
      t = static_cast<char>(c & ~0x20);
    } else if (c == '-' || c == '+') {
      kind = Tok::Sign;
      t = static_cast<char>(c);
    } else if (c == ',' || c == ';' || c == '/' || c == '|') {
      kind = Tok::Sep;
    } else if (c == ' ' || c == '\r' || c == '\n') {
      kind = Tok::Space;
    } else if (c == ':') {
      kind = Tok::Colon;
    } else {
      std::string shown;
      appendUtf8(shown, c);
      return error(CoordError::Kind::BadCharacter, off, "unexpected character '" + shown + "'", text);
    }
    if (kind == Tok::Space && !toks.empty() && toks.back().kind == Tok::Space) {
      ++i;
      continue;
    }
    toks.push_back({kind, off, t});
    ++i;
  }
  return toks;
}

std::optional<double> toDouble(const std::string& s) {
  double v = 0.0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// 116.2215 as d.mmss: minutes are the first two decimals, seconds the next two, then the
// seconds' own decimals. Read from the digits, never from the binary double.
struct DMmssParts {
  double degrees, minutes, seconds;
};
std::optional<DMmssParts> splitDMmss(const std::string& num) {
  const auto dot = num.find('.');
  const std::string whole = dot == std::string::npos ? num : num.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : num.substr(dot + 1);
  if (frac.size() < 4) frac.append(4 - frac.size(), '0');
  const auto d = toDouble(whole.empty() ? "0" : whole);
  const auto m = toDouble(frac.substr(0, 2));
  const std::string secText = frac.substr(2, 2) + (frac.size() > 4 ? "." + frac.substr(4) : "");
  const auto s = toDouble(secText);
  if (!d || !m || !s) return std::nullopt;
  return DMmssParts{*d, *m, *s};
}

struct Part {
  std::string number;
  std::size_t offset;
  int unit = -1;  // 0 degrees, 1 minutes, 2 seconds; -1 not marked
};

// An angle's tokens taken apart: the hemisphere mark and sign around it and up to three numbers
// with their units.
struct Pieces {
  std::optional<Token> hemi, sign;
  std::vector<Part> parts;
  bool degreeMark = false;
};

Result<Pieces> takeApart(const std::vector<Token>& toks, std::string_view text) {
  std::vector<Token> t;
  for (const Token& k : toks) {
    if (k.kind != Tok::Space && k.kind != Tok::Colon) t.push_back(k);
  }
  if (t.empty()) return CoordError{CoordError::Kind::Empty, 0, "an empty coordinate"};
  Pieces p;
  std::size_t i = 0, end = t.size();
  while (i < end && (t[i].kind == Tok::Hemi || t[i].kind == Tok::Sign)) {
    std::optional<Token>& slot = t[i].kind == Tok::Hemi ? p.hemi : p.sign;
    if (slot) return error(CoordError::Kind::Hemisphere, t[i].offset, "two hemisphere marks or signs", text);
    slot = t[i++];
  }
  if (end > i && t[end - 1].kind == Tok::Hemi) {
    if (p.hemi) return error(CoordError::Kind::Hemisphere, t[end - 1].offset, "two hemisphere marks", text);
    p.hemi = t[--end];
  }
  for (; i < end; ++i) {
    const Token& k = t[i];
    if (k.kind == Tok::Number) {
      if (p.parts.size() == 3) {
        return error(CoordError::Kind::TooManyParts, k.offset, "more than degrees, minutes and seconds", text);
      }
      p.parts.push_back({k.text, k.offset, -1});
    } else if (k.kind == Tok::Deg || k.kind == Tok::Min || k.kind == Tok::Sec) {
      if (p.parts.empty() || p.parts.back().unit != -1) {
        return error(CoordError::Kind::BadCharacter, k.offset, "a degree, minute or second mark without a number",
                     text);
      }
      p.parts.back().unit = k.kind == Tok::Deg ? 0 : k.kind == Tok::Min ? 1 : 2;
      p.degreeMark = p.degreeMark || k.kind == Tok::Deg;
    } else if (k.kind == Tok::Sep) {
      return error(CoordError::Kind::NotAPair, k.offset, "a separator inside one value (two values?)", text);
    } else {
      return error(
          k.kind == Tok::Hemi || k.kind == Tok::Sign ? CoordError::Kind::Hemisphere : CoordError::Kind::BadCharacter,
          k.offset, "a hemisphere mark or sign in the middle of the value", text);
    }
  }
  if (p.parts.empty()) return error(CoordError::Kind::BadNumber, t[0].offset, "no number", text);
  // Unmarked parts take the unit after the previous part's: 116 22 15.3 is d m s.
  int next = 0;
  for (Part& part : p.parts) {
    if (part.unit == -1) part.unit = next;
    if (part.unit < next || part.unit > 2) {
      return error(CoordError::Kind::BadNumber, part.offset,
                   part.unit == 0 ? "degrees after minutes or seconds" : "minutes or seconds out of order", text);
    }
    next = part.unit + 1;
  }
  if (p.parts[0].unit != 0) {
    return error(CoordError::Kind::BadNumber, p.parts[0].offset, "minutes or seconds without degrees", text);
  }
  return p;
}

struct Magnitude {
  double degrees = 0.0;  // unsigned, minutes and seconds included
  AngleStyle style = AngleStyle::Decimal;
};

// The size of the angle from its numbers: decimal, d.mmss, degrees and minutes, or d m s.
Result<Magnitude> magnitude(const Pieces& p, DecimalMeaning meaning, std::string_view text) {
  const std::vector<Part>& parts = p.parts;
  double deg = 0.0, min = 0.0, sec = 0.0;
  Magnitude m;
  if (parts.size() == 1) {
    if (meaning == DecimalMeaning::DMmss && !p.degreeMark) {
      const auto d = splitDMmss(parts[0].number);
      if (!d) return error(CoordError::Kind::BadNumber, parts[0].offset, "not a number", text);
      deg = d->degrees;
      min = d->minutes;
      sec = d->seconds;
      m.style = AngleStyle::DMmss;
      if (min >= 60) {
        return error(CoordError::Kind::MinutesRange, parts[0].offset, "d.mmss minutes of 60 or more", text);
      }
      if (sec >= 60) {
        return error(CoordError::Kind::SecondsRange, parts[0].offset, "d.mmss seconds of 60 or more", text);
      }
    } else {
      deg = toDouble(parts[0].number).value_or(NAN);
    }
  } else {
    const std::size_t last = parts.size() - 1;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const auto v = toDouble(parts[k].number);
      if (!v) return error(CoordError::Kind::BadNumber, parts[k].offset, "not a number", text);
      if (k < last && parts[k].number.find('.') != std::string::npos) {
        return error(
            parts[k].unit == 0 ? CoordError::Kind::BadNumber : CoordError::Kind::MinutesRange, parts[k].offset,
            parts[k].unit == 0 ? "fractional degrees followed by minutes" : "fractional minutes followed by seconds",
            text);
      }
      (parts[k].unit == 0 ? deg : parts[k].unit == 1 ? min : sec) = *v;
    }
    for (const Part& part : parts) {
      if (part.unit == 1 && min >= 60) {
        return error(CoordError::Kind::MinutesRange, part.offset, "minutes of 60 or more", text);
      }
      if (part.unit == 2 && sec >= 60) {
        return error(CoordError::Kind::SecondsRange, part.offset, "seconds of 60 or more", text);
      }
    }
    m.style = parts.back().unit == 2 ? AngleStyle::Dms : AngleStyle::DegMin;
  }
  if (!std::isfinite(deg)) return error(CoordError::Kind::BadNumber, parts[0].offset, "not a number", text);
  m.degrees = deg + min / 60.0 + sec / 3600.0;
  return m;
}

Result<Angle> angleFromTokens(const std::vector<Token>& toks, std::string_view text, DecimalMeaning meaning) {
  const Result<Pieces> pieces = takeApart(toks, text);
  if (!pieces) return pieces.error();
  const Result<Magnitude> size = magnitude(*pieces, meaning, text);
  if (!size) return size.error();
  const std::optional<Token>& hemi = pieces->hemi;
  const std::optional<Token>& sign = pieces->sign;
  Angle a;
  a.style = size->style;
  double value = size->degrees;
  if (hemi) {
    const char h = hemi->text[0];
    a.axis = h == 'E' || h == 'W' ? Axis::Lon : Axis::Lat;
    if (sign && sign->text == "-") {
      return error(CoordError::Kind::Hemisphere, sign->offset, "both a minus sign and a hemisphere mark", text);
    }
    if (h == 'W' || h == 'S') value = -value;
  } else if (sign && sign->text == "-") {
    value = -value;
  }
  const double limit = a.axis == Axis::Lat ? 90.0 : 180.0;
  if (std::fabs(value) > limit) {
    return error(CoordError::Kind::DegreesRange, pieces->parts[0].offset,
                 std::string(a.axis == Axis::Lat ? "a latitude" : "an angle") + " beyond " +
                     (a.axis == Axis::Lat ? "90" : "180") + " degrees",
                 text);
  }
  a.degrees = value;
  return a;
}

Result<std::vector<Token>> prepare(std::string_view text) {
  if (text.size() > kMaxLength) {
    return CoordError{CoordError::Kind::BadNumber, kMaxLength,
                      "a coordinate longer than " + std::to_string(kMaxLength) + " bytes"};
  }
  Normalized n = normalize(text);
  if (n.error) return *n.error;
  Result<std::vector<Token>> toks = tokenize(n.chars, text);
  if (!toks) return toks;
  std::vector<Token> t = *toks;
  while (!t.empty() && t.front().kind == Tok::Space) t.erase(t.begin());
  while (!t.empty() && t.back().kind == Tok::Space) t.pop_back();
  if (t.empty()) return CoordError{CoordError::Kind::Empty, 0, "an empty coordinate"};
  return t;
}

std::size_t componentCount(const std::vector<Token>& t) {
  return static_cast<std::size_t>(
      std::count_if(t.begin(), t.end(), [](const Token& k) { return k.kind == Tok::Number; }));
}

// Splits a pair without an explicit separator: every space and every hemisphere boundary is a
// candidate; the split where both halves parse wins, preferring halves with as many parts.
Result<std::pair<Angle, Angle>> splitPair(const std::vector<Token>& t, std::string_view text, DecimalMeaning meaning) {
  std::vector<std::size_t> candidates;  // index of the first token of the second half
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (t[i].kind == Tok::Space || t[i].kind == Tok::Hemi || t[i - 1].kind == Tok::Hemi) candidates.push_back(i);
  }
  std::vector<std::pair<std::size_t, std::pair<Angle, Angle>>> good;
  for (std::size_t at : candidates) {
    const std::vector<Token> a(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(at));
    const std::vector<Token> b(t.begin() + static_cast<std::ptrdiff_t>(at), t.end());
    const auto ra = angleFromTokens(a, text, meaning);
    const auto rb = angleFromTokens(b, text, meaning);
    if (ra && rb) good.push_back({at, {*ra, *rb}});
  }
  if (good.size() > 1) {
    std::vector<std::pair<std::size_t, std::pair<Angle, Angle>>> even;
    for (const auto& g : good) {
      const std::vector<Token> a(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(g.first));
      const std::vector<Token> b(t.begin() + static_cast<std::ptrdiff_t>(g.first), t.end());
      if (componentCount(a) == componentCount(b)) even.push_back(g);
    }
    // Splits at a space and at the hemisphere mark next to it give the same halves.
    if (!even.empty()) good = even;
    const auto same = [&](const auto& x) {
      return x.second.first.degrees == good[0].second.first.degrees &&
             x.second.second.degrees == good[0].second.second.degrees;
    };
    if (!std::all_of(good.begin(), good.end(), same)) {
      return CoordError{CoordError::Kind::NotAPair, 0, "cannot tell where the first value ends in " + quote(text)};
    }
  }
  if (good.empty()) {
    return CoordError{CoordError::Kind::NotAPair, 0,
                      "not two values separated by a comma, semicolon or space in " + quote(text)};
  }
  return good[0].second;
}

bool inChinaLon(double v) { return v >= 73.0 && v <= 136.0; }
bool inChinaLat(double v) { return v >= 3.0 && v <= 54.0; }

}  // namespace

std::string normalizeCoordinateText(std::string_view text) {
  Normalized n = normalize(text);
  std::string out;
  if (n.error) return std::string(text);
  for (const NChar& c : n.chars) appendUtf8(out, c.c);
  return out;
}

Result<Angle> parseAngle(std::string_view text, DecimalMeaning meaning) {
  Result<std::vector<Token>> t = prepare(text);
  if (!t) return t.error();
  return angleFromTokens(*t, text, meaning);
}

Result<LonLat> parseLonLat(std::string_view text, PairOrder order, DecimalMeaning meaning) {
  Result<std::vector<Token>> prepared = prepare(text);
  if (!prepared) return prepared.error();
  const std::vector<Token>& t = *prepared;
  std::vector<std::size_t> seps;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind == Tok::Sep) seps.push_back(i);
  }
  if (seps.size() > 1) {
    return error(CoordError::Kind::NotAPair, t[seps[1]].offset, "more than two values", text);
  }
  std::pair<Angle, Angle> ab;
  if (seps.size() == 1) {
    const auto at = static_cast<std::ptrdiff_t>(seps[0]);
    const auto ra = angleFromTokens(std::vector<Token>(t.begin(), t.begin() + at), text, meaning);
    if (!ra) return ra.error();
    const auto rb = angleFromTokens(std::vector<Token>(t.begin() + at + 1, t.end()), text, meaning);
    if (!rb) return rb.error();
    ab = {*ra, *rb};
  } else {
    const auto r = splitPair(t, text, meaning);
    if (!r) return r.error();
    ab = *r;
  }
  const Angle& a = ab.first;
  const Angle& b = ab.second;
  LonLat out;
  bool aIsLon = true;
  if (a.axis != Axis::Unknown && b.axis != Axis::Unknown) {
    if (a.axis == b.axis) {
      return CoordError{CoordError::Kind::SameAxis, 0,
                        std::string("both values are marked as ") + (a.axis == Axis::Lon ? "longitudes" : "latitudes") +
                            " in " + quote(text)};
    }
    aIsLon = a.axis == Axis::Lon;
    out.orderFromText = true;
  } else if (a.axis != Axis::Unknown || b.axis != Axis::Unknown) {
    aIsLon = a.axis == Axis::Lon || b.axis == Axis::Lat;
    out.orderFromText = true;
  } else if (order == PairOrder::LonLat || order == PairOrder::LatLon) {
    aIsLon = order == PairOrder::LonLat;
  } else {
    const double x = std::fabs(a.degrees), y = std::fabs(b.degrees);
    if ((x > 90.0) != (y > 90.0)) {
      aIsLon = x > 90.0;
      out.orderFromText = true;
    } else if (inChinaLon(a.degrees) && inChinaLat(b.degrees)) {
      out.orderFromText = true;
    } else if (inChinaLat(a.degrees) && inChinaLon(b.degrees)) {
      aIsLon = false;
      out.orderFromText = true;
    }
  }
  out.lon = aIsLon ? a.degrees : b.degrees;
  out.lat = aIsLon ? b.degrees : a.degrees;
  out.swapped = !aIsLon;
  if (std::fabs(out.lat) > 90.0) {
    return CoordError{CoordError::Kind::DegreesRange, 0, "a latitude beyond 90 degrees in " + quote(text)};
  }
  return out;
}

bool plausibleDMmss(std::string_view text) {
  const Result<Angle> r = parseAngle(text, DecimalMeaning::DMmss);
  return r.ok() && r->style == AngleStyle::DMmss;
}

}  // namespace zhenmap::coord
