// Fixtures for the import and export tests, built in each test's own directory with GDAL's own
// writers: an XLSX project list with Chinese headers (序号, 项目名称, 镇/村, 经度, 纬度, 投资(万元),
// 状态, 开工日期) whose coordinates are WGS84 points shifted to GCJ-02/BD-09 by the independent
// implementation in indep_offsets.hpp and written as decimals, DMS text or d.mmss; XML edits inside
// a workbook (title rows, merged cells) through GDAL's /vsizip/; small squares around the points
// as the "village" polygons that `auto` compares with. Header-only: geodata and CLI tests.
#pragma once

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "indep_offsets.hpp"

namespace zhenmap::test {

// A project row as the team's sheet has it, with its true (WGS84) position.
struct ProjectRow {
  int number;
  std::string name, place, status, startDate;
  double budget;
  double lon, lat;  // WGS84
};

// `n` projects spread over the middle of Jieyang, 3 km apart, deterministic.
inline std::vector<ProjectRow> projectRows(int n) {
  static const char* const kStatus[] = {"已完工", "在建", "规划中", "计划"};
  std::mt19937 rng(19);
  std::uniform_real_distribution<double> jitter(-0.0008, 0.0008);
  std::vector<ProjectRow> rows;
  for (int i = 0; i < n; ++i) {
    ProjectRow r;
    r.number = i + 1;
    r.name = "项目" + std::to_string(i + 1) + "号";
    r.place = i % 2 ? "灰寨镇/河伍村" : "金和镇";
    r.status = kStatus[i % 4];
    char date[16];
    std::snprintf(date, sizeof date, "2024-%02d-%02d", 1 + i % 12, 1 + (i * 7) % 28);
    r.startDate = date;
    r.budget = 50.5 + 10.25 * i;
    r.lon = 115.90 + 0.03 * (i % 6) + jitter(rng);
    r.lat = 23.40 + 0.03 * (i / 6) + jitter(rng);
    rows.push_back(r);
  }
  return rows;
}

// A lon/lat square of `metres` side around a WGS84 point, as WKT (the "village" of a point).
inline std::string squareAround(double lon, double lat, double metres) {
  const double dLat = metres / 2 / 111320.0, dLon = metres / 2 / (111320.0 * std::cos(lat * indep::kPi / 180));
  char buf[256];
  std::snprintf(buf, sizeof buf, "POLYGON ((%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f))", lon - dLon,
                lat - dLat, lon + dLon, lat - dLat, lon + dLon, lat + dLat, lon - dLon, lat + dLat, lon - dLon,
                lat - dLat);
  return buf;
}

// 116°22'15.321" from decimal degrees (seconds to three decimals, about 3 cm).
inline std::string dmsText(double deg, const char* hemisphere = "") {
  const double total = std::round(std::fabs(deg) * 3600.0 * 1000.0) / 1000.0;
  const int d = static_cast<int>(total / 3600.0);
  const int m = static_cast<int>((total - d * 3600.0) / 60.0);
  const double s = total - d * 3600.0 - m * 60.0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%d°%02d'%06.3f\"", hemisphere, d, m, s);
  return buf;
}

// 116.221532 (d.mmssss) from decimal degrees: seconds to two decimals.
inline double dmmss(double deg) {
  const double total = std::round(deg * 3600.0 * 100.0) / 100.0;
  const int d = static_cast<int>(total / 3600.0);
  const int m = static_cast<int>((total - d * 3600.0) / 60.0);
  const double s = total - d * 3600.0 - m * 60.0;
  return d + m / 100.0 + s / 10000.0;
}

using Cell = std::variant<std::monostate, std::string, double, long long>;

struct SheetSpec {
  std::string name;
  std::vector<std::pair<std::string, OGRFieldType>> columns;  // the header row GDAL writes
  std::vector<std::vector<Cell>> rows;
};

// Writes a workbook with GDAL's XLSX (or ODS) driver: one layer per sheet.
inline void writeWorkbook(const std::filesystem::path& path, const std::vector<SheetSpec>& sheets,
                          const char* driver = "XLSX") {
  GDALAllRegister();
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName(driver), path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!ds) throw std::runtime_error("cannot create " + path.string());
  for (const SheetSpec& s : sheets) {
    OGRLayerH layer = GDALDatasetCreateLayer(ds, s.name.c_str(), nullptr, wkbNone, nullptr);
    for (const auto& [name, type] : s.columns) {
      OGRFieldDefnH fd = OGR_Fld_Create(name.c_str(), type);
      OGR_L_CreateField(layer, fd, TRUE);
      OGR_Fld_Destroy(fd);
    }
    for (const auto& row : s.rows) {
      OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
      for (std::size_t i = 0; i < row.size(); ++i) {
        const int k = static_cast<int>(i);
        if (const auto* t = std::get_if<std::string>(&row[i])) {
          if (s.columns[i].second == OFTDate) {
            int y = 0, m = 0, d = 0;
            std::sscanf(t->c_str(), "%d-%d-%d", &y, &m, &d);
            OGR_F_SetFieldDateTime(f, k, y, m, d, 0, 0, 0, 0);
          } else {
            OGR_F_SetFieldString(f, k, t->c_str());
          }
        } else if (const auto* d = std::get_if<double>(&row[i])) {
          OGR_F_SetFieldDouble(f, k, *d);
        } else if (const auto* n = std::get_if<long long>(&row[i])) {
          OGR_F_SetFieldInteger64(f, k, *n);
        }
      }
      const OGRErr err = OGR_L_CreateFeature(layer, f);
      OGR_F_Destroy(f);
      if (err != OGRERR_NONE) throw std::runtime_error("cannot write a row of " + s.name);
    }
  }
  GDALClose(ds);
}

