// Typing text cells; see table_values.hpp.
#include "table_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

#include "calendar.hpp"

namespace zhenmap {

namespace {

// Splits "2024年3月1日 8:30" / "2024-03-01T08:30:00" into numbers.
std::vector<std::string> numberRuns(const std::string& s, std::string& separators) {
  std::vector<std::string> runs;
  std::string cur;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isdigit(c)) {
      cur += static_cast<char>(c);
      continue;
    }
    if (!cur.empty()) runs.push_back(std::move(cur));
    cur.clear();
    separators += static_cast<char>(c);
  }
  if (!cur.empty()) runs.push_back(std::move(cur));
  return runs;
}

}  // namespace

std::string foldText(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    char ascii = 0;
    if (c == 0xEF && i + 2 < text.size()) {
      const unsigned char b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
      // U+FF01..U+FF5E are EF BC 81..BF and EF BD 80..9E; their ASCII is 0xFEE0 lower.
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) ascii = static_cast<char>(b2 - 0x60);
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) ascii = static_cast<char>(b2 - 0x20);
    } else if (c == 0xE3 && i + 2 < text.size() && text[i + 1] == '\x80' && text[i + 2] == '\x80') {
      ascii = ' ';  // U+3000 ideographic space
    }
    if (ascii) {
      i += 2;
    } else if (c < 0x80) {
      ascii = static_cast<char>(c);
    } else {
      out += static_cast<char>(c);
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(ascii))) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ascii)));
  }
  return out;
}

std::optional<std::int64_t> parseIntegerText(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t start = text[0] == '-' || text[0] == '+' ? 1 : 0;
  if (start == text.size() || text.size() - start > 18) return std::nullopt;
  if (text[start] == '0' && text.size() - start > 1) return std::nullopt;  // a code such as 0012
  std::int64_t v = 0;
  const auto r = std::from_chars(text.data() + start, text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return text[0] == '-' ? -v : v;
}

// "1,234,567.5": commas every three digits of the whole part.
bool groupedThousands(const std::string& t) {
  const std::size_t start = !t.empty() && (t[0] == '-' || t[0] == '+') ? 1 : 0;
  const std::size_t end = std::min(t.find('.'), t.size());
  if (t.find(',', start) == std::string::npos) return false;
  std::size_t group = 0;
  for (std::size_t i = end; i-- > start;) {
    if (t[i] == ',') {
      if (group != 3) return false;
      group = 0;
    } else if (std::isdigit(static_cast<unsigned char>(t[i])) && ++group <= 3) {
      continue;
    } else {
      return false;
    }
  }
  return group >= 1;
}

std::optional<double> parseRealText(const std::string& text) {
  std::string s = text;
  if (groupedThousands(s)) s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  if (s.empty()) return std::nullopt;
  const char* b = s.data() + (s[0] == '+' ? 1 : 0);
  double v = 0;
  const auto r = std::from_chars(b, s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<DateTime> parseDateText(const std::string& text, bool* hasTime) {
  std::string seps;
  const std::vector<std::string> runs = numberRuns(text, seps);
  if (runs.size() != 3 && runs.size() != 5 && runs.size() != 6) return std::nullopt;
  if (runs[0].size() != 4 || runs[1].size() > 2 || runs[2].size() > 2) return std::nullopt;
  // Only date punctuation and the Chinese date and time characters between the numbers.
  static const char* const kChinese[] = {"\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5",   // 年 月 日
                                         "\xE6\x97\xB6", "\xE5\x88\x86", "\xE7\xA7\x92"};  // 时 分 秒
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!std::isdigit(c) && (c == 0 || !std::strchr("-/. T:", c))) return std::nullopt;
      ++i;
      continue;
    }
    const std::string ch = text.substr(i, 3);
    if (std::none_of(std::begin(kChinese), std::end(kChinese), [&](const char* k) { return ch == k; })) {
      return std::nullopt;
    }
    i += 3;
  }
  DateTime d;
  d.year = std::stoi(runs[0]);
  d.month = std::stoi(runs[1]);
  d.day = std::stoi(runs[2]);
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysInMonth(d.year, d.month)) return std::nullopt;
  if (runs.size() >= 5) {
    d.hour = std::stoi(runs[3]);
    d.minute = std::stoi(runs[4]);
    d.second = runs.size() == 6 ? std::stoi(runs[5]) : 0;
    if (d.hour > 23 || d.minute > 59 || d.second > 60) return std::nullopt;
  }
  if (hasTime) *hasTime = runs.size() >= 5;
  return d;
}

std::vector<TableField> typedFields(const SheetGrid& grid, const std::vector<std::string>& names,
                                    const std::vector<std::size_t>& columns, const std::vector<std::size_t>& rows) {
  std::vector<TableField> out;
  for (std::size_t c : columns) {
    bool integer = true, real = true, date = true, time = false, any = false;
    for (std::size_t r : rows) {
      const std::string& v = grid.cell(r, c);
      if (v.empty()) continue;
      any = true;
      integer = integer && parseIntegerText(v).has_value();
      real = real && parseRealText(v).has_value();
      bool t = false;
      date = date && parseDateText(v, &t).has_value();
      time = time || t;
      if (!integer && !real && !date) break;
    }
    TableField f;
    f.name = names[c];
    f.type = !any      ? FieldType::Text
             : integer ? FieldType::Integer
             : real    ? FieldType::Real
             : date    ? (time ? FieldType::DateTime : FieldType::Date)
                       : FieldType::Text;
    out.push_back(f);
  }
  return out;
}

TableRow typedRow(const SheetGrid& grid, std::size_t gridRow, std::int64_t number,
                  const std::vector<std::size_t>& columns, const std::vector<TableField>& fields, std::string wkb) {
  TableRow row;
  row.fid = number;
  row.sourceRow = number;
  row.wkb = std::move(wkb);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const std::string& v = grid.cell(gridRow, columns[k]);
    if (v.empty()) {
      row.values.emplace_back(std::monostate{});
      continue;
    }
    switch (fields[k].type) {
      case FieldType::Integer:
        row.values.emplace_back(*parseIntegerText(v));
        break;
      case FieldType::Real:
        row.values.emplace_back(*parseRealText(v));
        break;
      case FieldType::Date:
      case FieldType::DateTime:
        row.values.emplace_back(*parseDateText(v));
        break;
      default:
        row.values.emplace_back(v);
    }
  }
  return row;
}

std::string pointWkb(Vec2 p) {
  std::string wkb(21, '\0');
  wkb[0] = 1;  // little endian
  const std::uint32_t type = 1;
  std::memcpy(&wkb[1], &type, 4);
  std::memcpy(&wkb[5], &p.x, 8);
  std::memcpy(&wkb[13], &p.y, 8);
  return wkb;
}

}  // namespace zhenmap
