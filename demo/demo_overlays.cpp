// The demo's overlays: work teams, project sites, scenic routes and monitored households, with
// totals fixed to the source article's figures (seed/FACTS.md), and the project metadata rows.
// Everything that is not a real name or code is synthetic and says so.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "demo/demo_model.hpp"
#include "measure.hpp"

namespace zhenmap::demo {

using namespace zhenmap::store;  // the demo writes a project through the store

namespace {

using std::chrono::sys_days;
namespace chr = std::chrono;

// Article figures (seed/FACTS.md).
constexpr int kWorkTeams = 91;
constexpr int kCadres = 487;
constexpr int kHouseholds = 693;
constexpr int kHouseholdMembers = 2812;
constexpr std::int64_t kFundsTenthsWan = 2267330;          // 22.6733 亿元 = 226,733.0 万元
constexpr std::int64_t kIndustryFundsTenthsWan = 35789;    // 35.789 million yuan = 3,578.9 万元
constexpr std::int64_t kScenicBeltBuiltHundredthsKm = 8800;  // 88 km
constexpr std::int64_t kFacadeBuiltHundredthsKm = 7000;      // 70 km
constexpr int kReliefFundHouseholds = 32;                  // 金和镇

const char* kJinhe = "445222111";
const char* kHuizhai = "445222106";
const char* kLongjiang = "445224110";
const char* kHuahu = "445224102";
const char* kDenggang = "445202105";

std::string isoDate(sys_days d) {
  const chr::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

sys_days day(int y, unsigned m, unsigned d) { return sys_days{chr::year{y} / chr::month{m} / chr::day{d}}; }

sys_days randomDay(SplitMix64& rng, sys_days lo, sys_days hi) {
  return lo + chr::days{rng.between(0, (hi - lo).count())};
}

double tenths(std::int64_t t) { return static_cast<double>(t) / 10.0; }

// Splits `total` units over the items in proportion to `weights`; the parts sum to total exactly,
// and an item of weight w gets at most ceil(total * w / sum).
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<std::int64_t> parts(weights.size(), 0);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    parts[i] = static_cast<std::int64_t>(std::floor(static_cast<double>(total) * weights[i] / sum));
    given += parts[i];
  }
  for (std::size_t i = 0; given < total; i = (i + 1) % weights.size()) {
    if (weights[i] > 0) {
      ++parts[i];
      ++given;
    }
  }
  return parts;
}

std::string shortVillageName(const std::string& name) {
  for (const std::string suffix : {"村民委员会", "居民委员会", "委员会"}) {
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return name.substr(0, name.size() - suffix.size()) + (suffix == "村民委员会" ? "村" : "");
    }
  }
  return name;
}

bool isRural(const DemoTown& t) { return t.kind == "镇" || t.kind == "乡"; }

struct Site {
  Row row;
  Vec2 pos;
  double weight = 1;
};

struct ProgrammePlan {
  std::string programme;
  int count;
  int started;
  int completed;
  std::vector<std::string> kinds;
};

class OverlayWriter {
 public:
  OverlayWriter(Database& db, DemoWorld& world) : m_db(db), m_world(world), m_rng(world.rng) {}

  void writeTeams() {
    std::vector<DemoTown*> chosen, others;
    for (DemoTown& t : m_world.towns) (isRural(t) ? chosen : others).push_back(&t);
    m_rng.shuffle(others);
    for (std::size_t i = 0; chosen.size() < static_cast<std::size_t>(kWorkTeams); ++i) chosen.push_back(others[i]);
    std::vector<std::int64_t> cadres(chosen.size(), kCadres / kWorkTeams);
    std::vector<std::size_t> order(chosen.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    m_rng.shuffle(order);
    for (int i = 0; i < kCadres % kWorkTeams; ++i) ++cadres[order[static_cast<std::size_t>(i)]];
    RowInserter teams(m_db, "work_teams");
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      DemoTown& t = *chosen[i];
      std::string notes = "临时党支部1个(示例)";
      if (t.code == kDenggang) notes += "；13个村党组织与帮扶单位党支部结对共建";
      if (t.code == kJinhe) notes += "；设立应急救助基金，已帮扶32户突发困难家庭";
      const std::string units = "省直或中直单位1个、东莞市对口帮扶单位" + std::to_string(1 + m_rng.below(3)) +
                                "个、市县直单位" + std::to_string(1 + m_rng.below(3)) + "个(单位名称为示例)";
      const Vec2 p = randomPointIn(m_world.geos, t.geom.get(), t.prepared.get(), t.box, m_rng);
      t.teamId = teams.insert({{"township_code", t.code},
                               {"name", t.name + "驻镇帮镇扶村工作队"},
                               {"assisting_units", units},
                               {"cadres", cadres[i]},
                               {"notes", notes}},
                              pointWkb(m_world.geos, p));
      ++m_world.summary.workTeams;
    }
  }

