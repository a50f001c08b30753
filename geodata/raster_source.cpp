// Local rasters through GDAL; see raster_source.hpp.
#include "raster_source.hpp"

#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "crs_transform.hpp"
#include "errors.hpp"
#include "gdal_errors.hpp"

namespace zhenmap {

namespace {

// The CRS as "EPSG:n" when GDAL knows its code, else WKT2.
std::string crsString(OGRSpatialReferenceH srs) {
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (auth && code && std::string(auth) == "EPSG") return std::string("EPSG:") + code;
  char* wkt = nullptr;
  const char* const opts[] = {"FORMAT=WKT2_2019", nullptr};
  OSRExportToWktEx(srs, &wkt, opts);
  gdal::CplString owned(wkt);
  return wkt ? std::string(wkt) : std::string();
}

// Levels halving the resolution each, coarsest first; each level's pixel count rounds up as
// gdaladdo's overviews do, and its geotransform is stretched so it covers the raster exactly.
TileGrid pyramid(const RasterInfo& info) {
  TileGrid g;
  g.crs = info.crs;
  std::vector<TileLevel> levels;
  for (std::int64_t f = 1;; f *= 2) {
    TileLevel l;
    l.width = (info.width + f - 1) / f;
    l.height = (info.height + f - 1) / f;
    const double sx = double(info.width) / double(l.width), sy = double(info.height) / double(l.height);
    const double gt[6] = {info.gt[0], info.gt[1] * sx, info.gt[2] * sy, info.gt[3], info.gt[4] * sx, info.gt[5] * sy};
    std::copy(gt, gt + 6, l.gt);
    l.matrixWidth = static_cast<int>((l.width + 255) / 256);
    l.matrixHeight = static_cast<int>((l.height + 255) / 256);
    levels.push_back(l);
    if (l.width <= 256 && l.height <= 256) break;
  }
  std::reverse(levels.begin(), levels.end());
  for (std::size_t z = 0; z < levels.size(); ++z) levels[z].identifier = std::to_string(z);
  g.levels = std::move(levels);
  return g;
}

struct Rgb {
  double r, g, b;
};

// Hypsometric colours from low (green) to high (pale), t in [0, 1].
Rgb ramp(double t) {
  static constexpr double kStops[][4] = {{0.00, 0x24, 0x7b, 0x3a},
                                         {0.30, 0x8c, 0xc0, 0x5a},
                                         {0.55, 0xe8, 0xd8, 0x8c},
                                         {0.80, 0xa8, 0x78, 0x50},
                                         {1.00, 0xf5, 0xf2, 0xee}};
  t = std::clamp(t, 0.0, 1.0);
  for (std::size_t i = 1; i < std::size(kStops); ++i) {
    if (t <= kStops[i][0]) {
      const double f = (t - kStops[i - 1][0]) / (kStops[i][0] - kStops[i - 1][0]);
      const auto mix = [&](int c) { return kStops[i - 1][c] + f * (kStops[i][c] - kStops[i - 1][c]); };
      return {mix(1), mix(2), mix(3)};
    }
  }
  return {kStops[4][1], kStops[4][2], kStops[4][3]};
}

std::uint8_t toByte(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

// The full-resolution window a level's pixel window covers (GDAL's floating-point window).
struct SourceWindow {
  double x, y, w, h;
};

GDALRasterIOExtraArg extraArg(const SourceWindow& s, GDALRIOResampleAlg alg) {
  GDALRasterIOExtraArg a;
  INIT_RASTERIO_EXTRA_ARG(a);
  a.eResampleAlg = alg;
  a.bFloatingPointWindowValidity = TRUE;
  a.dfXOff = s.x;
  a.dfYOff = s.y;
  a.dfXSize = s.w;
  a.dfYSize = s.h;
  return a;
}

// The integer window holding a floating-point one (GDAL needs both).
void integerWindow(const SourceWindow& s, int maxW, int maxH, int& x, int& y, int& w, int& h) {
  x = std::clamp(static_cast<int>(std::floor(s.x + 1e-9)), 0, maxW - 1);
  y = std::clamp(static_cast<int>(std::floor(s.y + 1e-9)), 0, maxH - 1);
  w = std::clamp(static_cast<int>(std::ceil(s.x + s.w - 1e-9)), x + 1, maxW) - x;
  h = std::clamp(static_cast<int>(std::ceil(s.y + s.h - 1e-9)), y + 1, maxH) - y;
}

}  // namespace

RasterSource::RasterSource(const std::string& path, const RasterOpenOptions& options) : m_options(options) {
  gdal::ensureRegistered();
  gdal::ErrorCapture errors;
  m_info.path = path;
  m_ds.reset(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!m_ds) {
    std::error_code ec;
    if (path.find(':') == std::string::npos && !std::filesystem::exists(path, ec)) {
      throw OpenError("no such file", {path});
    }
    throw OpenError(errors.failed() ? "not a raster GDAL can read: " + errors.failure() : "not a raster GDAL can read",
                    {path});
  }
  GDALDatasetH ds = m_ds.get();
  m_info.driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
  m_info.width = GDALGetRasterXSize(ds);
  m_info.height = GDALGetRasterYSize(ds);
  m_info.bandCount = GDALGetRasterCount(ds);
  if (m_info.bandCount < 1 || m_info.width < 1 || m_info.height < 1) throw OpenError("has no raster bands", {path});
  if (GDALGetGeoTransform(ds, m_info.gt) != CE_None) {
    if (GDALGetGCPCount(ds) > 0) {
      throw CrsError("is georeferenced by control points only: warp it first (gdalwarp -t_srs EPSG:4490)", {path});
    }
    throw CrsError(
        "has no georeferencing: put a world file (.tfw, .jgw, .pgw or .wld) beside it and assign a CRS "
        "(e.g. EPSG:4490), or georeference it",
        {path});
  }
  OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
  if (srs) {
    m_info.crs = crsString(srs);
  } else if (!options.assignCrs.empty()) {
    m_info.crs = options.assignCrs;
    m_info.crsAssigned = true;
  } else {
    throw CrsError("the raster declares no CRS; assign one (e.g. EPSG:4490) to place it on the map", {path});
  }
  if (m_info.crsAssigned) {
    // An assigned CRS must be one PROJ knows (the file's own came through GDAL already).
    gdal::Srs check(OSRNewSpatialReference(nullptr));
    if (OSRSetFromUserInput(check.get(), m_info.crs.c_str()) != OGRERR_NONE) {
      throw CrsError("unknown CRS '" + m_info.crs + "'", {path});
    }
  }

  GDALRasterBandH b1 = GDALGetRasterBand(ds, 1);
  const GDALDataType type = GDALGetRasterDataType(b1);
  m_info.dataType = GDALGetDataTypeName(type);
  int hasNodata = 0;
  const double nodata = GDALGetRasterNoDataValue(b1, &hasNodata);
  if (hasNodata) m_info.nodata = nodata;
  for (int i = 0; i < GDALGetOverviewCount(b1); ++i) {
    GDALRasterBandH o = GDALGetOverview(b1, i);
    m_info.overviews.push_back({GDALGetRasterBandXSize(o), GDALGetRasterBandYSize(o)});
  }
  for (int b = 1; b <= m_info.bandCount; ++b) {
    if (GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, b)) == GCI_AlphaBand) m_alphaBand = b;
  }
  if (m_info.bandCount >= 3) {
    int rgb[3] = {1, 2, 3};
    for (int b = 1; b <= m_info.bandCount; ++b) {
      const GDALColorInterp ci = GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, b));
      if (ci == GCI_RedBand) rgb[0] = b;
      if (ci == GCI_GreenBand) rgb[1] = b;
      if (ci == GCI_BlueBand) rgb[2] = b;
    }
    m_bands.assign(rgb, rgb + 3);
    m_info.kind = m_alphaBand ? RasterKind::Rgba : RasterKind::Rgb;
  } else if (GDALColorTableH ct = GDALGetRasterColorTable(b1); ct && type == GDT_Byte) {
    m_info.kind = RasterKind::Paletted;
    m_bands = {1};
    m_palette.assign(256 * 4, 0);
    for (int i = 0; i < std::min(256, GDALGetColorEntryCount(ct)); ++i) {
      const GDALColorEntry* e = GDALGetColorEntry(ct, i);
      const short v[4] = {e->c1, e->c2, e->c3, e->c4};
      for (int c = 0; c < 4; ++c) m_palette[std::size_t(i) * 4 + std::size_t(c)] = toByte(v[c]);
    }
  } else {
    m_bands = {1};
    m_info.kind = type != GDT_Byte ? RasterKind::Elevation : m_alphaBand ? RasterKind::GreyAlpha : RasterKind::Grey;
  }
  if (type != GDT_Byte) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int b : m_bands) {
      double mm[2] = {0, 0};
      if (GDALComputeRasterMinMax(GDALGetRasterBand(ds, b), TRUE, mm) == CE_None) {
        lo = std::min(lo, mm[0]);
        hi = std::max(hi, mm[1]);
      }
    }
    if (lo <= hi) {
      m_info.minValue = lo;
      m_info.maxValue = hi > lo ? hi : lo + 1;
    }
  }
  for (const auto& [c, r] : {std::pair{0, 0}, {m_info.width, 0}, {0, m_info.height}, {m_info.width, m_info.height}}) {
    m_info.extent.expand(
        Vec2{m_info.gt[0] + c * m_info.gt[1] + r * m_info.gt[2], m_info.gt[3] + c * m_info.gt[4] + r * m_info.gt[5]});
  }
  m_grid = pyramid(m_info);
}

