// Spreadsheet and CSV cells as text; see sheet_grid.hpp.
#include "sheet_grid.hpp"

#include <cpl_conv.h>
#include <cpl_csv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <atomic>
#include <cctype>

#include "errors.hpp"
#include "file_kind.hpp"
#include "gdal_errors.hpp"
#include "gdal_handles.hpp"
#include "ogr_source.hpp"

namespace zhenmap {

namespace {

constexpr std::size_t kMaxCsvBytes = std::size_t(1) << 30;  // 1 GiB of text is no table of points
constexpr std::size_t kMaxCsvLine = std::size_t(64) << 20;

// Sets thread-local GDAL configuration options for its lifetime: GDAL 3.6's XLSX, ODS and XLS
// drivers take HEADERS/FIELD_TYPES only as configuration options, not as open options.
class ThreadConfig {
 public:
  // The key is copied: callers pass it built on the spot ((prefix + "HEADERS").c_str()).
  ThreadConfig(const std::string& key, const char* value) : m_key(key) {
    const char* old = CPLGetThreadLocalConfigOption(m_key.c_str(), nullptr);
    if (old) m_old = old;
    m_hadOld = old != nullptr;
    CPLSetThreadLocalConfigOption(m_key.c_str(), value);
  }
  ~ThreadConfig() { CPLSetThreadLocalConfigOption(m_key.c_str(), m_hadOld ? m_old.c_str() : nullptr); }
  ThreadConfig(const ThreadConfig&) = delete;
  ThreadConfig& operator=(const ThreadConfig&) = delete;

 private:
  std::string m_key;
  std::string m_old;
  bool m_hadOld = false;
};

std::string trim(std::string s) {
  const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t a = 0;
  while (a < s.size() && space(static_cast<unsigned char>(s[a]))) ++a;
  s.erase(0, a);
  // Ideographic spaces around a cell's text (U+3000, E3 80 80).
  while (s.size() >= 3 && s.compare(0, 3, "\xE3\x80\x80") == 0) s.erase(0, 3);
  while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) s.erase(s.size() - 3);
  return s;
}

std::string readVsiFile(const std::string& path, std::size_t limit) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return {};
  std::string out;
  char buf[65536];
  for (;;) {
    const std::size_t n = VSIFReadL(buf, 1, sizeof buf, fp);
    out.append(buf, n);
    if (n < sizeof buf || out.size() > limit) break;
  }
  VSIFCloseL(fp);
  return out;
}

// The path inside an XLSX of the worksheet called `sheet` (workbook.xml names it, the
// relationships file says which part holds it).
std::string worksheetPart(const std::string& zip, const std::string& sheet) {
  const std::string workbook = readVsiFile("/vsizip/{" + zip + "}/xl/workbook.xml", 16 << 20);
  const std::string rels = readVsiFile("/vsizip/{" + zip + "}/xl/_rels/workbook.xml.rels", 16 << 20);
  CPLXMLNode* wb = CPLParseXMLString(workbook.c_str());
  CPLXMLNode* rl = CPLParseXMLString(rels.c_str());
  std::string rid, target;
  if (CPLXMLNode* sheets = wb ? CPLSearchXMLNode(wb, "=sheets") : nullptr) {
    for (CPLXMLNode* n = sheets->psChild; n; n = n->psNext) {
      if (n->eType == CXT_Element && EQUAL(n->pszValue, "sheet") && sheet == CPLGetXMLValue(n, "name", "")) {
        rid = CPLGetXMLValue(n, "r:id", "");
      }
    }
  }
  if (CPLXMLNode* root = rl ? CPLSearchXMLNode(rl, "=Relationships") : nullptr) {
    for (CPLXMLNode* n = root->psChild; n; n = n->psNext) {
      if (n->eType == CXT_Element && rid == CPLGetXMLValue(n, "Id", "")) target = CPLGetXMLValue(n, "Target", "");
    }
  }
  if (wb) CPLDestroyXMLNode(wb);
  if (rl) CPLDestroyXMLNode(rl);
  if (target.empty()) return {};
  return target[0] == '/' ? target.substr(1) : "xl/" + target;
}

