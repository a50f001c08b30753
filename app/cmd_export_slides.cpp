// `zhenmap export-slides PROJECT --out DIR [--size WxH]`: the project's slide deck, headless (EGL):
// one PNG per slide (title, legend, scale bar, north arrow, corridor progress, households only as
// counts per village) and one multi-page PDF of the deck (cairo), whose titles stay text.
// Presenter notes stay out of every file.
#include <cairo-pdf.h>
#include <cairo.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "pdf_font.hpp"
#include "raster_inputs.hpp"
#include "settings.hpp"
#include "slide_scene.hpp"

namespace zhenmap {

namespace {

struct ExportSlidesCommand {
  std::string project;
  std::string out;
  std::string size = "1920x1080";
  std::string crs = "EPSG:3857";
  std::optional<std::string> basemap;  // tile service under every slide
  bool offline = false;
  std::string cacheDir;
  double tileTimeout = 60;
};

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;

bool parseSize(const std::string& s, int& w, int& h) {
  char x = 0;
  std::istringstream in(s);
  if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || !in.eof()) return false;
  return w >= 64 && h >= 64 && w <= 7680 && h <= 4320;
}

void checkCairo(cairo_status_t status, const std::string& what) {
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(what + ": " + cairo_status_to_string(status));
}

// One PDF page: a text band with the slide's title and number over the slide picture.
struct PdfFonts {
  FontFacePtr title = pdfOutlineFontFace("Noto Sans CJK SC", CAIRO_FONT_WEIGHT_BOLD);
  FontFacePtr footer = pdfOutlineFontFace("Noto Sans CJK SC", CAIRO_FONT_WEIGHT_NORMAL);
};

void addPdfPage(cairo_t* cr, const PdfFonts& fonts, const Image& img, const std::string& title,
                const std::string& footer, double pageWidth, double bandHeight) {
  SurfacePtr picture(cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.width, img.height));
  checkCairo(cairo_surface_status(picture.get()), "cairo image");
  cairo_surface_flush(picture.get());
  unsigned char* data = cairo_image_surface_get_data(picture.get());
  const int stride = cairo_image_surface_get_stride(picture.get());
  for (int y = 0; y < img.height; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < img.width; ++x) {
      const std::uint8_t* p = img.pixel(x, y);
      row[x] = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | std::uint32_t{p[2]};
    }
  }
  cairo_surface_mark_dirty(picture.get());

  const double scale = pageWidth / img.width;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_font_face(cr, fonts.title.get());
  cairo_set_font_size(cr, bandHeight * 0.45);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_move_to(cr, bandHeight * 0.4, bandHeight * 0.65);
  cairo_show_text(cr, title.c_str());
  cairo_set_font_face(cr, fonts.footer.get());
  cairo_set_font_size(cr, bandHeight * 0.28);
  cairo_text_extents_t ext{};
  cairo_text_extents(cr, footer.c_str(), &ext);
  cairo_move_to(cr, pageWidth - bandHeight * 0.4 - ext.x_advance, bandHeight * 0.62);
  cairo_show_text(cr, footer.c_str());

  cairo_save(cr);
  cairo_translate(cr, 0, bandHeight);
  cairo_scale(cr, scale, scale);
  cairo_set_source_surface(cr, picture.get(), 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_show_page(cr);
  checkCairo(cairo_status(cr), "cairo PDF page");
}

int runExportSlides(const ExportSlidesCommand& cmd) {
  namespace fs = std::filesystem;
  int width = 0, height = 0;
  if (!parseSize(cmd.size, width, height)) {
    printError("--size must be WIDTHxHEIGHT within 64x64..7680x4320, got '" + cmd.size + "'");
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  MeetingProject project;
  try {
    project = loadMeetingProject(cmd.project, cmd.crs);
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
  if (cmd.basemap) {
    RasterInputOptions options;
    options.mapCrs = cmd.crs;
    options.offline = cmd.offline;
    options.cacheDir = cmd.cacheDir;
    try {
      project.rasters = openBasemap(*cmd.basemap, Settings(), options);
      project.tileTimeout = cmd.tileTimeout;
    } catch (const std::invalid_argument& e) {
      printError(std::string("--basemap: ") + e.what());
      return 1;
    } catch (const DataError& e) {
      printError(e.what());
      return 2;
    }
  }
  if (project.slides.empty()) {
    printError(cmd.project + ": the project has no slides");
    return 2;
  }
  std::error_code ec;
  fs::create_directories(cmd.out, ec);
  if (ec || !fs::is_directory(cmd.out)) {
    printError(cmd.out + ": cannot create the output folder");
    return 2;
  }
  const double pageWidth = 960.0;  // points; the page keeps the picture's aspect
  const double band = 54.0;
  const double pageHeight = band + pageWidth * height / width;
  const fs::path pdfPath = fs::path(cmd.out) / "slides.pdf";
  try {
    SurfacePtr pdf(cairo_pdf_surface_create(pdfPath.c_str(), pageWidth, pageHeight));
    checkCairo(cairo_surface_status(pdf.get()), pdfPath.string());
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, project.title.c_str());
    CairoPtr cr(cairo_create(pdf.get()));
    const PdfFonts fonts;
    const std::size_t n = project.slides.size();
    for (std::size_t i = 0; i < n; ++i) {
      const store::Slide& slide = project.slides[i];
      // The PNG carries its title in the picture; the PDF page sets it as text above a picture
      // without it, so that the title is searchable and shown once.
      const SlidePictures pictures = renderSlideBoth(project, slide, width, height);
      char name[32];
      std::snprintf(name, sizeof name, "slide_%02zu.png", i + 1);
      writePng(pictures.titled, (fs::path(cmd.out) / name).string());
      addPdfPage(cr.get(), fonts, pictures.untitled, slide.title,
                 project.title + "　" + std::to_string(i + 1) + " / " + std::to_string(n), pageWidth, band);
    }
    cr.reset();
    cairo_surface_finish(pdf.get());
    checkCairo(cairo_surface_status(pdf.get()), pdfPath.string());
  } catch (const SlideTilesError& e) {
    printError(e.what());
    return 2;
  } catch (const DataError& e) {
    printError(e.what());
    return 3;
  } catch (const std::exception& e) {
    printError(e.what());
    return 5;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu slides, %dx%d: %s/slide_*.png and %s in %.1f s\n", project.slides.size(), width, height,
              cmd.out.c_str(), pdfPath.c_str(), seconds);
  return 0;
}

const CommandRegistration kExportSlidesRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<ExportSlidesCommand>();
  CLI::App* sub = parent.add_subcommand("export-slides", "export the project's slides: one PNG each and a PDF deck");
  sub->add_option("project", cmd->project, "project file")->required();
  sub->add_option("--out", cmd->out, "output folder")->required();
  sub->add_option("--size", cmd->size, "picture size WIDTHxHEIGHT (default 1920x1080)");
  sub->add_option("--crs", cmd->crs, "map CRS (default EPSG:3857)");
  sub->add_option("--basemap", cmd->basemap, "tile service under every slide (as for render)");
  sub->add_flag("--offline", cmd->offline, "tiles from the offline cache only, no network");
  sub->add_option("--cache-dir", cmd->cacheDir, "folder of the tile caches (default: the user's cache folder)");
  sub->add_option("--tile-timeout", cmd->tileTimeout, "seconds to wait for each slide's tiles (default 60)");
  return Subcommand{sub, [cmd] { return runExportSlides(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
