// The validation layer; see validation.hpp.
#include "store/validation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "store/database.hpp"

namespace zhenmap::store {

namespace {

DataError::Context context(const LayerSpec& layer, std::optional<std::int64_t> fid) {
  return {"", layer.name, fid};
}

[[noreturn]] void reject(const LayerSpec& layer, const FieldSpec& field, std::optional<std::int64_t> fid,
                         const std::string& why) {
  throw ValidationError("field " + field.name + " (" + field.aliasZh + "): " + why, field.name,
                        context(layer, fid));
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
    case FieldType::Text: break;
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
               field.sensitive ? "expects a date YYYY-MM-DD"
                               : "expects a date YYYY-MM-DD, got '" + toText(v) + "'");
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

const std::vector<std::string>& crossFieldInputs(const LayerSpec& layer) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> inputs = {
      {"scenic_routes", {"built_km", "planned_km"}},
      {"project_sites", {"start_date", "completion_date", "village_code", "township_code"}},
      {"villages", {"code", "township_code"}}};
  static const std::vector<std::string> none;
  auto it = inputs.find(layer.name);
  return it == inputs.end() ? none : it->second;
}

void validateCrossFields(const LayerSpec& layer, const Row& row, std::optional<std::int64_t> fid) {
  const auto crossFail = [&](const std::string& fieldName, const std::string& why) {
    throw ValidationError(why, fieldName, context(layer, fid));
  };
  if (layer.name == "scenic_routes") {
    const auto built = numeric(get(row, "built_km"));
    const auto planned = numeric(get(row, "planned_km"));
    if (built && planned && *built > *planned) {
      crossFail("built_km", "built_km (" + toText(Value{*built}) + ") must not exceed planned_km (" +
                                toText(Value{*planned}) + ")");
    }
  }
  if (layer.name == "project_sites") {
    const Value& start = get(row, "start_date");
    const Value& done = get(row, "completion_date");
    if (!isNull(start) && !isNull(done) && std::get<std::string>(done) < std::get<std::string>(start)) {
      crossFail("completion_date", "completion_date (" + toText(done) + ") must not be before start_date (" +
                                       toText(start) + ")");
    }
  }
  const auto nested = [&](const char* child, const char* parent) {
    const Value& c = get(row, child);
    const Value& p = get(row, parent);
    if (!isNull(c) && !isNull(p) && std::get<std::string>(c).rfind(std::get<std::string>(p), 0) != 0) {
      crossFail(child, std::string(child) + " " + toText(c) + " does not lie in " + parent + " " + toText(p));
    }
  };
  if (layer.name == "villages") nested("code", "township_code");
  if (layer.name == "project_sites") nested("village_code", "township_code");
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
    if (!exists(table, column, v)) reject(layer, f, fid, "no " + table + " row has " + column + " " + displayValue(f, v));
  }
}

}  // namespace zhenmap::store
