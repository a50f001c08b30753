// The demo project generator: inputs, synthetic boundaries, orchestration; see demo_builder.hpp.
#include "demo/demo_builder.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gdal_handles.hpp"
#include "demo/demo_model.hpp"
#include "store/schema.hpp"
#include "store/sqlite_audit.hpp"

namespace zhenmap::demo {

using namespace zhenmap::store;  // the demo writes a project through the store

namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::string>> readCsv(const fs::path& path, std::size_t columns) {
  std::ifstream in(path);
  if (!in) throw OpenError("cannot read demo input", {path.string()});
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (cells.size() != columns) {
      throw DataError("expected " + std::to_string(columns) + " columns in line " + std::to_string(rows.size() + 2),
                      {path.string()});
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

// County code -> valid polygonal outline (the source rings self-touch: MakeValid first).
std::map<std::string, GeomPtr> readCounties(const GeosContext& ctx, const fs::path& path) {
  GDALAllRegister();
  const char* const drivers[] = {"GeoJSON", nullptr};
  gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  if (!ds) throw OpenError("cannot open the county outlines", {path.string()});
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  if (!layer) throw OpenError("no layer in the county outlines", {path.string()});
  std::map<std::string, GeomPtr> out;
  OGR_L_ResetReading(layer);
  while (gdal::Feature f{OGR_L_GetNextFeature(layer)}) {
    const int adcode = OGR_F_GetFieldIndex(f.get(), "adcode");
    OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
    if (adcode < 0 || !g) throw DataError("county outline without adcode or geometry", {path.string()});
    std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
    OGR_G_ExportToWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
    GeomPtr raw = fromWkb(ctx, wkb);
    GeomPtr valid = own(ctx, GEOSMakeValid_r(ctx.get(), raw.get()), "MakeValid");
    out[OGR_F_GetFieldAsString(f.get(), adcode)] = polygonalPart(ctx, valid.get());
  }
  return out;
}

void loadTowns(DemoWorld& world, const fs::path& dataDir) {
  const auto towns = readCsv(dataDir / "jieyang_towns.csv", 6);
  const auto villages = readCsv(dataDir / "jieyang_villages.csv", 6);
  std::map<std::string, std::size_t> index;
  for (const auto& t : towns) {
    index[t[2]] = world.towns.size();
    world.towns.push_back({t[0], t[1], t[2], t[3], t[4], {}, {}, {}, {}, std::nullopt});
  }
  for (const auto& v : villages) {
    auto it = index.find(v[2]);
    if (it == index.end()) throw DataError("village " + v[4] + " names unknown town " + v[2]);
    world.towns[it->second].villages.push_back({v[4], v[5], {}, {}, {}});
  }
}

void makeBoundaries(DemoWorld& world, const std::map<std::string, GeomPtr>& counties) {
  const GeosContext& ctx = world.geos;
  std::map<std::string, std::vector<DemoTown*>> byCounty;
  for (DemoTown& t : world.towns) byCounty[t.countyCode].push_back(&t);
  for (auto& [county, towns] : byCounty) {
    auto c = counties.find(county);
    if (c == counties.end()) throw DataError("no outline for county " + county);
    std::vector<GeomPtr> cells = partition(ctx, c->second.get(), towns.size(), world.rng);
    for (std::size_t i = 0; i < towns.size(); ++i) {
      DemoTown& town = *towns[i];
      town.geom = std::move(cells[i]);
      town.prepared = prepare(ctx, town.geom.get());
      town.box = envelope(ctx, town.geom.get());
      std::vector<GeomPtr> villageCells = partition(ctx, town.geom.get(), town.villages.size(), world.rng);
      for (std::size_t v = 0; v < town.villages.size(); ++v) {
        DemoVillage& village = town.villages[v];
        village.geom = std::move(villageCells[v]);
        village.prepared = prepare(ctx, village.geom.get());
        village.box = envelope(ctx, village.geom.get());
      }
    }
  }
  world.summary.counties = counties.size();
}

void writeBoundaries(Database& db, DemoWorld& world) {
  RowInserter towns(db, "townships");
  RowInserter villages(db, "villages");
  for (const DemoTown& t : world.towns) {
    towns.insert({{"code", t.code}, {"name", t.name}, {"county_code", t.countyCode}, {"kind", t.kind}},
                 toWkb(world.geos, t.geom.get()));
    for (const DemoVillage& v : t.villages) {
      villages.insert({{"code", v.code}, {"name", v.name}, {"township_code", t.code}},
                      toWkb(world.geos, v.geom.get()));
      ++world.summary.villages;
    }
  }
  world.summary.townships = world.towns.size();
}

}  // namespace

RowInserter::RowInserter(Database& db, const std::string& layer)
    : m_db(&db), m_spec(findLayer(layer)), m_insert(db, "SELECT 1") {
  if (!m_spec) throw DataError("no layer spec", {"", layer});
  std::string cols, params;
  for (const FieldSpec& f : m_spec->fields) {
    cols += f.name + ", ";
    params += "?, ";
  }
  std::string geom = "GeomFromWKB(?, " + std::to_string(kStoreSrid) + ")";
  if (m_spec->geometryType == "MULTIPOLYGON") geom = "CastToMultiPolygon(" + geom + ")";
  m_insert = db.prepare("INSERT INTO " + layer + " (" + cols + "geom) VALUES (" + params + geom + ")");
}

std::int64_t RowInserter::insert(const Row& row, const std::string& wkb) {
  validateRow(*m_spec, row);
  int i = 1;
  for (const FieldSpec& f : m_spec->fields) {
    auto it = row.find(f.name);
    m_insert.bind(i++, it == row.end() ? Value{} : it->second);
  }
  m_insert.bindBlob(i, wkb.data(), wkb.size());
  m_insert.run();
  return m_db->lastInsertId();
}

std::string pointWkb(const GeosContext& ctx, Vec2 p) {
  GeomPtr g = own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "point");
  return toWkb(ctx, g.get());
}

DemoTown& townByCode(DemoWorld& world, const std::string& code) {
  for (DemoTown& t : world.towns) {
    if (t.code == code) return t;
  }
  throw DataError("the demo data has no town " + code);
}

DemoSummary buildDemo(const std::string& outPath, const DemoOptions& options) {
  const fs::path dataDir = options.dataDir;
  std::error_code ec;
  if (fs::exists(outPath, ec) && !options.overwrite) {
    throw OpenError("output exists already (use --force to replace it)", {outPath});
  }
  DemoWorld world{GeosContext{}, SplitMix64(options.seed), {}, {}};
  loadTowns(world, dataDir);
  makeBoundaries(world, readCounties(world.geos, dataDir / "jieyang_counties.geojson"));

  const fs::path tmp = fs::path(outPath).concat(".building");
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(fs::path(tmp).concat(suffix), ec);
  {
    Database db(tmp.string(), OpenMode::Create);
    createSchema(db);
    Transaction tx(db);
    suspendAudit(db);  // the demo's data is the project's starting point, not its history
    writeBoundaries(db, world);
    writeOverlays(db, world);
    writeProjectMetadata(db, world);
    resumeAudit(db);
    tx.commit();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  // The files SQLite keeps beside a database (the store keeps its journal between commits) belong
  // to the file they were made for: none of the old output's may meet the new one, and the
  // building file's own goes with its name.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(fs::path(outPath).concat(suffix), ec);
  fs::rename(tmp, outPath, ec);
  if (ec) throw OpenError("cannot move the finished demo into place: " + ec.message(), {outPath});
  fs::remove(fs::path(tmp).concat("-journal"), ec);
  return world.summary;
}

}  // namespace zhenmap::demo
