// Tile image decoding; see tile_decode.hpp.
#include "tile_decode.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <atomic>
#include <cctype>

#include "gdal_errors.hpp"
#include "gdal_handles.hpp"

namespace zhenmap {

bool looksLikeMarkup(const std::string& bytes, const std::string& contentType) {
  std::string type = contentType;
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  if (type.find("text/") == 0 || type.find("html") != std::string::npos || type.find("xml") != std::string::npos) {
    return true;
  }
  for (char c : bytes) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    return c == '<';
  }
  return false;
}

RasterImage decodeTileImage(const std::string& bytes, int maxWidth, int maxHeight) {
  if (bytes.empty()) throw TileDecodeError("empty image");
  gdal::ensureRegistered();
  static std::atomic<unsigned long> counter{0};
  const std::string name = "/vsimem/zhenmap_tile_" + std::to_string(++counter);
  VSILFILE* f = VSIFileFromMemBuffer(name.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                     static_cast<vsi_l_offset>(bytes.size()), FALSE);
  if (!f) throw TileDecodeError("cannot decode the image");
  VSIFCloseL(f);
  struct Unlink {
    std::string n;
    ~Unlink() { VSIUnlink(n.c_str()); }
  } unlink{name};
  gdal::ErrorCapture errors;
  const char* const drivers[] = {"PNG", "JPEG", "WEBP", "GIF", nullptr};
  gdal::Dataset ds(GDALOpenEx(name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  if (!ds) throw TileDecodeError("not a PNG, JPEG, WebP or GIF image");
  const int w = GDALGetRasterXSize(ds.get()), h = GDALGetRasterYSize(ds.get());
  const int bands = GDALGetRasterCount(ds.get());
  if (w < 1 || h < 1 || bands < 1) throw TileDecodeError("an empty image");
  if (w > maxWidth || h > maxHeight) {
    throw TileDecodeError("an image of " + std::to_string(w) + " x " + std::to_string(h) +
                          " pixels, larger than a tile may be: refused");
  }
  RasterImage img;
  img.width = w;
  img.height = h;
  const std::size_t n = std::size_t(w) * std::size_t(h);
  img.rgba.assign(n * 4, 255);
  const GSpacing px = 4, line = GSpacing(w) * 4;
  auto read = [&](int band, int channel) {
    if (GDALRasterIO(GDALGetRasterBand(ds.get(), band), GF_Read, 0, 0, w, h, img.rgba.data() + channel, w, h, GDT_Byte,
                     int(px), int(line)) != CE_None) {
      throw TileDecodeError("broken image data" + (errors.failed() ? ": " + errors.failure() : std::string()));
    }
  };
  GDALRasterBandH b1 = GDALGetRasterBand(ds.get(), 1);
  if (GDALColorTableH ct = GDALGetRasterColorTable(b1); ct && bands == 1) {
    read(1, 0);
    const int entries = GDALGetColorEntryCount(ct);
    for (std::size_t i = 0; i < n; ++i) {
      const int idx = img.rgba[i * 4];
      const GDALColorEntry* e = idx < entries ? GDALGetColorEntry(ct, idx) : nullptr;
      const short v[4] = {e ? e->c1 : short(0), e ? e->c2 : short(0), e ? e->c3 : short(0), e ? e->c4 : short(0)};
      for (int c = 0; c < 4; ++c)
        img.rgba[i * 4 + std::size_t(c)] = static_cast<std::uint8_t>(std::clamp<int>(v[c], 0, 255));
    }
    // GDAL reports a PNG's tRNS transparency of a paletted image in the colour table's alpha.
  } else if (bands <= 2) {
    read(1, 0);
    if (bands == 2) read(2, 3);
    for (std::size_t i = 0; i < n; ++i) img.rgba[i * 4 + 1] = img.rgba[i * 4 + 2] = img.rgba[i * 4];
  } else {
    for (int c = 0; c < std::min(bands, 4); ++c) read(c + 1, c);
  }
  if (bands != 2 && bands < 4) {
    // A transparent colour (PNG tRNS on grey or RGB) comes as the nodata value of the bands.
    int has = 0;
    const double nd = GDALGetRasterNoDataValue(b1, &has);
    if (has && !GDALGetRasterColorTable(b1)) {
      const int channels = bands >= 3 ? 3 : 1;
      std::vector<double> values(std::size_t(channels), nd);
      for (int c = 1; c < channels; ++c)
        values[std::size_t(c)] = GDALGetRasterNoDataValue(GDALGetRasterBand(ds.get(), c + 1), nullptr);
      for (std::size_t i = 0; i < n; ++i) {
        bool all = true;
        for (int c = 0; c < channels; ++c) all = all && img.rgba[i * 4 + std::size_t(c)] == values[std::size_t(c)];
        if (all) img.rgba[i * 4 + 3] = 0;
      }
    }
  }
  return img;
}

}  // namespace zhenmap
