// PgBackend::commit: a commit plan in one server transaction. It first takes the audit log's
// advisory lock and hands reason and context to the server's audit triggers (set_config(...,
// true): this transaction only; the user is the server's session_user). Per layer in the
// project's order:
// inserts (ids drawn from the layer's sequence, one INSERT ... SELECT FROM unnest()), then
// updates: the edited rows are locked and read in one SELECT ... FOR UPDATE, checked (conflicts,
// validation, references), written in one UPDATE joined to unnest() for each set of edited
// fields (rows with a new geometry one by one); then deletes, layers in reverse order.
#include <map>

#include "store/pg_audit.hpp"
#include "store/pg_backend.hpp"

namespace zhenmap::store {

namespace {

struct Write {
  const CommitPlan::Update* update;
  std::int64_t stored;  // the locked row's version
  int lockedRow;
};

std::string geometrySql(const std::string& placeholder) {
  return "ST_GeomFromWKB(" + placeholder + "::bytea, " + std::to_string(kStoreSrid) + ")";
}

class PgCommit {
 public:
  PgCommit(PgConnection& c, const std::string& uri, const CommitOptions& options)
      : m_c(c), m_uri(uri), m_options(options) {}

  ChangeSet run(const CommitPlan& plan);

 private:
  ReferenceLookup lookup();
  void insert(const LayerSpec& spec, const std::vector<CommitPlan::Insert>& inserts);
  void updateLayer(const LayerSpec& spec, const std::vector<CommitPlan::Update>& updates);
  void refuseHiddenRows(const LayerSpec& spec, const std::vector<std::int64_t>& ids,
                        const std::map<std::int64_t, int>& rowOf);
  void writeCells(const LayerSpec& spec, const std::vector<Write>& writes);
  void writeGeometry(const LayerSpec& spec, const Write& w);
  void remove(const std::vector<const LayerSpec*>& schema, const LayerSpec& spec,
              const std::vector<CommitPlan::Delete>& deletes);

  PgConnection& m_c;
  const std::string& m_uri;
  const CommitOptions& m_options;
  std::vector<Conflict> m_conflicts;
  ChangeSet m_changes;
};

ReferenceLookup PgCommit::lookup() {
  return [this](const std::string& t, const std::string& col, const Value& v) {
    return m_c.exec("SELECT 1 FROM " + pgIdent(t) + " WHERE " + pgIdent(col) + "::text = $1", {param(v)}).rows() > 0;
  };
}

void PgCommit::insert(const LayerSpec& spec, const std::vector<CommitPlan::Insert>& inserts) {
  if (inserts.empty() || !m_conflicts.empty()) return;
  for (const CommitPlan::Insert& ins : inserts) validateInsert(spec, *ins.feature, lookup());
  const std::string table = pgIdent(spec.name);
  // Ids from the layer's sequence (zhenmap_next_ids reaches it wherever the table lives).
  PgResult ids = m_c.exec("SELECT zhenmap_next_ids($1, $2::int)",
                          {param(spec.name), param(static_cast<std::int64_t>(inserts.size()))});
  std::vector<PgArray> arrays(spec.fields.size() + 2);
  for (std::size_t k = 0; k < inserts.size(); ++k) {
    arrays[0].add(param(ids.getInt(static_cast<int>(k), 0)));
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
      const auto it = inserts[k].feature->attributes.find(spec.fields[i].name);
      arrays[i + 1].add(it == inserts[k].feature->attributes.end() ? PgParam{} : param(it->second));
    }
    arrays.back().add(byteaParam(inserts[k].feature->wkb));
    m_changes.layers[spec.name].inserted[inserts[k].temporaryId] = ids.getInt(static_cast<int>(k), 0);
  }
  std::string cols = "id", select = "v.c0", types = "$1::bigint[]", names = "c0";
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    const std::string c = "c" + std::to_string(i + 1);
    cols += ", " + pgIdent(spec.fields[i].name);
    select += ", v." + c;
    types += ", $" + std::to_string(i + 2) + "::" + pgFieldType(spec.fields[i].type) + "[]";
    names += ", " + c;
  }
  const std::string g = "$" + std::to_string(spec.fields.size() + 2);
  std::vector<PgParam> params;
  for (PgArray& a : arrays) params.push_back(a.text());
  m_c.exec("INSERT INTO " + table + " (" + cols + ", geom) SELECT " + select + ", " + geometrySql("v.g") +
               " FROM unnest(" + types + ", " + g + "::bytea[]) AS v(" + names + ", g)",
           params);
}