void RasterSource::readBand(int band, double x, double y, double w, double h, int bw, int bh, float* out) const {
  int ix = 0, iy = 0, iw = 0, ih = 0;
  const SourceWindow s{x, y, w, h};
  integerWindow(s, m_info.width, m_info.height, ix, iy, iw, ih);
  GDALRasterIOExtraArg arg = extraArg(s, GRIORA_Average);
  gdal::ErrorCapture errors;
  if (GDALRasterIOEx(GDALGetRasterBand(m_ds.get(), band), GF_Read, ix, iy, iw, ih, out, bw, bh, GDT_Float32, 0, 0,
                     &arg) != CE_None) {
    throw DataError("cannot read the raster: " + (errors.failed() ? errors.failure() : std::string("GDAL error")),
                    {m_info.path});
  }
}

RasterImage RasterSource::readColour(double x, double y, double w, double h, int bw, int bh) const {
  RasterImage img;
  img.width = bw;
  img.height = bh;
  const std::size_t n = std::size_t(bw) * std::size_t(bh);
  img.rgba.assign(n * 4, 255);
  int ix = 0, iy = 0, iw = 0, ih = 0;
  const SourceWindow s{x, y, w, h};
  integerWindow(s, m_info.width, m_info.height, ix, iy, iw, ih);
  GDALRasterIOExtraArg arg = extraArg(s, GRIORA_Average);
  gdal::ErrorCapture errors;
  auto fail = [&]() {
    throw DataError("cannot read the raster: " + (errors.failed() ? errors.failure() : std::string("GDAL error")),
                    {m_info.path});
  };
  const bool bytes = m_info.dataType == "Byte";
  std::vector<int> bands = m_bands;
  if (m_alphaBand) bands.push_back(m_alphaBand);
  if (bytes && m_info.kind != RasterKind::Paletted) {
    // Grey: the one band into R (and alpha into A), then copied to G and B.
    std::vector<int> map = bands;
    int count = static_cast<int>(map.size());
    std::vector<std::uint8_t> tmp;
    const bool grey = m_bands.size() == 1;
    if (grey && m_alphaBand) {
      // Channels R and A: read both, interleaved at 4 bytes, band offset 3 for the alpha.
      if (GDALRasterIOEx(GDALGetRasterBand(m_ds.get(), m_bands[0]), GF_Read, ix, iy, iw, ih, img.rgba.data(), bw, bh,
                         GDT_Byte, 4, GSpacing(bw) * 4, &arg) != CE_None ||
          GDALRasterIOEx(GDALGetRasterBand(m_ds.get(), m_alphaBand), GF_Read, ix, iy, iw, ih, img.rgba.data() + 3, bw,
                         bh, GDT_Byte, 4, GSpacing(bw) * 4, &arg) != CE_None) {
        fail();
      }
    } else if (GDALDatasetRasterIOEx(m_ds.get(), GF_Read, ix, iy, iw, ih, img.rgba.data(), bw, bh, GDT_Byte, count,
                                     map.data(), 4, GSpacing(bw) * 4, 1, &arg) != CE_None) {
      fail();
    }
    if (grey) {
      for (std::size_t i = 0; i < n; ++i) img.rgba[i * 4 + 1] = img.rgba[i * 4 + 2] = img.rgba[i * 4];
    }
  } else {
    // Paletted and non-byte data: read as float, then look up or stretch.
    std::vector<float> v(n);
    for (std::size_t c = 0; c < bands.size(); ++c) {
      readBand(bands[c], x, y, w, h, bw, bh, v.data());
      const bool alpha = bands[c] == m_alphaBand;
      for (std::size_t i = 0; i < n; ++i) {
        const double val = v[i];
        if (m_info.kind == RasterKind::Paletted && !alpha) {
          const auto idx = static_cast<std::size_t>(std::clamp(static_cast<int>(val), 0, 255));
          std::copy_n(&m_palette[idx * 4], 4, &img.rgba[i * 4]);
        } else if (alpha) {
          img.rgba[i * 4 + 3] = toByte(val);
        } else {
          const std::uint8_t b = toByte((val - m_info.minValue) / (m_info.maxValue - m_info.minValue) * 255.0);
          if (m_bands.size() == 1) {
            img.rgba[i * 4] = img.rgba[i * 4 + 1] = img.rgba[i * 4 + 2] = b;
          } else {
            img.rgba[i * 4 + c] = b;
          }
        }
        if (m_info.nodata && !alpha && val == *m_info.nodata && m_info.kind != RasterKind::Rgb) img.rgba[i * 4 + 3] = 0;
      }
      if (m_info.nodata && m_info.kind == RasterKind::Rgb && !alpha) {
        // RGB: transparent where every colour band holds the nodata value (counted in the alpha).
        for (std::size_t i = 0; i < n; ++i) {
          if (c == 0) img.rgba[i * 4 + 3] = 0;
          if (v[i] == *m_info.nodata) ++img.rgba[i * 4 + 3];
        }
        if (c + 1 == m_bands.size()) {
          for (std::size_t i = 0; i < n; ++i) img.rgba[i * 4 + 3] = img.rgba[i * 4 + 3] == c + 1 ? 0 : 255;
        }
      }
    }
    return img;
  }
  if (m_info.nodata && !m_alphaBand) {
    const double nd = *m_info.nodata;
    const std::size_t channels = m_bands.size() == 1 ? 1 : 3;
    for (std::size_t i = 0; i < n; ++i) {
      bool all = true;
      for (std::size_t c = 0; c < channels; ++c) all = all && img.rgba[i * 4 + c] == nd;
      if (all) img.rgba[i * 4 + 3] = 0;
    }
  } else if (!m_alphaBand) {
    // An internal mask (or a per-dataset mask of another kind) becomes the alpha.
    GDALRasterBandH b1 = GDALGetRasterBand(m_ds.get(), m_bands[0]);
    if (!(GDALGetMaskFlags(b1) & GMF_ALL_VALID)) {
      GDALRasterIOExtraArg nearest = extraArg(s, GRIORA_NearestNeighbour);
      if (GDALRasterIOEx(GDALGetMaskBand(b1), GF_Read, ix, iy, iw, ih, img.rgba.data() + 3, bw, bh, GDT_Byte, 4,
                         GSpacing(bw) * 4, &nearest) != CE_None) {
        fail();
      }
    }
  }
  return img;
}

