// Internal to the demo generator: the townships and villages with their synthetic polygons, shared
// between demo_builder.cpp (geometry) and demo_overlays.cpp (projects, routes, households, teams).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "demo/demo_builder.hpp"
#include "demo/demo_geometry.hpp"
#include "store/validation.hpp"

namespace zhenmap::demo {

// The demo writes a project through the store's SQLite layer.
using store::Database;
using store::LayerSpec;
using store::Row;
using store::Statement;
using store::Value;

struct DemoVillage {
  std::string code;
  std::string name;
  GeomPtr geom;
  PreparedPtr prepared;
  Box box;
};

struct DemoTown {
  std::string countyCode;
  std::string countyName;
  std::string code;
  std::string name;
  std::string kind;
  std::vector<DemoVillage> villages;
  GeomPtr geom;
  PreparedPtr prepared;
  Box box;
  std::optional<std::int64_t> teamId;
};

struct DemoWorld {
  GeosContext geos;
  SplitMix64 rng;
  std::vector<DemoTown> towns;
  DemoSummary summary;
};

// Inserts validated rows into one layer table (the import path of the validation layer).
class RowInserter {
 public:
  RowInserter(Database& db, const std::string& layer);
  // Validates the row (fields and cross-field rules), inserts it with the geometry (WKB, lon/lat)
  // and returns the new id.
  std::int64_t insert(const Row& row, const std::string& wkb);

 private:
  Database* m_db;
  const LayerSpec* m_spec;
  Statement m_insert;
};

std::string pointWkb(const GeosContext& ctx, Vec2 p);
// Index of the first town with that code; throws DataError when missing.
DemoTown& townByCode(DemoWorld& world, const std::string& code);

// Work teams, project sites, routes, households; and the metadata rows (styles, bookmarks, slides).
void writeOverlays(Database& db, DemoWorld& world);
void writeProjectMetadata(Database& db, DemoWorld& world);

}  // namespace zhenmap::demo
