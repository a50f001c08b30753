// The SpatiaLite project store's reads; see sqlite_backend.hpp (the commit: sqlite_commit.cpp).
#include "store/sqlite_backend.hpp"

#include "store/audit_chain.hpp"

namespace zhenmap::store {

namespace {

std::string selectColumns(const LayerSpec& spec) {
  std::string cols = "id, version";
  for (const FieldSpec& f : spec.fields) cols += ", \"" + f.name + "\"";
  return cols;
}

Feature readRow(const Statement& s, const LayerSpec& spec) {
  Feature f;
  f.id = s.getInt(0);
  f.version = s.getInt(1);
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    f.attributes.emplace(spec.fields[i].name, s.getValue(static_cast<int>(i) + 2));
  }
  return f;
}

}  // namespace

SqliteBackend::SqliteBackend(Database db) : m_db(std::move(db)) {}

Statement& SqliteBackend::cached(const std::string& sql) {
  auto it = m_cache.find(sql);
  if (it == m_cache.end()) it = m_cache.emplace(sql, m_db.prepare(sql)).first;
  return it->second;
}

void SqliteBackend::query(const std::string& sql, const std::vector<Value>& params,
                          const ProjectStore::QueryRowFn& fn) {
  Statement s = m_db.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) s.bind(static_cast<int>(i) + 1, params[i]);
  std::vector<Value> row;
  while (s.step()) {
    row.resize(static_cast<std::size_t>(s.columnCount()));
    for (int c = 0; c < s.columnCount(); ++c) row[static_cast<std::size_t>(c)] = s.getValue(c);
    fn(row);
  }
}

std::int64_t SqliteBackend::execute(const std::string& sql, const std::vector<Value>& params) {
  if (m_db.readOnly()) throw ReadOnlyError("the project is read-only; nothing was written", {m_db.path()});
  Statement s = m_db.prepare(sql);
  for (std::size_t i = 0; i < params.size(); ++i) s.bind(static_cast<int>(i) + 1, params[i]);
  s.run();
  return m_db.changes();
}

void SqliteBackend::writeTransaction(const std::function<void()>& body) {
  if (m_db.readOnly()) throw ReadOnlyError("the project is read-only; nothing was written", {m_db.path()});
  Transaction tx(m_db);
  body();
  tx.commit();
}

void SqliteBackend::readTransaction(const std::function<void()>& body) {
  Transaction tx(m_db, Transaction::Kind::Deferred);
  body();
  tx.commit();
}

std::int64_t SqliteBackend::featureCount(const LayerSpec& spec) {
  Statement count = m_db.prepare("SELECT count(*) FROM \"" + spec.name + "\"");
  return count.step() ? count.getInt(0) : 0;
}

void SqliteBackend::forEachFeature(const LayerSpec& spec,
                                   const std::function<void(const Feature&, const std::string&)>& fn) {
  Statement s =
      m_db.prepare("SELECT " + selectColumns(spec) + ", AsBinary(geom) FROM \"" + spec.name + "\" ORDER BY id");
  const int geomCol = static_cast<int>(spec.fields.size()) + 2;
  while (s.step()) fn(readRow(s, spec), s.getBlob(geomCol));
}

void SqliteBackend::forEachRow(const LayerSpec& spec, const ProjectStore::RowFn& fn) {
  Statement s = m_db.prepare("SELECT " + selectColumns(spec) + " FROM \"" + spec.name + "\" ORDER BY id");
  std::vector<Value> values(spec.fields.size());
  while (s.step()) {
    for (std::size_t c = 0; c < values.size(); ++c) values[c] = s.getValue(static_cast<int>(c) + 2);
    fn(s.getInt(0), s.getInt(1), values);
  }
}

void SqliteBackend::readRows(const LayerSpec& spec, const std::vector<std::int64_t>& ids,
                             const std::vector<const FieldSpec*>& fields, const VersionedRowFn& fn) {
  if (ids.empty()) return;
  std::string cols = "id, version";
  for (const FieldSpec* f : fields) cols += ", \"" + f->name + "\"";
  std::vector<Value> values(fields.size());
  const auto emit = [&](Statement& s) {
    while (s.step()) {
      for (std::size_t c = 0; c < values.size(); ++c) values[c] = s.getValue(static_cast<int>(c) + 2);
      fn(s.getInt(0), s.getInt(1), values);
    }
    s.reset();
  };
  const std::string from = " FROM \"" + spec.name + "\" WHERE id ";
  if (ids.size() == 1) {
    Statement& s = cached("SELECT " + cols + from + "= ?");
    s.bindInt(1, ids.front());
    emit(s);
    return;
  }
  // Many ids: one statement over a JSON array of them (carray is not built into SQLite).
  std::string list = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) list += (i ? "," : "") + std::to_string(ids[i]);
  list += "]";
  Statement& s = cached("SELECT " + cols + from + "IN (SELECT value FROM json_each(?))");
  s.bindText(1, list);
  emit(s);
}

void SqliteBackend::readGeometries(const LayerSpec& spec, const std::vector<std::int64_t>& ids, const GeometryFn& fn) {
  if (ids.empty()) return;
  std::string list = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) list += (i ? "," : "") + std::to_string(ids[i]);
  list += "]";
  Statement& s =
      cached("SELECT id, AsBinary(geom) FROM \"" + spec.name + "\" WHERE id IN (SELECT value FROM json_each(?))");
  s.bindText(1, list);
  while (s.step()) fn(s.getInt(0), s.getBlob(1));
  s.reset();
}

std::vector<std::string> SqliteBackend::codesAt(const LayerSpec& polygons, const std::string& codeField,
                                                const std::string& wkb) {
  Statement s = m_db.prepare("SELECT \"" + codeField + "\" FROM \"" + polygons.name +
                             "\" WHERE ST_Intersects(geom, ST_PointOnSurface(GeomFromWKB(?, " +
                             std::to_string(kStoreSrid) + "))) ORDER BY id");
  s.bindBlob(1, wkb.data(), wkb.size());
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.getText(0));
  return out;
}

bool SqliteBackend::referenceExists(const std::string& table, const std::string& column, const Value& v) {
  Statement& s = cached("SELECT 1 FROM \"" + table + "\" WHERE \"" + column + "\" = ?");
  s.bind(1, v);
  const bool found = s.step();
  s.reset();
  return found;
}

std::optional<std::string> SqliteBackend::readOnlyReason(const LayerSpec&, std::int64_t) {
  if (m_db.readOnly()) return "the project file (or its folder) is not writable";
  return std::nullopt;
}

std::int64_t SqliteBackend::sealAudit() {
  if (m_db.readOnly()) return 0;
  Transaction tx(m_db);
  const std::int64_t n = store::sealAudit(m_db);
  tx.commit();
  return n;
}

std::optional<std::string> SqliteBackend::insertRefusal(const LayerSpec&, const Row&, const std::string&) {
  if (m_db.readOnly()) return "the project file (or its folder) is not writable";
  return std::nullopt;  // one user owns a file: every feature may be added
}

}  // namespace zhenmap::store
