// Project bookmarks; see bookmarks.hpp.
#include "bookmarks.hpp"

#include "errors.hpp"
#include "project_meta.hpp"
#include "store/database.hpp"
#include "store/pg_connection.hpp"

namespace zhenmap {

namespace {
// Bookmarks of a server project ("PG:..."): the same table, through libpq.
std::vector<Bookmark> readServerBookmarks(const std::string& uri) {
  store::PgConnection c(uri);
  store::PgResult r = c.exec("SELECT id, name, min_lon, min_lat, max_lon, max_lat FROM bookmarks ORDER BY id");
  std::vector<Bookmark> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({r.getInt(i, 0), r.text(i, 1),
                   Box{r.getDouble(i, 2), r.getDouble(i, 3), r.getDouble(i, 4), r.getDouble(i, 5)}});
  }
  return out;
}

std::int64_t addServerBookmark(const std::string& uri, const std::string& name, const Box& lonLat) {
  store::PgConnection c(uri);
  if (c.exec("SELECT 1 FROM bookmarks WHERE name = $1", {store::param(name)}).rows() > 0) {
    throw DataError("a bookmark named '" + name + "' already exists", {"server project"});
  }
  store::PgResult r = c.exec(
      "INSERT INTO bookmarks (name, min_lon, min_lat, max_lon, max_lat) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {store::param(name), store::param(store::Value(lonLat.minX)), store::param(store::Value(lonLat.minY)),
       store::param(store::Value(lonLat.maxX)), store::param(store::Value(lonLat.maxY))});
  return r.getInt(0, 0);
}

void deleteServerBookmark(const std::string& uri, std::int64_t id) {
  store::PgConnection c(uri);
  store::PgTransaction tx(c);
  c.exec("UPDATE slides SET bookmark_id = NULL WHERE bookmark_id = $1", {store::param(id)});
  c.exec("DELETE FROM bookmarks WHERE id = $1", {store::param(id)});
  tx.commit();
}
}  // namespace

std::vector<Bookmark> readBookmarks(const std::string& projectPath) {
  if (store::isPgUri(projectPath)) return readServerBookmarks(projectPath);
  std::vector<Bookmark> out;
  if (!isProject(projectPath)) return out;
  store::Database db(projectPath, store::OpenMode::ReadOnly);
  store::Statement s = db.prepare("SELECT id, name, min_lon, min_lat, max_lon, max_lat FROM bookmarks ORDER BY id");
  while (s.step()) {
    out.push_back({s.getInt(0), s.getText(1), Box{s.getDouble(2), s.getDouble(3), s.getDouble(4), s.getDouble(5)}});
  }
  return out;
}

std::int64_t addBookmark(const std::string& projectPath, const std::string& name, const Box& lonLat) {
  if (name.empty()) throw DataError("a bookmark needs a name", {});
  if (store::isPgUri(projectPath)) return addServerBookmark(projectPath, name, lonLat);
  if (!isProject(projectPath)) throw DataError("not a zhenmap project, so bookmarks cannot be saved in it", {projectPath});
  store::Database db(projectPath, store::OpenMode::ReadWrite);
  if (db.readOnly()) throw store::ReadOnlyError("the project is read-only; the bookmark was not saved", {projectPath});
  store::Statement taken = db.prepare("SELECT 1 FROM bookmarks WHERE name = ?");
  taken.bind(1, store::Value(name));
  if (taken.step()) throw DataError("a bookmark named '" + name + "' already exists", {projectPath});
  store::Statement s =
      db.prepare("INSERT INTO bookmarks (name, min_lon, min_lat, max_lon, max_lat) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, store::Value(name))
      .bind(2, store::Value(lonLat.minX))
      .bind(3, store::Value(lonLat.minY))
      .bind(4, store::Value(lonLat.maxX))
      .bind(5, store::Value(lonLat.maxY))
      .run();
  return db.lastInsertId();
}

void deleteBookmark(const std::string& projectPath, std::int64_t id) {
  if (store::isPgUri(projectPath)) return deleteServerBookmark(projectPath, id);
  store::Database db(projectPath, store::OpenMode::ReadWrite);
  if (db.readOnly()) throw store::ReadOnlyError("the project is read-only; the bookmark was not deleted", {projectPath});
  // Slides may point at the bookmark: they keep their place and lose the extent.
  store::Statement slides = db.prepare("UPDATE slides SET bookmark_id = NULL WHERE bookmark_id = ?");
  slides.bindInt(1, id).run();
  store::Statement s = db.prepare("DELETE FROM bookmarks WHERE id = ?");
  s.bindInt(1, id).run();
}

}  // namespace zhenmap
