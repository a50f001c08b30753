// The validation layer; see validation.hpp.
#include "store/validation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "store/database.hpp"

namespace zhenmap::store {

namespace {

DataError::Context context(const LayerSpec& layer, std::optional<std::int64_t> fid) { return {"", layer.name, fid}; }

[[noreturn]] void reject(const LayerSpec& layer, const FieldSpec& field, std::optional<std::int64_t> fid,
                         const std::string& why) {
  throw ValidationError("field " + field.name + " (" + field.aliasZh + "): " + why, field.name, context(layer, fid));
}

bool validUtf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80                   ? 1
                            : (c >= 0xC2 && c <= 0xDF) ? 2
                            : (c >= 0xE0 && c <= 0xEF) ? 3
                            : (c >= 0xF0 && c <= 0xF4) ? 4
                                                       : 0;
    if (len == 0 || i + len > s.size()) return false;
    std::uint32_t cp = len == 1 ? c : c & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    const std::uint32_t minimum = len == 1 ? 0 : len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::size_t codePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool isDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= days[m - 1] + (m == 2 && isLeap(y) ? 1 : 0);
}

std::optional<double> numeric(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

const Value& get(const Row& row, std::string_view name) {
  static const Value kNull;
  auto it = row.find(name);
  return it == row.end() ? kNull : it->second;
}

}  // namespace

std::string displayValue(const FieldSpec& field, const Value& v) {
  if (field.sensitive) return isNull(v) ? "NULL" : "(redacted)";
  return toText(v);
}

Value parseValue(const LayerSpec& layer, const FieldSpec& field, std::string_view text) {
  if (text.empty() || text == "NULL") return std::monostate{};
  const char* b = text.data();
  const char* e = text.data() + text.size();
  switch (field.type) {
    case FieldType::Integer: {
      std::int64_t i = 0;
      auto [p, ec] = std::from_chars(b, e, i);
      if (ec != std::errc() || p != e) reject(layer, field, std::nullopt, "expects a whole number");
      return i;
    }
    case FieldType::Real: {
      double d = 0;
      auto [p, ec] = std::from_chars(b, e, d);
      if (ec != std::errc() || p != e || !std::isfinite(d)) reject(layer, field, std::nullopt, "expects a number");
      return d;
    }
    case FieldType::Date:
    case FieldType::Text:
      break;
  }
  return std::string(text);
}

void validateValue(const LayerSpec& layer, const FieldSpec& field, const Value& v, std::optional<std::int64_t> fid) {
  if (isNull(v)) {
    if (field.required) reject(layer, field, fid, "is required");
    return;
  }
  switch (field.type) {
    case FieldType::Integer:
      if (!std::holds_alternative<std::int64_t>(v)) reject(layer, field, fid, "expects a whole number");
      break;
    case FieldType::Real:
      if (!numeric(v) || !std::isfinite(*numeric(v))) reject(layer, field, fid, "expects a number");
      break;
    case FieldType::Date:
      if (!std::holds_alternative<std::string>(v) || !isDate(std::get<std::string>(v))) {
        reject(layer, field, fid,
               field.sensitive ? "expects a date YYYY-MM-DD" : "expects a date YYYY-MM-DD, got '" + toText(v) + "'");
      }
      break;
    case FieldType::Text:
      if (!std::holds_alternative<std::string>(v)) reject(layer, field, fid, "expects text");
      break;
  }
  if (const auto n = numeric(v)) {
    if ((field.min && *n < *field.min) || (field.max && *n > *field.max)) {
      std::string why = "must be";
      if (field.min) why += " at least " + toText(Value{*field.min});
      if (field.min && field.max) why += " and";
      if (field.max) why += " at most " + toText(Value{*field.max});
      reject(layer, field, fid, why + ", got " + displayValue(field, v));
    }
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    // SQLite measures text up to its first NUL and counts bytes that are not UTF-8 as characters:
    // such text would pass here and fail the table's CHECK at commit (or be cut short when read).
    if (s->find('\0') != std::string::npos || !validUtf8(*s)) {
      reject(layer, field, fid, "must be text (UTF-8, without NUL characters)");
    }
    if (!field.oneOf.empty() && std::find(field.oneOf.begin(), field.oneOf.end(), *s) == field.oneOf.end()) {
      std::string list;
      for (const auto& o : field.oneOf) list += (list.empty() ? "" : ", ") + o;
      reject(layer, field, fid, "must be one of " + list + ", got '" + displayValue(field, v) + "'");
    }
    if (field.digits > 0) {
      bool ok = s->size() == static_cast<std::size_t>(field.digits);
      for (char c : *s) ok = ok && c >= '0' && c <= '9';
      if (!ok) {
        reject(layer, field, fid,
               "must be a " + std::to_string(field.digits) + "-digit code, got '" + displayValue(field, v) + "'");
      }
    }
    if (field.maxLength > 0 && codePoints(*s) > field.maxLength) {
      reject(layer, field, fid, "is longer than " + std::to_string(field.maxLength) + " characters");
    }
  }
}

void validateRow(const LayerSpec& layer, const Row& row, std::optional<std::int64_t> fid) {
  for (const FieldSpec& f : layer.fields) validateValue(layer, f, get(row, f.name), fid);
  validateCrossFields(layer, row, fid);
}

std::vector<std::string> crossFieldInputs(const LayerSpec& layer) {
  std::vector<std::string> out;
  for (const CrossRule& r : layer.rules) {
    for (const std::string* f : {&r.field, &r.other}) {
      if (std::find(out.begin(), out.end(), *f) == out.end()) out.push_back(*f);
    }
  }
  return out;
}

namespace {
// A value in a rule's message: never a sensitive field's.
std::string shown(const LayerSpec& layer, const std::string& field, const Value& v) {
  const FieldSpec* f = findField(layer, field);
  return f && f->sensitive ? displayValue(*f, v) : toText(v);
}
}  // namespace

void validateCrossFields(const LayerSpec& layer, const Row& row, std::optional<std::int64_t> fid) {
  for (const CrossRule& r : layer.rules) {
    const Value& a = get(row, r.field);
    const Value& b = get(row, r.other);
    if (isNull(a) || isNull(b)) continue;
    std::string why;
    switch (r.kind) {
      case CrossRule::Kind::NotGreater:
        if (numeric(a) && numeric(b) && *numeric(a) > *numeric(b)) {
          why = r.field + " (" + shown(layer, r.field, Value{*numeric(a)}) + ") must not exceed " + r.other + " (" +
                shown(layer, r.other, Value{*numeric(b)}) + ")";
        }
        break;
      case CrossRule::Kind::NotBefore:
        if (toText(a) < toText(b)) {
          why = r.field + " (" + shown(layer, r.field, a) + ") must not be before " + r.other + " (" +
                shown(layer, r.other, b) + ")";
        }
        break;
      case CrossRule::Kind::Within:
        if (toText(a).rfind(toText(b), 0) != 0) {
          why =
              r.field + " " + shown(layer, r.field, a) + " does not lie in " + r.other + " " + shown(layer, r.other, b);
        }
        break;
    }
    if (!why.empty()) throw ValidationError(why, r.field, context(layer, fid));
  }
}

void validateReferences(Database& db, const LayerSpec& layer, const Row& row, std::optional<std::int64_t> fid) {
  validateReferences(
      [&db](const std::string& table, const std::string& column, const Value& v) {
        Statement s = db.prepare("SELECT 1 FROM " + table + " WHERE " + column + " = ?");
        s.bind(1, v);
        return s.step();
      },
      layer, row, fid);
}

void validateReferences(const ReferenceLookup& exists, const LayerSpec& layer, const Row& row,
                        std::optional<std::int64_t> fid) {
  for (const FieldSpec& f : layer.fields) {
    if (f.references.empty()) continue;
    const Value& v = get(row, f.name);
    if (isNull(v)) continue;
    const auto open = f.references.find('(');
    const std::string table = f.references.substr(0, open);
    const std::string column = f.references.substr(open + 1, f.references.size() - open - 2);
    if (!exists(table, column, v))
      reject(layer, f, fid, "no " + table + " row has " + column + " " + displayValue(f, v));
  }
}

}  // namespace zhenmap::store