  void writeProjects() {
    const std::vector<ProgrammePlan> plans = {
        {"county_library", 2631, 838, 640, {"道路硬底化", "污水处理设施", "农村公厕改造", "文化广场", "安全饮水工程",
                                             "农田水利", "村庄亮化", "党群服务中心修缮", "垃圾收集点", "小公园"}},
        {"beautiful_town", 803, 60, 148, {"圩镇立面改造", "主干道升级", "农贸市场改造", "口袋公园", "污水管网",
                                           "停车场", "路灯提升", "河岸整治"}},
        {"industry_assistance", 368, 171, 152, {"青梅种植", "茶叶提质", "蔬菜基地", "水产养殖", "竹编工坊", "花卉苗木",
                                                 "菜脯加工", "电商服务站"}}};
    std::vector<Site> sites;
    for (const ProgrammePlan& plan : plans) addProgramme(plan, sites);
    // Funds raised (started and completed projects only): the article's totals, exactly.
    std::vector<double> industryWeights, otherWeights;
    for (const Site& s : sites) {
      const bool active = std::get<std::string>(s.row.at("status")) != "planned";
      const bool industry = std::get<std::string>(s.row.at("programme")) == "industry_assistance";
      industryWeights.push_back(active && industry ? s.weight : 0);
      otherWeights.push_back(active && !industry ? s.weight : 0);
    }
    const auto industryFunds = apportion(kIndustryFundsTenthsWan, industryWeights);
    const auto otherFunds = apportion(kFundsTenthsWan - kIndustryFundsTenthsWan, otherWeights);
    RowInserter insert(m_db, "project_sites");
    for (std::size_t i = 0; i < sites.size(); ++i) {
      Site& s = sites[i];
      const std::int64_t funds = industryFunds[i] + otherFunds[i];
      const std::int64_t budget = std::max<std::int64_t>(static_cast<std::int64_t>(s.weight * 10), funds * 11 / 10);
      s.row["budget_wan"] = tenths(budget);
      s.row["funds_raised_wan"] = tenths(funds);
      insert.insert(s.row, pointWkb(m_world.geos, s.pos));
      ++m_world.summary.projectSites;
    }
  }

  void writeRoutes() {
    writeRouteKind("scenic_belt", kScenicBeltBuiltHundredthsKm, 2.0, 6.0, "美丽乡村风貌带", "号线");
    writeRouteKind("street_facade", kFacadeBuiltHundredthsKm, 0.8, 2.5, "圩镇主街立面改造", "段");
  }

  void writeHouseholds() {
    std::vector<DemoTown*> rural;
    for (DemoTown& t : m_world.towns) {
      if (isRural(t)) rural.push_back(&t);
    }
    std::vector<std::int64_t> members(kHouseholds);
    std::int64_t sum = 0;
    for (auto& m : members) sum += (m = m_rng.between(1, 7));
    while (sum != kHouseholdMembers) {
      auto& m = members[m_rng.below(members.size())];
      if (sum < kHouseholdMembers && m < 8) ++m, ++sum;
      if (sum > kHouseholdMembers && m > 1) --m, --sum;
    }
    const std::vector<std::string> riskTypes = {"因病", "因残", "因学", "因灾", "因意外事故", "缺劳动力", "务工就业不稳"};
    RowInserter insert(m_db, "households");
    for (int i = 0; i < kHouseholds; ++i) {
      const bool relief = i < kReliefFundHouseholds;
      DemoTown& town = relief ? townByCode(m_world, kJinhe) : *rural[m_rng.below(rural.size())];
      DemoVillage& village = town.villages[m_rng.below(town.villages.size())];
      const double u = m_rng.uniform();
      const std::string risk = u < 0.18 ? "high" : u < 0.6 ? "medium" : "low";
      const std::string status = risk != "high" && m_rng.uniform() < 0.25 ? "risk_eliminated" : "monitoring";
      std::string measures = relief ? "镇应急救助基金 (relief fund) 临时救助" : "产业帮扶、就业帮扶";
      if (risk == "high") measures += "、医疗救助";
      char id[16], fakeId[32], phone[32], head[64];
      std::snprintf(id, sizeof id, "JY-H%05d", i + 1);
      std::snprintf(fakeId, sizeof fakeId, "DEMO-FAKE-%06d", i + 1);
      std::snprintf(phone, sizeof phone, "000-0000-%04d", i + 1);
      std::snprintf(head, sizeof head, "虚构户主%04d", i + 1);
      const Vec2 p = randomPointIn(m_world.geos, village.geom.get(), village.prepared.get(), village.box, m_rng);
      insert.insert({{"household_id", std::string(id)},
                     {"village_code", village.code},
                     {"members", members[static_cast<std::size_t>(i)]},
                     {"risk_level", risk},
                     {"risk_type", riskTypes[m_rng.below(riskTypes.size())]},
                     {"monitoring_status", status},
                     {"measures", measures},
                     {"last_visit", isoDate(randomDay(m_rng, day(2024, 5, 18), day(2024, 6, 17)))},
                     {"head_name", std::string(head)},
                     {"id_number", std::string(fakeId)},
                     {"phone", std::string(phone)}},
                    pointWkb(m_world.geos, p));
      ++m_world.summary.households;
    }
  }

