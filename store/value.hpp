// A cell value of the project store: NULL, integer, real or text (SQLite's storage classes, minus
// blobs, which only geometry uses). Shared by validation, the edit buffer and the audit log.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace zhenmap::store {

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline bool isNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Text form used in the audit log and messages: NULL is the empty optional -> "NULL".
std::string toText(const Value& v);

// A query result cell read as a number or a text, whichever storage class it came in (a server
// returns counts as integers where SQLite may give reals); NULL and other kinds read as 0 / "".
inline std::int64_t asInteger(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  return 0;
}
inline double asReal(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return 0.0;
}
inline std::string asText(const Value& v) {
  if (const auto* t = std::get_if<std::string>(&v)) return *t;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  return {};
}

}  // namespace zhenmap::store
