// Team roles, row-level security and personal data on a server project; see pg_security.hpp.
#include "store/pg_security.hpp"

#include "store/insert_check.hpp"
#include "store/pg_backend.hpp"
#include "store/pg_connection.hpp"
#include "store/schema_metadata.hpp"

namespace zhenmap::store {

namespace {

std::vector<LayerSpec> serverLayers(PgConnection& pg) {
  return readLayerSpecs([&pg](const std::string& sql, const std::vector<Value>& params,
                              const std::function<void(const std::vector<Value>&)>& fn) {
    std::vector<PgParam> values;
    for (const Value& v : params) values.push_back(param(v));
    PgResult r = pg.exec(pgPlaceholders(sql), values);
    std::vector<Value> row(static_cast<std::size_t>(r.columns()));
    for (int i = 0; i < r.rows(); ++i) {
      for (int c = 0; c < r.columns(); ++c) row[static_cast<std::size_t>(c)] = r.value(i, c);
      fn(row);
    }
  });
}

// The permission functions. zhenmap_may_edit: an admin, or a member of the role of a work team
// stationed in the township. zhenmap_township_at: the township a geometry lies in (NULL outside
// every township or in a project without townships).
void createFunctions(PgConnection& pg, const std::string& admin, const std::vector<LayerSpec>& layers) {
  pg.exec(
      "CREATE OR REPLACE FUNCTION zhenmap_is_admin(who name) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER "
      "SET search_path = public, pg_temp AS $$ SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = who), "
      "false) OR pg_has_role(who, " +
      pgLiteral(admin) +
      ", 'MEMBER') OR pg_has_role(who, (SELECT relowner FROM pg_class WHERE oid = 'public.layer_metadata'::regclass), "
      "'MEMBER') $$");
  pg.exec(R"SQL(
CREATE OR REPLACE FUNCTION zhenmap_may_edit(township text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT zhenmap_is_admin(who) OR EXISTS (SELECT 1 FROM team_roles r JOIN work_teams w ON w.id = r.team_id
                                          WHERE w.township_code = township AND pg_has_role(who, r.role, 'MEMBER'))
$$)SQL");
  std::string at = "SELECT NULL::text";
  for (const LayerSpec& l : layers) {
    for (const FieldSpec& f : l.fields) {
      if (l.geometryType == "MULTIPOLYGON" && f.role == "township_code" && f.unique && at == "SELECT NULL::text") {
        at = "SELECT " + pgIdent(f.name) + "::text FROM " + pgIdent(l.name) +
             " WHERE ST_Intersects(geom, ST_PointOnSurface(g)) ORDER BY id LIMIT 1";
      }
    }
  }
  pg.exec(
      "CREATE OR REPLACE FUNCTION zhenmap_township_at(g geometry) RETURNS text LANGUAGE sql STABLE SECURITY "
      "DEFINER SET search_path = public, pg_temp AS $$ " +
      at + " $$");
  pg.exec(R"SQL(
CREATE OR REPLACE FUNCTION zhenmap_may_place(g geometry, who name) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT t IS NULL OR zhenmap_may_edit(t, who) FROM (SELECT zhenmap_township_at(g) AS t) s $$)SQL");
}

bool isTownshipLayer(const LayerSpec& layer) {
  const FieldSpec* code = findFieldByRole(layer, "township_code");
  return layer.geometryType == "MULTIPOLYGON" && code && code->unique;
}

void rowSecurity(PgConnection& pg, const LayerSpec& layer) {
  const std::string t = pgIdent(layer.name);
  const std::string may = "zhenmap_may_edit(" + layer.townshipExpression + ", current_user)";
  const std::string place = isTownshipLayer(layer) ? "" : " AND zhenmap_may_place(geom, current_user)";
  pg.exec("ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY");
  for (const char* p : {"zhenmap_read", "zhenmap_team_edit", "zhenmap_team_insert", "zhenmap_team_delete"}) {
    pg.exec(std::string("DROP POLICY IF EXISTS ") + p + " ON " + t);
  }
  pg.exec("CREATE POLICY zhenmap_read ON " + t + " FOR SELECT USING (true)");
  pg.exec("CREATE POLICY zhenmap_team_edit ON " + t + " FOR UPDATE USING (" + may + ") WITH CHECK (" + may + ")");
  pg.exec("CREATE POLICY zhenmap_team_insert ON " + t + " FOR INSERT WITH CHECK (" + may + place + ")");
  pg.exec("CREATE POLICY zhenmap_team_delete ON " + t + " FOR DELETE USING (" + may + ")");
}

// The layer's table moves to zhenmap_private; its name becomes a view that masks the sensitive
// fields and a SECURITY DEFINER trigger that checks and routes writes.
void personalData(PgConnection& pg, const LayerSpec& layer) {
  const std::string name = layer.name;
  const std::string view = "public." + pgIdent(name), base = "zhenmap_private." + pgIdent(name);
  pg.exec("CREATE SCHEMA IF NOT EXISTS zhenmap_private");
  pg.exec("REVOKE ALL ON SCHEMA zhenmap_private FROM PUBLIC");
  if (pg.exec("SELECT relkind FROM pg_class WHERE oid = to_regclass($1)", {param(view)}).text(0, 0) == "r") {
    pg.exec("ALTER TABLE " + view + " SET SCHEMA zhenmap_private");
  }
  PgResult cols = pg.exec(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'zhenmap_private' AND table_name = $1 "
      "ORDER BY ordinal_position",
      {param(name)});
  const std::string may = "zhenmap_may_edit(" + layer.townshipExpression + ", current_user)";
  std::string select, assign, insertCols, insertValues;
  for (int i = 0; i < cols.rows(); ++i) {
    const std::string c = pgIdent(cols.text(i, 0));
    const FieldSpec* f = findField(layer, cols.text(i, 0));
    const bool secret = f && f->sensitive;
    select += std::string(i ? ", " : "") + (secret ? "CASE WHEN " + may + " THEN t." + c + " END AS " + c : "t." + c);
    if (c == "\"id\"" || c == "\"version\"") continue;
    assign += (assign.empty() ? "" : ", ") + c + " = " +
              (secret ? "CASE WHEN NEW." + c + " IS DISTINCT FROM OLD." + c + " THEN NEW." + c + " ELSE s." + c + " END"
                      : "NEW." + c);
    insertCols += ", " + c;
    insertValues += ", NEW." + c;
  }
  pg.exec("CREATE OR REPLACE VIEW " + view + " WITH (security_barrier) AS SELECT " + select + " FROM " + base + " t");
  const std::string township = "(SELECT " + layer.townshipExpression + " FROM (SELECT (%s).*) AS r)";
  const auto at = [&](const char* row) {
    std::string s = township;
    s.replace(s.find("%s"), 2, row);
    return s;
  };
  const std::string refuse = "RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('the role %s may not change " +
                             name + " id %s (township %s is another work team''s)', session_user, ";
  const std::string fn = pgIdent("zhenmap_write_" + name);
  pg.exec("CREATE OR REPLACE FUNCTION " + fn +
          "() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$\n"
          "DECLARE s " +
          base +
          "%ROWTYPE; township text;\nBEGIN\n"
          "IF TG_OP <> 'INSERT' THEN\n  SELECT * INTO s FROM " +
          base + " WHERE id = OLD.id;\n  township := " + at("s") +
          ";\n  IF NOT zhenmap_may_edit(township, session_user) THEN " + refuse +
          "OLD.id, township); END IF;\nEND IF;\n"
          "IF TG_OP = 'DELETE' THEN\n  DELETE FROM " +
          base +
          " WHERE id = OLD.id;\n  RETURN OLD;\nEND IF;\n"
          "township := " +
          at("NEW") +
          ";\n"
          "IF NOT zhenmap_may_edit(township, session_user) OR (TG_OP = 'INSERT' AND NOT zhenmap_may_place(NEW.geom, "
          "session_user)) THEN " +
          refuse +
          "NEW.id, coalesce(zhenmap_township_at(NEW.geom), township)); END IF;\n"
          "IF TG_OP = 'INSERT' THEN\n  INSERT INTO " +
          base + " (id" + insertCols +
          ") VALUES (coalesce(NEW.id, "
          "nextval(pg_get_serial_sequence(" +
          pgLiteral(base) + ", 'id')))" + insertValues +
          ") RETURNING id INTO NEW.id;\n"
          "ELSE\n  UPDATE " +
          base + " SET " + assign +
          " WHERE id = OLD.id;\nEND IF;\n"
          "SELECT * INTO NEW FROM " +
          view + " WHERE id = NEW.id;\nRETURN NEW;\nEND $fn$");
  pg.exec("DROP TRIGGER IF EXISTS zhenmap_write ON " + view);
  pg.exec("CREATE TRIGGER zhenmap_write INSTEAD OF INSERT OR UPDATE OR DELETE ON " + view +
          " FOR EACH ROW EXECUTE FUNCTION " + fn + "()");
}

}  // namespace

bool hasPersonalData(const LayerSpec& layer) {
  for (const FieldSpec& f : layer.fields) {
    if (f.sensitive) return true;
  }
  return false;
}

std::string teamRoleName(PgConnection& conn, std::int64_t teamId) {
  return conn.exec("SELECT current_database()").text(0, 0) + "_team_" + std::to_string(teamId);
}

std::string adminRoleName(PgConnection& conn) { return conn.exec("SELECT current_database()").text(0, 0) + "_admin"; }

std::vector<std::string> setupTeamRoles(PgConnection& pg) {
  pg.exec(
      "CREATE TABLE IF NOT EXISTS team_roles (role name PRIMARY KEY, "
      "team_id bigint NOT NULL REFERENCES work_teams (id) ON DELETE CASCADE)");
  const std::string admin = adminRoleName(pg);
  if (pg.exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {param(admin)}).rows() == 0) {
    pg.exec("CREATE ROLE " + pgIdent(admin) + " NOLOGIN");
  }
  const std::vector<LayerSpec> layers = serverLayers(pg);
  createFunctions(pg, admin, layers);
  std::string relations;
  for (const LayerSpec& layer : layers) {
    relations += (relations.empty() ? "" : ", ") + pgIdent(layer.name);
    if (layer.townshipExpression.empty()) continue;
    if (hasPersonalData(layer)) {
      personalData(pg, layer);
    } else {
      rowSecurity(pg, layer);
    }
  }
  PgResult teams = pg.exec("SELECT id FROM work_teams ORDER BY id");
  std::vector<std::string> roles;
  const std::string database = pg.exec("SELECT current_database()").text(0, 0);
  for (int i = 0; i < teams.rows(); ++i) {
    const std::int64_t id = teams.getInt(i, 0);
    const std::string role = teamRoleName(pg, id);
    if (pg.exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {param(role)}).rows() == 0) {
      pg.exec("CREATE ROLE " + pgIdent(role) + " LOGIN");
    }
    pg.exec("INSERT INTO team_roles (role, team_id) VALUES ($1, $2) ON CONFLICT (role) DO UPDATE SET team_id = $2",
            {param(role), param(id)});
    const std::string r = pgIdent(role);
    pg.exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + r);
    if (!relations.empty()) pg.exec("GRANT INSERT, UPDATE, DELETE ON " + relations + " TO " + r);
    pg.exec("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM " + r);
    pg.exec("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + r);
    pg.exec("GRANT CONNECT ON DATABASE " + pgIdent(database) + " TO " + r);
    roles.push_back(role);
  }
  return roles;
}

}  // namespace zhenmap::store