// Rows the role may read but not lock for update are outside its permissions (row-level security).
void PgCommit::refuseHiddenRows(const LayerSpec& spec, const std::vector<std::int64_t>& ids,
                                const std::map<std::int64_t, int>& rowOf) {
  if (rowOf.size() >= ids.size()) return;
  const std::string table = pgIdent(spec.name);
  for (std::int64_t id : ids) {
    if (rowOf.count(id)) continue;
    if (m_c.exec("SELECT 1 FROM " + table + " WHERE id = $1", {param(id)}).rows() == 0) continue;  // gone: a conflict
    const std::string expr = townshipExpression(spec).empty() ? "NULL" : townshipExpression(spec);
    PgResult who = m_c.exec("SELECT current_user, " + expr + " FROM " + table + " WHERE id = $1", {param(id)});
    throw ReadOnlyError("the role " + who.text(0, 0) + " may not edit this row (township " + who.text(0, 1) +
                            " is another work team's); nothing was written",
                        {m_uri, spec.name, id});
  }
}

// Rows with the same set of edited fields go out in one UPDATE joined to unnest() of one array
// per column: three to a dozen parameters whatever the row count, and an index join on id.
void PgCommit::writeCells(const LayerSpec& spec, const std::vector<Write>& writes) {
  std::map<std::vector<const FieldSpec*>, std::vector<const Write*>> shapes;
  for (const Write& w : writes) {
    if (w.update->geometry) continue;
    std::vector<const FieldSpec*> fields;
    for (const auto& cell : w.update->cells) fields.push_back(cell.first);
    shapes[fields].push_back(&w);
  }
  for (const auto& [fields, group] : shapes) {
    std::vector<PgArray> arrays(fields.size() + 2);
    for (const Write* w : group) {
      arrays[0].add(param(w->update->id));
      arrays[1].add(param(w->stored));
      for (std::size_t i = 0; i < fields.size(); ++i) arrays[i + 2].add(param(w->update->cells[i].second->value));
    }
    std::string sql = "UPDATE " + pgIdent(spec.name) + " AS t SET ";
    for (std::size_t i = 0; i < fields.size(); ++i)
      sql += pgIdent(fields[i]->name) + " = v.c" + std::to_string(i) + ", ";
    sql += "version = t.version + 1 FROM unnest($1::bigint[], $2::bigint[]";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      sql += ", $" + std::to_string(i + 3) + "::" + pgFieldType(fields[i]->type) + "[]";
    }
    sql += ") AS v(id, base";
    for (std::size_t i = 0; i < fields.size(); ++i) sql += ", c" + std::to_string(i);
    sql += ") WHERE t.id = v.id AND t.version = v.base";
    std::vector<PgParam> params;
    for (PgArray& a : arrays) params.push_back(a.text());
    if (m_c.exec(sql, params).affected() != static_cast<std::int64_t>(group.size())) {
      throw DataError("rows changed during the commit; nothing was written", {m_uri, spec.name});
    }
  }
}

void PgCommit::writeGeometry(const LayerSpec& spec, const Write& w) {
  std::string sql = "UPDATE " + pgIdent(spec.name) + " SET ";
  std::vector<PgParam> params;
  for (const auto& [field, change] : w.update->cells) {
    params.push_back(param(change->value));
    sql += pgIdent(field->name) + " = $" + std::to_string(params.size()) + "::" + pgFieldType(field->type) + ", ";
  }
  params.push_back(byteaParam(w.update->geometry->wkb));
  sql += "geom = " + geometrySql("$" + std::to_string(params.size())) + ", version = version + 1";
  params.push_back(param(w.update->id));
  params.push_back(param(w.stored));
  sql += " WHERE id = $" + std::to_string(params.size() - 1) + " AND version = $" + std::to_string(params.size());
  if (m_c.exec(sql, params).affected() != 1) {
    throw DataError("the row changed during the commit; nothing was written", {m_uri, spec.name, w.update->id});
  }
}