inline std::string readVsi(const std::string& path) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) throw std::runtime_error("cannot read " + path);
  std::string out;
  char buf[8192];
  std::size_t n;
  while ((n = VSIFReadL(buf, 1, sizeof buf, fp)) > 0) out.append(buf, n);
  VSIFCloseL(fp);
  return out;
}

inline void writeVsi(const std::string& path, const std::string& content) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "wb");
  if (!fp) throw std::runtime_error("cannot write " + path);
  VSIFWriteL(content.data(), 1, content.size(), fp);
  VSIFCloseL(fp);
}

// A ZIP holding the given files in order (a KMZ, an edited XLSX), with GDAL's zip writer.
inline void writeZip(const std::filesystem::path& zip, const std::vector<std::pair<std::string, std::string>>& files) {
  void* h = CPLCreateZip(zip.c_str(), nullptr);
  if (!h) throw std::runtime_error("cannot create " + zip.string());
  for (const auto& [name, content] : files) {
    CPLCreateFileInZip(h, name.c_str(), nullptr);
    CPLWriteFileInZip(h, content.data(), static_cast<int>(content.size()));
    CPLCloseFileInZip(h);
  }
  CPLCloseZip(h);
}

// Rewrites a ZIP (an XLSX) entry by entry through `edit(name, content)`.
inline void rewriteZip(const std::filesystem::path& zip,
                       const std::function<std::string(const std::string&, const std::string&)>& edit) {
  char** entries = VSIReadDirRecursive(("/vsizip/" + zip.string()).c_str());
  std::vector<std::pair<std::string, std::string>> files;
  for (char** e = entries; e && *e; ++e) {
    const std::string name = *e;
    if (name.empty() || name.back() == '/') continue;
    files.emplace_back(name, edit(name, readVsi("/vsizip/" + zip.string() + "/" + name)));
  }
  CSLDestroy(entries);
  const std::filesystem::path tmp = zip.string() + ".new";
  writeZip(tmp, files);
  std::filesystem::rename(tmp, zip);
}

}  // namespace zhenmap::test
