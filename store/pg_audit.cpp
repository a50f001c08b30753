// Server-side audit, versions and the hash chain; see pg_audit.hpp.
#include "store/pg_audit.hpp"

#include "store/pg_connection.hpp"

namespace zhenmap::store {

namespace {

// The chain: one step per row, as audit_chain.cpp computes it (sha256 over the previous seal and
// the row's content, every column "-" for NULL or "<bytes>:<text>").
const char* kChainSql = R"SQL(
CREATE OR REPLACE FUNCTION zhenmap_part(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END
$$;
CREATE OR REPLACE FUNCTION zhenmap_audit_content(id bigint, layer text, feature_id bigint, action text, field text,
    old_value text, new_value text, new_version bigint, who text, at text, reason text, context text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT zhenmap_part(id::text) || zhenmap_part(layer) || zhenmap_part(feature_id::text) || zhenmap_part(action)
      || zhenmap_part(field) || zhenmap_part(old_value) || zhenmap_part(new_value) || zhenmap_part(new_version::text)
      || zhenmap_part(who) || zhenmap_part(at) || zhenmap_part(reason) || zhenmap_part(context)
$$;
CREATE OR REPLACE FUNCTION zhenmap_chain_step(state text, seed text, content text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(coalesce(state, seed) || content, 'UTF8')), 'hex')
$$;
DROP AGGREGATE IF EXISTS zhenmap_chain(text, text);
CREATE AGGREGATE zhenmap_chain(text, text) (SFUNC = zhenmap_chain_step, STYPE = text);
CREATE OR REPLACE FUNCTION zhenmap_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
  ELSE
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION zhenmap_next_ids(layer text, n integer) RETURNS SETOF bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT nextval(coalesce(pg_get_serial_sequence(quote_ident(layer), 'id'),
                          pg_get_serial_sequence('zhenmap_private.' || quote_ident(layer), 'id')))
  FROM generate_series(1, n)
$$;
)SQL";

std::string textOf(const FieldSpec& f, const std::string& ref) {
  const std::string v = ref + "." + pgIdent(f.name);
  if (f.sensitive) return "CASE WHEN " + v + " IS NULL THEN NULL ELSE '(redacted)' END";
  return v + "::text";
}

std::string rowJson(const LayerSpec& layer, const std::string& ref) {
  std::string sql = "jsonb_build_object(";
  for (const FieldSpec& f : layer.fields) {
    const std::string v = ref + "." + pgIdent(f.name);
    sql += pgLiteral(f.name) + ", " +
           (f.sensitive ? "CASE WHEN " + v + " IS NULL THEN NULL ELSE '(redacted)' END" : v) + ", ";
  }
  return sql + "'geom', 'ewkb:' || encode(ST_AsEWKB(" + ref + ".geom), 'hex'))::text";
}

// The audit rows of one statement: feature_id, ord, action, field, old_value, new_value, new_version.
std::string changedRows(const LayerSpec& layer, const std::string& op) {
  if (op == "INSERT") return "SELECT n.id, 0, 'insert', '*', NULL::text, " + rowJson(layer, "n") + ", n.version FROM n";
  if (op == "DELETE")
    return "SELECT o.id, 0, 'delete', '*', " + rowJson(layer, "o") + ", NULL::text, o.version + 1 FROM o";
  std::string sql;
  int ord = 0;
  for (const FieldSpec& f : layer.fields) {
    const std::string c = pgIdent(f.name);
    sql += std::string(sql.empty() ? "" : " UNION ALL ") + "SELECT n.id, " + std::to_string(ord++) + ", 'update', " +
           pgLiteral(f.name) + ", " + textOf(f, "o") + ", " + textOf(f, "n") +
           ", n.version FROM n JOIN o ON o.id = n.id WHERE o." + c + " IS DISTINCT FROM n." + c;
  }
  sql += std::string(sql.empty() ? "" : " UNION ALL ") + "SELECT n.id, " + std::to_string(ord) +
         ", 'update', 'geom', 'ewkb:' || encode(ST_AsEWKB(o.geom), 'hex'), 'ewkb:' || encode(ST_AsEWKB(n.geom), "
         "'hex'), n.version FROM n JOIN o ON o.id = n.id WHERE NOT ST_OrderingEquals(o.geom, n.geom)";
  return sql;
}

// Inserts the rows of `changes` into audit_log with their ids and seals, after the last row.
std::string insertAudit(const LayerSpec& layer, const std::string& changes) {
  const std::string who = "session_user::text";
  const std::string at = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
  const std::string reason = "nullif(current_setting('zhenmap.reason', true), '')";
  const std::string context =
      "coalesce(nullif(current_setting('zhenmap.context', true), ''), CASE WHEN current_setting('zhenmap.writer', "
      "true) = 'zhenmap' THEN NULL ELSE 'external' END)";
  return "INSERT INTO audit_log (id, layer, feature_id, action, field, old_value, new_value, new_version, \"user\", "
         "time, reason, context, hash) SELECT r.id, r.layer, r.feature_id, r.action, r.field, r.old_value, "
         "r.new_value, "
         "r.new_version, r.who, r.at, r.reason, r.context, zhenmap_chain(h.last_hash, zhenmap_audit_content(r.id, "
         "r.layer, r.feature_id, r.action, r.field, r.old_value, r.new_value, r.new_version, r.who, r.at, r.reason, "
         "r.context)) OVER (ORDER BY r.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM (SELECT h0.last_id + "
         "row_number() OVER (ORDER BY d.feature_id, d.ord) AS id, " +
         pgLiteral(layer.name) + "::text AS layer, d.feature_id, d.action, d.field, d.old_value, d.new_value, " +
         "d.new_version, " + who + " AS who, " + at + " AS at, " + reason + " AS reason, " + context +
         " AS context FROM (" + changes +
         ") AS d(feature_id, ord, action, field, old_value, new_value, new_version), (SELECT coalesce(max(id), 0) AS "
         "last_id FROM audit_log) AS h0) AS r, (SELECT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), "
         "'') AS last_hash) AS h";
}

}  // namespace

std::string pgAuditFunction(const LayerSpec& layer) { return pgIdent("zhenmap_audit_" + layer.name); }

void setupServerAudit(PgConnection& pg, const std::vector<LayerSpec>& layers) {
  pg.exec(kChainSql);
  for (const LayerSpec& layer : layers) {
    // A layer with personal data lives in zhenmap_private once team roles are set up.
    const bool moved =
        pg.exec("SELECT to_regclass($1) IS NOT NULL", {param("zhenmap_private." + pgIdent(layer.name))}).text(0, 0) ==
        "t";
    const std::string t = (moved ? "zhenmap_private." : "public.") + pgIdent(layer.name);
    const std::string lock = "PERFORM pg_advisory_xact_lock(" + std::to_string(kAuditLockKey) + ");\n";
    pg.exec("CREATE OR REPLACE FUNCTION " + pgAuditFunction(layer) +
            "() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$\n"
            "BEGIN\n" +
            lock + "IF TG_OP = 'INSERT' THEN\n" + insertAudit(layer, changedRows(layer, "INSERT")) +
            ";\nELSIF TG_OP = 'UPDATE' THEN\n" + insertAudit(layer, changedRows(layer, "UPDATE")) + ";\nELSE\n" +
            insertAudit(layer, changedRows(layer, "DELETE")) + ";\nEND IF;\nRETURN NULL;\nEND $fn$");
    pg.exec("DROP TRIGGER IF EXISTS zhenmap_version ON " + t);
    pg.exec("CREATE TRIGGER zhenmap_version BEFORE INSERT OR UPDATE ON " + t +
            " FOR EACH ROW EXECUTE FUNCTION zhenmap_version()");
    const std::string fn = pgAuditFunction(layer) + "()";
    pg.exec("DROP TRIGGER IF EXISTS zhenmap_audit_insert ON " + t);
    pg.exec("CREATE TRIGGER zhenmap_audit_insert AFTER INSERT ON " + t +
            " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION " + fn);
    pg.exec("DROP TRIGGER IF EXISTS zhenmap_audit_update ON " + t);
    pg.exec("CREATE TRIGGER zhenmap_audit_update AFTER UPDATE ON " + t +
            " REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION " + fn);
    pg.exec("DROP TRIGGER IF EXISTS zhenmap_audit_delete ON " + t);
    pg.exec("CREATE TRIGGER zhenmap_audit_delete AFTER DELETE ON " + t +
            " REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION " + fn);
  }
  pg.exec("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC");
}

}  // namespace zhenmap::store
