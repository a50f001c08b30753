// Division code matching; see boundary_match.hpp.
#include "boundary_match.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "errors.hpp"
#include "sheet_header.hpp"

namespace zhenmap {

namespace {

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

// Rows of a reference CSV as column name -> value.
std::vector<std::map<std::string, std::string>> readCsv(const std::string& path, const std::vector<std::string>& need) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OpenError("cannot read the division list", {path, {}, {}});
  std::string line;
  std::getline(in, line);
  if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
  const std::vector<std::string> header = splitCsvLine(line);
  for (const std::string& n : need) {
    if (std::find(header.begin(), header.end(), n) == header.end()) {
      throw DataError("the division list has no column '" + n + "'", {path, {}, {}});
    }
  }
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> cells = splitCsvLine(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t a = 0;
  while (a < s.size() && (s[a] == ' ' || s[a] == '\t')) ++a;
  return s.substr(a);
}

// A code of `digits` digits in `text`: exactly that, or longer with only zeros after it.
std::optional<std::string> codeIn(const std::string& text, std::size_t digits) {
  if (!allDigits(text) || text.size() < digits) return std::nullopt;
  if (text.find_first_not_of('0', digits) != std::string::npos) return std::nullopt;
  return text.substr(0, digits);
}

bool sameDivision(const std::string& code, const std::string& name, const std::string& context) {
  if (context.empty()) return true;
  if (allDigits(context)) return code == context.substr(0, std::min(context.size(), code.size()));
  return name == context || divisionStem(name) == divisionStem(context);
}

}  // namespace

std::string divisionStem(const std::string& name) {
  static const char* const kSuffixes[] = {
      "社区居民委员会", "村民委员会", "居民委员会", "街道办事处", "村委会", "居委会", "委员会", "办事处",
      "街道",           "社区",       "村",         "镇",         "乡",     "县",     "区",     "市"};
  const std::string n = trimmed(name);
  for (const char* suffix : kSuffixes) {
    const std::string s = suffix;
    if (n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0)
      return n.substr(0, n.size() - s.size());
  }
  return n;
}

DivisionCatalog DivisionCatalog::load(const std::string& townsCsv, const std::string& villagesCsv) {
  DivisionCatalog c;
  for (const auto& r : readCsv(townsCsv, {"county_code", "county_name", "town_code", "town_name"})) {
    c.m_towns.push_back({r.at("town_code"), r.at("town_name"), r.at("county_code"), r.at("county_name"),
                         r.at("town_code"), r.at("town_name")});
  }
  for (const auto& r :
       readCsv(villagesCsv, {"county_code", "county_name", "town_code", "town_name", "village_code", "village_name"})) {
    c.m_villages.push_back({r.at("village_code"), r.at("village_name"), r.at("county_code"), r.at("county_name"),
                            r.at("town_code"), r.at("town_name")});
  }
  return c;
}

DivisionMatch DivisionCatalog::match(const std::vector<DivisionUnit>& units, std::size_t digits, const std::string& raw,
                                     const std::string& town, const std::string& county) const {
  const std::string name = trimmed(raw);
  const char* kind = digits == 9 ? "township" : "village";
  if (name.empty()) return {std::nullopt, "", "unmatched", std::string("no ") + kind + " name or code"};
  if (allDigits(name)) {
    const auto code = codeIn(name, digits);
    for (const DivisionUnit& u : units) {
      if (code && u.code == *code) return {u.code, "code", "", ""};
    }
    return {std::nullopt, "", "unmatched", "no " + std::string(kind) + " has the code " + name};
  }
  const auto inContext = [&](const DivisionUnit& u) {
    return sameDivision(u.countyCode, u.countyName, county) && sameDivision(u.townCode, u.townName, town);
  };
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<const DivisionUnit*> hits, elsewhere;
    for (const DivisionUnit& u : units) {
      const bool equal = pass == 0 ? u.name == name : divisionStem(u.name) == divisionStem(name);
      if (!equal) continue;
      (inContext(u) ? hits : elsewhere).push_back(&u);
    }
    if (hits.size() == 1) return {hits[0]->code, pass == 0 ? "name" : "name without suffix", "", ""};
    if (hits.size() > 1) {
      std::string list;
      for (const DivisionUnit* u : hits)
        list += (list.empty() ? "" : ", ") + u->name + " " + u->code + " (" + u->countyName + ")";
      return {std::nullopt, "", "ambiguous",
              "'" + name + "' names " + std::to_string(hits.size()) + " " + kind + "s: " + list + "; give the " +
                  (digits == 9 ? "county" : "township or county")};
    }
    if (!elsewhere.empty() && pass == 1) {
      return {std::nullopt, "", "unmatched",
              "'" + name + "' is a " + kind + " of " + elsewhere[0]->countyName +
                  (digits == 12 ? " " + elsewhere[0]->townName : "") + ", not of the one given"};
    }
  }
  return {std::nullopt, "", "unmatched",
          "no " + std::string(kind) + " named '" + name + "'" + (county.empty() ? "" : " in " + county)};
}

