// Text typed into the attribute table, a form or `zhenmap edit --set field=value`, for any field
// of any store layer: ProjectStore::setText's parseValue, then validateRow at commit.
// Input: one byte picks the layer, then segments separated by '\n', each one byte picking a field
// and the text for it; the other fields keep a valid value.
// Promises: a value passes validation only if the table's own CHECK constraints (SQLite, the same
// DDL as a project file) accept it too, so a commit never fails on a constraint the form did not
// explain; messages about sensitive (personal) fields never carry the value.
#include <sqlite3.h>

#include <memory>

#include "store/schema.hpp"
#include "store/validation.hpp"
#include "support/fuzz_target.hpp"

namespace {

using namespace zhenmap::store;

// A value each field accepts whatever the others hold (codes nest: the village in the township).
std::string validText(const FieldSpec& f) {
  if (!f.oneOf.empty()) return f.oneOf.front();
  if (f.digits == 9) return "445221100";
  if (f.digits == 12) return "445221100001";
  if (f.name == "county_code") return "445221";
  switch (f.type) {
    case FieldType::Integer:
    case FieldType::Real:
      return f.min ? toText(Value{*f.min}) : "1";
    case FieldType::Date:
      return "2024-05-01";
    case FieldType::Text:
      break;
  }
  return "名称";
}

// The layer tables as a project declares them (without geometry and foreign keys), in memory.
sqlite3* tables() {
  static sqlite3* db = [] {
    sqlite3* raw = nullptr;
    sqlite3_open(":memory:", &raw);
    for (const LayerSpec& layer : layerSpecs()) {
      std::string ddl = "CREATE TABLE " + layer.name + " (id INTEGER PRIMARY KEY";
      for (const FieldSpec& f : layer.fields) ddl += ", " + sqliteColumnDdl(f);
      for (const std::string& c : tableChecks(layer)) ddl += ", CHECK (" + c + ")";
      if (sqlite3_exec(raw, (ddl + ")").c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        zhenmap::fuzz::fail("cannot create " + layer.name + ": " + sqlite3_errmsg(raw));
      }
    }
    return raw;
  }();
  return db;
}

// Whether SQLite's constraints take the row; the message when they do not.
std::string sqliteRejects(const LayerSpec& layer, const Row& row) {
  std::string sql = "INSERT INTO " + layer.name + " (id";
  std::string params = "?";
  for (const FieldSpec& f : layer.fields) {
    sql += ", " + f.name;
    params += ", ?";
  }
  sql += ") VALUES (" + params + ")";
  sqlite3_stmt* raw = nullptr;
  sqlite3_prepare_v2(tables(), sql.c_str(), -1, &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  sqlite3_bind_int64(raw, 1, 1);
  int i = 2;
  for (const FieldSpec& f : layer.fields) {
    const Value& v = row.at(f.name);
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      sqlite3_bind_int64(raw, i, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      sqlite3_bind_double(raw, i, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      sqlite3_bind_text64(raw, i, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    ++i;
  }
  const int rc = sqlite3_step(raw);
  const std::string message = rc == SQLITE_DONE ? "" : sqlite3_errmsg(tables());
  sqlite3_exec(tables(), ("DELETE FROM " + layer.name).c_str(), nullptr, nullptr, nullptr);
  return message;
}

}  // namespace

ZHENMAP_FUZZ_TARGET(set_text) {
  using zhenmap::fuzz::check;
  if (input.empty()) return;
  const std::vector<LayerSpec>& layers = layerSpecs();
  const LayerSpec& layer = layers[static_cast<unsigned char>(input[0]) % layers.size()];
  Row row;
  for (const FieldSpec& f : layer.fields) row[f.name] = parseValue(layer, f, validText(f));
  std::string_view rest = input.substr(1);
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');
    const std::string_view segment = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    if (segment.empty()) continue;
    const FieldSpec& field = layer.fields[static_cast<unsigned char>(segment[0]) % layer.fields.size()];
    const std::string_view text = segment.substr(1);
    try {
      row[field.name] = parseValue(layer, field, text);
    } catch (const ValidationError& e) {
      check(!field.sensitive || text.size() < 8 || std::string(e.what()).find(text) == std::string::npos,
            "a message carries the value of a sensitive field");
      return;
    }
  }
  try {
    validateRow(layer, row);
  } catch (const ValidationError& e) {
    for (const FieldSpec& f : layer.fields) {
      const auto* s = std::get_if<std::string>(&row[f.name]);
      if (!f.sensitive || !s || s->size() < 8 || std::string(e.what()).find(*s) == std::string::npos) continue;
      // The value is in the message: a leak, unless the message's own words hold it (a value
      // " required" in "... is required"): the same row with the value replaced must still show it.
      const std::string value = *s;
      Row masked = row;
      masked[f.name] = Value{std::string(value.size(), 'Z')};
      std::string again;
      try {
        validateRow(layer, masked);
      } catch (const ValidationError& e2) {
        again = e2.what();
      }
      check(again.find(value) != std::string::npos, "a message carries the value of a sensitive field");
    }
    return;
  }
  const std::string rejected = sqliteRejects(layer, row);
  check(rejected.empty(), "validation accepts a row the table's constraints refuse: " + rejected);
}
