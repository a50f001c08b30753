// The PostGIS project store; see pg_store.hpp.
#include "store/pg_store.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "store/schema.hpp"

namespace zhenmap::store {

const char* pgFieldType(FieldType t) {
  switch (t) {
    case FieldType::Integer: return "bigint";
    case FieldType::Real: return "double precision";
    case FieldType::Date: return "date";
    case FieldType::Text: break;
  }
  return "text";
}

namespace {


std::string selectColumns(const LayerSpec& spec) {
  std::string cols = "id, version";
  for (const FieldSpec& f : spec.fields) cols += ", " + pgIdent(f.name);
  return cols;
}

Feature readRow(const PgResult& r, int row, const LayerSpec& spec) {
  Feature f;
  f.id = r.getInt(row, 0);
  f.version = r.getInt(row, 1);
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    f.attributes.emplace(spec.fields[i].name, r.value(row, static_cast<int>(i) + 2));
  }
  return f;
}

// A value as the column's Value kind (a whole real read back as double, like SQLite's REAL).
Value normalize(const FieldSpec& f, Value v) {
  if (f.type == FieldType::Real) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  }
  return v;
}

}  // namespace

std::string townshipExpression(const LayerSpec& spec) {
  if (spec.name == "townships") return "code";
  if (spec.name == "households") return "substr(village_code, 1, 9)";
  if (findField(spec, "township_code")) return "township_code";
  return "";
}

PgStore::PgStore(const std::string& uri, OpenMode mode) : m_uri(uri), m_conn(uri) {
  m_readOnly = mode == OpenMode::ReadOnly;
  PgResult has = m_conn.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (has.text(0, 0) != "t") throw OpenError("not a zhenmap project (no schema_migrations table)", {uri});
  PgResult v = m_conn.exec("SELECT coalesce(max(version), 0) FROM schema_migrations");
  const std::int64_t version = v.getInt(0, 0);
  if (version != kSchemaVersion) {
    throw OpenError("the server project has schema version " + std::to_string(version) + ", this zhenmap " +
                        std::to_string(kSchemaVersion) + " (push the project again from an up-to-date file)",
                    {uri});
  }
  PgResult ctx = m_conn.exec(
      "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND table_name = 'audit_log' AND column_name = 'context'");
  m_auditContext = ctx.getInt(0, 0) > 0;
}

PgConnection& PgStore::conn() {
  if (!m_conn.inTransaction()) m_conn.ensureConnected();
  return m_conn;
}

std::vector<LayerInfo> PgStore::layers() {
  std::vector<LayerInfo> out;
  for (const LayerSpec& spec : layerSpecs()) {
    LayerInfo info{spec.name, spec.titleZh, spec.geometryType, 0, false, ""};
    PgResult meta = conn().exec(
        "SELECT title_zh, geometry_type, synthetic_geometry, coalesce(description, '') FROM layer_metadata "
        "WHERE layer = $1",
        {param(spec.name)});
    if (meta.rows() > 0) {
      info.titleZh = meta.text(0, 0);
      info.geometryType = meta.text(0, 1);
      info.syntheticGeometry = meta.getInt(0, 2) != 0;
      info.description = meta.text(0, 3);
    }
    info.featureCount = conn().exec("SELECT count(*) FROM " + pgIdent(spec.name)).getInt(0, 0);
    out.push_back(std::move(info));
  }
  return out;
}

Feature PgStore::readFeature(const LayerSpec& spec, std::int64_t id) {
  PgResult r =
      conn().exec("SELECT " + selectColumns(spec) + " FROM " + pgIdent(spec.name) + " WHERE id = $1", {param(id)});
  if (r.rows() == 0) throw DataError("no such feature", {m_uri, spec.name, id});
  return readRow(r, 0, spec);
}

void PgStore::forEachFeature(const LayerSpec& spec,
                             const std::function<void(const Feature&, const std::string& wkb)>& fn) {
  PgResult r = conn().exec("SELECT " + selectColumns(spec) + ", ST_AsBinary(geom) FROM " + pgIdent(spec.name) +
                           " ORDER BY id");
  const int geomCol = static_cast<int>(spec.fields.size()) + 2;
  for (int i = 0; i < r.rows(); ++i) fn(readRow(r, i, spec), r.bytes(i, geomCol));
}