DivisionMatch DivisionCatalog::matchTown(const std::string& name, const std::string& county) const {
  return match(m_towns, 9, name, {}, county);
}

DivisionMatch DivisionCatalog::matchVillage(const std::string& name, const std::string& town,
                                            const std::string& county) const {
  return match(m_villages, 12, name, town, county);
}

namespace {

int findField(const FeatureTable& t, const std::string& given, const std::vector<std::string>& names) {
  if (!given.empty()) {
    const int i = fieldIndex(t.fields, given);
    if (i < 0) throw DataError("no field '" + given + "'", {t.source, t.layer, {}});
    return i;
  }
  for (const std::string& n : names) {
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      if (normalizeHeaderName(t.fields[i].name) == n) return static_cast<int>(i);
    }
  }
  return -1;
}

std::string textOf(const AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(static_cast<long long>(*d));
  return {};
}

}  // namespace

BoundaryMatchResult matchBoundaries(const FeatureTable& t, const DivisionCatalog& catalog,
                                    const BoundaryMatchOptions& o) {
  const bool town = o.level == BoundaryMatchOptions::Level::Town;
  const int code = findField(t, o.codeField,
                             town ? std::vector<std::string>{"code", "代码", "乡镇代码", "区划代码", "行政区代码",
                                                             "编码", "xzqdm", "qhdm", "adcode", "dm"}
                                  : std::vector<std::string>{"code", "代码", "村代码", "区划代码", "行政区代码", "编码",
                                                             "xzqdm", "qhdm", "zldwdm", "adcode", "dm"});
  const int name =
      findField(t, o.nameField,
                town ? std::vector<std::string>{"name", "名称", "乡镇名称", "乡镇", "镇名", "xzqmc", "qhmc", "mc"}
                     : std::vector<std::string>{"name", "名称", "村名称", "村名", "行政村", "村", "xzqmc", "qhmc",
                                                "zldwmc", "mc"});
  const int county = findField(t, o.countyField, {"county", "县区", "县", "区县", "县区名称", "所属县区", "县名"});
  const int townField =
      town ? -1 : findField(t, o.townField, {"town", "township", "乡镇", "镇", "所属乡镇", "乡镇名称", "镇名"});
  if (code < 0 && name < 0) {
    throw DataError("no field with division codes or names (code/代码/XZQDM, name/名称/XZQMC); name them",
                    {t.source, t.layer, {}});
  }
  BoundaryMatchResult r;
  const auto fieldName = [&](int i) { return i >= 0 ? t.fields[static_cast<std::size_t>(i)].name : std::string("-"); };
  r.notes.push_back("matched by code field " + fieldName(code) + ", name field " + fieldName(name) + ", county field " +
                    fieldName(county) + (town ? "" : ", township field " + fieldName(townField)));
  std::map<std::string, std::int64_t> seen;
  for (const TableRow& row : t.rows) {
    const auto value = [&](int i) {
      return i >= 0 ? trimmed(textOf(row.values[static_cast<std::size_t>(i)])) : std::string();
    };
    const std::string countyText = county >= 0 ? value(county) : o.county;
    DivisionMatch m;
    const std::string codeText = value(code);
    if (!codeText.empty()) {
      m = town ? catalog.matchTown(codeText, countyText) : catalog.matchVillage(codeText, {}, countyText);
      if (m.code) ++r.byCode;
    }
    if (!m.code && name >= 0) {
      DivisionMatch byName = town ? catalog.matchTown(value(name), countyText)
                                  : catalog.matchVillage(value(name), value(townField), countyText);
      if (byName.code) ++r.byName;
      if (byName.code || codeText.empty()) m = byName;
    }
    if (m.code) {
      const auto [it, fresh] = seen.emplace(*m.code, row.sourceRow);
      if (!fresh) {
        r.unmatched.push_back({row.sourceRow, fieldName(name >= 0 ? name : code), "duplicate_key",
                               "matches " + *m.code + " like " + t.rowLabel + " " + std::to_string(it->second)});
      }
    } else {
      r.unmatched.push_back({row.sourceRow, fieldName(name >= 0 ? name : code), m.problem, m.message});
    }
    r.codes.push_back(m.code);
  }
  return r;
}

