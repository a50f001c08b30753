// Text bytes from data files and users in any encoding: toUtf8 and TextDecoder (attribute text
// of Shapefiles in GB18030, CP936, Latin-1; geodata/ogr_source.hpp), decodeUtf8 (labels, slide
// titles; render/text_layout.hpp) and quoteForMessage (user text inside error messages).
// Promises: what comes out of the converters is valid UTF-8 (checked by a validator written
// here), valid UTF-8 goes through unchanged, and decodeUtf8 of valid UTF-8 encodes back to it.
#include "message_text.hpp"
#include "ogr_source.hpp"
#include "support/fuzz_target.hpp"
#include "text_layout.hpp"

namespace {

std::string encodeUtf8(const std::u32string& cps) {
  std::string out;
  for (char32_t c : cps) {
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
  return out;
}

}  // namespace

ZHENMAP_FUZZ_TARGET(text_decode) {
  using namespace zhenmap;
  using fuzz::check;
  const std::string bytes(input);
  const bool valid = fuzz::validUtf8(bytes);
  // OGR and exceptions hand out C strings: toUtf8 and TextDecoder never see a NUL.
  const std::string cString = bytes.substr(0, bytes.find('\0'));
  const std::string converted = toUtf8(cString);
  check(fuzz::validUtf8(converted), "toUtf8 gives text that is not UTF-8");
  if (fuzz::validUtf8(cString)) check(converted == cString, "toUtf8 changes valid UTF-8");

  for (const char* encoding : {"", "GB18030", "CP936", "ISO-8859-1"}) {
    const TextDecoder decode(encoding);
    check(fuzz::validUtf8(decode(cString.c_str())),
          std::string("TextDecoder gives text that is not UTF-8 from ") + encoding);
  }

  const std::u32string cps = decodeUtf8(bytes);
  for (char32_t c : cps) check(c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF), "decodeUtf8 gives a non-character");
  if (valid) check(encodeUtf8(cps) == bytes, "decodeUtf8 changes valid UTF-8");

  const std::string quoted = quoteForMessage(bytes);
  check(fuzz::validUtf8(quoted), "quoteForMessage gives text that is not UTF-8");
  check(quoted.find_first_of("\r\n") == std::string::npos, "quoteForMessage gives more than one line");
}
