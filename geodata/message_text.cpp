// Quoting user text in error messages; see message_text.hpp.
#include "message_text.hpp"

#include <cstdint>

namespace zhenmap {

namespace {
// Length of the valid UTF-8 sequence at text[i] (shortest form, no surrogates, <= U+10FFFF), 0 if invalid.
std::size_t sequenceLength(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t len = c < 0x80                   ? 1
                    : (c >= 0xC2 && c <= 0xDF) ? 2
                    : (c >= 0xE0 && c <= 0xEF) ? 3
                    : (c >= 0xF0 && c <= 0xF4) ? 4
                                               : 0;
  if (len <= 1 || i + len > text.size()) return len == 1 ? 1 : 0;
  std::uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  const std::uint32_t minimum = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  if (cp >= 0x80 && cp < 0xA0) return 0;       // C1 controls
  if (cp == 0x2028 || cp == 0x2029) return 0;  // Unicode line and paragraph separators
  return len;
}
}  // namespace

std::string quoteForMessage(std::string_view text, std::size_t maxChars) {
  std::string out;
  std::size_t chars = 0, i = 0;
  while (i < text.size()) {
    if (chars == maxChars) {
      out += "…";
      break;
    }
    const std::size_t len = sequenceLength(text, i);
    const auto c = static_cast<unsigned char>(text[i]);
    if (len == 0 || (len == 1 && (c < 0x20 || c == 0x7F))) {
      out += '?';
      i += len == 0 ? 1 : len;
    } else {
      out.append(text, i, len);
      i += len;
    }
    ++chars;
  }
  return out;
}

}  // namespace zhenmap
