// `zhenmap export-slides`: one PNG per slide and a PDF with one page per slide; the PDF's text
// holds the slide titles but no presenter notes and no sensitive household value; no exported
// picture draws a household symbol (households appear only as counts). Values to look for are
// read from the demo project itself (the real fake names, ID numbers and phone numbers).
#include <gtest/gtest.h>

#include <set>

#include "image.hpp"
#include "store/database.hpp"
#include "test_support.hpp"

using namespace zhenmap;
namespace fs = std::filesystem;

namespace {

// Household marker fills of the default style (render/default_styles.cpp): high, medium, low risk.
const std::set<std::uint32_t> kHouseholdFills = {0xd7301f, 0xf16913, 0xfdae6b};

std::size_t householdPixels(const Image& img) {
  std::size_t n = 0;
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const std::uint8_t* p = img.pixel(x, y);
      n += kHouseholdFills.count((std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2]);
    }
  }
  return n;
}

std::vector<std::string> column(const std::string& path, const std::string& sql) {
  store::Database db(path, store::OpenMode::ReadOnly);
  store::Statement s = db.prepare(sql);
  std::vector<std::string> out;
  while (s.step()) {
    if (!s.isNull(0) && !s.getText(0).empty()) out.push_back(s.getText(0));
  }
  return out;
}

}  // namespace

TEST(ExportSlides, DeckPicturesAndPdfCarryNoPersonalData) {
  test::TempDir dir;
  const std::string demo = (dir / "demo.sqlite").string();
  ASSERT_EQ(test::runZhenmap({"demo", "--out", demo}).exitCode, 0);
  const fs::path out = dir / "deck";
  const test::RunResult r = test::runZhenmap({"export-slides", demo, "--out", out.string(), "--size", "640x360"});
  ASSERT_EQ(r.exitCode, 0) << r.err;

  const std::vector<std::string> titles = column(demo, "SELECT title FROM slides ORDER BY position");
  ASSERT_EQ(titles.size(), 8u);
  for (std::size_t i = 1; i <= titles.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "slide_%02zu.png", i);
    ASSERT_TRUE(fs::exists(out / name)) << name;
    const Image img = readPng((out / name).string());
    EXPECT_EQ(img.width, 640);
    EXPECT_EQ(img.height, 360);
    EXPECT_EQ(householdPixels(img), 0u) << name;
  }
  EXPECT_FALSE(fs::exists(out / "slide_09.png"));

  // Control: the same check does see households when they are drawn as points.
  const fs::path points = dir / "points.png";
  ASSERT_EQ(test::runZhenmap(
                {"render", demo, "--layers", "townships,households", "--size", "640x360", "--out", points.string()})
                .exitCode,
            0);
  EXPECT_GT(householdPixels(readPng(points.string())), 100u);

  const std::string pdf = (out / "slides.pdf").string();
  const test::RunResult info = test::run({"/usr/bin/pdfinfo", pdf});
  ASSERT_EQ(info.exitCode, 0) << info.err;
  EXPECT_NE(info.out.find("Pages:           8\n"), std::string::npos) << info.out;

  const test::RunResult text = test::run({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf, "-"});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  for (const std::string& t : titles) EXPECT_NE(text.out.find(t), std::string::npos) << t;
  const std::vector<std::string> notes = column(demo, "SELECT notes FROM slides");
  ASSERT_FALSE(notes.empty());
  for (const std::string& n : notes) EXPECT_EQ(text.out.find(n), std::string::npos) << "presenter notes in the PDF";

  const std::string raw = test::readFile(pdf);
  std::size_t checked = 0;
  for (const char* field : {"head_name", "id_number", "phone", "household_id"}) {
    for (const std::string& v : column(demo, std::string("SELECT ") + field + " FROM households")) {
      ASSERT_EQ(text.out.find(v), std::string::npos) << field << " value in the PDF text";
      ASSERT_EQ(raw.find(v), std::string::npos) << field << " value in the PDF bytes";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4u * 693u);  // every monitored household of the demo (FACTS.md) has all four
}

// The PDF sets each title as text above the picture, so the picture inside the PDF must not draw
// the title again: it equals the slide's PNG except where the PNG draws its title (the top band).
TEST(ExportSlides, PdfPicturesDoNotRepeatTheTitle) {
  test::TempDir dir;
  const std::string demo = (dir / "demo.sqlite").string();
  ASSERT_EQ(test::runZhenmap({"demo", "--out", demo}).exitCode, 0);
  const fs::path out = dir / "deck";
  const test::RunResult r = test::runZhenmap({"export-slides", demo, "--out", out.string(), "--size", "640x360"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const test::RunResult images =
      test::run({"/usr/bin/pdfimages", "-png", (out / "slides.pdf").string(), (dir / "page").string()});
  ASSERT_EQ(images.exitCode, 0) << images.err;
  for (int i = 1; i <= 8; ++i) {
    char png[32], extracted[32];
    std::snprintf(png, sizeof png, "slide_%02d.png", i);
    std::snprintf(extracted, sizeof extracted, "page-%03d.png", i - 1);
    ASSERT_TRUE(fs::exists(dir / extracted)) << extracted;
    const Image titled = readPng((out / png).string());
    const Image untitled = readPng((dir / extracted).string());
    ASSERT_EQ(untitled.width, titled.width);
    ASSERT_EQ(untitled.height, titled.height);
    std::size_t differentTop = 0, differentBelow = 0;
    for (int y = 0; y < titled.height; ++y) {
      for (int x = 0; x < titled.width; ++x) {
        const std::uint8_t* a = titled.pixel(x, y);
        const std::uint8_t* b = untitled.pixel(x, y);
        if (a[0] != b[0] || a[1] != b[1] || a[2] != b[2]) ++(y < titled.height / 6 ? differentTop : differentBelow);
      }
    }
    EXPECT_GT(differentTop, 200u) << png << ": the PNG should draw its title at the top";
    EXPECT_EQ(differentBelow, 0u) << png << ": the pictures should differ only in the title band";
  }
}

TEST(ExportSlides, BadInputIsAClearError) {
  test::TempDir dir;
  const std::string demo = (dir / "demo.sqlite").string();
  ASSERT_EQ(test::runZhenmap({"demo", "--out", demo}).exitCode, 0);
  test::RunResult r = test::runZhenmap({"export-slides", demo, "--out", (dir / "a").string(), "--size", "10x10"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  r = test::runZhenmap({"export-slides", (dir / "missing.sqlite").string(), "--out", (dir / "b").string()});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  r = test::runZhenmap({"render", demo, "--slide", "9", "--out", (dir / "c.png").string()});
  EXPECT_EQ(r.exitCode, 1);
  {
    store::Database db(demo, store::OpenMode::ReadWrite);
    db.exec("DELETE FROM slides");
  }
  r = test::runZhenmap({"export-slides", demo, "--out", (dir / "d").string()});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("no slides"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "d" / "slides.pdf"));
}