void PgStore::forEachRow(const LayerSpec& spec, const ProjectStore::RowFn& fn) {
  PgResult r = conn().exec("SELECT " + selectColumns(spec) + " FROM " + pgIdent(spec.name) + " ORDER BY id");
  std::vector<Value> values(spec.fields.size());
  for (int i = 0; i < r.rows(); ++i) {
    for (std::size_t c = 0; c < values.size(); ++c) values[c] = r.value(i, static_cast<int>(c) + 2);
    fn(r.getInt(i, 0), r.getInt(i, 1), values);
  }
}

void PgStore::query(const std::string& sql, const std::vector<Value>& params, const ProjectStore::QueryRowFn& fn) {
  // `?` -> $1, $2, ... outside quoted text and identifiers.
  std::string text;
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      text += "$" + std::to_string(++n);
      continue;
    }
    text += c;
  }
  std::vector<PgParam> values;
  for (const Value& v : params) values.push_back(param(v));
  PgResult r = conn().exec(text, values);
  std::vector<Value> row(static_cast<std::size_t>(r.columns()));
  for (int i = 0; i < r.rows(); ++i) {
    for (int c = 0; c < r.columns(); ++c) row[static_cast<std::size_t>(c)] = r.value(i, c);
    fn(row);
  }
}

std::vector<AuditEntry> PgStore::history(const std::string& layer, std::int64_t id) {
  PgResult r = conn().exec(
      "SELECT id, layer, feature_id, field, coalesce(old_value, 'NULL'), coalesce(new_value, 'NULL'), new_version, "
      "\"user\", time, coalesce(reason, ''), " +
          std::string(m_auditContext ? "coalesce(context, '')" : "''") +
          " FROM audit_log WHERE layer = $1 AND feature_id = $2 ORDER BY id",
      {param(layer), param(id)});
  std::vector<AuditEntry> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({r.getInt(i, 0), r.text(i, 1), r.getInt(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5),
                   r.getInt(i, 6), r.text(i, 7), r.text(i, 8), r.text(i, 9), r.text(i, 10)});
  }
  return out;
}

std::optional<std::pair<std::int64_t, Value>> PgStore::readCell(const LayerSpec& spec, const FieldSpec& field,
                                                                std::int64_t id) {
  PgResult r = conn().exec(
      "SELECT version, " + pgIdent(field.name) + " FROM " + pgIdent(spec.name) + " WHERE id = $1", {param(id)});
  if (r.rows() == 0) return std::nullopt;
  return std::make_pair(r.getInt(0, 0), normalize(field, r.value(0, 1)));
}

bool PgStore::referenceExists(const std::string& table, const std::string& column, const Value& v) {
  return conn().exec("SELECT 1 FROM " + pgIdent(table) + " WHERE " + pgIdent(column) + "::text = $1", {param(v)})
             .rows() > 0;
}

std::optional<std::string> PgStore::readOnlyReason(const LayerSpec& spec, std::int64_t id) {
  if (m_readOnly) return "the project is open read-only";
  PgConnection& c = conn();
  PgResult who = c.exec(
      "SELECT current_user, has_table_privilege($1, 'UPDATE'), "
      "(SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), "
      "(SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass($1)), "
      "pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass($1)), 'USAGE')",
      {param(spec.name)});
  const std::string user = who.text(0, 0);
  if (who.text(0, 1) != "t") return "the database role " + user + " may not edit " + spec.name;
  const bool bypass = who.text(0, 2) == "t" || who.text(0, 4) == "t";
  const std::string expr = townshipExpression(spec);
  if (bypass || who.text(0, 3) != "t" || expr.empty()) return std::nullopt;
  PgResult row = c.exec("SELECT " + expr + ", zhenmap_may_edit(" + expr + ", current_user) FROM " + pgIdent(spec.name) +
                            " WHERE id = $1",
                        {param(id)});
  if (row.rows() == 0) return std::nullopt;  // gone: the commit reports it as a conflict
  if (row.text(0, 1) == "t") return std::nullopt;
  PgResult mine = c.exec(
      "SELECT coalesce(string_agg(DISTINCT w.township_code, ', ' ORDER BY w.township_code), '') FROM team_roles r "
      "JOIN work_teams w ON w.id = r.team_id WHERE pg_has_role(current_user, r.role, 'MEMBER')");
  const std::string own = mine.text(0, 0);
  return "the row belongs to township " + row.text(0, 0) + "; the role " + user + " edits only " +
         (own.empty() ? std::string("no township (not a work team role)") : "township " + own);
}