RasterImage RasterSource::readElevation(const TileId& t) const {
  const PixelWindow pw = m_grid.window(t);
  const TileLevel& l = m_grid.levels[std::size_t(t.z)];
  const double sx = double(m_info.width) / double(l.width), sy = double(m_info.height) / double(l.height);
  // One pixel more on each side (where there is one), so hillshade sees the neighbours at the seams.
  const std::int64_t bx0 = std::max<std::int64_t>(pw.x0 - 1, 0), by0 = std::max<std::int64_t>(pw.y0 - 1, 0);
  const std::int64_t bx1 = std::min(pw.x1 + 1, l.width), by1 = std::min(pw.y1 + 1, l.height);
  const int bw = int(bx1 - bx0), bh = int(by1 - by0);
  std::vector<float> z(std::size_t(bw) * std::size_t(bh));
  readBand(1, double(bx0) * sx, double(by0) * sy, double(bw) * sx, double(bh) * sy, bw, bh, z.data());

  std::vector<std::uint8_t> shade;
  if (m_options.hillshade) {
    gdal::ErrorCapture errors;
    gdal::Dataset mem(GDALCreate(GDALGetDriverByName("MEM"), "", bw, bh, 1, GDT_Float32, nullptr));
    const double gt[6] = {l.gt[0] + double(bx0) * l.gt[1] + double(by0) * l.gt[2], l.gt[1], l.gt[2],
                          l.gt[3] + double(bx0) * l.gt[4] + double(by0) * l.gt[5], l.gt[4], l.gt[5]};
    GDALSetGeoTransform(mem.get(), const_cast<double*>(gt));
    GDALRasterBandH band = GDALGetRasterBand(mem.get(), 1);
    if (m_info.nodata) GDALSetRasterNoDataValue(band, *m_info.nodata);
    if (GDALRasterIO(band, GF_Write, 0, 0, bw, bh, z.data(), bw, bh, GDT_Float32, 0, 0) != CE_None) {
      throw DataError("hillshade: " + errors.failure(), {m_info.path});
    }
    // Geographic rasters: horizontal degrees to metres (GDAL's documented -s 111120).
    const std::string scale = crsIsGeographic(m_info.crs) ? "111120" : "1";
    const std::string zf = std::to_string(m_options.hillshadeZFactor);
    const char* argv[] = {"-of", "MEM", "-compute_edges", "-s", scale.c_str(), "-z", zf.c_str(), nullptr};
    GDALDEMProcessingOptions* opts = GDALDEMProcessingOptionsNew(const_cast<char**>(argv), nullptr);
    int usage = 0;
    gdal::Dataset out(GDALDEMProcessing("", mem.get(), "hillshade", nullptr, opts, &usage));
    GDALDEMProcessingOptionsFree(opts);
    if (!out) throw DataError("hillshade failed: " + errors.failure(), {m_info.path});
    shade.resize(z.size());
    if (GDALRasterIO(GDALGetRasterBand(out.get(), 1), GF_Read, 0, 0, bw, bh, shade.data(), bw, bh, GDT_Byte, 0, 0) !=
        CE_None) {
      throw DataError("hillshade failed: " + errors.failure(), {m_info.path});
    }
  }

  RasterImage img;
  img.width = int(pw.width());
  img.height = int(pw.height());
  img.rgba.assign(std::size_t(img.width) * std::size_t(img.height) * 4, 255);
  const double range = m_info.maxValue - m_info.minValue;
  for (int r = 0; r < img.height; ++r) {
    for (int c = 0; c < img.width; ++c) {
      const std::size_t src = std::size_t(r + int(pw.y0 - by0)) * std::size_t(bw) + std::size_t(c + int(pw.x0 - bx0));
      const double v = z[src];
      std::uint8_t* px = img.pixel(c, r);
      if ((m_info.nodata && v == *m_info.nodata) || !std::isfinite(v)) {
        px[0] = px[1] = px[2] = px[3] = 0;
        continue;
      }
      const double frac = (v - m_info.minValue) / range;
      Rgb col = m_options.colourRamp ? ramp(frac) : Rgb{frac * 255, frac * 255, frac * 255};
      if (!shade.empty()) {
        // 181 is flat ground under the default sun (45 degrees): it keeps the ramp's colour.
        const double f = shade[src] == 0 ? 1.0 : std::min(0.25 + 0.75 * shade[src] / 181.0, 1.25);
        col = {col.r * f, col.g * f, col.b * f};
      }
      px[0] = toByte(col.r);
      px[1] = toByte(col.g);
      px[2] = toByte(col.b);
    }
  }
  return img;
}

