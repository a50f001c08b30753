// SqliteBackend::commit: a commit plan in one SQLite transaction (BEGIN IMMEDIATE). The commit's
// user, reason and context go into audit_context first, for the triggers that write the audit
// rows (sqlite_audit.hpp); it is cleared again and the new audit rows sealed before COMMIT. Per
// layer in the project's order: inserts, then updates: each row is read and checked (version,
// conflicts, validation), rows that change the same fields are written in batches (one UPDATE
// ... FROM (VALUES ...)), rows with a new geometry one by one; then deletes, layers in reverse
// order. A batch never spans layers, so reference checks see the same data as row-by-row writes.
#include <algorithm>
#include <set>

#include "store/audit_chain.hpp"
#include "store/sqlite_backend.hpp"

namespace zhenmap::store {

namespace {

// Large enough that SQLite's per-statement cost stops mattering, small enough to keep the
// statements short to prepare. SQLite allows 32,766 parameters per statement.
constexpr std::size_t kMaxRowsPerUpdate = 128;
constexpr std::size_t kMaxParameters = 32766;
// Statements kept between commits at most: batched UPDATEs differ by their row count and fields,
// so the set is cleared when it grows past this.
constexpr std::size_t kMaxKeptStatements = 64;

std::string geometrySql() { return "GeomFromWKB(?, " + std::to_string(kStoreSrid) + ")"; }

class SqliteCommit {
 public:
  // statements: prepared statements kept between commits (SqliteBackend), reset when the commit
  // ends, so that none holds a read lock or a bound pointer afterwards.
  SqliteCommit(Database& db, std::map<std::string, Statement>& statements, const CommitOptions& options)
      : m_db(db), m_statements(statements), m_options(options), m_user(commitUser(options)), m_now(utcNow()) {
    if (m_statements.size() > kMaxKeptStatements) m_statements.clear();
  }
  ~SqliteCommit() {
    for (auto& [sql, s] : m_statements) s.reset();
  }
  SqliteCommit(const SqliteCommit&) = delete;
  SqliteCommit& operator=(const SqliteCommit&) = delete;

  ChangeSet run(const CommitPlan& plan);

 private:
  struct RowWrite {
    std::int64_t id;
    std::int64_t base;
    std::vector<const Value*> values;  // one per batch field, owned by the session's buffer
  };
  // What the commit read of one updated row: the edited cells, then cross-field inputs.
  struct RowRead {
    std::vector<std::string> columns;
    StoredState stored;
    std::vector<Value> extra;  // the stored values of the cross-field inputs not edited
    bool crossInputChanged = false;
  };

  Statement& statement(const std::string& sql);
  ReferenceLookup lookup();
  void insert(const LayerSpec& spec, const CommitPlan::Insert& ins);
  RowRead readRow(const LayerSpec& spec, const CommitPlan::Update& u);
  void validate(const LayerSpec& spec, const CommitPlan::Update& u, const RowRead& row);
  void writeWithGeometry(const LayerSpec& spec, const CommitPlan::Update& u, std::int64_t stored);
  void queue(const LayerSpec& spec, const CommitPlan::Update& u, const RowRead& row);
  void remove(const std::vector<const LayerSpec*>& schema, const LayerSpec& spec, const CommitPlan::Delete& del);
  void flushRows();
  void touchLayers();

