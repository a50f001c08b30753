// Text encodings of Shapefiles: a declared .cpg or code page byte is honoured; a GBK .dbf with
// neither (as many Chinese tools write them) is detected and decoded; Latin-1 falls back safely.
#include <gtest/gtest.h>

#include <fstream>

#include "ogr_source.hpp"
#include "sample_data.hpp"
#include "vector_source.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

// Sets the .dbf code page byte (offset 29, "language driver id") directly in the file.
void setLdid(const fs::path& dbf, unsigned char value) {
  std::fstream f(dbf, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f.good());
  f.seekp(29);
  f.put(static_cast<char>(value));
}

std::vector<std::string> names(const LayerData& layer) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name != "name") continue;
    for (const Feature& f : layer.features) out.push_back(std::get<std::string>(f.attributes[i]));
  }
  return out;
}

const std::vector<std::string> kNames{"榕城区", "普宁市", "揭西县"};

// The GBK bytes of 普宁市 (普 C6D5, 宁 C4FE, 市 CAD0), to prove the file really is GBK.
const std::string kPuningGbk = "\xC6\xD5\xC4\xFE\xCA\xD0";

TEST(ShapefileEncoding, GbkWithoutCpgOrCodePageIsDetected) {
  test::TempDir dir;
  const fs::path shp = test::convertSample(dir, "ESRI Shapefile", "gbk.shp", {"-lco", "ENCODING=CP936"});
  fs::remove(dir / "gbk.cpg");
  setLdid(dir / "gbk.dbf", 0);
  ASSERT_NE(test::readFile(dir / "gbk.dbf").find(kPuningGbk), std::string::npos);
  const LayerData layer = readVectorSource(shp.string()).at(0);
  EXPECT_EQ(names(layer), kNames);
  EXPECT_EQ(layer.encoding, "GB18030");
}

TEST(ShapefileEncoding, CpgIsHonoured) {
  test::TempDir dir;
  const fs::path shp = test::convertSample(dir, "ESRI Shapefile", "cpg.shp", {"-lco", "ENCODING=CP936"});
  ASSERT_TRUE(fs::exists(dir / "cpg.cpg"));
  setLdid(dir / "cpg.dbf", 0);
  const LayerData layer = readVectorSource(shp.string()).at(0);
  EXPECT_EQ(names(layer), kNames);
  EXPECT_EQ(layer.encoding, "CP936");
}

TEST(ShapefileEncoding, CodePageByteIsHonouredWithoutCpg) {
  test::TempDir dir;
  const fs::path shp = test::convertSample(dir, "ESRI Shapefile", "ldid.shp", {"-lco", "ENCODING=CP936"});
  fs::remove(dir / "ldid.cpg");
  setLdid(dir / "ldid.dbf", 0x4D);  // 77: code page 936
  const LayerData layer = readVectorSource(shp.string()).at(0);
  EXPECT_EQ(names(layer), kNames);
  EXPECT_EQ(layer.encoding, "CP936");
}

TEST(ShapefileEncoding, Utf8WithoutCpgStaysUtf8) {
  test::TempDir dir;
  const fs::path shp = test::convertSample(dir, "ESRI Shapefile", "u8.shp", {"-lco", "ENCODING=UTF-8"});
  fs::remove(dir / "u8.cpg");
  setLdid(dir / "u8.dbf", 0);
  const LayerData layer = readVectorSource(shp.string()).at(0);
  EXPECT_EQ(names(layer), kNames);
  EXPECT_EQ(layer.encoding, "UTF-8");
}

TEST(ShapefileEncoding, Latin1WithoutDeclarationFallsBackToLatin1) {
  test::TempDir dir;
  const fs::path csv = dir / "latin.csv";
  test::writeFile(csv, "name,WKT\n\"Café Müller\",\"POINT (116.3 23.5)\"\n");
  const fs::path shp = dir / "latin.shp";
  test::tool({"ogr2ogr", "-f", "ESRI Shapefile", shp.string(), csv.string(), "-a_srs", "EPSG:4490", "-lco",
              "ENCODING=ISO-8859-1"});
  fs::remove(dir / "latin.cpg");
  setLdid(dir / "latin.dbf", 0);
  ASSERT_NE(test::readFile(dir / "latin.dbf").find("Caf\xE9 M\xFCller"), std::string::npos);
  const LayerData layer = readVectorSource(shp.string()).at(0);
  EXPECT_EQ(names(layer), std::vector<std::string>{"Café Müller"});
  EXPECT_EQ(layer.encoding, "ISO-8859-1");
}

TEST(ShapefileEncoding, FolderMixingGbkAndUtf8DecodesEachLayerRight) {
  test::TempDir dir;
  const fs::path folder = dir / "towns";
  fs::create_directory(folder);
  test::convertSample(dir, "ESRI Shapefile", "towns/gbk.shp", {"-lco", "ENCODING=CP936"});
  fs::remove(folder / "gbk.cpg");
  setLdid(folder / "gbk.dbf", 0);
  test::convertSample(dir, "ESRI Shapefile", "towns/utf8.shp", {"-lco", "ENCODING=UTF-8"});
  ASSERT_TRUE(fs::exists(folder / "utf8.cpg"));
  const std::vector<LayerData> layers = readVectorSource(folder.string());
  ASSERT_EQ(layers.size(), 2u);
  for (const LayerData& layer : layers) {
    SCOPED_TRACE(layer.name);
    EXPECT_EQ(names(layer), kNames);
    EXPECT_EQ(layer.encoding, layer.name == "gbk" ? "GB18030" : "UTF-8");
  }
}

TEST(TextDecoding, ToUtf8) {
  EXPECT_EQ(toUtf8("ascii"), "ascii");
  EXPECT_EQ(toUtf8("榕城区"), "榕城区");
  EXPECT_EQ(toUtf8(kPuningGbk), "普宁市");
  EXPECT_EQ(toUtf8("Caf\xE9 "), "Café ");
  EXPECT_TRUE(decodesAs(kPuningGbk, "GB18030"));
  EXPECT_FALSE(decodesAs("\xE9 ", "GB18030"));
  const TextDecoder gb("GB18030"), none;
  EXPECT_EQ(gb(kPuningGbk.c_str()), "普宁市");
  EXPECT_EQ(gb("plain"), "plain");
  EXPECT_EQ(none("榕城区"), "榕城区");
  EXPECT_EQ(gb(nullptr), "");
}

}  // namespace