RasterImage RasterSource::readTile(const TileId& t) const {
  if (!m_grid.valid(t)) throw DataError("no such tile", {m_info.path});
  if (m_info.kind == RasterKind::Elevation) return readElevation(t);
  const PixelWindow pw = m_grid.window(t);
  const TileLevel& l = m_grid.levels[std::size_t(t.z)];
  const double sx = double(m_info.width) / double(l.width), sy = double(m_info.height) / double(l.height);
  return readColour(double(pw.x0) * sx, double(pw.y0) * sy, double(pw.width()) * sx, double(pw.height()) * sy,
                    int(pw.width()), int(pw.height()));
}

bool isRasterSource(const std::string& path) {
  // Database addresses are vector sources here; probing them as rasters would connect twice.
  for (const char* prefix : {"PG:", "pg:", "postgresql://", "postgres://", "MySQL:", "OCI:"}) {
    if (path.rfind(prefix, 0) == 0) return false;
  }
  gdal::ensureRegistered();
  gdal::ErrorCapture quiet;
  gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds || GDALGetRasterCount(ds.get()) < 1) return false;
  gdal::Dataset vec(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  return !vec || GDALDatasetGetLayerCount(vec.get()) == 0;
}

namespace {
int CPL_STDCALL reportProgress(double done, const char*, void* data) {
  const auto* f = static_cast<const std::function<void(double)>*>(data);
  if (f && *f) (*f)(done);
  return TRUE;
}
}  // namespace

