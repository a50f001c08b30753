// PgBackend::commit: the whole edit buffer in one server transaction. Per layer: the edited rows
// are locked and read in one SELECT ... FOR UPDATE, checked (conflicts, validation, references),
// written in one UPDATE joined to unnest() of one array per column for each set of edited fields,
// and their audit rows go out in one INSERT ... SELECT FROM unnest().
#include <map>

#include "store/pg_backend.hpp"

namespace zhenmap::store {

namespace {

using CellRef = std::pair<const CellKey*, const PendingChange*>;

struct RowEdit {
  std::int64_t id;
  std::int64_t base;
  std::vector<CellRef> cells;
};

struct Write {
  const RowEdit* edit;
  std::int64_t stored;
  Row row;  // the full stored row with the edits applied
};

class PgCommit {
 public:
  PgCommit(PgConnection& c, const std::string& uri, bool auditContext, const CommitOptions& options)
      : m_c(c),
        m_uri(uri),
        m_auditContext(auditContext),
        m_options(options),
        m_user(commitUser(options)),
        m_now(utcNow()) {}

  CommitResult run(const EditBuffer& buffer);

 private:
  void commitLayer(const LayerSpec& spec, const std::vector<RowEdit>& rows);
  void refuseHiddenRows(const LayerSpec& spec, const std::vector<RowEdit>& rows,
                        const std::map<std::int64_t, int>& rowOf);
  void checkReferences(const LayerSpec& spec, const std::vector<Write>& writes);
  void update(const LayerSpec& spec, const std::vector<Write>& writes);
  void audit(const LayerSpec& spec, const std::vector<Write>& writes, const PgResult& locked,
             const std::map<std::int64_t, int>& rowOf);

