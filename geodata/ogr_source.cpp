// Opening OGR sources with encoding detection; see ogr_source.hpp.
#include "ogr_source.hpp"

#include <cpl_conv.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <optional>

#include "errors.hpp"
#include "gdal_errors.hpp"

namespace zhenmap {

namespace {
constexpr const char* kHttpConnectTimeout = "10";  // seconds
constexpr const char* kHttpStallSeconds = "20";
}  // namespace

void gdal::ensureRegistered() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
    // Network sources (WFS, http URLs, /vsicurl) fail instead of hanging: GDAL's requests give up
    // when connecting takes longer than kHttpConnectTimeout or when less than a byte a second
    // arrives for kHttpStallSeconds (a server that accepts and never answers). GDAL's own options,
    // set only where the user has not set them (in the environment, say).
    for (const auto& [key, value] :
         {std::pair{"GDAL_HTTP_CONNECTTIMEOUT", kHttpConnectTimeout},
          std::pair{"GDAL_HTTP_LOW_SPEED_TIME", kHttpStallSeconds}, std::pair{"GDAL_HTTP_LOW_SPEED_LIMIT", "1"}}) {
      if (!CPLGetConfigOption(key, nullptr)) CPLSetConfigOption(key, value);
    }
  });
}

namespace {

constexpr const char* kShapeDriver = "ESRI Shapefile";
constexpr int kSampleFeatures = 5000;  // features scanned to detect a Shapefile's encoding

class Iconv {
 public:
  Iconv(const char* to, const char* from) : m_handle(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(m_handle);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return m_handle != reinterpret_cast<iconv_t>(-1); }
  // Converts all of `in`; false on any invalid or incomplete sequence.
  bool convert(const std::string& in, std::string* out) {
    std::string input = in;
    char* src = input.data();
    std::size_t srcLeft = input.size();
    std::string result;
    char buf[4096];
    while (srcLeft > 0) {
      char* dst = buf;
      std::size_t dstLeft = sizeof buf;
      const std::size_t rc = iconv(m_handle, &src, &srcLeft, &dst, &dstLeft);
      result.append(buf, sizeof buf - dstLeft);
      if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) return false;
    }
    if (out) *out = std::move(result);
    return true;
  }

 private:
  iconv_t m_handle;
};

// GDAL's check, which takes encoded UTF-16 surrogates (ED A0..BF ..) for UTF-8: such bytes are
// no text and are decoded like any other foreign bytes (./dev.sh fuzz, text_decode).
bool isUtf8(const std::string& s) {
  if (CPLIsUTF8(s.c_str(), static_cast<int>(s.size())) == 0) return false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xED && static_cast<unsigned char>(s[i + 1]) >= 0xA0) return false;
  }
  return true;
}

std::string declaredShapeEncoding(OGRLayerH layer) {
  const char* enc = GDALGetMetadataItem(layer, "SOURCE_ENCODING", "SHAPEFILE");
  return enc ? enc : "";
}

// Scans the text fields of up to kSampleFeatures features: "" when all text is UTF-8 (or
// ASCII), "GB18030" when the non-UTF-8 text decodes as GB18030, "ISO-8859-1" otherwise.
std::string sniffRawEncoding(OGRLayerH layer) {
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  std::vector<int> textFields;
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) == OFTString) textFields.push_back(i);
  }
  if (textFields.empty()) return {};
  const char* ignore[] = {"OGR_GEOMETRY", nullptr};
  OGR_L_SetIgnoredFields(layer, ignore);
  OGR_L_ResetReading(layer);
  bool sawForeign = false, allGb = true;
  for (int n = 0; n < kSampleFeatures; ++n) {
    gdal::Feature f(OGR_L_GetNextFeature(layer));
    if (!f) break;
    for (int i : textFields) {
      if (!OGR_F_IsFieldSetAndNotNull(f.get(), i)) continue;
      const std::string s = OGR_F_GetFieldAsString(f.get(), i);
      if (isUtf8(s)) continue;
      sawForeign = true;
      if (!decodesAs(s, "GB18030")) allGb = false;
    }
    if (sawForeign && !allGb) break;
  }
  OGR_L_SetIgnoredFields(layer, nullptr);
  OGR_L_ResetReading(layer);
  if (!sawForeign) return {};
  return allGb ? "GB18030" : "ISO-8859-1";
}

gdal::Dataset openDataset(const std::string& path, const std::vector<std::string>& options) {
  std::vector<const char*> raw;
  for (const std::string& o : options) raw.push_back(o.c_str());
  raw.push_back(nullptr);
  return gdal::Dataset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr,
                                  options.empty() ? nullptr : raw.data(), nullptr));
}

// CSV: geometry from a WKT column or from longitude/latitude columns with the usual names, and
// column types detected from the values instead of all text.
const std::vector<std::string> kCsvOptions = {
    "X_POSSIBLE_NAMES=lon,lng,long,longitude,x,经度", "Y_POSSIBLE_NAMES=lat,latitude,y,纬度",
    "GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom", "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES"};

}  // namespace

