// File kind sniffing; see file_kind.hpp.
#include "file_kind.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

#include "errors.hpp"

namespace zhenmap {

namespace {

bool startsWithNoCase(const std::string& s, std::size_t at, const char* prefix) {
  const std::size_t n = std::strlen(prefix);
  if (s.size() < at + n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

FileKind sniffFileKind(const std::string& path) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return FileKind::Missing;
  std::string head(4096, '\0');
  head.resize(VSIFReadL(head.data(), 1, head.size(), fp));
  VSIFCloseL(fp);
  if (head.empty()) return FileKind::Empty;
  if (head.compare(0, 4, "PK\x03\x04") == 0 || head.compare(0, 4, "PK\x05\x06") == 0) return FileKind::Zip;
  if (head.compare(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == 0) return FileKind::OleCompound;
  if (head.compare(0, 5, "%PDF-") == 0) return FileKind::Pdf;
  std::size_t at = head.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (at < head.size() && std::isspace(static_cast<unsigned char>(head[at]))) ++at;
  if (startsWithNoCase(head, at, "<!doctype html") || startsWithNoCase(head, at, "<html")) return FileKind::Html;
  if (startsWithNoCase(head, at, "<?xml") || startsWithNoCase(head, at, "<kml") || startsWithNoCase(head, at, "<gpx")) {
    return FileKind::Xml;
  }
  const bool binary = std::any_of(head.begin(), head.end(), [](char c) { return c == '\0'; });
  return binary ? FileKind::Binary : FileKind::Text;
}

std::string describeFileKind(FileKind kind) {
  switch (kind) {
    case FileKind::Missing:
      return "a file that does not exist or cannot be read";
    case FileKind::Empty:
      return "an empty file";
    case FileKind::Zip:
      return "a ZIP archive (as .xlsx, .ods and .kmz files are)";
    case FileKind::OleCompound:
      return "an old Office (OLE2) document such as .xls";
    case FileKind::Pdf:
      return "a PDF document";
    case FileKind::Html:
      return "an HTML page";
    case FileKind::Xml:
      return "an XML document";
    case FileKind::Text:
      return "plain text (CSV or similar)";
    case FileKind::Binary:
      return "binary data";
  }
  return "unknown data";
}

std::string lowerExtension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (!ext.empty() && ext[0] == '.') ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void checkExtensionMatchesContent(const std::string& path) {
  const std::string ext = lowerExtension(path);
  const FileKind kind = sniffFileKind(path);
  if (kind == FileKind::Missing) throw OpenError("the file does not exist or cannot be read", {path, {}, {}});
  if (kind == FileKind::Empty) throw OpenError("the file is empty", {path, {}, {}});
  bool ok = true;
  std::string expected;
  if (ext == "xlsx" || ext == "xlsm" || ext == "ods" || ext == "kmz") {
    ok = kind == FileKind::Zip;
    expected = ext == "kmz" ? "a KMZ (zipped KML)" : ext == "ods" ? "an OpenDocument spreadsheet" : "an Excel workbook";
  } else if (ext == "xls") {
    ok = kind == FileKind::OleCompound;
    expected = "an old-format Excel workbook";
  } else if (ext == "csv" || ext == "txt" || ext == "tsv") {
    ok = kind == FileKind::Text;
    expected = "CSV text";
  } else if (ext == "kml" || ext == "gpx") {
    ok = kind == FileKind::Xml || kind == FileKind::Text;
    expected = ext == "kml" ? "a KML document" : "a GPX document";
  }
  if (!ok) {
    throw OpenError("the file is named ." + ext + " but is not " + expected + ": it is " + describeFileKind(kind),
                    {path, {}, {}});
  }
}

}  // namespace zhenmap