// "A1:H1" ranges from the worksheet's <mergeCells>: a plain text scan (the element is simple and
// the sheet may be large).
std::vector<std::string> mergedRanges(const std::string& zip, const std::string& sheet) {
  const std::string part = worksheetPart(zip, sheet);
  if (part.empty()) return {};
  const std::string xml = readVsiFile("/vsizip/{" + zip + "}/" + part, std::size_t(512) << 20);
  std::vector<std::string> out;
  for (std::size_t at = xml.find("<mergeCell "); at != std::string::npos; at = xml.find("<mergeCell ", at + 1)) {
    const std::size_t ref = xml.find("ref=\"", at);
    const std::size_t end = ref == std::string::npos ? ref : xml.find('"', ref + 5);
    if (end == std::string::npos || end > xml.find('>', at)) continue;
    out.push_back(xml.substr(ref + 5, end - ref - 5));
  }
  return out;
}

std::vector<std::string> layerNames(GDALDatasetH ds) {
  std::vector<std::string> names;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) names.push_back(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
  return names;
}

void readLayerCells(OGRLayerH layer, SheetGrid& grid) {
  const int n = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer));
  gdal::ErrorCapture errors;
  OGR_L_ResetReading(layer);
  for (;;) {
    gdal::Feature f(OGR_L_GetNextFeature(layer));
    if (errors.failed()) throw DataError(errors.failure(), {grid.path, grid.sheet, {}});
    if (!f) break;
    std::vector<std::string> row(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      if (OGR_F_IsFieldSetAndNotNull(f.get(), i))
        row[static_cast<std::size_t>(i)] = trim(OGR_F_GetFieldAsString(f.get(), i));
    }
    while (!row.empty() && row.back().empty()) row.pop_back();
    grid.rowNumbers.push_back(OGR_F_GetFID(f.get()));
    grid.cells.push_back(std::move(row));
  }
}

SheetGrid readWorkbook(const std::string& path, const std::string& ext, const SheetReadOptions& options) {
  const std::string driver = ext == "ods" ? "ODS" : ext == "xls" ? "XLS" : "XLSX";
  const std::string prefix = "OGR_" + driver + "_";
  ThreadConfig headers(prefix + "HEADERS", "DISABLE");
  ThreadConfig types(prefix + "FIELD_TYPES", "STRING");
  const char* drivers[] = {driver.c_str(), nullptr};
  gdal::ErrorCapture errors;
  gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  if (!ds) {
    throw OpenError("cannot read the workbook" + (errors.failed() ? ": " + errors.failure() : std::string()),
                    {path, {}, {}});
  }
  SheetGrid grid;
  grid.path = path;
  grid.sheets = layerNames(ds.get());
  if (!options.sheet.empty() && std::find(grid.sheets.begin(), grid.sheets.end(), options.sheet) == grid.sheets.end()) {
    std::string list;
    for (const std::string& s : grid.sheets) list += (list.empty() ? "" : ", ") + s;
    throw OpenError("no sheet named '" + options.sheet + "' (sheets: " + list + ")", {path, {}, {}});
  }
  for (const std::string& name : grid.sheets) {
    if (!options.sheet.empty() && name != options.sheet) continue;
    grid.sheet = name;
    grid.rowNumbers.clear();
    grid.cells.clear();
    readLayerCells(GDALDatasetGetLayerByName(ds.get(), name.c_str()), grid);
    const bool any = std::any_of(grid.cells.begin(), grid.cells.end(), [](const auto& r) { return !r.empty(); });
    if (any || !options.sheet.empty()) break;
  }
  if (driver == "XLSX") grid.mergedRanges = mergedRanges(path, grid.sheet);
  return grid;
}

// UTF-8 text of a CSV file: the given encoding, else UTF-8 when it is, else GB18030 (a superset
// of GBK, which Chinese Excel writes), else an error.
std::string csvText(const std::string& path, const SheetReadOptions& options, std::string& encoding) {
  std::string bytes = readVsiFile(path, kMaxCsvBytes);
  if (bytes.size() > kMaxCsvBytes) throw OpenError("the CSV file is larger than 1 GiB", {path, {}, {}});
  if (bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    bytes.erase(0, 3);
    if (options.encoding.empty()) encoding = "UTF-8";
  }
  const std::string tried = options.encoding.empty() ? std::string() : options.encoding;
  if (!tried.empty()) {
    if (!decodesAs("", tried.c_str())) throw OpenError("unknown text encoding '" + tried + "'", {path, {}, {}});
    if (!decodesAs(bytes, tried.c_str())) throw OpenError("the text is not valid " + tried, {path, {}, {}});
    encoding = tried;
  } else if (CPLIsUTF8(bytes.c_str(), static_cast<int>(bytes.size()))) {
    encoding = "UTF-8";
    return bytes;
  } else if (decodesAs(bytes, "GB18030")) {
    encoding = "GB18030";
  } else {
    throw OpenError("the text is neither UTF-8 nor GBK/GB18030; give its encoding", {path, {}, {}});
  }
  if (encoding == "UTF-8") return bytes;
  // toUtf8 would guess; convert with the encoding decided above.
  const TextDecoder decode(encoding);
  return decode(bytes.c_str());
}

