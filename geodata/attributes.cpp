// Display text of attribute values; see attributes.hpp.
#include "attributes.hpp"

#include <cmath>
#include <cstdio>

namespace zhenmap {

namespace {
std::string formatDateTime(const DateTime& d, FieldType type) {
  char buf[64];
  std::string out;
  if (type != FieldType::Time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    out += buf;
  }
  if (type != FieldType::Date) {
    if (!out.empty()) out += 'T';
    const double whole = std::floor(d.second);
    if (d.second != whole) {
      std::snprintf(buf, sizeof buf, "%02d:%02d:%06.3f", d.hour, d.minute, d.second);
    } else {
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", d.hour, d.minute, static_cast<int>(whole));
    }
    out += buf;
    if (d.hasTz) {
      if (d.tzMinutes == 0) {
        out += 'Z';
      } else {
        const int m = std::abs(d.tzMinutes);
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", d.tzMinutes < 0 ? '-' : '+', m / 60, m % 60);
        out += buf;
      }
    }
  }
  return out;
}
}  // namespace

std::string toDisplayString(const AttributeValue& v, FieldType type) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* r = std::get_if<double>(&v)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", *r);
    return buf;
  }
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<DateTime>(&v)) return formatDateTime(*d, type);
  return {};
}

}  // namespace zhenmap
