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

}  // namespace zhenmap::store
