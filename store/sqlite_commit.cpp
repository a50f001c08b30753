// SqliteBackend::commit: the whole edit buffer in one SQLite transaction. Rows are checked one by
// one (version, validation) but written in batches: consecutive rows of a layer that change the
// same fields go out in one UPDATE ... FROM (VALUES ...), audit rows in multi-row INSERTs, in the
// buffer's order (layer, id). A batch never spans layers, so reference checks see the same data
// as row-by-row writes would.
#include <algorithm>
#include <set>

#include "store/sqlite_backend.hpp"

namespace zhenmap::store {

namespace {

// Large enough that SQLite's per-statement cost stops mattering, small enough to keep the
// statements short to prepare. SQLite allows 32,766 parameters per statement.
constexpr std::size_t kMaxRowsPerUpdate = 128;
constexpr std::size_t kAuditRowsPerInsert = 64;
constexpr std::size_t kMaxParameters = 32766;

using CellIt = std::map<CellKey, PendingChange>::const_iterator;

class SqliteCommit {
 public:
  SqliteCommit(Database& db, const CommitOptions& options)
      : m_db(db), m_options(options), m_user(commitUser(options)), m_now(utcNow()) {}

  CommitResult run(const EditBuffer& buffer);

 private:
  struct AuditRow {
    const LayerSpec* spec;
    std::int64_t id;
    const FieldSpec* field;
    std::string oldText;
    std::string newText;
    std::int64_t newVersion;
  };
  struct RowWrite {
    std::int64_t id;
    std::int64_t base;
    std::vector<const Value*> values;  // one per batch field, owned by the buffer
  };
  // The cells of one feature [begin, end) with what the commit read of its stored row.
  struct RowRead {
    CellIt begin, end;
    std::int64_t id = 0;
    bool found = false;
    std::int64_t stored = 0;
    std::vector<const FieldSpec*> fields;  // the edited fields, in buffer order
    std::vector<std::string> columns;      // fields, then cross-field inputs not edited
    std::vector<Value> current;            // the stored values of `columns`
    bool crossInputChanged = false;
  };

  Statement& statement(const std::string& sql);
  void readRow(const LayerSpec& spec, std::int64_t base, RowRead& row);
  bool conflicts(const LayerSpec& spec, std::int64_t base, const RowRead& row);
  void validate(const LayerSpec& spec, const RowRead& row);
  void queue(const LayerSpec& spec, const RowRead& row);
  void flushRows();
  void flushAudits();
  void touchLayers();

