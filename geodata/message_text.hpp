// User text quoted inside one-line error messages: whatever a user pasted (a megabyte, control
// characters, bytes that are not UTF-8) must give a short, printable, single-line message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zhenmap {

// `text` for a message: at most maxChars code points (then "…"), control characters and bytes
// that are not UTF-8 shown as '?'. Always valid UTF-8 without line breaks.
std::string quoteForMessage(std::string_view text, std::size_t maxChars = 60);

}  // namespace zhenmap
