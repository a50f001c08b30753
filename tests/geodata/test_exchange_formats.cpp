// KML/KMZ and GPX as field teams exchange them (Ovital/奥维, Google Earth, handheld GPS): every
// folder of a KML in one table with the folder's name and the placemark's colour, a KMZ read from
// its zip (and a clear error for one without a KML inside), GPX tracks or waypoints chosen.
#include <gtest/gtest.h>

#include "errors.hpp"
#include "import_fixtures.hpp"
#include "import_source.hpp"
#include "ogr_table.hpp"
#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

// A document as Ovital writes them: shared styles by id, an inline style, nested folders.
const char* kKml = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document><name>奥维路线</name>
<Style id="red"><LineStyle><color>ff0000ff</color><width>3</width></LineStyle></Style>
<Style id="pin"><IconStyle><color>ff00ff00</color></IconStyle></Style>
<Folder><name>风貌带</name>
 <Placemark><name>线路一</name><styleUrl>#red</styleUrl><LineString><coordinates>116.1,23.5,0 116.2,23.6,0</coordinates></LineString></Placemark>
 <Placemark><name>线路二</name><Style><LineStyle><color>80ff0000</color></LineStyle></Style><LineString><coordinates>116.3,23.5 116.4,23.6</coordinates></LineString></Placemark>
</Folder>
<Folder><name>项目点</name>
 <Placemark><name>点一</name><description>村口</description><styleUrl>#pin</styleUrl><Point><coordinates>116.15,23.55</coordinates></Point></Placemark>
 <Folder><name>子目录</name><Placemark><name>点二</name><Point><coordinates>116.16,23.56</coordinates></Point></Placemark></Folder>
</Folder>
</Document></kml>)";

const char* kGpx = R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="handheld" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="23.55" lon="116.15"><ele>12.5</ele><name>水井</name></wpt>
<wpt lat="23.56" lon="116.16"><name>祠堂</name></wpt>
<trk><name>巡查</name><trkseg>
<trkpt lat="23.50" lon="116.10"><ele>10</ele></trkpt><trkpt lat="23.51" lon="116.11"><ele>11</ele></trkpt>
<trkpt lat="23.52" lon="116.13"><ele>12</ele></trkpt></trkseg></trk>
</gpx>)";

std::string text(const TableRow& r, const FeatureTable& t, const std::string& field) {
  const int i = fieldIndex(t.fields, field);
  if (i < 0) return "<no field " + field + ">";
  const AttributeValue& v = r.values[static_cast<std::size_t>(i)];
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string("<null>");
}

std::string wkt(const TableRow& r) {
  OGRGeometryH g = nullptr;
  OGR_G_CreateFromWkb(r.wkb.data(), nullptr, &g, static_cast<int>(r.wkb.size()));
  char* s = nullptr;
  OGR_G_ExportToIsoWkt(g, &s);
  std::string out = s ? s : "";
  CPLFree(s);
  OGR_G_DestroyGeometry(g);
  return out;
}

void expectOvitalTable(const FeatureTable& t) {
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.crs, "EPSG:4326");
  EXPECT_EQ(t.geometryType, wkbUnknown);  // lines and points
  EXPECT_EQ(text(t.rows[0], t, "Name"), "线路一");
  EXPECT_EQ(text(t.rows[0], t, "folder"), "风貌带");
  EXPECT_EQ(text(t.rows[0], t, "style"), "#FF0000");  // KML ff0000ff is opaque red (aabbggrr)
  EXPECT_EQ(text(t.rows[1], t, "style"), "#0000FF80");
  EXPECT_EQ(wkt(t.rows[0]), "LINESTRING (116.1 23.5,116.2 23.6)");  // Z dropped
  EXPECT_EQ(text(t.rows[2], t, "folder"), "项目点");
  EXPECT_EQ(text(t.rows[2], t, "description"), "村口");
  EXPECT_EQ(text(t.rows[2], t, "style"), "#00FF00");
  EXPECT_EQ(text(t.rows[3], t, "folder"), "子目录");
  EXPECT_EQ(text(t.rows[3], t, "style"), "<null>");
  EXPECT_EQ(wkt(t.rows[3]), "POINT (116.16 23.56)");
  EXPECT_EQ(t.rows[3].sourceRow, 4);
  EXPECT_EQ(fieldIndex(t.fields, "tessellate"), -1);  // the driver's unused fields left out
}

TEST(ExchangeFormats, KmlFoldersAndStyles) {
  test::TempDir dir;
  test::writeFile(dir / "routes.kml", kKml);
  expectOvitalTable(readOgrTable((dir / "routes.kml").string()));
  LayerReadOptions one;
  one.layer = "项目点";
  EXPECT_EQ(readOgrTable((dir / "routes.kml").string(), one).rows.size(), 1u);
  one.layer = "没有";
  EXPECT_THROW(readOgrTable((dir / "routes.kml").string(), one), DataError);
}