  Database& m_db;
  const CommitOptions& m_options;
  const std::string m_user;
  const std::string m_now;
  std::map<std::string, Statement> m_statements;
  const LayerSpec* m_batchSpec = nullptr;
  std::vector<const FieldSpec*> m_batchFields;
  std::vector<RowWrite> m_batch;
  std::vector<AuditRow> m_audits;
  std::vector<Conflict> m_conflicts;
  std::set<std::string> m_touched;
  CommitResult m_result;
  std::vector<std::string> m_lastColumns;
  const LayerSpec* m_lastSelectSpec = nullptr;
  Statement* m_select = nullptr;
};

Statement& SqliteCommit::statement(const std::string& sql) {
  auto found = m_statements.find(sql);
  if (found == m_statements.end()) found = m_statements.emplace(sql, m_db.prepare(sql)).first;
  return found->second;
}

// Reads only what the commit needs: the version, the edited cells (audit, conflicts) and the
// inputs of cross-field rules they take part in. Other cells were validated when written.
void SqliteCommit::readRow(const LayerSpec& spec, std::int64_t, RowRead& row) {
  const auto& inputs = crossFieldInputs(spec);
  for (auto c = row.begin; c != row.end; ++c) {
    const FieldSpec& f = requireField(spec, c->first.field);
    row.fields.push_back(&f);
    row.columns.push_back(f.name);
    row.crossInputChanged = row.crossInputChanged || std::find(inputs.begin(), inputs.end(), f.name) != inputs.end();
  }
  if (row.crossInputChanged) {
    for (const std::string& input : inputs) {
      if (std::find(row.columns.begin(), row.columns.end(), input) == row.columns.end()) row.columns.push_back(input);
    }
  }
  if (m_select == nullptr || m_lastSelectSpec != &spec || row.columns != m_lastColumns) {
    std::string sql = "SELECT version";
    for (const std::string& col : row.columns) sql += ", \"" + col + "\"";
    m_select = &statement(sql + " FROM \"" + spec.name + "\" WHERE id = ?");
    m_lastSelectSpec = &spec;
    m_lastColumns = row.columns;
  }
  Statement& s = *m_select;
  s.bindInt(1, row.id);
  row.found = s.step();
  row.stored = row.found ? s.getInt(0) : 0;
  if (row.found) {
    for (std::size_t i = 0; i < row.columns.size(); ++i) row.current.push_back(s.getValue(static_cast<int>(i) + 1));
  }
  s.reset();
}

// Someone committed this row since it was read: only cells whose field they changed conflict.
bool SqliteCommit::conflicts(const LayerSpec& spec, std::int64_t base, const RowRead& row) {
  if (row.found && row.stored == base) return false;
  std::vector<std::pair<const CellKey*, const PendingChange*>> cells;
  for (auto c = row.begin; c != row.end; ++c) cells.push_back({&c->first, &c->second});
  RowCheck check{row.found, row.stored, {}};
  if (row.found) {
    check.current.assign(row.current.begin(), row.current.begin() + static_cast<std::ptrdiff_t>(cells.size()));
  }
  const std::size_t before = m_conflicts.size();
  collectConflicts(spec, cells, base, check, m_conflicts);
  return m_conflicts.size() != before;
}

void SqliteCommit::validate(const LayerSpec& spec, const RowRead& row) {
  std::size_t n = 0;
  for (auto c = row.begin; c != row.end; ++c, ++n) validateValue(spec, *row.fields[n], c->second.value, row.id);
  if (row.crossInputChanged) {
    Row values;
    for (std::size_t i = 0; i < row.columns.size(); ++i) values.emplace(row.columns[i], row.current[i]);
    n = 0;
    for (auto c = row.begin; c != row.end; ++c, ++n) values[row.fields[n]->name] = c->second.value;
    validateCrossFields(spec, values, row.id);
  }
  Row references;
  n = 0;
  for (auto c = row.begin; c != row.end; ++c, ++n) {
    if (!row.fields[n]->references.empty()) references[row.fields[n]->name] = c->second.value;
  }
  if (!references.empty()) validateReferences(m_db, spec, references, row.id);
}

void SqliteCommit::queue(const LayerSpec& spec, const RowRead& row) {
  const bool sameShape = m_batchSpec == &spec && m_batchFields == row.fields;
  const std::size_t width = row.fields.size() + 2;
  if (!sameShape || m_batch.size() + 1 > kMaxRowsPerUpdate || (m_batch.size() + 1) * width > kMaxParameters) {
    flushRows();
    m_batchSpec = &spec;
    m_batchFields = row.fields;
  }
  RowWrite write{row.id, row.stored, {}};
  std::size_t n = 0;
  for (auto c = row.begin; c != row.end; ++c, ++n) {
    const FieldSpec& f = *row.fields[n];
    write.values.push_back(&c->second.value);
    m_audits.push_back(
        {&spec, row.id, &f, displayValue(f, row.current[n]), displayValue(f, c->second.value), row.stored + 1});
    ++m_result.cells;
  }
  m_batch.push_back(std::move(write));
  m_touched.insert(spec.name);
  ++m_result.features;
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
  flushAudits();
}

void SqliteCommit::flushAudits() {
  for (std::size_t first = 0; first < m_audits.size(); first += kAuditRowsPerInsert) {
    const std::size_t n = std::min(kAuditRowsPerInsert, m_audits.size() - first);
    std::string sql =
        "INSERT INTO audit_log (layer, feature_id, field, old_value, new_value, new_version, user, time, reason, "
        "context) VALUES ";
    for (std::size_t k = 0; k < n; ++k)
      sql += k ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    Statement& insert = statement(sql);
    for (std::size_t k = 0; k < n; ++k) {
      const AuditRow& a = m_audits[first + k];
      const int p = static_cast<int>(10 * k);
      insert.bindText(p + 1, a.spec->name).bindInt(p + 2, a.id).bindText(p + 3, a.field->name);
      insert.bindText(p + 4, a.oldText).bindText(p + 5, a.newText).bindInt(p + 6, a.newVersion);
      insert.bindText(p + 7, m_user).bindText(p + 8, m_now).bindText(p + 9, m_options.reason);
      if (m_options.context.empty()) {
        insert.bind(p + 10, Value{});
      } else {
        insert.bindText(p + 10, m_options.context);
      }
    }
    insert.run();
  }
  m_audits.clear();
}

// SpatiaLite's per-row last_update triggers are replaced by one update per layer (migration 2).
void SqliteCommit::touchLayers() {
  Statement touch = m_db.prepare(
      "UPDATE geometry_columns_time SET last_update = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
      "WHERE f_table_name = ? AND f_geometry_column = 'geom'");
  for (const std::string& layer : m_touched) touch.bind(1, layer).run();
}

CommitResult SqliteCommit::run(const EditBuffer& buffer) {
  Transaction tx(m_db);
  const auto& changes = buffer.changes();
  for (auto it = changes.begin(); it != changes.end();) {
    const FeatureKey key = it->first.feature();
    RowRead row;
    row.begin = it;
    row.end = it;
    row.id = key.id;
    while (row.end != changes.end() && row.end->first.layer == key.layer && row.end->first.id == key.id) ++row.end;
    it = row.end;
    const LayerSpec& spec = requireLayer(key.layer);
    // A layer's rows are written before the next layer's rows are read and checked: its reference
    // checks must see them, as they would with row-by-row writes.
    if (m_batchSpec != nullptr && m_batchSpec != &spec && m_conflicts.empty()) flushRows();
    const std::int64_t base = buffer.baseVersion(key).value_or(0);
    readRow(spec, base, row);
    if (conflicts(spec, base, row) || !m_conflicts.empty()) continue;
    validate(spec, row);
    queue(spec, row);
  }
  if (!m_conflicts.empty()) throw ConflictError(std::move(m_conflicts), m_db.path());
  flushRows();
  touchLayers();
  m_statements.clear();
  tx.commit();
  return m_result;
}

}  // namespace

CommitResult SqliteBackend::commit(EditBuffer& buffer, const CommitOptions& options) {
  if (buffer.empty()) return {};
  if (m_db.readOnly()) {
    throw ReadOnlyError("project is open read-only (the file or its folder is not writable); nothing was written",
                        {m_db.path()});
  }
  const CommitResult result = SqliteCommit(m_db, options).run(buffer);
  buffer.clear();
  return result;
}

}  // namespace zhenmap::store