  PgConnection& m_c;
  const std::string& m_uri;
  const bool m_auditContext;
  const CommitOptions& m_options;
  const std::string m_user;
  const std::string m_now;
  std::vector<Conflict> m_conflicts;
  CommitResult m_result;
};

// Rows the role may read but not lock for update are outside its permissions (row-level security).
void PgCommit::refuseHiddenRows(const LayerSpec& spec, const std::vector<RowEdit>& rows,
                                const std::map<std::int64_t, int>& rowOf) {
  if (rowOf.size() >= rows.size()) return;
  const std::string table = pgIdent(spec.name);
  for (const RowEdit& r : rows) {
    if (rowOf.count(r.id)) continue;
    PgResult exists = m_c.exec("SELECT 1 FROM " + table + " WHERE id = $1", {param(r.id)});
    if (exists.rows() == 0) continue;  // gone: a conflict
    PgResult who = m_c.exec("SELECT current_user, " + townshipExpression(spec) + " FROM " + table + " WHERE id = $1",
                            {param(r.id)});
    throw ReadOnlyError("the role " + who.text(0, 0) + " may not edit this row (township " + who.text(0, 1) +
                            " is another work team's); nothing was written",
                        {m_uri, spec.name, r.id});
  }
}

// References: checked after the earlier layers were written (they are, in order).
void PgCommit::checkReferences(const LayerSpec& spec, const std::vector<Write>& writes) {
  for (const Write& w : writes) {
    Row changed;
    for (const auto& [cell, change] : w.edit->cells) {
      if (!requireField(spec, cell->field).references.empty()) changed[cell->field] = change->value;
    }
    if (changed.empty()) continue;
    validateReferences(
        [this](const std::string& t, const std::string& col, const Value& v) {
          return m_c.exec("SELECT 1 FROM " + pgIdent(t) + " WHERE " + pgIdent(col) + "::text = $1", {param(v)}).rows() >
                 0;
        },
        spec, changed, w.edit->id);
  }
}

// Rows with the same set of edited fields go out in one UPDATE joined to unnest() of one array
// per column: three to a dozen parameters whatever the row count, and an index join on id.
void PgCommit::update(const LayerSpec& spec, const std::vector<Write>& writes) {
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
    std::string sql = "UPDATE " + pgIdent(spec.name) + " AS t SET ";
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
    PgResult done = m_c.exec(sql, params);
    if (done.affected() != static_cast<std::int64_t>(group.size())) {
      throw DataError("rows changed during the commit; nothing was written", {m_uri, spec.name});
    }
  }
}

// Audit rows, in buffer order, in one INSERT ... SELECT FROM unnest().
void PgCommit::audit(const LayerSpec& spec, const std::vector<Write>& writes, const PgResult& locked,
                     const std::map<std::int64_t, int>& rowOf) {
  if (writes.empty()) return;
  std::vector<PgArray> audit(m_auditContext ? 10 : 9);
  for (const Write& w : writes) {
    const int lockedRow = rowOf.at(w.edit->id);
    for (const auto& [cell, change] : w.edit->cells) {
      const FieldSpec& f = requireField(spec, cell->field);
      // The stored value before this commit: from the locked row.
      const Value oldValue = pgNormalize(f, locked.value(lockedRow, static_cast<int>(&f - spec.fields.data()) + 2));
      audit[0].add(param(spec.name));
      audit[1].add(param(w.edit->id));
      audit[2].add(param(f.name));
      audit[3].add(param(displayValue(f, oldValue)));
      audit[4].add(param(displayValue(f, change->value)));
      audit[5].add(param(w.stored + 1));
      audit[6].add(param(m_user));
      audit[7].add(param(m_now));
      audit[8].add(param(m_options.reason));
      if (m_auditContext) audit[9].add(m_options.context.empty() ? PgParam{} : param(m_options.context));
      ++m_result.cells;
    }
    ++m_result.features;
  }
  std::vector<PgParam> params;
  for (PgArray& a : audit) params.push_back(a.text());
  m_c.exec(std::string("INSERT INTO audit_log (layer, feature_id, field, old_value, new_value, new_version, \"user\", "
                       "time, reason") +
               (m_auditContext ? ", context" : "") +
               ") SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], "
               "$7::text[], $8::text[], $9::text[]" +
               (m_auditContext ? ", $10::text[]" : "") + ")",
           params);
}

void PgCommit::commitLayer(const LayerSpec& spec, const std::vector<RowEdit>& rows) {
  // Lock the edited rows and read the columns the checks need, in one statement.
  PgArray ids;
  for (const RowEdit& r : rows) ids.add(param(r.id));
  std::string cols = "id, version";
  for (const FieldSpec& f : spec.fields) cols += ", " + pgIdent(f.name);
  PgResult locked = m_c.exec(
      "SELECT " + cols + " FROM " + pgIdent(spec.name) + " WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
      {ids.text()});
  std::map<std::int64_t, int> rowOf;
  for (int i = 0; i < locked.rows(); ++i) rowOf.emplace(locked.getInt(i, 0), i);
  refuseHiddenRows(spec, rows, rowOf);
  std::vector<Write> writes;
  for (const RowEdit& r : rows) {
    RowCheck check;
    Row stored;
    if (auto found = rowOf.find(r.id); found != rowOf.end()) {
      check.found = true;
      check.storedVersion = locked.getInt(found->second, 1);
      for (std::size_t i = 0; i < spec.fields.size(); ++i) {
        stored.emplace(spec.fields[i].name,
                       pgNormalize(spec.fields[i], locked.value(found->second, static_cast<int>(i) + 2)));
      }
      for (const auto& cell : r.cells) check.current.push_back(stored.at(cell.first->field));
    }
    const std::size_t before = m_conflicts.size();
    collectConflicts(spec, r.cells, r.base, check, m_conflicts);
    if (m_conflicts.size() != before || !m_conflicts.empty()) continue;
    for (const auto& [cell, change] : r.cells) {
      validateValue(spec, requireField(spec, cell->field), change->value, r.id);
      stored[cell->field] = change->value;
    }
    validateCrossFields(spec, stored, r.id);
    writes.push_back({&r, check.storedVersion, std::move(stored)});
  }
  if (!m_conflicts.empty()) return;
  checkReferences(spec, writes);
  update(spec, writes);
  audit(spec, writes, locked, rowOf);
}

CommitResult PgCommit::run(const EditBuffer& buffer) {
  // Group the buffer by layer (its order: layer, id, field).
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
  PgTransaction tx(m_c);
  for (auto& [spec, rows] : layers) commitLayer(*spec, rows);
  if (!m_conflicts.empty()) throw ConflictError(std::move(m_conflicts), m_uri);
  tx.commit();
  return m_result;
}

}  // namespace

CommitResult PgBackend::commit(EditBuffer& buffer, const CommitOptions& options) {
  if (buffer.empty()) return {};
  if (m_readOnly) throw ReadOnlyError("project is open read-only; nothing was written", {m_uri});
  const CommitResult result = PgCommit(conn(), m_uri, m_auditContext, options).run(buffer);
  buffer.clear();
  return result;
}

}  // namespace zhenmap::store
