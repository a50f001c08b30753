// Store layer specs as import targets; see import_target.hpp.
#include "import_target.hpp"

#include "errors.hpp"
#include "store/value_labels.hpp"

namespace zhenmap {

namespace {

OGRwkbGeometryType geometryOf(const std::string& spatialite) {
  if (spatialite == "POINT") return wkbPoint;
  if (spatialite == "LINESTRING") return wkbLineString;
  if (spatialite == "MULTILINESTRING") return wkbMultiLineString;
  if (spatialite == "POLYGON") return wkbPolygon;
  if (spatialite == "MULTIPOLYGON") return wkbMultiPolygon;
  if (spatialite == "MULTIPOINT") return wkbMultiPoint;
  return wkbNone;
}

FieldType typeOf(store::FieldType t) {
  switch (t) {
    case store::FieldType::Integer:
      return FieldType::Integer;
    case store::FieldType::Real:
      return FieldType::Real;
    case store::FieldType::Date:
      return FieldType::Date;
    default:
      return FieldType::Text;
  }
}

}  // namespace

TargetLayer targetFromSpec(const store::LayerSpec& spec) {
  TargetLayer t;
  t.name = spec.name;
  t.geometry = geometryOf(spec.geometryType);
  t.crs = "EPSG:" + std::to_string(store::kStoreSrid);
  for (const store::FieldSpec& f : spec.fields) {
    TargetField tf;
    tf.name = f.name;
    tf.type = typeOf(f.type);
    tf.alias = f.aliasZh;
    tf.aliases = commonAliases(f.name);
    tf.required = f.required;
    tf.unique = f.unique;
    tf.sensitive = f.sensitive;
    tf.min = f.min;
    tf.max = f.max;
    tf.digits = f.digits;
    tf.maxLength = f.maxLength;
    for (const std::string& code : f.oneOf) {
      tf.allowed.push_back({code,
                            {store::valueLabel(f.name, code, store::LabelLanguage::Chinese),
                             store::valueLabel(f.name, code, store::LabelLanguage::English)}});
    }
    t.fields.push_back(std::move(tf));
  }
  return t;
}

TargetLayer standardTarget(const std::string& name) {
  if (const store::LayerSpec* spec = store::findLayer(name)) return targetFromSpec(*spec);
  std::string list;
  for (const store::LayerSpec& s : store::layerSpecs()) list += (list.empty() ? "" : ", ") + s.name;
  throw DataError("no standard layer '" + name + "' (layers: " + list + ")");
}

}  // namespace zhenmap