  Database& m_db;
  std::map<std::string, Statement>& m_statements;
  const CommitOptions& m_options;
  const std::string m_user;
  const std::string m_now;
  const LayerSpec* m_batchSpec = nullptr;
  std::vector<const FieldSpec*> m_batchFields;
  std::vector<RowWrite> m_batch;
  std::vector<Conflict> m_conflicts;
  std::set<std::string> m_touched;
  ChangeSet m_changes;
};

Statement& SqliteCommit::statement(const std::string& sql) {
  auto found = m_statements.find(sql);
  if (found == m_statements.end()) found = m_statements.emplace(sql, m_db.prepare(sql)).first;
  return found->second;
}

ReferenceLookup SqliteCommit::lookup() {
  return [this](const std::string& table, const std::string& column, const Value& v) {
    Statement& s = statement("SELECT 1 FROM \"" + table + "\" WHERE \"" + column + "\" = ?");
    s.bind(1, v);
    const bool found = s.step();
    s.reset();
    return found;
  };
}

void SqliteCommit::insert(const LayerSpec& spec, const CommitPlan::Insert& ins) {
  validateInsert(spec, *ins.feature, lookup());
  std::string cols, marks;
  for (const FieldSpec& f : spec.fields) {
    cols += "\"" + f.name + "\", ";
    marks += "?, ";
  }
  Statement& s =
      statement("INSERT INTO \"" + spec.name + "\" (" + cols + "geom) VALUES (" + marks + geometrySql() + ")");
  int p = 1;
  for (const FieldSpec& f : spec.fields) {
    const auto it = ins.feature->attributes.find(f.name);
    s.bind(p++, it == ins.feature->attributes.end() ? Value{} : it->second);
  }
  s.bindBlob(p, ins.feature->wkb.data(), ins.feature->wkb.size());
  s.run();
  m_changes.layers[spec.name].inserted[ins.temporaryId] = m_db.lastInsertId();
  m_touched.insert(spec.name);
}

// Reads only what the commit needs: the version, the edited cells (audit, conflicts), the
// inputs of cross-field rules they take part in, and the geometry when it changes. Other cells
// were validated when they were written.
SqliteCommit::RowRead SqliteCommit::readRow(const LayerSpec& spec, const CommitPlan::Update& u) {
  RowRead row;
  const auto inputs = crossFieldInputs(spec);
  for (const auto& [field, change] : u.cells) {
    row.columns.push_back(field->name);
    row.crossInputChanged =
        row.crossInputChanged || std::find(inputs.begin(), inputs.end(), field->name) != inputs.end();
  }
  const std::size_t edited = row.columns.size();
  if (row.crossInputChanged) {
    for (const std::string& input : inputs) {
      if (std::find(row.columns.begin(), row.columns.end(), input) == row.columns.end()) row.columns.push_back(input);
    }
  }
  std::string sql = "SELECT version";
  for (const std::string& col : row.columns) sql += ", \"" + col + "\"";
  if (u.geometry) sql += ", AsBinary(geom)";
  Statement& s = statement(sql + " FROM \"" + spec.name + "\" WHERE id = ?");
  s.bindInt(1, u.id);
  row.stored.found = s.step();
  if (row.stored.found) {
    row.stored.version = s.getInt(0);
    for (std::size_t i = 0; i < row.columns.size(); ++i) {
      (i < edited ? row.stored.cells : row.extra).push_back(s.getValue(static_cast<int>(i) + 1));
    }
    if (u.geometry) row.stored.wkb = s.getBlob(static_cast<int>(row.columns.size()) + 1);
  }
  s.reset();
  return row;
}

void SqliteCommit::validate(const LayerSpec& spec, const CommitPlan::Update& u, const RowRead& row) {
  for (const auto& [field, change] : u.cells) validateValue(spec, *field, change->value, u.id);
  if (row.crossInputChanged) {
    Row values;
    for (std::size_t i = 0; i < row.columns.size(); ++i) {
      values.emplace(row.columns[i], i < u.cells.size() ? u.cells[i].second->value : row.extra[i - u.cells.size()]);
    }
    validateCrossFields(spec, values, u.id);
  }
  Row references;
  for (const auto& [field, change] : u.cells) {
    if (!field->references.empty()) references[field->name] = change->value;
  }
  if (!references.empty()) validateReferences(lookup(), spec, references, u.id);
}

// A row whose geometry changes goes out on its own, with its edited cells.
void SqliteCommit::writeWithGeometry(const LayerSpec& spec, const CommitPlan::Update& u, std::int64_t stored) {
  std::string sql = "UPDATE \"" + spec.name + "\" SET ";
  for (const auto& [field, change] : u.cells) sql += "\"" + field->name + "\" = ?, ";
  sql += "geom = " + geometrySql() + ", version = version + 1 WHERE id = ? AND version = ?";
  Statement& s = statement(sql);
  int p = 1;
  for (const auto& [field, change] : u.cells) s.bind(p++, change->value);
  s.bindBlob(p, u.geometry->wkb.data(), u.geometry->wkb.size());
  s.bindInt(p + 1, u.id).bindInt(p + 2, stored);
  s.run();
  if (m_db.changes() != 1) throw DataError("the row changed during the commit", {m_db.path(), spec.name, u.id});
}

void SqliteCommit::queue(const LayerSpec& spec, const CommitPlan::Update& u, const RowRead& row) {
  FeatureChange& change = m_changes.layers[spec.name].updated[u.id];
  change.version = row.stored.version + 1;
  change.geometry = u.geometry != nullptr;
  for (const auto& [field, c] : u.cells) {
    change.fields.insert(field->name);
    ++m_changes.cells;
  }
  m_touched.insert(spec.name);
  if (u.geometry) {
    writeWithGeometry(spec, u, row.stored.version);
    return;
  }
  std::vector<const FieldSpec*> fields;
  for (const auto& [field, c] : u.cells) fields.push_back(field);
  const bool sameShape = m_batchSpec == &spec && m_batchFields == fields;
  const std::size_t width = fields.size() + 2;
  if (!sameShape || m_batch.size() + 1 > kMaxRowsPerUpdate || (m_batch.size() + 1) * width > kMaxParameters) {
    flushRows();
    m_batchSpec = &spec;
    m_batchFields = fields;
  }
  RowWrite write{u.id, row.stored.version, {}};
  for (const auto& [field, c] : u.cells) write.values.push_back(&c->value);
  m_batch.push_back(std::move(write));
}

void SqliteCommit::remove(const std::vector<const LayerSpec*>& schema, const LayerSpec& spec,
                          const CommitPlan::Delete& del) {
  Statement& read = statement("SELECT version FROM \"" + spec.name + "\" WHERE id = ?");
  read.bindInt(1, del.id);
  const bool found = read.step();
  const std::int64_t version = found ? read.getInt(0) : 0;
  read.reset();
  const std::size_t before = m_conflicts.size();
  deleteConflict(spec, del, found, version, m_conflicts);
  if (m_conflicts.size() != before || !m_conflicts.empty()) return;
  checkNotReferenced(schema, spec, del, lookup());
  Statement& s = statement("DELETE FROM \"" + spec.name + "\" WHERE id = ? AND version = ?");
  s.bindInt(1, del.id).bindInt(2, version).run();
  if (m_db.changes() != 1) throw DataError("the row changed during the commit", {m_db.path(), spec.name, del.id});
  m_changes.layers[spec.name].deleted.insert(del.id);
  m_touched.insert(spec.name);
}

void SqliteCommit::flushRows() {
  if (m_batch.empty()) return;
  // v.column1 = id, column2 = base version, then the new values in batch-field order.
  const std::string table = "\"" + m_batchSpec->name + "\"";
  std::string sql = "UPDATE " + table + " SET ";
  for (std::size_t i = 0; i < m_batchFields.size(); ++i) {
    sql += "\"" + m_batchFields[i]->name + "\" = v.column" + std::to_string(i + 3) + ", ";
  }
  sql += "version = version + 1 FROM (VALUES ";
  std::string tuple = "(?, ?";
  for (std::size_t i = 0; i < m_batchFields.size(); ++i) tuple += ", ?";
  tuple += ")";
  for (std::size_t k = 0; k < m_batch.size(); ++k) sql += (k ? ", " : "") + tuple;
  sql += ") AS v WHERE " + table + ".id = v.column1 AND " + table + ".version = v.column2";
  Statement& update = statement(sql);
  const int width = static_cast<int>(m_batchFields.size()) + 2;
  for (std::size_t k = 0; k < m_batch.size(); ++k) {
    const int p = static_cast<int>(k) * width;
    update.bindInt(p + 1, m_batch[k].id).bindInt(p + 2, m_batch[k].base);
    for (std::size_t i = 0; i < m_batchFields.size(); ++i)
      update.bind(p + 3 + static_cast<int>(i), *m_batch[k].values[i]);
  }
  update.run();
  if (m_db.changes() != static_cast<int>(m_batch.size())) {
    throw DataError("rows changed during the commit", {m_db.path(), m_batchSpec->name, m_batch.front().id});
  }
  m_batch.clear();
}

// SpatiaLite's per-row last_update triggers are replaced by one update per layer (migration 2).
void SqliteCommit::touchLayers() {
  Statement& touch = statement(
      "UPDATE geometry_columns_time SET last_update = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
      "WHERE f_table_name = ? AND f_geometry_column = 'geom'");
  for (const std::string& layer : m_touched) touch.bind(1, layer).run();
}

ChangeSet SqliteCommit::run(const CommitPlan& plan) {
  Transaction tx(m_db);
  Statement& context =
      statement("INSERT OR REPLACE INTO audit_context (id, user, reason, context, time) VALUES (1, ?, ?, ?, ?)");
  context.bindText(1, m_user).bind(2, m_options.reason.empty() ? Value{} : Value{m_options.reason});
  context.bind(3, m_options.context.empty() ? Value{} : Value{m_options.context}).bindText(4, m_now).run();
  for (const CommitPlan::Layer& layer : plan.layers) {
    const LayerSpec& spec = *layer.spec;
    if (m_conflicts.empty()) {
      for (const CommitPlan::Insert& ins : layer.inserts) insert(spec, ins);
    }
    for (const CommitPlan::Update& u : layer.updates) {
      const RowRead row = readRow(spec, u);
      const std::size_t before = m_conflicts.size();
      updateConflicts(spec, u, row.stored, m_conflicts);
      if (m_conflicts.size() != before || !m_conflicts.empty()) continue;
      validate(spec, u, row);
      queue(spec, u, row);
    }
    // A layer's rows are written before the next layer's rows are read and checked: its
    // reference checks must see them, as they would with row-by-row writes.
    if (m_conflicts.empty()) flushRows();
  }
  for (auto layer = plan.layers.rbegin(); layer != plan.layers.rend(); ++layer) {
    for (const CommitPlan::Delete& del : layer->deletes) remove(plan.schema, *layer->spec, del);
  }
  if (!m_conflicts.empty()) throw ConflictError(std::move(m_conflicts), m_db.path());
  touchLayers();
  statement("DELETE FROM audit_context").run();
  sealAudit(m_db);
  for (auto& [sql, s] : m_statements) s.reset();
  tx.commit();
  return m_changes;
}

}  // namespace

ChangeSet SqliteBackend::commit(const CommitPlan& plan, const CommitOptions& options) {
  if (m_db.readOnly()) {
    throw ReadOnlyError("project is open read-only (the file or its folder is not writable); nothing was written",
                        {m_db.path()});
  }
  return SqliteCommit(m_db, m_commitStatements, options).run(plan);
}

}  // namespace zhenmap::store
