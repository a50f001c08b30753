// Password redaction; see redact.hpp.
#include "store/redact.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace zhenmap::store {

namespace {

constexpr std::string_view kMask = "***";

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool startsWithNoCase(std::string_view text, std::size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
  }
  return true;
}

// The end of a keyword's value that starts at `v` (after '=' and any spaces).
std::size_t valueEnd(std::string_view text, std::size_t v, bool inUriQuery) {
  std::size_t i = v;
  if (i < text.size() && text[i] == '\'') {  // libpq quoted value: \' and \\ are escapes
    ++i;
    while (i < text.size() && text[i] != '\'') i += text[i] == '\\' ? 2 : 1;
    if (i >= text.size()) return text.size();
    ++i;
    // Text glued to the closing quote ('pw'rest) is masked with it: the mask must end where an
    // unquoted value would, or redacting the result again would eat that text.
  }
  while (i < text.size() && !isSpace(text[i]) && !(inUriQuery && (text[i] == '&' || text[i] == '#'))) {
    i += text[i] == '\\' ? 2 : 1;
  }
  return i < text.size() ? i : text.size();
}

std::string redactKeywords(std::string_view text) {
  static constexpr std::string_view kWord = "password";
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const bool boundary = i == 0 || isSpace(text[i - 1]) || text[i - 1] == '?' || text[i - 1] == '&' ||
                          text[i - 1] == '"' || text[i - 1] == '\'' || text[i - 1] == ':' || text[i - 1] == '(' ||
                          text[i - 1] == ',' || text[i - 1] == ';';
    if (boundary && startsWithNoCase(text, i, kWord)) {
      // Any white space around '=', as libpq skips it (isspace: a form feed too; ./dev.sh fuzz).
      std::size_t j = i + kWord.size();
      while (j < text.size() && isSpace(text[j])) ++j;
      if (j < text.size() && text[j] == '=') {
        ++j;
        while (j < text.size() && isSpace(text[j])) ++j;
        const bool query = i > 0 && (text[i - 1] == '?' || text[i - 1] == '&');
        const std::size_t end = valueEnd(text, j, query);
        out.append(text.substr(i, kWord.size()));
        out += '=';
        out.append(kMask);
        i = end;
        continue;
      }
    }
    out += text[i];
    ++i;
  }
  return out;
}

// URI user info: scheme://user:password@host... -> scheme://user:***@host...
std::string redactUserInfo(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (true) {
    const std::size_t sep = text.find("://", i);
    if (sep == std::string::npos) break;
    const std::size_t start = sep + 3;
    // The authority runs to the first space, quote, '?' or '#'. The user info ends at the last '@'
    // before the first '/' (or the end of the line): libpq reads user info up to an '@' wherever it
    // comes before the path, spaces, '?' and '#' included, and a raw '@' inside a password must
    // not leak the rest of it.
    std::size_t end = start;
    while (end < text.size() && !isSpace(text[end]) && text[end] != '?' && text[end] != '#' && text[end] != '"' &&
           text[end] != '\'') {
      ++end;
    }
    std::size_t path = start;
    // A line break does not end it either: libpq reads "u: pw<newline>pw@host" as user info
    // (./dev.sh fuzz, server_address). Masking too much is the safe side.
    while (path < text.size() && text[path] != '/') ++path;
    const std::size_t lastAt = text.rfind('@', path == start ? start : path - 1);
    if (lastAt != std::string::npos && lastAt >= start && lastAt >= end) {
      end = lastAt + 1;  // the host after it is kept below, up to where the authority ends
      while (end < text.size() && !isSpace(text[end]) && text[end] != '/' && text[end] != '?' && text[end] != '#') {
        ++end;
      }
    }
    const std::size_t at = text.rfind('@', end == start ? start : end - 1);
    out.append(text, i, start - i);
    if (at != std::string::npos && at >= start && at < end) {
      const std::size_t colon = text.find(':', start);
      if (colon != std::string::npos && colon < at) {
        out.append(text, start, colon + 1 - start);
        out.append(kMask);
        out.append(text, at, end - at);
      } else {
        out.append(text, start, end - start);
      }
    } else {
      out.append(text, start, end - start);
    }
    i = end;
  }
  out.append(text, i, std::string::npos);
  return out;
}

// Keys of tile services in URL queries (?tk=..., &key=..., &access_token=...) -> ***.
std::string redactQueryKeys(const std::string& text) {
  static constexpr std::string_view kNames[] = {"tk", "key", "apikey", "api_key", "access_token", "token"};
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if ((text[i] == '?' || text[i] == '&') && i + 1 < text.size()) {
      bool masked = false;
      for (std::string_view name : kNames) {
        const std::size_t eq = i + 1 + name.size();
        if (eq < text.size() && text[eq] == '=' && startsWithNoCase(text, i + 1, name)) {
          std::size_t end = eq + 1;
          while (end < text.size() && !isSpace(text[end]) && text[end] != '&' && text[end] != '#' &&
                 text[end] != '"' && text[end] != '\'') {
            ++end;
          }
          out.append(text, i, eq + 1 - i);
          if (end > eq + 1) out.append(kMask);
          i = end;
          masked = true;
          break;
        }
      }
      if (masked) continue;
    }
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace

std::string redactSecrets(std::string_view text) {
  // One pass can change where a mangled address's parts end (a '/' inside a masked password no
  // longer ends the authority): passes repeat until nothing changes, so that redacting again
  // never masks more (./dev.sh fuzz, server_address). A pass that changes the text masks the
  // user info up to another '@', so there are at most as many passes as '@'s (and a few more).
  std::string out(text);
  const std::size_t passes = static_cast<std::size_t>(std::count(text.begin(), text.end(), '@')) + 4;
  for (std::size_t pass = 0; pass < passes; ++pass) {
    std::string next = redactQueryKeys(redactUserInfo(redactKeywords(out)));
    if (next == out) break;
    out = std::move(next);
  }
  return out;
}

std::string displayName(std::string_view source, bool stem) {
  const std::string safe = redactSecrets(source);
  if (startsWithNoCase(safe, 0, "pg:") || startsWithNoCase(safe, 0, "postgres")) return safe;
  const std::filesystem::path p(safe);
  return stem ? p.stem().string() : p.filename().string();
}

}  // namespace zhenmap::store
