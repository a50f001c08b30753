// Meeting mode's data on either engine; see meeting_store.hpp. The queries are SQL that
// SpatiaLite and PostGIS both accept (ST_PointOnSurface, ST_X, coalesce(sum(...), 0)).
#include "store/meeting_store.hpp"

#include "errors.hpp"
#include "store/project_store.hpp"

namespace zhenmap::store {

namespace {

// Counts of households per area, placed on a point of the area's polygon; the columns are code,
// name, township code, households, members, x, y.
std::vector<VillageCount> readCounts(ProjectStore& project, const std::string& sql) {
  std::vector<VillageCount> out;
  project.query(sql, {}, [&](const std::vector<Value>& r) {
    out.push_back(
        {asText(r[0]), asText(r[1]), asText(r[2]), asInteger(r[3]), asInteger(r[4]), Vec2{asReal(r[5]), asReal(r[6])}});
  });
  return out;
}

}  // namespace

std::vector<Slide> readSlides(ProjectStore& project) {
  std::vector<Slide> out;
  project.query(
      "SELECT s.id, s.position, s.title, coalesce(s.visible_layers, ''), coalesce(s.notes, ''), s.filters, "
      "b.name, b.min_lon, b.min_lat, b.max_lon, b.max_lat FROM slides s LEFT JOIN bookmarks b ON b.id = s.bookmark_id "
      "ORDER BY s.position",
      {}, [&](const std::vector<Value>& r) {
        Slide slide;
        slide.id = asInteger(r[0]);
        slide.position = asInteger(r[1]);
        slide.title = asText(r[2]);
        slide.visibleLayers = splitList(asText(r[3]));
        slide.notes = asText(r[4]);
        if (!isNull(r[5])) {
          slide.filters = parseSlideFilters(asText(r[5]), {project.path(), "slides", slide.id});
        }
        if (!isNull(r[6])) {
          slide.bookmark = asText(r[6]);
          slide.extent = Box{asReal(r[7]), asReal(r[8]), asReal(r[9]), asReal(r[10])};
        }
        out.push_back(std::move(slide));
      });
  return out;
}

std::vector<Change> changesSince(ProjectStore& project, const std::string& sinceIso) {
  std::vector<Change> out;
  project.query(
      "SELECT layer, feature_id, field, coalesce(old_value, 'NULL'), coalesce(new_value, 'NULL'), time, \"user\", "
      "coalesce(context, '') = 'presentation' FROM audit_log WHERE time >= ? AND ("
      "(layer = 'scenic_routes' AND field IN ('built_km', 'planned_km', 'status')) OR "
      "(layer = 'project_sites' AND field IN ('status', 'start_date', 'completion_date'))) "
      "ORDER BY time DESC, id DESC",
      {Value(sinceIso)}, [&](const std::vector<Value>& r) {
        out.push_back({asText(r[0]), asInteger(r[1]), asText(r[2]), asText(r[3]), asText(r[4]), asText(r[5]),
                       asText(r[6]), asInteger(r[7]) != 0});
      });
  return out;
}

std::vector<VillageCount> householdCountsByVillage(ProjectStore& project) {
  return readCounts(project,
                    "SELECT v.code, v.name, v.township_code, c.n, c.m, ST_X(ST_PointOnSurface(v.geom)), "
                    "ST_Y(ST_PointOnSurface(v.geom)) FROM villages v JOIN (SELECT village_code, count(*) AS n, "
                    "coalesce(sum(members), 0) AS m FROM households GROUP BY village_code) c "
                    "ON c.village_code = v.code ORDER BY v.code");
}

std::vector<VillageCount> householdCountsByTownship(ProjectStore& project) {
  return readCounts(project,
                    "SELECT t.code, t.name, t.code, c.n, c.m, ST_X(ST_PointOnSurface(t.geom)), "
                    "ST_Y(ST_PointOnSurface(t.geom)) FROM townships t JOIN (SELECT v.township_code, count(*) AS n, "
                    "coalesce(sum(h.members), 0) AS m FROM households h JOIN villages v ON v.code = h.village_code "
                    "GROUP BY v.township_code) c ON c.township_code = t.code ORDER BY t.code");
}

std::string projectTitle(ProjectStore& project) {
  std::string title;
  project.query("SELECT value FROM settings WHERE key = 'title'", {},
                [&](const std::vector<Value>& r) { title = asText(r[0]); });
  return title;
}

}  // namespace zhenmap::store