bool decodesAs(const std::string& bytes, const char* encoding) {
  Iconv cd("UTF-8", encoding);
  return cd.ok() && cd.convert(bytes, nullptr);
}

std::string toUtf8(std::string text) {
  if (isUtf8(text)) return text;
  std::string out;
  {
    Iconv gb("UTF-8", "GB18030");
    if (gb.ok() && gb.convert(text, &out) && isUtf8(out)) return out;
  }
  Iconv latin("UTF-8", "ISO-8859-1");
  if (latin.ok() && latin.convert(text, &out) && isUtf8(out)) return out;
  for (char& c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  }
  return text;
}

bool isRemoteSource(const std::string& path) {
  for (const char* prefix :
       {"/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsiadls", "/vsioss", "/vsiswift", "/vsiwebhdfs"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  const std::size_t scheme = path.find("://");
  if (scheme == std::string::npos) return false;
  std::string name = path.substr(0, scheme);
  name = name.substr(name.find_last_of(':') == std::string::npos ? 0 : name.find_last_of(':') + 1);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name == "http" || name == "https" || name == "ftp" || name == "ftps";
}

bool isNetworkFailure(const std::string& message) {
  for (const char* sign : {"timed out", "too slow", "connect", "resolve", "HTTP error", "Empty reply", "SSL",
                           "Recv failure", "Send failure", "Connection"}) {
    if (message.find(sign) != std::string::npos) return true;
  }
  return false;
}

namespace {
// "PG:dbname=..." without a connect_timeout would wait for the operating system's TCP timeout
// (minutes) on an unreachable server: give it a bound, so opening never appears to hang.
std::string withConnectTimeout(const std::string& path) {
  if (path.size() < 3 || !EQUALN(path.c_str(), "PG:", 3)) return path;
  if (path.find("://") != std::string::npos || path.find("connect_timeout") != std::string::npos) return path;
  return path + " connect_timeout=15";
}

// An OGR VRT names its sources by path, and GDAL reads a relative one from the working directory
// unless it says relativeToVRT="1": a VRT kept next to its data opened only from its own folder.
// Where a relative source is not found from the working directory but is from the VRT's folder,
// this returns the VRT's text with every relative source made absolute (those relative to the
// VRT too, since text has no folder), for GDAL to open instead of the file; else nothing.
std::optional<std::string> vrtWithSourcesFound(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!EQUAL(fs::path(path).extension().c_str(), ".vrt") || !fs::is_regular_file(path, ec)) return std::nullopt;
  std::unique_ptr<CPLXMLNode, decltype(&CPLDestroyXMLNode)> tree(CPLParseXMLFile(path.c_str()), &CPLDestroyXMLNode);
  CPLXMLNode* root = tree ? CPLGetXMLNode(tree.get(), "=OGRVRTDataSource") : nullptr;
  if (!root) return std::nullopt;
  const fs::path folder = fs::absolute(path, ec).parent_path();
  bool found = false;
  std::vector<CPLXMLNode*> stack = {root->psChild};
  while (!stack.empty()) {
    CPLXMLNode* node = stack.back();
    stack.pop_back();
    for (; node; node = node->psNext) {
      if (node->eType != CXT_Element) continue;
      if (!EQUAL(node->pszValue, "SrcDataSource")) {
        stack.push_back(node->psChild);
        continue;
      }
      const char* text = CPLGetXMLValue(node, nullptr, nullptr);
      if (!text || !*text || !CPLIsFilenameRelative(text) || std::string(text).find(':') != std::string::npos) continue;
      const bool relativeToVrt = CPLTestBool(CPLGetXMLValue(node, "relativeToVRT", "0"));
      if (!relativeToVrt && !fs::exists(text, ec) && fs::exists(folder / text, ec)) found = true;
      if (!relativeToVrt && fs::exists(text, ec)) {
        CPLSetXMLValue(node, "", fs::absolute(text, ec).string().c_str());
      } else {
        CPLSetXMLValue(node, "", (folder / text).lexically_normal().string().c_str());
      }
      CPLSetXMLValue(node, "#relativeToVRT", "0");
    }
  }
  if (!found) return std::nullopt;
  CPLXMLNode* next = root->psNext;
  root->psNext = nullptr;  // the data source element alone, not what follows it
  gdal::CplString text(CPLSerializeXMLTree(root));
  root->psNext = next;
  return text ? std::optional<std::string>(text.get()) : std::nullopt;
}
}  // namespace

OpenedSource openVectorSource(const std::string& path, const OpenOptions& options) {
  gdal::ensureRegistered();
  OpenedSource src;
  src.path = path;
  if (!options.encoding.empty() && !decodesAs("", options.encoding.c_str())) {
    throw OpenError("unknown text encoding '" + options.encoding + "' (use an iconv name such as GBK, CP936, UTF-8)",
                    {path, {}, {}});
  }
  gdal::ErrorCapture errors;
  const std::optional<std::string> vrt = vrtWithSourcesFound(path);
  src.dataset = openDataset(vrt ? *vrt : withConnectTimeout(path), {});
  if (!src.dataset) {
    const std::string why = errors.failed() ? errors.failure() : "not a readable vector data source";
    if (isRemoteSource(path) && isNetworkFailure(why))
      throw OpenError("cannot reach the server: " + why, {path, {}, {}});
    throw OpenError(why, {path, {}, {}});
  }
  GDALDriverH driver = GDALGetDatasetDriver(src.dataset.get());
  src.driver = driver ? GDALGetDriverShortName(driver) : "";
  if (src.driver == "CSV") {
    if (gdal::Dataset reopened = openDataset(path, kCsvOptions)) src.dataset = std::move(reopened);
  }
  if (!options.encoding.empty()) {
    if (src.driver == kShapeDriver) {
      gdal::Dataset reopened = openDataset(path, {"ENCODING=" + options.encoding});
      if (!reopened)
        throw OpenError(errors.failed() ? errors.failure() : "cannot reopen with the encoding", {path, {}, {}});
      src.dataset = std::move(reopened);
    } else {
      CPLError(CE_Warning, CPLE_AppDefined, "the encoding option applies to Shapefiles only; %s declares its own",
               src.driver.c_str());
    }
  }
  src.layerEncodings.resize(static_cast<std::size_t>(GDALDatasetGetLayerCount(src.dataset.get())));
  if (src.driver == kShapeDriver) {
    // Per layer (a folder of Shapefiles mixes encodings): GDAL hands out the raw bytes of a .dbf
    // that declares nothing, and TextDecoder turns them into UTF-8 with what the sniffing found.
    for (std::size_t i = 0; i < src.layerEncodings.size(); ++i) {
      OGRLayerH layer = GDALDatasetGetLayer(src.dataset.get(), static_cast<int>(i));
      if (declaredShapeEncoding(layer).empty()) src.layerEncodings[i] = sniffRawEncoding(layer);
    }
  }
  src.warnings = errors.texts();
  return src;
}

std::string OpenedSource::detectedEncoding(int layerIndex) const {
  const auto i = static_cast<std::size_t>(layerIndex);
  return layerIndex >= 0 && i < layerEncodings.size() ? layerEncodings[i] : std::string();
}

std::string layerEncoding(const OpenedSource& source, int layerIndex) {
  OGRLayerH layer = GDALDatasetGetLayer(source.dataset.get(), layerIndex);
  if (!layer) return {};
  if (source.driver == kShapeDriver) {
    const std::string detected = source.detectedEncoding(layerIndex);
    if (!detected.empty()) return detected;
    const std::string declared = declaredShapeEncoding(layer);
    return declared.empty() ? "UTF-8" : declared;
  }
  return OGR_L_TestCapability(layer, OLCStringsAsUTF8) ? "UTF-8" : "";
}

struct TextDecoder::Impl {
  std::optional<Iconv> iconv;
};

TextDecoder::TextDecoder(const std::string& encoding) : m_impl(std::make_unique<Impl>()) {
  if (!encoding.empty() && encoding != "UTF-8") {
    m_impl->iconv.emplace("UTF-8", encoding.c_str());
    if (!m_impl->iconv->ok()) m_impl->iconv.reset();
  }
}
TextDecoder::~TextDecoder() = default;
TextDecoder::TextDecoder(TextDecoder&&) noexcept = default;
TextDecoder& TextDecoder::operator=(TextDecoder&&) noexcept = default;

std::string TextDecoder::operator()(const char* text) const {
  std::string raw = text ? text : "";
  if (!m_impl->iconv ||
      std::all_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return toUtf8(std::move(raw));
  }
  std::string out;
  if (m_impl->iconv->convert(raw, &out) && isUtf8(out)) return out;
  return toUtf8(std::move(raw));
}

std::string crsIdentifier(OGRSpatialReferenceH srs) {
  if (!srs) return {};
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = OSRFindMatches(srs, nullptr, &count, &confidence);
  std::string out;
  if (matches && count > 0 && confidence && confidence[0] >= 90) {
    const char* mAuth = OSRGetAuthorityName(matches[0], nullptr);
    const char* mCode = OSRGetAuthorityCode(matches[0], nullptr);
    if (mAuth && mCode) out = std::string(mAuth) + ":" + mCode;
  }
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  return out;
}

std::string crsDefinition(OGRSpatialReferenceH srs) {
  if (!srs) return {};
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  const OGRErr err = OSRExportToWktEx(srs, &wkt, opts);
  gdal::CplString owned(wkt);
  if (err != OGRERR_NONE || !owned) return {};
  return owned.get();
}

}  // namespace zhenmap
