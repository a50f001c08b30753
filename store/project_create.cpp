// Making projects and layers; see project_create.hpp.
#include "store/project_create.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "store/store_backend.hpp"

namespace zhenmap::store {

namespace {

bool isIdentifier(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  if (!(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

[[noreturn]] void refuse(const std::string& layer, const std::string& field, const std::string& why) {
  throw ValidationError(why, field, {"", layer, std::nullopt});
}

void checkField(const LayerSpec& layer, const FieldSpec& f) {
  static const std::set<std::string> reserved = {"id", "version", "geom", "rowid", "oid", "ogc_fid"};
  if (!isIdentifier(f.name) || reserved.count(f.name)) {
    refuse(layer.name, f.name,
           "field name '" + f.name + "' must be lower-case letters, digits and _ (not id, version or geom)");
  }
  const bool numeric = f.type == FieldType::Integer || f.type == FieldType::Real;
  if ((f.min || f.max) && !numeric) refuse(layer.name, f.name, "field " + f.name + ": a range needs a number field");
  if (f.min && f.max && *f.min > *f.max) refuse(layer.name, f.name, "field " + f.name + ": min is above max");
  if (!f.oneOf.empty() && f.type != FieldType::Text) {
    refuse(layer.name, f.name, "field " + f.name + ": a list of allowed values needs a text field");
  }
  if (f.digits > 0 && f.type != FieldType::Text) refuse(layer.name, f.name, "field " + f.name + ": digits need text");
}

}  // namespace

std::string geometryTypeOf(const std::string& word) {
  if (word == "point") return "POINT";
  if (word == "line") return "LINESTRING";
  if (word == "polygon") return "MULTIPOLYGON";
  throw ValidationError("geometry must be point, line or polygon, got '" + word + "'", "geom");
}

LayerSpec prepareNewLayer(LayerSpec layer) {
  static const std::set<std::string> reserved = {"schema_migrations", "layer_metadata", "field_metadata", "styles",
                                                 "bookmarks",         "slides",         "settings",       "audit_log",
                                                 "audit_context",     "team_roles"};
  if (!isIdentifier(layer.name) || reserved.count(layer.name) || layer.name.rfind("sqlite", 0) == 0 ||
      layer.name.rfind("idx_", 0) == 0 || layer.name.rfind("spatial", 0) == 0 || layer.name.rfind("geometry", 0) == 0) {
    refuse(layer.name, "",
           "layer name '" + layer.name +
               "' must be lower-case letters, digits and _, and not a name the project uses itself");
  }
  if (layer.geometryType != "POINT" && layer.geometryType != "LINESTRING" && layer.geometryType != "MULTIPOLYGON") {
    refuse(layer.name, "", "geometry type must be POINT, LINESTRING or MULTIPOLYGON");
  }
  if (layer.titleZh.empty()) layer.titleZh = layer.name;
  std::set<std::string> names;
  for (FieldSpec& f : layer.fields) {
    checkField(layer, f);
    if (!names.insert(f.name).second) refuse(layer.name, f.name, "field " + f.name + " is given twice");
    if (f.aliasZh.empty()) f.aliasZh = f.name;
    if (f.role.empty() &&
        (f.name == "township_code" || f.name == "village_code" || f.name == "name" || f.name == "status")) {
      f.role = f.name;
    }
    if (f.oneOf.empty()) {
      for (const DomainValue& d : f.domain) f.oneOf.push_back(d.value);
    }
  }
  for (const CrossRule& r : layer.rules) {
    if (!findField(layer, r.field) || !findField(layer, r.other)) {
      refuse(layer.name, r.field, "a rule names a field the layer does not have");
    }
  }
  if (layer.townshipExpression.empty()) {
    if (findField(layer, "township_code")) {
      layer.townshipExpression = "township_code";
    } else if (findField(layer, "village_code")) {
      layer.townshipExpression = "substr(village_code, 1, 9)";
    }
  }
  return layer;
}

ProjectStore createFromTemplate(const std::string& path, const std::string& templatePath) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) throw OpenError("file exists already", {path});
  ProjectStore from = ProjectStore::open(templatePath, OpenMode::ReadOnly);
  std::vector<LayerSpec> layers;
  for (const LayerSpec* spec : from.layerSpecs()) layers.push_back(*spec);
  ProjectStore to = ProjectStore::create(path, layers);
  // Metadata tables, column by column (both are at this program's schema version).
  const std::vector<std::pair<std::string, std::string>> tables = {
      {"bookmarks", "id, name, min_lon, min_lat, max_lon, max_lat"},
      {"slides", "id, position, title, bookmark_id, visible_layers, notes, filters"},
      {"settings", "key, value"},
      {"styles", "layer, style_json"}};
  to.backend().writeTransaction([&] {
    for (const auto& [table, columns] : tables) {
      const std::size_t n = static_cast<std::size_t>(std::count(columns.begin(), columns.end(), ',')) + 1;
      std::string marks = "?";
      for (std::size_t i = 1; i < n; ++i) marks += ", ?";
      // The statement is built outside the lambda: clang 14 (./dev.sh fuzz) cannot capture
      // structured bindings.
      const std::string insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")";
      from.query("SELECT " + columns + " FROM " + table, {},
                 [&](const std::vector<Value>& row) { to.backend().execute(insert, row); });
    }
    from.query("SELECT layer, description FROM layer_metadata", {}, [&](const std::vector<Value>& r) {
      to.backend().execute("UPDATE layer_metadata SET description = ? WHERE layer = ?", {r[1], r[0]});
    });
  });
  return to;
}

}  // namespace zhenmap::store