void addCodeColumn(FeatureTable& table, const BoundaryMatchResult& result, const std::string& field) {
  if (result.codes.size() != table.rows.size())
    throw DataError("the match result is not of this table", {table.source, table.layer, {}});
  int index = fieldIndex(table.fields, field);
  if (index < 0) {
    TableField f;
    f.name = field;
    table.fields.push_back(f);
    for (TableRow& r : table.rows) r.values.emplace_back(std::monostate{});
    index = static_cast<int>(table.fields.size()) - 1;
  }
  table.fields[static_cast<std::size_t>(index)].type = FieldType::Text;
  std::map<std::int64_t, const RowIssue*> problems;
  for (const RowIssue& i : result.unmatched) problems.emplace(i.row, &i);
  std::vector<TableRow> kept;
  for (std::size_t k = 0; k < table.rows.size(); ++k) {
    TableRow& r = table.rows[k];
    const auto problem = problems.find(r.sourceRow);
    if (!result.codes[k] || problem != problems.end()) {
      if (problem != problems.end()) table.rejects.push_back(*problem->second);
      continue;
    }
    r.values[static_cast<std::size_t>(index)] = *result.codes[k];
    kept.push_back(std::move(r));
  }
  table.rows = std::move(kept);
}

std::function<std::optional<std::string>(const std::string&, const std::string&, std::string*)> divisionCodeLookup(
    const DivisionCatalog& catalog, std::string county) {
  return [&catalog, county](const std::string& field, const std::string& text,
                            std::string* why) -> std::optional<std::string> {
    std::vector<std::string> parts;
    std::string cur;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const bool sep = i == text.size() || text[i] == '/' || text[i] == ' ' ||
                       text.compare(i, 3, "\xEF\xBC\x8F") == 0 || text.compare(i, 3, "\xE3\x80\x81") == 0;  // ／ 、
      if (!sep) {
        cur += text[i];
        continue;
      }
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
      if (i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80) i += 2;
    }
    if (parts.empty()) return std::nullopt;
    DivisionMatch m;
    if (field == "township_code") {
      m = catalog.matchTown(parts[0], county);
    } else if (field == "village_code") {
      m = parts.size() >= 2 ? catalog.matchVillage(parts[1], parts[0], county)
                            : catalog.matchVillage(parts[0], {}, county);
    } else {
      if (why) *why = "no names are looked up for " + field;
      return std::nullopt;
    }
    if (!m.code && why) *why = m.message;
    return m.code;
  };
}

}  // namespace zhenmap
