// The PostGIS project store's reads; see pg_backend.hpp (the commit: pg_commit.cpp).
#include "store/pg_backend.hpp"

#include <algorithm>

#include "store/schema.hpp"

namespace zhenmap::store {

const char* pgFieldType(FieldType t) {
  switch (t) {
    case FieldType::Integer:
      return "bigint";
    case FieldType::Real:
      return "double precision";
    case FieldType::Date:
      return "date";
    case FieldType::Text:
      break;
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
    f.attributes.emplace(spec.fields[i].name, pgNormalize(spec.fields[i], r.value(row, static_cast<int>(i) + 2)));
  }
  return f;
}

std::vector<PgParam> pgParams(const std::vector<Value>& params) {
  std::vector<PgParam> values;
  values.reserve(params.size());
  for (const Value& v : params) values.push_back(param(v));
  return values;
}

}  // namespace

Value pgNormalize(const FieldSpec& f, Value v) {
  if (f.type == FieldType::Real) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  }
  return v;
}

std::string pgPlaceholders(const std::string& sql) {
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
  return text;
}

std::string townshipExpression(const LayerSpec& spec) { return spec.townshipExpression; }

PgBackend::PgBackend(const std::string& uri, OpenMode mode) : m_uri(uri), m_conn(uri) {
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
}

PgConnection& PgBackend::conn() {
  if (!m_conn.inTransaction()) m_conn.ensureConnected();
  return m_conn;
}

void PgBackend::query(const std::string& sql, const std::vector<Value>& params, const ProjectStore::QueryRowFn& fn) {
  PgResult r = conn().exec(pgPlaceholders(sql), pgParams(params));
  std::vector<Value> row(static_cast<std::size_t>(r.columns()));
  for (int i = 0; i < r.rows(); ++i) {
    for (int c = 0; c < r.columns(); ++c) row[static_cast<std::size_t>(c)] = r.value(i, c);
    fn(row);
  }
}

std::int64_t PgBackend::execute(const std::string& sql, const std::vector<Value>& params) {
  if (m_readOnly) throw ReadOnlyError("the project is open read-only; nothing was written", {m_uri});
  return conn().exec(pgPlaceholders(sql), pgParams(params)).affected();
}

void PgBackend::writeTransaction(const std::function<void()>& body) {
  if (m_readOnly) throw ReadOnlyError("the project is open read-only; nothing was written", {m_uri});
  PgTransaction tx(conn());
  body();
  tx.commit();
}

void PgBackend::readTransaction(const std::function<void()>& body) {
  PgTransaction tx(conn());
  m_conn.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
  body();
  tx.commit();
}

std::int64_t PgBackend::featureCount(const LayerSpec& spec) {
  return conn().exec("SELECT count(*) FROM " + pgIdent(spec.name)).getInt(0, 0);
}

void PgBackend::forEachFeature(const LayerSpec& spec,
                               const std::function<void(const Feature&, const std::string& wkb)>& fn) {
  PgResult r =
      conn().exec("SELECT " + selectColumns(spec) + ", ST_AsBinary(geom) FROM " + pgIdent(spec.name) + " ORDER BY id");
  const int geomCol = static_cast<int>(spec.fields.size()) + 2;
  for (int i = 0; i < r.rows(); ++i) fn(readRow(r, i, spec), r.bytes(i, geomCol));
}

void PgBackend::forEachRow(const LayerSpec& spec, const ProjectStore::RowFn& fn) {
  PgResult r = conn().exec("SELECT " + selectColumns(spec) + " FROM " + pgIdent(spec.name) + " ORDER BY id");
  std::vector<Value> values(spec.fields.size());
  for (int i = 0; i < r.rows(); ++i) {
    for (std::size_t c = 0; c < values.size(); ++c) {
      values[c] = pgNormalize(spec.fields[c], r.value(i, static_cast<int>(c) + 2));
    }
    fn(r.getInt(i, 0), r.getInt(i, 1), values);
  }
}

void PgBackend::readRows(const LayerSpec& spec, const std::vector<std::int64_t>& ids,
                         const std::vector<const FieldSpec*>& fields, const VersionedRowFn& fn) {
  if (ids.empty()) return;
  std::string cols = "id, version";
  for (const FieldSpec* f : fields) cols += ", " + pgIdent(f->name);
  PgArray list;
  for (std::int64_t id : ids) list.add(param(id));
  PgResult r =
      conn().exec("SELECT " + cols + " FROM " + pgIdent(spec.name) + " WHERE id = ANY($1::bigint[])", {list.text()});
  std::vector<Value> values(fields.size());
  for (int i = 0; i < r.rows(); ++i) {
    for (std::size_t c = 0; c < values.size(); ++c)
      values[c] = pgNormalize(*fields[c], r.value(i, static_cast<int>(c) + 2));
    fn(r.getInt(i, 0), r.getInt(i, 1), values);
  }
}

void PgBackend::readGeometries(const LayerSpec& spec, const std::vector<std::int64_t>& ids, const GeometryFn& fn) {
  if (ids.empty()) return;
  PgArray list;
  for (std::int64_t id : ids) list.add(param(id));
  PgResult r = conn().exec("SELECT id, ST_AsBinary(geom) FROM " + pgIdent(spec.name) + " WHERE id = ANY($1::bigint[])",
                           {list.text()});
  for (int i = 0; i < r.rows(); ++i) fn(r.getInt(i, 0), r.bytes(i, 1));
}