 private:
  Site makeSite(DemoTown& town, const std::string& programme, const std::string& name, const std::string& status) {
    DemoVillage& v = town.villages[m_rng.below(town.villages.size())];
    Site s;
    s.pos = randomPointIn(m_world.geos, v.geom.get(), v.prepared.get(), v.box, m_rng);
    s.weight = std::exp(m_rng.uniform(std::log(20.0), std::log(1500.0)));
    s.row = {{"name", name}, {"programme", programme}, {"status", status}, {"township_code", town.code},
             {"village_code", v.code}};
    if (town.teamId) s.row["team_id"] = *town.teamId;
    if (status != "planned") {
      const sys_days start = randomDay(m_rng, day(2021, 3, 1), day(2022, 12, 31));
      s.row["start_date"] = isoDate(start);
      if (status == "completed") s.row["completion_date"] = isoDate(start + chr::days{m_rng.between(30, 400)});
    }
    return s;
  }

  void addProgramme(const ProgrammePlan& plan, std::vector<Site>& sites) {
    std::vector<std::string> statuses;
    for (int i = 0; i < plan.count; ++i) {
      statuses.push_back(i < plan.completed ? "completed" : i < plan.completed + plan.started ? "started" : "planned");
    }
    // The named towns' stories come first and take their statuses out of the programme's totals.
    std::vector<Site> story;
    if (plan.programme == "industry_assistance") {
      const char* olive[] = {"灰寨镇橄榄嫁接育苗基地", "灰寨镇橄榄专业合作社加工车间", "灰寨镇橄榄龙头企业+合作社+农户示范园",
                             "灰寨镇橄榄冷链仓储", "灰寨镇橄榄电商直播中心", "灰寨镇橄榄种植技术培训"};
      for (const char* n : olive) {
        story.push_back(makeSite(townByCode(m_world, kHuizhai), plan.programme, n, "completed"));
        story.back().row["notes"] = std::string("橄榄产业：龙头企业+合作社+农户；专业种植户400多户，嫁接苗16万多株");
      }
    } else if (plan.programme == "beautiful_town") {
      story.push_back(makeSite(townByCode(m_world, kLongjiang), plan.programme, "隆江镇三线整治省级试点(一期)", "started"));
      story.back().weight = 2600;
      story.back().row["notes"] = std::string("省级三线(电力、通信、广电线路)整治试点，一期约2600万元");
    } else {
      story.push_back(makeSite(townByCode(m_world, kHuahu), plan.programme, "华湖镇卫生院设备提升", "completed"));
      story.back().weight = 150;
      story.back().row["notes"] = std::string("为镇卫生院添置设备约150万元，开展远程会诊");
    }
    for (const Site& s : story) {
      auto it = std::find(statuses.begin(), statuses.end(), std::get<std::string>(s.row.at("status")));
      statuses.erase(it);
      sites.push_back(s);
    }
    m_rng.shuffle(statuses);
    for (const std::string& status : statuses) {
      DemoTown& town = m_world.towns[m_rng.below(m_world.towns.size())];
      const bool townLevel = plan.programme == "beautiful_town";
      const std::string kind = plan.kinds[m_rng.below(plan.kinds.size())];
      Site s = makeSite(town, plan.programme, "", status);
      const std::string place =
          townLevel ? town.name : shortVillageName(
                                      [&] {
                                        for (const DemoVillage& v : town.villages) {
                                          if (v.code == std::get<std::string>(s.row["village_code"])) return v.name;
                                        }
                                        return town.name;
                                      }());
      s.row["name"] = place + kind + "项目";
      sites.push_back(std::move(s));
    }
  }

