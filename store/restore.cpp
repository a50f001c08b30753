// EditSession::restoreVersion: a feature back to its state right after one audit entry, as one
// command. The state is found by taking the feature as it is now and undoing, newest first,
// every audit entry written after that one (a delete undone brings the whole recorded row back).
#include <nlohmann/json.hpp>

#include "store/edit_session.hpp"
#include "store/geometry_check.hpp"
#include "store/sqlite_audit.hpp"
#include "store/store_backend.hpp"

namespace zhenmap::store {

namespace {

struct FeatureState {
  bool exists = false;
  Row attributes;
  std::string wkb;
};

// A recorded text value back as a typed value ("(redacted)" personal data: nullopt, kept as is).
std::optional<Value> recorded(const LayerSpec& spec, const FieldSpec& f, const std::optional<std::string>& text) {
  if (!text) return Value{};
  if (f.sensitive && *text == "(redacted)") return std::nullopt;
  return parseValue(spec, f, *text);
}

// A whole row recorded by an insert or delete entry (JSON, geometry included).
void recordedRow(const LayerSpec& spec, const std::string& json, FeatureState& state) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) throw DataError("the audit entry's row cannot be read", {"", spec.name, std::nullopt});
  for (const FieldSpec& f : spec.fields) {
    if (!j.contains(f.name) || j[f.name].is_null()) {
      state.attributes[f.name] = Value{};
    } else if (j[f.name].is_number_integer() && f.type == FieldType::Integer) {
      state.attributes[f.name] = Value{j[f.name].get<std::int64_t>()};
    } else if (j[f.name].is_number()) {
      state.attributes[f.name] = Value{j[f.name].get<double>()};
    } else if (j[f.name].is_string()) {
      if (auto v = recorded(spec, f, j[f.name].get<std::string>())) state.attributes[f.name] = *v;
    }
  }
  if (j.contains("geom") && j["geom"].is_string()) state.wkb = auditGeometryWkb(j["geom"].get<std::string>());
  state.exists = true;
}

struct Entry {
  std::int64_t id;
  std::string action, field;
  std::optional<std::string> oldValue;
};

}  // namespace

void EditSession::restoreVersion(const std::string& layer, std::int64_t id, std::int64_t auditId) {
  const LayerSpec& spec = m_store.requireLayer(layer);
  std::vector<Entry> later;
  bool found = false;
  m_store.query("SELECT id, action, field, old_value FROM audit_log WHERE layer = ? AND feature_id = ? ORDER BY id",
                {Value{layer}, Value{id}}, [&](const std::vector<Value>& r) {
                  if (asInteger(r[0]) == auditId) found = true;
                  // A delete entry is restored to the row it deleted (after it there is nothing).
                  const bool deleteEntry = asInteger(r[0]) == auditId && asText(r[1]) == "delete";
                  if (asInteger(r[0]) > auditId || deleteEntry) {
                    later.push_back({asInteger(r[0]), asText(r[1]), asText(r[2]),
                                     isNull(r[3]) ? std::nullopt : std::optional<std::string>(asText(r[3]))});
                  }
                });
  if (!found)
    throw DataError("no audit entry " + std::to_string(auditId) + " for this feature", {m_store.path(), layer, id});
  FeatureState now;
  std::vector<const FieldSpec*> fields;
  for (const FieldSpec& f : spec.fields) fields.push_back(&f);
  m_store.backend().readRows(spec, {id}, fields, [&](std::int64_t, std::int64_t, const std::vector<Value>& v) {
    now.exists = true;
    for (std::size_t i = 0; i < fields.size(); ++i) now.attributes[fields[i]->name] = v[i];
  });
  if (now.exists) now.wkb = storedGeometry(spec, id);
  FeatureState then = now;
  for (auto e = later.rbegin(); e != later.rend(); ++e) {
    if (e->action == "delete" && e->oldValue) {
      recordedRow(spec, *e->oldValue, then);
    } else if (e->action == "insert") {
      then.exists = false;
    } else if (e->field == "geom") {
      then.wkb = e->oldValue ? auditGeometryWkb(*e->oldValue) : std::string();
    } else if (const FieldSpec* f = findField(spec, e->field)) {
      if (auto v = recorded(spec, *f, e->oldValue)) then.attributes[f->name] = *v;
    }
  }
  Group group(*this);
  if (!then.exists) {
    if (now.exists) deleteFeature(layer, id);
  } else if (!now.exists) {
    insertFeature(layer, then.attributes, then.wkb);  // a deleted feature comes back as a new one
  } else {
    for (const FieldSpec& f : spec.fields) {
      const Value& want = then.attributes[f.name];
      if (want != now.attributes[f.name] || pendingValue({layer, id, f.name})) setValue({layer, id, f.name}, want);
    }
    if (!then.wkb.empty() && (then.wkb != now.wkb || hasPendingGeometry(layer, id))) setGeometry(layer, id, then.wkb);
  }
  group.done();
}

}  // namespace zhenmap::store