std::vector<std::string> PgBackend::codesAt(const LayerSpec& polygons, const std::string& codeField,
                                            const std::string& wkb) {
  PgResult r = conn().exec("SELECT " + pgIdent(codeField) + "::text FROM " + pgIdent(polygons.name) +
                               " WHERE ST_Intersects(geom, ST_PointOnSurface(ST_GeomFromWKB($1::bytea, " +
                               std::to_string(kStoreSrid) + "))) ORDER BY id",
                           {byteaParam(wkb)});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

bool PgBackend::referenceExists(const std::string& table, const std::string& column, const Value& v) {
  return conn()
             .exec("SELECT 1 FROM " + pgIdent(table) + " WHERE " + pgIdent(column) + "::text = $1", {param(v)})
             .rows() > 0;
}

namespace {

// The role's standing: its name, whether it is an admin (or the permissions are not set up at
// all), and the townships its work teams are stationed in.
struct Standing {
  std::string user;
  bool unrestricted = false;
  std::string townships;
};

Standing standing(PgConnection& c) {
  PgResult r = c.exec(
      "SELECT current_user, to_regprocedure('zhenmap_may_edit(text,name)') IS NULL OR "
      "(SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) OR "
      "(to_regprocedure('zhenmap_is_admin(name)') IS NOT NULL AND zhenmap_is_admin(current_user))");
  Standing s{r.text(0, 0), r.text(0, 1) == "t", {}};
  if (!s.unrestricted) {
    s.townships = c.exec(
                       "SELECT coalesce(string_agg(DISTINCT w.township_code, ', ' ORDER BY w.township_code), '') FROM "
                       "team_roles r JOIN work_teams w ON w.id = r.team_id WHERE pg_has_role(current_user, r.role, "
                       "'MEMBER')")
                      .text(0, 0);
  }
  return s;
}

std::string refusal(const Standing& s, const std::string& what, const std::string& township) {
  return what + " township " + township + "; the role " + s.user + " edits only " +
         (s.townships.empty() ? std::string("no township (not a work team role)") : "township " + s.townships);
}

}  // namespace

std::optional<std::string> PgBackend::readOnlyReason(const LayerSpec& spec, std::int64_t id) {
  if (m_readOnly) return "the project is open read-only";
  PgConnection& c = conn();
  PgResult may = c.exec("SELECT current_user, has_table_privilege($1, 'UPDATE')", {param(spec.name)});
  if (may.text(0, 1) != "t") return "the database role " + may.text(0, 0) + " may not edit " + spec.name;
  const std::string expr = townshipExpression(spec);
  if (expr.empty()) return std::nullopt;
  const Standing s = standing(c);
  if (s.unrestricted) return std::nullopt;
  PgResult row = c.exec(
      "SELECT " + expr + ", zhenmap_may_edit(" + expr + ", current_user) FROM " + pgIdent(spec.name) + " WHERE id = $1",
      {param(id)});
  if (row.rows() == 0 || row.text(0, 1) == "t") return std::nullopt;  // gone: the commit reports a conflict
  return refusal(s, "the row belongs to", row.text(0, 0));
}

std::int64_t PgBackend::sealAudit() { return 0; }  // the server's triggers seal every row as they write it

std::optional<std::string> PgBackend::insertRefusal(const LayerSpec& spec, const Row& attributes,
                                                    const std::string& wkb) {
  if (m_readOnly) return "the project is open read-only";
  PgConnection& c = conn();
  PgResult may = c.exec("SELECT current_user, has_table_privilege($1, 'INSERT')", {param(spec.name)});
  if (may.text(0, 1) != "t") return "the database role " + may.text(0, 0) + " may not add features to " + spec.name;
  const std::string expr = townshipExpression(spec);
  if (expr.empty()) return std::nullopt;
  const Standing s = standing(c);
  if (s.unrestricted) return std::nullopt;
  // The township of the new row's attributes, and the one its geometry lies in, as the server's
  // policies will see them.
  std::string row = "SELECT ";
  std::vector<PgParam> params;
  for (const FieldSpec& f : spec.fields) {
    const auto it = attributes.find(f.name);
    params.push_back(it == attributes.end() ? PgParam{} : param(it->second));
    row += (params.size() > 1 ? ", $" : "$") + std::to_string(params.size()) + "::" + pgFieldType(f.type) + " AS " +
           pgIdent(f.name);
  }
  params.push_back(byteaParam(wkb));
  const std::string g =
      "ST_GeomFromWKB($" + std::to_string(params.size()) + "::bytea, " + std::to_string(kStoreSrid) + ")";
  PgResult r = c.exec("SELECT " + expr + ", zhenmap_may_edit(" + expr + ", current_user), zhenmap_township_at(" + g +
                          "), zhenmap_may_place(" + g + ", current_user) FROM (" + row + ") AS r",
                      params);
  if (r.text(0, 3) != "t") return refusal(s, "the new feature lies in", r.text(0, 2));
  if (r.text(0, 1) != "t") return refusal(s, "the new feature belongs to", r.isNull(0, 0) ? "(none)" : r.text(0, 0));
  return std::nullopt;
}

}  // namespace zhenmap::store