CommitResult PgStore::commit(EditBuffer& buffer, const CommitOptions& options) {
  if (buffer.empty()) return {};
  if (m_readOnly) throw ReadOnlyError("project is open read-only; nothing was written", {m_uri});
  const std::string user = commitUser(options);
  const std::string now = utcNow();
  PgConnection& c = conn();

  // Group the buffer by layer (its order: layer, id, field).
  struct RowEdit {
    std::int64_t id;
    std::int64_t base;
    std::vector<std::pair<const CellKey*, const PendingChange*>> cells;
  };
  std::vector<std::pair<const LayerSpec*, std::vector<RowEdit>>> layers;
  for (const auto& [cell, change] : buffer.changes()) {
    const LayerSpec& spec = requireLayer(cell.layer);
    requireField(spec, cell.field);
    if (layers.empty() || layers.back().first != &spec) layers.push_back({&spec, {}});
    auto& rows = layers.back().second;
    if (rows.empty() || rows.back().id != cell.id) {
      rows.push_back({cell.id, buffer.baseVersion(cell.feature()).value_or(0), {}});
    }
    rows.back().cells.push_back({&cell, &change});
  }

  PgTransaction tx(c);
  std::vector<Conflict> conflicts;
  CommitResult result;
  for (auto& [specPtr, rows] : layers) {
    const LayerSpec& spec = *specPtr;
    const std::string table = pgIdent(spec.name);
    // Lock the edited rows and read the columns the checks need, in one statement.
    std::string ids = "{";
    for (std::size_t i = 0; i < rows.size(); ++i) ids += (i ? "," : "") + std::to_string(rows[i].id);
    ids += "}";
    std::string cols = "id, version";
    for (const FieldSpec& f : spec.fields) cols += ", " + pgIdent(f.name);
    PgResult locked = c.exec("SELECT " + cols + " FROM " + table + " WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
                             {param(ids)});
    std::map<std::int64_t, int> rowOf;
    for (int i = 0; i < locked.rows(); ++i) rowOf.emplace(locked.getInt(i, 0), i);
    // Rows the role may read but not lock for update are outside its permissions (row-level security).
    if (rowOf.size() < rows.size()) {
      for (const RowEdit& r : rows) {
        if (rowOf.count(r.id)) continue;
        PgResult exists = c.exec("SELECT 1 FROM " + table + " WHERE id = $1", {param(r.id)});
        if (exists.rows() > 0) {
          PgResult who = c.exec("SELECT current_user, " + townshipExpression(spec) + " FROM " + table +
                                    " WHERE id = $1",
                                {param(r.id)});
          throw ReadOnlyError("the role " + who.text(0, 0) + " may not edit this row (township " + who.text(0, 1) +
                                  " is another work team's); nothing was written",
                              {m_uri, spec.name, r.id});
        }
      }
    }
    struct Write {
      const RowEdit* edit;
      std::int64_t stored;
      Row row;  // the full stored row
    };
    std::vector<Write> writes;
    for (const RowEdit& r : rows) {
      RowCheck check;
      Row stored;
      auto found = rowOf.find(r.id);
      if (found != rowOf.end()) {
        check.found = true;
        check.storedVersion = locked.getInt(found->second, 1);
        for (std::size_t i = 0; i < spec.fields.size(); ++i) {
          stored.emplace(spec.fields[i].name, normalize(spec.fields[i], locked.value(found->second, static_cast<int>(i) + 2)));
        }
        for (const auto& cell : r.cells) check.current.push_back(stored.at(cell.first->field));
      }
      const std::size_t before = conflicts.size();
      collectConflicts(spec, r.cells, r.base, check, conflicts);
      if (conflicts.size() != before || !conflicts.empty()) continue;
      Row changed;
      for (const auto& [cell, change] : r.cells) {
        validateValue(spec, requireField(spec, cell->field), change->value, r.id);
        stored[cell->field] = change->value;
        if (!requireField(spec, cell->field).references.empty()) changed[cell->field] = change->value;
      }
      validateCrossFields(spec, stored, r.id);
      writes.push_back({&r, check.storedVersion, std::move(stored)});
    }
    if (!conflicts.empty()) continue;
    // References: checked after this layer's earlier layers were written (they are, in order).
    for (const Write& w : writes) {
      Row changed;
      for (const auto& [cell, change] : w.edit->cells) {
        if (!requireField(spec, cell->field).references.empty()) changed[cell->field] = change->value;
      }
      if (!changed.empty()) {
        validateReferences([this](const std::string& t, const std::string& col,
                                  const Value& v) { return referenceExists(t, col, v); },
                           spec, changed, w.edit->id);
      }
    }
    // Rows with the same set of edited fields go out in one UPDATE joined to unnest() of one array
    // per column: three to a dozen parameters whatever the row count, and an index join on id.
    std::map<std::vector<std::string>, std::vector<const Write*>> shapes;
    for (const Write& w : writes) {
      std::vector<std::string> fields;
      for (const auto& cell : w.edit->cells) fields.push_back(cell.first->field);
      shapes[fields].push_back(&w);
    }
    for (const auto& [fields, group] : shapes) {
      std::vector<PgArray> arrays(fields.size() + 2);
      for (const Write* w : group) {
        arrays[0].add(param(w->edit->id));
        arrays[1].add(param(w->stored));
        for (std::size_t i = 0; i < fields.size(); ++i) arrays[i + 2].add(param(w->edit->cells[i].second->value));
      }
      std::string sql = "UPDATE " + table + " AS t SET ";
      for (std::size_t i = 0; i < fields.size(); ++i) sql += pgIdent(fields[i]) + " = v.c" + std::to_string(i) + ", ";
      sql += "version = t.version + 1 FROM unnest($1::bigint[], $2::bigint[]";
      for (std::size_t i = 0; i < fields.size(); ++i) {
        sql += ", $" + std::to_string(i + 3) + "::" + pgFieldType(requireField(spec, fields[i]).type) + "[]";
      }
      sql += ") AS v(id, base";
      for (std::size_t i = 0; i < fields.size(); ++i) sql += ", c" + std::to_string(i);
      sql += ") WHERE t.id = v.id AND t.version = v.base";
      std::vector<PgParam> params;
      for (PgArray& a : arrays) params.push_back(a.text());
      PgResult done = c.exec(sql, params);
      if (done.affected() != static_cast<std::int64_t>(group.size())) {
        throw DataError("rows changed during the commit; nothing was written", {m_uri, spec.name});
      }
    }
    // Audit rows, in buffer order, in one INSERT ... SELECT FROM unnest().
    std::vector<PgArray> audit(m_auditContext ? 10 : 9);
    for (const Write& w : writes) {
      const int lockedRow = rowOf.at(w.edit->id);
      for (const auto& [cell, change] : w.edit->cells) {
        const FieldSpec& f = requireField(spec, cell->field);
        // The stored value before this commit: from the locked row.
        const Value oldValue = normalize(f, locked.value(lockedRow, static_cast<int>(&f - spec.fields.data()) + 2));
        audit[0].add(param(spec.name));
        audit[1].add(param(w.edit->id));
        audit[2].add(param(f.name));
        audit[3].add(param(displayValue(f, oldValue)));
        audit[4].add(param(displayValue(f, change->value)));
        audit[5].add(param(w.stored + 1));
        audit[6].add(param(user));
        audit[7].add(param(now));
        audit[8].add(param(options.reason));
        if (m_auditContext) audit[9].add(options.context.empty() ? PgParam{} : param(options.context));
        ++result.cells;
      }
      ++result.features;
    }
    if (!writes.empty()) {
      std::vector<PgParam> params;
      for (PgArray& a : audit) params.push_back(a.text());
      c.exec(std::string("INSERT INTO audit_log (layer, feature_id, field, old_value, new_value, new_version, \"user\", "
                         "time, reason") +
                 (m_auditContext ? ", context" : "") +
                 ") SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], "
                 "$7::text[], $8::text[], $9::text[]" +
                 (m_auditContext ? ", $10::text[]" : "") + ")",
             params);
    }
  }
  if (!conflicts.empty()) throw ConflictError(std::move(conflicts), m_uri);
  tx.commit();
  buffer.clear();
  return result;
}

}  // namespace zhenmap::store