  std::vector<Vec2> walk(DemoTown& town, double targetKm) {
    const double stepDeg = 0.0025;
    for (int attempt = 0; attempt < 20; ++attempt) {
      std::vector<Vec2> pts{randomPointIn(m_world.geos, town.geom.get(), town.prepared.get(), town.box, m_rng)};
      double heading = m_rng.uniform(0, 2 * M_PI);
      double km = 0;
      while (km < targetKm && pts.size() < 400) {
        bool moved = false;
        for (int tries = 0; tries < 24 && !moved; ++tries) {
          const double h = heading + m_rng.uniform(-0.4, 0.4) * (1 + tries / 4.0);
          const Vec2 p = pts.back();
          const Vec2 q{p.x + stepDeg * std::cos(h) / std::cos(p.y * M_PI / 180), p.y + stepDeg * std::sin(h)};
          GeomPtr pt = own(m_world.geos, GEOSGeom_createPointFromXY_r(m_world.geos.get(), q.x, q.y), "point");
          if (GEOSPreparedContainsProperly_r(m_world.geos.get(), town.prepared.get(), pt.get()) != 1) continue;
          km += geodesicLength({p, q}) / 1000.0;
          pts.push_back(q);
          heading = h;
          moved = true;
        }
        if (!moved) break;
      }
      if (pts.size() >= 3) return pts;
    }
    throw DataError("cannot lay out a route inside " + town.code);
  }

  void writeRouteKind(const std::string& kind, std::int64_t builtHundredths, double minKm, double maxKm,
                      const std::string& label, const std::string& unit) {
    struct Route {
      DemoTown* town;
      std::vector<Vec2> line;
      double plannedKm;
      double cap;
    };
    std::vector<Route> routes;
    double caps = 0;
    std::map<std::string, int> perTown;
    while (caps < 1.3 * static_cast<double>(builtHundredths)) {
      DemoTown& town = m_world.towns[m_rng.below(m_world.towns.size())];
      if (kind == "scenic_belt" && !isRural(town)) continue;
      std::vector<Vec2> line = walk(town, m_rng.uniform(minKm, maxKm));
      const double planned = geodesicLength(line) / 1000.0;
      const double share = m_rng.uniform() < 0.15 ? 0.0 : m_rng.uniform(0.3, 1.0);
      const double cap = std::floor(planned * 100 * share);
      caps += cap;
      routes.push_back({&town, std::move(line), planned, cap});
    }
    std::vector<double> weights;
    for (const Route& r : routes) weights.push_back(r.cap);
    const auto built = apportion(builtHundredths, weights);
    RowInserter insert(m_db, "scenic_routes");
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const Route& r = routes[i];
      const double builtKm = static_cast<double>(built[i]) / 100.0;
      const std::string status = built[i] == 0 ? "planned" : builtKm >= r.plannedKm ? "completed" : "started";
      const std::string name = r.town->name + label + std::to_string(++perTown[r.town->code]) + unit;
      GeomPtr g = lineGeometry(r.line);
      insert.insert({{"name", name}, {"kind", kind}, {"township_code", r.town->code}, {"planned_km", r.plannedKm},
                     {"built_km", builtKm}, {"status", status}},
                    toWkb(m_world.geos, g.get()));
      ++m_world.summary.routes;
    }
  }

  GeomPtr lineGeometry(const std::vector<Vec2>& pts) {
    GEOSContextHandle_t c = m_world.geos.get();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(c, static_cast<unsigned>(pts.size()), 2);
    if (!seq) throw DataError("cannot create a coordinate sequence");
    for (std::size_t i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(c, seq, static_cast<unsigned>(i), pts[i].x, pts[i].y);
    return own(m_world.geos, GEOSGeom_createLineString_r(c, seq), "line string");
  }

  Database& m_db;
  DemoWorld& m_world;
  SplitMix64& m_rng;
};

}  // namespace

void writeOverlays(Database& db, DemoWorld& world) {
  OverlayWriter w(db, world);
  w.writeTeams();
  w.writeProjects();
  w.writeRoutes();
  w.writeHouseholds();
}

}  // namespace zhenmap::demo