void PgCommit::updateLayer(const LayerSpec& spec, const std::vector<CommitPlan::Update>& updates) {
  if (updates.empty()) return;
  PgArray idList;
  std::vector<std::int64_t> ids;
  bool geometry = false;
  for (const CommitPlan::Update& u : updates) {
    idList.add(param(u.id));
    ids.push_back(u.id);
    geometry = geometry || u.geometry;
  }
  std::string cols = "id, version";
  for (const FieldSpec& f : spec.fields) cols += ", " + pgIdent(f.name);
  if (geometry) cols += ", ST_AsBinary(geom)";
  PgResult locked = m_c.exec(
      "SELECT " + cols + " FROM " + pgIdent(spec.name) + " WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
      {idList.text()});
  std::map<std::int64_t, int> rowOf;
  for (int i = 0; i < locked.rows(); ++i) rowOf.emplace(locked.getInt(i, 0), i);
  refuseHiddenRows(spec, ids, rowOf);
  std::vector<Write> writes;
  for (const CommitPlan::Update& u : updates) {
    StoredState stored;
    Row row;
    const auto found = rowOf.find(u.id);
    if (found != rowOf.end()) {
      stored.found = true;
      stored.version = locked.getInt(found->second, 1);
      for (std::size_t i = 0; i < spec.fields.size(); ++i) {
        row.emplace(spec.fields[i].name,
                    pgNormalize(spec.fields[i], locked.value(found->second, static_cast<int>(i) + 2)));
      }
      for (const auto& cell : u.cells) stored.cells.push_back(row.at(cell.first->name));
      if (geometry) stored.wkb = locked.bytes(found->second, static_cast<int>(spec.fields.size()) + 2);
    }
    const std::size_t before = m_conflicts.size();
    updateConflicts(spec, u, stored, m_conflicts);
    if (m_conflicts.size() != before || !m_conflicts.empty()) continue;
    Row changed;
    for (const auto& [field, change] : u.cells) {
      validateValue(spec, *field, change->value, u.id);
      row[field->name] = change->value;
      if (!field->references.empty()) changed[field->name] = change->value;
    }
    validateCrossFields(spec, row, u.id);
    if (!changed.empty()) validateReferences(lookup(), spec, changed, u.id);
    writes.push_back({&u, stored.version, found->second});
    FeatureChange& change = m_changes.layers[spec.name].updated[u.id];
    change.version = stored.version + 1;
    change.geometry = u.geometry != nullptr;
    for (const auto& cell : u.cells) change.fields.insert(cell.first->name);
    m_changes.cells += u.cells.size();
  }
  if (!m_conflicts.empty()) return;
  writeCells(spec, writes);
  for (const Write& w : writes) {
    if (w.update->geometry) writeGeometry(spec, w);
  }
}

void PgCommit::remove(const std::vector<const LayerSpec*>& schema, const LayerSpec& spec,
                      const std::vector<CommitPlan::Delete>& deletes) {
  if (deletes.empty()) return;
  PgArray idList;
  std::vector<std::int64_t> ids;
  for (const CommitPlan::Delete& d : deletes) {
    idList.add(param(d.id));
    ids.push_back(d.id);
  }
  PgResult locked =
      m_c.exec("SELECT id, version FROM " + pgIdent(spec.name) + " WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
               {idList.text()});
  std::map<std::int64_t, int> rowOf;
  for (int i = 0; i < locked.rows(); ++i) rowOf.emplace(locked.getInt(i, 0), i);
  refuseHiddenRows(spec, ids, rowOf);
  for (const CommitPlan::Delete& d : deletes) {
    const auto found = rowOf.find(d.id);
    deleteConflict(spec, d, found != rowOf.end(), found != rowOf.end() ? locked.getInt(found->second, 1) : 0,
                   m_conflicts);
  }
  if (!m_conflicts.empty()) return;
  for (const CommitPlan::Delete& d : deletes) checkNotReferenced(schema, spec, d, lookup());
  if (m_c.exec("DELETE FROM " + pgIdent(spec.name) + " WHERE id = ANY($1::bigint[])", {idList.text()}).affected() !=
      static_cast<std::int64_t>(deletes.size())) {
    throw DataError("rows changed during the commit; nothing was written", {m_uri, spec.name});
  }
  for (std::int64_t id : ids) m_changes.layers[spec.name].deleted.insert(id);
}

ChangeSet PgCommit::run(const CommitPlan& plan) {
  PgTransaction tx(m_c);
  m_c.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kAuditLockKey) +
               "), set_config('zhenmap.reason', $1, true), set_config('zhenmap.context', $2, true), "
               "set_config('zhenmap.writer', 'zhenmap', true)",
           {param(m_options.reason), param(m_options.context)});
  for (const CommitPlan::Layer& layer : plan.layers) {
    insert(*layer.spec, layer.inserts);
    updateLayer(*layer.spec, layer.updates);
  }
  for (auto layer = plan.layers.rbegin(); layer != plan.layers.rend() && m_conflicts.empty(); ++layer) {
    remove(plan.schema, *layer->spec, layer->deletes);
  }
  if (!m_conflicts.empty()) throw ConflictError(std::move(m_conflicts), m_uri);
  tx.commit();
  return m_changes;
}

}  // namespace

ChangeSet PgBackend::commit(const CommitPlan& plan, const CommitOptions& options) {
  if (m_readOnly) throw ReadOnlyError("project is open read-only; nothing was written", {m_uri});
  try {
    return PgCommit(conn(), m_uri, options).run(plan);
  } catch (const PgError& e) {
    // Row-level security or the personal-data trigger refused a row: the role's permissions.
    if (e.permissionDenied()) throw ReadOnlyError(std::string(e.what()) + "; nothing was written", {m_uri});
    throw;
  }
}

}  // namespace zhenmap::store