std::vector<int> buildOverviews(const std::string& path, const std::string& resampling,
                                const std::function<void(double)>& progress) {
  gdal::ensureRegistered();
  gdal::ErrorCapture errors;
  gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!ds) {
    errors.clearFailure();
    ds.reset(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  }
  if (!ds || GDALGetRasterCount(ds.get()) < 1) {
    throw OpenError(errors.failed() ? "not a raster GDAL can read: " + errors.failure() : "not a raster GDAL can read",
                    {path});
  }
  const int w = GDALGetRasterXSize(ds.get()), h = GDALGetRasterYSize(ds.get());
  std::vector<int> factors;
  for (int f = 2; (w + f / 2 - 1) / (f / 2) > 256 || (h + f / 2 - 1) / (f / 2) > 256; f *= 2) factors.push_back(f);
  if (factors.empty()) return factors;
  errors.clearFailure();
  if (GDALBuildOverviews(ds.get(), resampling.c_str(), static_cast<int>(factors.size()), factors.data(), 0, nullptr,
                         reportProgress, const_cast<std::function<void(double)>*>(&progress)) != CE_None) {
    throw DataError("building overviews failed: " + (errors.failed() ? errors.failure() : std::string("GDAL error")),
                    {path});
  }
  ds.reset();  // flushes the overviews
  if (errors.failed()) throw DataError("building overviews failed: " + errors.failure(), {path});
  return factors;
}

}  // namespace zhenmap