SheetGrid readCsv(const std::string& path, const SheetReadOptions& options) {
  SheetGrid grid;
  grid.path = path;
  grid.rowLabel = "line";
  const std::string text = csvText(path, options, grid.encoding);
  std::vector<std::size_t> lineStarts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') lineStarts.push_back(i + 1);
  }
  static std::atomic<unsigned> counter{0};
  const std::string mem = "/vsimem/zhenmap_csv_" + std::to_string(counter++) + ".csv";
  VSILFILE* fp = VSIFileFromMemBuffer(mem.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(text.data())),
                                      static_cast<vsi_l_offset>(text.size()), FALSE);
  if (!fp) throw OpenError("cannot read the CSV text", {path, {}, {}});
  std::string firstLine = text.substr(0, text.find('\n'));
  const char sep = CSVDetectSeperator(firstLine.c_str());
  const char delimiter[2] = {sep, '\0'};
  for (;;) {
    const vsi_l_offset at = VSIFTellL(fp);
    if (at >= text.size()) break;
    char** tokens = CSVReadParseLine3L(fp, kMaxCsvLine, delimiter, true, false, false, true);
    if (!tokens && VSIFTellL(fp) == at) break;
    const auto line =
        std::upper_bound(lineStarts.begin(), lineStarts.end(), static_cast<std::size_t>(at)) - lineStarts.begin();
    std::vector<std::string> row;
    for (char** t = tokens; t && *t; ++t) row.push_back(trim(*t));
    CSLDestroy(tokens);
    while (!row.empty() && row.back().empty()) row.pop_back();
    grid.rowNumbers.push_back(static_cast<std::int64_t>(line));
    grid.cells.push_back(std::move(row));
  }
  VSIFCloseL(fp);
  VSIUnlink(mem.c_str());
  return grid;
}

}  // namespace

std::size_t SheetGrid::columnCount() const {
  std::size_t n = 0;
  for (const auto& r : cells) n = std::max(n, r.size());
  return n;
}

const std::string& SheetGrid::cell(std::size_t row, std::size_t column) const {
  static const std::string kEmpty;
  if (row >= cells.size() || column >= cells[row].size()) return kEmpty;
  return cells[row][column];
}

std::string columnLetter(std::size_t index) {
  std::string s;
  ++index;
  while (index > 0) {
    const std::size_t r = (index - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + r));
    index = (index - 1) / 26;
  }
  return s;
}

int columnFromLetter(const std::string& letters) {
  if (letters.empty() || letters.size() > 3) return -1;
  int v = 0;
  for (char c : letters) {
    const int u = std::toupper(static_cast<unsigned char>(c));
    if (u < 'A' || u > 'Z') return -1;
    v = v * 26 + (u - 'A' + 1);
  }
  return v - 1;
}

bool isTabularExtension(const std::string& path) {
  const std::string ext = lowerExtension(path);
  return ext == "xlsx" || ext == "xlsm" || ext == "xls" || ext == "ods" || ext == "csv" || ext == "tsv" || ext == "txt";
}

SheetGrid readSheetGrid(const std::string& path, const SheetReadOptions& options) {
  gdal::ensureRegistered();
  checkExtensionMatchesContent(path);
  const std::string ext = lowerExtension(path);
  if (ext == "csv" || ext == "tsv" || ext == "txt") return readCsv(path, options);
  if (ext == "xlsx" || ext == "xlsm" || ext == "xls" || ext == "ods") return readWorkbook(path, ext, options);
  throw OpenError("not a spreadsheet or CSV file (.xlsx, .xls, .ods, .csv)", {path, {}, {}});
}

}  // namespace zhenmap
