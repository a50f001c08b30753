// decodeImage with size limits (render/image.hpp) on PNG and JPEG bytes built here with zlib and
// by hand (chunk by chunk, segment by segment), not with the encoder under test: decompression
// bombs are refused before their pixels are allocated, and good images decode to their pixels.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <functional>

#include "image.hpp"
#include "test_support.hpp"

using namespace zhenmap;

namespace {

void be32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
}

void chunk(std::string& png, const char* type, const std::string& data) {
  be32(png, static_cast<std::uint32_t>(data.size()));
  const std::string body = std::string(type, 4) + data;
  png += body;
  be32(png, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// An 8-bit RGBA PNG declaring width x height whose data stream holds `raw` (filter bytes included).
std::string makePng(std::uint32_t width, std::uint32_t height, const std::string& raw) {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  be32(ihdr, width);
  be32(ihdr, height);
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);
  chunk(png, "IHDR", ihdr);
  uLongf size = compressBound(raw.size());
  std::string z(size, '\0');
  compress2(reinterpret_cast<Bytef*>(z.data()), &size, reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 9);
  z.resize(size);
  chunk(png, "IDAT", z);
  chunk(png, "IEND", "");
  return png;
}

// A baseline JPEG header declaring width x height (SOI, SOF0 with 3 components), no image data.
std::string makeJpegHeader(std::uint16_t width, std::uint16_t height) {
  std::string j = "\xFF\xD8";
  j += std::string("\xFF\xC0\x00\x11\x08", 5);
  j += static_cast<char>(height >> 8);
  j += static_cast<char>(height & 0xff);
  j += static_cast<char>(width >> 8);
  j += static_cast<char>(width & 0xff);
  j += std::string("\x03\x01\x11\x00\x02\x11\x01\x03\x11\x01", 10);
  return j;
}

double secondsOf(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(ImageDecode, PngPixelsAsEncoded) {
  std::string raw;
  for (int y = 0; y < 3; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < 4; ++x) raw += std::string{char(x * 60), char(y * 100), char(x + y), char(255 - x)};
  }
  const Image img = decodeImage(makePng(4, 3, raw));
  ASSERT_EQ(img.width, 4);
  ASSERT_EQ(img.height, 3);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) {
      EXPECT_EQ(std::memcmp(img.pixel(x, y), raw.data() + y * 17 + 1 + x * 4, 4), 0) << x << "," << y;
    }
  }
}

// A few hundred bytes declaring 100000 x 100000 pixels (40 GB of RGBA): refused from the header.
TEST(ImageDecode, PngBombDeclaringAHugeSizeIsRefused) {
  const std::string bomb = makePng(100000, 100000, std::string(1000, '\0'));
  EXPECT_LT(bomb.size(), 1000u);
  double seconds = secondsOf([&] {
    try {
      decodeImage(bomb);
      ADD_FAILURE() << "decoded";
    } catch (const ImageError& e) {
      EXPECT_NE(std::string(e.what()).find("100000x100000"), std::string::npos) << e.what();
    }
  });
  EXPECT_LT(seconds, 1.0);
  // Within the default limits by side, but not by pixel count.
  EXPECT_THROW(decodeImage(makePng(16000, 16000, std::string(100, '\0'))), ImageError);
  ImageLimits small;
  small.maxWidth = 64;
  EXPECT_THROW(decodeImage(makePng(65, 1, std::string(1 + 65 * 4, '\0')), small), ImageError);
  EXPECT_NO_THROW(decodeImage(makePng(64, 1, std::string(1 + 64 * 4, '\0')), small));
}

// A 1x1 image whose data stream inflates to 64 MiB: only the declared row is inflated.
TEST(ImageDecode, PngCarryingFarMoreDataThanItsSize) {
  const std::string bomb = makePng(1, 1, std::string(64u << 20, '\0'));
  EXPECT_LT(bomb.size(), 200u * 1024);
  Image img;
  const double seconds = secondsOf([&] { img = decodeImage(bomb); });
  EXPECT_EQ(img.width, 1);
  EXPECT_EQ(img.rgba.size(), 4u);
  EXPECT_LT(seconds, 1.0) << "the extra data was inflated";
}

TEST(ImageDecode, JpegBombIsRefusedFromItsHeader) {
  try {
    decodeImage(makeJpegHeader(60000, 60000));
    ADD_FAILURE() << "decoded";
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find("60000x60000"), std::string::npos) << e.what();
  }
}

TEST(ImageDecode, CorruptAndForeignBytesGiveImageErrors) {
  const std::string good = makePng(2, 2, std::string(2 * 9, '\x10'));
  for (std::size_t cut : {std::size_t{0}, std::size_t{8}, std::size_t{20}, good.size() - 20}) {
    EXPECT_THROW(decodeImage(good.substr(0, cut)), ImageError) << cut;
  }
  EXPECT_THROW(decodeImage("GIF89a...."), ImageError);
  EXPECT_THROW(decodeImage(makeJpegHeader(8, 8)), ImageError);  // a header without image data
}

TEST(ImageDecode, WritePngReadsBack) {
  Image img;
  img.width = 5;
  img.height = 2;
  for (int i = 0; i < 40; ++i) img.rgba.push_back(static_cast<std::uint8_t>(i * 6));
  test::TempDir dir;
  writePng(img, (dir / "a.png").string());
  const Image back = readPng((dir / "a.png").string());
  EXPECT_EQ(back.width, 5);
  EXPECT_EQ(back.height, 2);
  EXPECT_EQ(back.rgba, img.rgba);
  EXPECT_THROW(readPng((dir / "missing.png").string()), ImageError);
}

}  // namespace

// writePng: an opaque picture goes out as RGB (colour type 2 in IHDR), one with any translucent
// pixel as RGBA (6); both read back as they were.
TEST(ImageDecode, WrittenPngsAreRgbWhenOpaqueAndKeepTheirAlphaOtherwise) {
  test::TempDir tmp;
  Image img;
  img.width = 7;
  img.height = 5;
  img.rgba.resize(7 * 5 * 4);
  for (std::size_t i = 0; i < img.rgba.size(); ++i) img.rgba[i] = static_cast<std::uint8_t>(i % 4 == 3 ? 255 : i * 37);
  const auto colourType = [](const std::string& path) {
    return static_cast<int>(static_cast<unsigned char>(test::readFile(path).at(25)));  // 8 signature + 8 + 9
  };
  const std::string opaque = (tmp / "opaque.png").string();
  writePng(img, opaque);
  EXPECT_EQ(colourType(opaque), 2);
  EXPECT_EQ(readPng(opaque).rgba, img.rgba);
  img.rgba[4 * 12 + 3] = 128;
  const std::string translucent = (tmp / "translucent.png").string();
  writePng(img, translucent);
  EXPECT_EQ(colourType(translucent), 6);
  EXPECT_EQ(readPng(translucent).rgba, img.rgba);
}