TEST(ExchangeFormats, KmzIsReadFromItsZip) {
  test::TempDir dir;
  const fs::path kmz = dir / "奥维.kmz";
  test::writeZip(kmz, {{"doc.kml", kKml}, {"files/icon.png", std::string("\x89PNG\r\n", 6)}});
  expectOvitalTable(readOgrTable(kmz.string()));
}

TEST(ExchangeFormats, KmzWithoutKmlAndMisnamedFiles) {
  test::TempDir dir;
  const fs::path empty = dir / "empty.kmz";
  test::writeZip(empty, {{"files/photo.jpg", "not a kml"}, {"readme.txt", "hello"}});
  try {
    readOgrTable(empty.string());
    FAIL();
  } catch (const OpenError& e) {
    EXPECT_NE(std::string(e.what()).find("the KMZ holds no KML document (it holds: "), std::string::npos) << e.what();
  }
  const fs::path text = dir / "fake.kmz";
  test::writeFile(text, kKml);
  try {
    readOgrTable(text.string());
    FAIL();
  } catch (const OpenError& e) {
    EXPECT_NE(std::string(e.what()).find("is named .kmz but is not a KMZ (zipped KML): it is an XML document"),
              std::string::npos)
        << e.what();
  }
}

TEST(ExchangeFormats, GpxTracksAndWaypoints) {
  test::TempDir dir;
  const fs::path gpx = dir / "walk.gpx";
  test::writeFile(gpx, kGpx);
  // Two kinds of features: the caller chooses, and the message lists them with counts.
  try {
    readOgrTable(gpx.string());
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("waypoints (2)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tracks (1)"), std::string::npos) << e.what();
  }
  LayerReadOptions o;
  o.layer = "tracks";
  const FeatureTable tracks = readOgrTable(gpx.string(), o);
  ASSERT_EQ(tracks.rows.size(), 1u);
  EXPECT_EQ(wkt(tracks.rows[0]), "MULTILINESTRING ((116.1 23.5,116.11 23.51,116.13 23.52))");
  EXPECT_EQ(text(tracks.rows[0], tracks, "name"), "巡查");
  o.layer = "waypoints";
  const FeatureTable points = readOgrTable(gpx.string(), o);
  ASSERT_EQ(points.rows.size(), 2u);
  EXPECT_EQ(text(points.rows[1], points, "name"), "祠堂");
  EXPECT_EQ(wkt(points.rows[0]), "POINT (116.15 23.55)");
  EXPECT_NE(fieldIndex(points.fields, "ele"), -1);     // used
  EXPECT_EQ(fieldIndex(points.fields, "magvar"), -1);  // never used: left out
  // A GPX with one kind of feature needs no choice.
  test::writeFile(dir / "one.gpx", std::string(kGpx).substr(0, std::string(kGpx).find("<trk>")) + "</gpx>");
  EXPECT_EQ(readOgrTable((dir / "one.gpx").string()).rows.size(), 2u);
}

TEST(ExchangeFormats, AnyGdalLayerWithFilterAndAssignedCrs) {
  test::TempDir dir;
  test::writeFile(dir / "p.csv", "name,lon,lat\n甲,116.1,23.5\n乙,116.2,23.6\n");
  LayerReadOptions o;
  o.where = "name = '乙'";
  const FeatureTable t = readOgrTable((dir / "p.csv").string(), o);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(wkt(t.rows[0]), "POINT (116.2 23.6)");
  o.where = "name ==== 1";
  EXPECT_THROW(readOgrTable((dir / "p.csv").string(), o), DataError);
  const auto layers = listLayers((dir / "p.csv").string());
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(layers[0].second, 2);
}

// Lines written to CSV as WKT (as the exporter writes non-point layers) come back through GDAL.
TEST(ExchangeFormats, CsvWithWktInsteadOfCoordinateColumns) {
  test::TempDir dir;
  test::writeFile(dir / "routes.csv", "name,wkt\n绿道,\"LINESTRING (116 23,116.1 23.1)\"\n");
  const ImportSource src = readImportSource((dir / "routes.csv").string());
  EXPECT_EQ(src.kind, "gdal");
  ASSERT_EQ(src.table.rows.size(), 1u);
  EXPECT_EQ(wkt(src.table.rows[0]), "LINESTRING (116 23,116.1 23.1)");
  EXPECT_EQ(text(src.table.rows[0], src.table, "name"), "绿道");
}

}  // namespace
