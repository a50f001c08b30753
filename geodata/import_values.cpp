// Converting source values to target fields for the import planner; see import_internal.hpp.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "calendar.hpp"
#include "import_internal.hpp"
#include "table_values.hpp"

namespace zhenmap {

namespace {

std::string shortest(double d) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

std::string iso(const DateTime& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// The value as text, as a cell would show it.
std::string asText(const AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return shortest(*d);
  if (const auto* t = std::get_if<DateTime>(&v)) return iso(*t);
  return {};
}

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

std::size_t codePoints(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// How a value appears in a message: quoted, or not at all for a sensitive field.
std::string shown(const std::string& text, const TargetField& f) {
  if (f.sensitive) return "the value";
  return "'" + (text.size() > 60 ? text.substr(0, 60) + "..." : text) + "'";
}

std::string fieldLabel(const TargetField& f) { return f.name + (f.alias.empty() ? "" : " (" + f.alias + ")"); }

Converted fail(const std::string& code, const std::string& message) { return {std::monostate{}, code, message}; }

// An Excel date serial (days since 1899-12-30) as a date, for numbers in date columns.
std::optional<DateTime> fromSerial(double serial) {
  if (serial < 1.0 || serial > 100000.0 || serial != std::floor(serial)) return std::nullopt;
  int days = static_cast<int>(serial);
  DateTime d{1899, 12, 30, 0, 0, 0.0, false, 0};
  while (days > 0) {
    const int left = daysInMonth(d.year, d.month) - d.day;
    if (days <= left) {
      d.day += days;
      break;
    }
    days -= left + 1;
    d.day = 1;
    if (++d.month > 12) d.month = 1, ++d.year;
  }
  return d;
}

std::string normalized(const std::string& s) { return foldText(s); }

}  // namespace

const std::vector<std::string>& synonymsOf(const std::string& code) {
  static const std::map<std::string, std::vector<std::string>> kSynonyms = {
      {"completed", {"已完工", "完工", "竣工", "已竣工", "已完成", "完成", "建成", "已建成"}},
      {"started", {"在建", "已开工", "开工", "施工中", "建设中", "正在建设", "实施中", "进行中", "推进中"}},
      {"planned", {"规划中", "规划", "计划", "拟建", "未开工", "谋划", "待建", "前期", "筹备"}},
  };
  static const std::vector<std::string> kNone;
  const auto it = kSynonyms.find(code);
  return it == kSynonyms.end() ? kNone : it->second;
}

Converted ValueConverter::domain(const std::string& s, const TargetField& f) {
  const auto allowed = [&](const std::string& code) {
    return std::any_of(f.allowed.begin(), f.allowed.end(), [&](const AllowedValue& a) { return a.code == code; });
  };
  const auto hit = [&](const std::string& code) -> Converted {
    if (code != s) ++m_used[{f.name, s, code}];
    return {code, "", ""};
  };
  if (const auto fm = m_options.valueMap.find(f.name); fm != m_options.valueMap.end()) {
    if (const auto it = fm->second.find(s); it != fm->second.end()) {
      if (!allowed(it->second)) {
        return fail("not_allowed",
                    "the value map sends " + shown(s, f) + " to '" + it->second + "', not allowed in " + f.name);
      }
      return hit(it->second);
    }
  }
  const std::string n = normalized(s);
  for (const AllowedValue& a : f.allowed) {
    if (a.code == s || normalized(a.code) == n) return hit(a.code);
  }
  for (const AllowedValue& a : f.allowed) {
    for (const std::string& l : a.labels) {
      if (l == s || normalized(l) == n) return hit(a.code);
    }
  }
  if (m_options.builtinSynonyms) {
    for (const AllowedValue& a : f.allowed) {
      for (const std::string& w : synonymsOf(a.code)) {
        if (w == s) return hit(a.code);
      }
    }
  }
  std::string list;
  for (const AllowedValue& a : f.allowed) {
    list += (list.empty() ? "" : ", ") + a.code;
    if (!a.labels.empty()) list += " (" + a.labels.front() + ")";
  }
  return fail("not_allowed", shown(s, f) + " is not one of " + list + "; map it (value map) or correct it");
}

Converted ValueConverter::text(const std::string& raw, const TargetField& f) {
  const std::string s = trim(raw);
  if (s.empty()) return {std::monostate{}, "", ""};
  if (!f.allowed.empty()) return domain(s, f);
  std::string v = s;
  if (f.digits > 0) {
    const bool digits = std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    // A 19-digit land-survey unit code holds the 12-digit village code, then zeros.
    if (digits && v.size() > static_cast<std::size_t>(f.digits) &&
        v.find_first_not_of('0', static_cast<std::size_t>(f.digits)) == std::string::npos) {
      v.resize(static_cast<std::size_t>(f.digits));
    } else if (!digits && m_options.codeLookup) {
      std::string why;
      const auto code = m_options.codeLookup(f.name, v, &why);
      if (!code) return fail("unmatched", why.empty() ? shown(s, f) + " matches no code of " + f.name : why);
      ++m_used[{f.name, s, *code}];
      v = *code;
    }
    if (v.size() != static_cast<std::size_t>(f.digits) ||
        !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return fail("not_a_code", shown(s, f) + " is not a " + std::to_string(f.digits) + "-digit code");
    }
  }
  if (f.maxLength > 0 && codePoints(v) > f.maxLength) {
    return fail("too_long", fieldLabel(f) + " takes at most " + std::to_string(f.maxLength) + " characters");
  }
  return {v, "", ""};
}

Converted ValueConverter::operator()(const AttributeValue& v, const TargetField& f) {
  if (isNull(v)) return {std::monostate{}, "", ""};
  const std::string s = trim(asText(v));
  if (s.empty()) return {std::monostate{}, "", ""};
  Converted out;
  switch (f.type) {
    case FieldType::Integer: {
      std::optional<std::int64_t> n;
      if (const auto* i = std::get_if<std::int64_t>(&v)) n = *i;
      const auto d = std::holds_alternative<double>(v) ? std::optional<double>(std::get<double>(v)) : parseRealText(s);
      if (!n && d && *d == std::floor(*d) && std::fabs(*d) < 9e15) n = static_cast<std::int64_t>(*d);
      if (!n) {
        return fail("not_a_number", d ? shown(s, f) + " is not a whole number"
                                      : "text " + shown(s, f) + " in the number field " + fieldLabel(f));
      }
      out.value = *n;
      break;
    }
    case FieldType::Real: {
      std::optional<double> d;
      if (const auto* i = std::get_if<std::int64_t>(&v)) d = static_cast<double>(*i);
      if (const auto* r = std::get_if<double>(&v)) d = *r;
      if (!d) d = parseRealText(s);
      if (!d) return fail("not_a_number", "text " + shown(s, f) + " in the number field " + fieldLabel(f));
      out.value = *d;
      break;
    }
    case FieldType::Date:
    case FieldType::DateTime: {
      std::optional<DateTime> d;
      if (const auto* t = std::get_if<DateTime>(&v)) d = *t;
      if (!d) d = parseDateText(s);
      if (!d && (std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v))) {
        d = fromSerial(std::holds_alternative<double>(v) ? std::get<double>(v)
                                                         : static_cast<double>(std::get<std::int64_t>(v)));
      }
      if (!d) return fail("not_a_date", shown(s, f) + " is not a date (YYYY-MM-DD) in " + fieldLabel(f));
      DateTime day{d->year, d->month, d->day, 0, 0, 0.0, false, 0};
      out.value = f.type == FieldType::Date ? day : *d;
      break;
    }
    default:
      return text(s, f);
  }
  const auto* whole = std::get_if<std::int64_t>(&out.value);
  const auto* real = std::get_if<double>(&out.value);
  if (whole || real) {
    const double x = whole ? static_cast<double>(*whole) : *real;
    if ((f.min && x < *f.min) || (f.max && x > *f.max)) {
      return fail("out_of_range", shown(s, f) + " is outside " + (f.min ? shortest(*f.min) : "") + ".." +
                                      (f.max ? shortest(*f.max) : "") + " for " + fieldLabel(f));
    }
  }
  return out;
}

std::vector<ValueMapping> ValueConverter::mappings() const {
  std::vector<ValueMapping> out;
  for (const auto& [key, n] : m_used) out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
  return out;
}

}  // namespace zhenmap
