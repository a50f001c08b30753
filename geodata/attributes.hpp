// Typed attribute values of a feature, as read from any OGR source: integer, real, text (always
// UTF-8), date/time, or null. Field definitions keep the OGR type name for display and reports.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace zhenmap {

enum class FieldType : std::uint8_t { Integer, Real, Text, Date, Time, DateTime, Other };

struct FieldDef {
  std::string name;  // UTF-8
  FieldType type = FieldType::Text;
  std::string ogrType;  // GDAL's name: "Integer", "Integer64", "Real", "String", "Date", ... ("(Boolean)" appended for
                        // subtypes)
  int width = 0;
  int precision = 0;
};

// Date, time or both. tzMinutes is the offset from UTC when known (hasTz).
struct DateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0;
  double second = 0.0;
  bool hasTz = false;
  int tzMinutes = 0;
  friend bool operator==(const DateTime&, const DateTime&) = default;
};

// monostate is SQL NULL (or unset).
using AttributeValue = std::variant<std::monostate, std::int64_t, double, std::string, DateTime>;

inline bool isNull(const AttributeValue& v) { return std::holds_alternative<std::monostate>(v); }

// Text for tables and reports: "" for null, ISO 8601 for dates ("2024-05-01", "2024-05-01T08:30:00").
std::string toDisplayString(const AttributeValue& v, FieldType type);

}  // namespace zhenmap
